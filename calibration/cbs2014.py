"""How the shipped targets file ``calibration/targets_2014.csv`` was made from the CBS evidence rows.

The calibration reads the targets file (:func:`calibration.targets.load_targets`); this module
is the record of how its rows follow from the evidence rows copied verbatim into
``calibration/targets_observed.csv``, and a test checks that the file still agrees with them.
Regenerate the file (only when the rules below change)::

    python -m calibration.cbs2014 calibration/targets_2014.csv

Each target is one number: the observed share, the model quantity that corresponds to it (a
metric of ``sim.outcomes.METRICS`` at a month since permit, for a set of origins,
cohort-aligned, ages 18-64), a weight and a tolerance. The weight says how much the distance
trusts the figure:

* confidence of the evidence row: ``H`` 1.0, ``M`` 0.6, ``L`` 0.3 (the CBS figures come from
  different releases and are not a smooth curve; the H rows are CBS tables, the M rows are
  press reports of CBS figures);
* the 36 cells of the CBS table by origin (T1-001..T1-036) share one sixth each, so the
  table counts as much as six headline figures;
* benefits: CBS reports "receiving a benefit" at 1.5 and 2.5 years (T1-055, T1-056; model:
  on bijstand, a part-time top-up included) and "benefit as main income source" at 1 and 9
  years (T1-051, T1-052; model: on bijstand without a job, metric ``welfare_main``: a
  part-time job with a top-up counts as work). Since ``behaviour.welfare_other_exit`` (other
  incomes: partner, study finance, other benefit, moving away) they are fitted like the others.

The tolerance (percentage points) scales the error in the distance and is the pass mark of
the fit check: 3 pp for employment, 5 pp for benefits and the exam, 5 pp for one origin cell.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from calibration.targets import Target

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


def evidence_targets() -> tuple[Target, ...]:
    """All calibration targets: headline figures first, then the table by origin."""
    rows = observed_rows()
    out = [_headline_target(_row(rows, rid), metric, note) for rid, metric, note in HEADLINE_ROWS]
    out += [_sex_target(_row(rows, rid), m, month, obs, note) for rid, m, month, obs, note in SEX_ROWS]
    out += [_origin_target(_row(rows, f"T1-{i:03d}")) for i in range(1, 37)]
    return tuple(out)


def main(argv: list[str]) -> int:
    """Write the targets file made from the evidence rows to the path given."""
    from calibration.targetsfile import write_targets

    if len(argv) != 1:
        print("usage: python -m calibration.cbs2014 OUT.csv", file=sys.stderr)
        return 2
    write_targets(evidence_targets(), Path(argv[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
