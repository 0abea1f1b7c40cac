"""Calibration targets: what CBS observed for the 2014 permit cohort, and how to measure it in the model.

The observed rows are copied verbatim (with their source columns and row ids) from the
evidence file into ``calibration/targets_observed.csv``. Each :class:`Target` is one number:
the observed share, the model quantity that corresponds to it (a metric of
``sim.outcomes.METRICS`` at a month since permit, for a set of origins, cohort-aligned, ages
18-64), a weight and a tolerance. The weight says how much the distance trusts the figure:

* confidence of the evidence row: ``H`` 1.0, ``M`` 0.6, ``L`` 0.3 (the CBS figures come from
  different releases and are not a smooth curve; the H rows are CBS tables, the M rows are
  press reports of CBS figures);
* the 36 cells of the CBS table by origin (T1-001..T1-036) share one sixth each, so the
  table counts as much as six headline figures;
* benefits: CBS reports "receiving a benefit" at 1.5 and 2.5 years (T1-055, T1-056; model:
  on bijstand, a part-time top-up included) and "benefit as main income source" at 1 and 9
  years (T1-051, T1-052; model: on bijstand without a job, metric ``welfare_main``: a
  part-time job with a top-up counts as work). Earlier versions gave 2.5 and 9 years weight
  0 because only work ended welfare; since ``behaviour.welfare_other_exit`` (other incomes:
  partner, study finance, other benefit, moving away) they are fitted like the others.

The tolerance (percentage points) scales the error in the distance and is the pass mark of
the fit check: 3 pp for employment, 5 pp for benefits and the exam, 5 pp for one origin cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from sim.outcomes import GROUPS, METRICS, RunResult

OBSERVED_PATH = Path(__file__).parent / "targets_observed.csv"
CONFIDENCE_WEIGHT = {"H": 1.0, "M": 0.6, "L": 0.3}
ORIGIN_TABLE_WEIGHT = 1.0 / 6.0  # 36 cells of one CBS table count as six figures
TOLERANCE_PP = {
    "employed": 3.0,
    "welfare": 5.0,
    "welfare_main": 5.0,
    "exam_passed": 5.0,
    "exempt": 5.0,
    "origin": 5.0,
}
# CBS's 2014 table has no Turkey column; "Other" there includes Turkey (T1-006 .. T1-036).
CBS_ORIGINS: dict[str, tuple[str, ...]] = {
    "Syria": ("Syria",),
    "Iraq": ("Iraq",),
    "Afghanistan": ("Afghanistan",),
    "Eritrea": ("Eritrea",),
    "Iran": ("Iran",),
    "Other": ("Turkey", "Other"),
}
# Exam status was measured on 1 Oct 2016 and 1 Oct 2018 for permits spread over 2014: 21-33
# and 45-57 months after the permit, so the mid-points are used.
EXAM_MONTHS = {"~2": 27, "~4": 51}


@dataclass(frozen=True)
class Target:
    """One observed figure and the model quantity it is compared with.

    Attributes:
        name: Short unique name, e.g. ``employed_m30_Syria``.
        row_id: Evidence row id (``sim/data/evidence.csv``).
        metric: Metric of ``sim.outcomes.METRICS``.
        month: Months since the permit.
        origins: Model origin labels pooled for this figure (all origins when empty).
        observed: Observed share (fraction 0..1).
        weight: Weight in the distance (confidence x block factor; 0 = reported only).
        tolerance: Allowed absolute error (fraction), the pass mark of the fit check.
        note: Definition of the figure and how it differs from the model quantity.
        sex: ``"all"``, or ``"female"`` / ``"male"`` for a figure of one sex.
    """

    name: str
    row_id: str
    metric: str
    month: int
    origins: tuple[str, ...]
    observed: float
    weight: float
    tolerance: float
    note: str
    sex: str = "all"

    @property
    def block(self) -> str:
        """Group of targets for tables and plots: employment, origin, benefits or exam."""
        if self.origins:
            return "employment by origin"
        if self.sex != "all":
            return "employment by sex"
        blocks = {"employed": "employment", "welfare": "benefits", "welfare_main": "benefits"}
        return blocks.get(self.metric, "integration exam")

    def extract(self, result: RunResult) -> float:
        """The same quantity in one model run (cohort-aligned, ages 18-64).

        Args:
            result: A run of the calibration scenario.

        Returns:
            The simulated share (fraction); NaN if nobody reached the month.
        """
        return float(extract_many([self], result)[0])


def _number(text: str) -> float:
    """First number in an evidence value ("6 / 5 / 4" -> 6.0, "~30" -> 30.0)."""
    match = re.search(r"\d+(\.\d+)?", text)
    if match is None:
        raise ValueError(f"no number in {text!r}")
    return float(match.group())


def _weight(confidence: str) -> float:
    return CONFIDENCE_WEIGHT[confidence.strip()[0]]


def _origin_target(row: pd.Series) -> Target:
    origin = str(row["population"]).rsplit("nationality ", 1)[1].strip()
    month = int(round(float(row["years_since_permit"]) * 12))
    return Target(
        name=f"employed_m{month}_{origin}",
        row_id=str(row["id"]),
        metric="employed",
        month=month,
        origins=CBS_ORIGINS[origin],
        observed=_number(str(row["value"])) / 100.0,
        weight=_weight(str(row["confidence"])) * ORIGIN_TABLE_WEIGHT,
        tolerance=TOLERANCE_PP["origin"] / 100.0,
        note="CBS table by months since permit: employee or self-employed, nationality, 18-64",
    )


# Headline rows: (row id, metric, note). Months come from the row's years_since_permit.
HEADLINE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("T1-039", "employed", "'had found work' after 1 year (NRC on CBS 2023); any job"),
    ("T1-037", "employed", "any job (employee or self-employed), CBS cohort table"),
    ("T1-042", "employed", "'a job' after 2 years (ND on CBS 2021); any job"),
    ("T1-038", "employed", "any job (employee or self-employed), CBS cohort table"),
    ("T1-047", "employed", "'paid work' after 3 years (CBS 2025 via press); any job"),
    ("T1-053", "employed", "'a job' after 5 years (press on CBS); any job"),
    ("T1-044", "employed", "'a job' in 2020, ~6 years (ND on CBS 2021); any job"),
    ("T1-054", "employed", "'a job' mid-2022, ~8 years (CBS 2023); any job"),
    ("T1-051", "welfare_main", "benefit as main income source after 1 year; model: on bijstand, no job"),
    ("T1-055", "welfare", "receiving a benefit (mostly bijstand) after 1.5 years; model: on bijstand"),
    ("T1-056", "welfare", "receiving a benefit after 2.5 years; model: on bijstand"),
    ("T1-052", "welfare_main", "benefit as main income source after 9 years; model: on bijstand, no job"),
    ("T3-137", "exam_passed", "passed the civic-integration exam by 1 Oct 2016 (~27 months); all nationalities"),
    ("T3-138", "exam_passed", "passed by 1 Oct 2018 (~51 months), among those obliged; model: all 18-64"),
    ("T3-139", "exempt", "exemption or dispensation by 1 Oct 2018 (~51 months); model: exempt at the term"),
)


def _headline_target(row: pd.Series, metric: str, note: str) -> Target:
    years = str(row["years_since_permit"]).strip()
    month = EXAM_MONTHS[years] if years in EXAM_MONTHS else int(round(float(years) * 12))
    kind = metric if metric in TOLERANCE_PP else "employed"
    return Target(
        name=f"{metric}_m{month}",
        row_id=str(row["id"]),
        metric=metric,
        month=month,
        origins=(),
        observed=_number(str(row["value"])) / 100.0,
        weight=_weight(str(row["confidence"])),
        tolerance=TOLERANCE_PP[kind] / 100.0,
        note=note,
    )


# Figures of one sex: (row id, metric, month, observed share, note). The value of T9-345 is in
# words ("iets minder dan een kwart"), so the share is given here.
SEX_ROWS: tuple[tuple[str, str, int, float, str], ...] = (
    (
        "T9-345",
        "employed",
        60,
        0.23,
        "women: 'a little under a quarter' of non-western female newcomers in NL at most 5 years work "
        "(KIS; status holders and family migrants); model: women 18-64 at 5 years",
    ),
)


def _sex_target(row: pd.Series, metric: str, month: int, observed: float, note: str) -> Target:
    return Target(
        name=f"{metric}_m{month}_female",
        row_id=str(row["id"]),
        metric=metric,
        month=month,
        origins=(),
        observed=observed,
        weight=_weight(str(row["confidence"])),
        tolerance=TOLERANCE_PP["welfare"] / 100.0,
        note=note,
        sex="female",
    )


def observed_rows() -> pd.DataFrame:
    """The copied evidence rows, indexed by row id."""
    return pd.read_csv(OBSERVED_PATH, dtype=str).set_index("id", drop=False)


def _row(rows: pd.DataFrame, row_id: str) -> pd.Series:
    row = rows.loc[row_id]
    if not isinstance(row, pd.Series):
        raise ValueError(f"{OBSERVED_PATH}: row id {row_id} is not unique")
    return row


@lru_cache(maxsize=1)
def load_targets() -> tuple[Target, ...]:
    """All calibration targets: headline figures first, then the table by origin."""
    rows = observed_rows()
    out = [_headline_target(_row(rows, rid), metric, note) for rid, metric, note in HEADLINE_ROWS]
    out += [_sex_target(_row(rows, rid), m, month, obs, note) for rid, m, month, obs, note in SEX_ROWS]
    out += [_origin_target(_row(rows, f"T1-{i:03d}")) for i in range(1, 37)]
    return tuple(out)


_GROUP_ROW = {origin: i for i, (sex, origin) in enumerate(GROUPS) if sex == "all"}
_SEX_ROW = {sex: i for i, (sex, origin) in enumerate(GROUPS) if origin == "all"}
_METRIC_COL = {m: i for i, m in enumerate(METRICS)}


def extract_many(targets: tuple[Target, ...] | list[Target], result: RunResult) -> np.ndarray:
    """Simulated values of many targets from one run (pooled origins weighted by people).

    Args:
        targets: The targets.
        result: A run of the calibration scenario.

    Returns:
        Simulated shares (fractions), one per target.
    """
    shares, pop = result.shares(), result.population()
    out = np.full(len(targets), np.nan)
    for i, tg in enumerate(targets):
        if tg.month >= shares.shape[0]:
            continue
        rows = [_GROUP_ROW[o] for o in tg.origins] if tg.origins else [_SEX_ROW[tg.sex]]
        n = pop[tg.month, rows]
        if n.sum() > 0:
            vals = np.nan_to_num(shares[tg.month, rows, _METRIC_COL[tg.metric]])
            out[i] = float((vals * n).sum() / n.sum())
    return out


def observed_vector(targets: tuple[Target, ...] | None = None) -> dict[str, float]:
    """Observed values by target name (the summary statistics of the data)."""
    return {t.name: t.observed for t in targets or load_targets()}
