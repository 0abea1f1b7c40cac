"""Calibration targets: observed figures and how to measure each in a model run.

A :class:`Target` is one observed share and the model quantity it is compared with: a metric
of ``sim.outcomes.METRICS`` at a month since the permit, for everyone, one sex, a set of pooled
origins or one household type (cohort-aligned, ages 18-64), with a weight and a tolerance.
Targets are read from a targets file (:mod:`calibration.targetsfile`, the format); the default
calibration reads the shipped ``calibration/targets_2014.csv``: what CBS observed for the 2014
permit cohort (made from the evidence rows by :mod:`calibration.cbs2014`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from sim.households import HOUSEHOLD_TYPES
from sim.outcomes import GROUPS, METRICS, RunResult

TARGETS_PATH = Path(__file__).parent / "targets_2014.csv"


@dataclass(frozen=True)
class Target:
    """One observed figure and the model quantity it is compared with.

    Attributes:
        name: Short unique name, e.g. ``employed_m30_Syria``.
        row_id: Source: evidence row id (``sim/data/evidence.csv``) or where the figure comes from.
        metric: Metric of ``sim.outcomes.METRICS``.
        month: Months since the permit.
        origins: Model origin labels pooled for this figure (all origins when empty).
        observed: Observed share (fraction 0..1).
        weight: Weight in the distance (confidence x block factor; 0 = reported only).
        tolerance: Allowed absolute error (fraction), the pass mark of the fit check.
        note: Definition of the figure and how it differs from the model quantity.
        sex: ``"all"``, or ``"female"`` / ``"male"`` for a figure of one sex.
        household: ``""``, or a household type (``sim.households.HOUSEHOLD_TYPES``).
        row: Row of the targets file it was read from (spreadsheet numbering; 0 when not read).
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
    household: str = ""
    row: int = field(default=0, compare=False)

    @property
    def block(self) -> str:
        """Group of targets for tables and plots: employment, origin, benefits or exam."""
        if self.origins:
            return "employment by origin"
        if self.sex != "all":
            return "employment by sex"
        if self.household:
            return "by household type"
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


@lru_cache(maxsize=8)
def load_targets(path: Path = TARGETS_PATH, horizon: int | None = None) -> tuple[Target, ...]:
    """The targets of a targets file (default: the shipped 2014 cohort), read and checked once.

    Args:
        path: The targets CSV (:mod:`calibration.targetsfile` describes the format).
        horizon: The scenario's horizon (months); a target at or beyond it is refused.

    Raises:
        UserError: The file is missing or malformed (one line naming the row and column).
    """
    from calibration.targetsfile import read_targets

    return read_targets(path, horizon)


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
        if tg.household:
            out[i] = _household_value(tg, result)
            continue
        if tg.month >= shares.shape[0]:
            continue
        rows = [_GROUP_ROW[o] for o in tg.origins] if tg.origins else [_SEX_ROW[tg.sex]]
        n = pop[tg.month, rows]
        if n.sum() > 0:
            vals = np.nan_to_num(shares[tg.month, rows, _METRIC_COL[tg.metric]])
            out[i] = float((vals * n).sum() / n.sum())
    return out


def _household_value(tg: Target, result: RunResult) -> float:
    """A target of one household type in a run (NaN without household counts or nobody there)."""
    shares, pop = result.household_shares(), result.household_population()
    if shares is None or pop is None or tg.month >= shares.shape[0]:
        return float("nan")
    row = HOUSEHOLD_TYPES.index(tg.household)
    return float(shares[tg.month, row, _METRIC_COL[tg.metric]]) if pop[tg.month, row] > 0 else float("nan")


def observed_vector(targets: tuple[Target, ...] | None = None) -> dict[str, float]:
    """Observed values by target name (the summary statistics of the data)."""
    return {t.name: t.observed for t in targets or load_targets()}
