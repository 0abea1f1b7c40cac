"""Groups too small to report: fewer than :data:`MIN_PEOPLE` people at a figure's month.

At a small municipality's inflow (20-25 a year) a group such as the people from Iraq holds one
or two persons at a month since permit, so its share is 0% or 100% and its difference from the
reference swings by more than 100 percentage points. Such a figure says nothing and could be
read as a finding, so the page and its downloads leave it out and say which groups were left
out. A group is too small when, in any scenario of the comparison, it holds fewer than
:data:`MIN_PEOPLE` people at the figure's month (mean over the replications); "everyone" is
always shown.

The sizes come with each scenario's runs (:attr:`webapp.slotruns.SlotRuns.sizes`, one column
per label of :data:`SIZE_GROUPS`, the labels of ``RunResult.kpis()``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
import pandas as pd

from sim.caseload.forecast import MIN_GROUP
from sim.households import HOUSEHOLD_TYPES
from sim.outcomes import GROUPS, RunResult

MIN_PEOPLE = MIN_GROUP  # people at a month since permit (mean per replication), as for a caseload's groups
ALL = "all"


def group_label(sex: str, origin: str) -> str:
    """The KPI label of a reported group (``"all"``, ``"sex=female"``, ``"origin=Syria"``)."""
    if (sex, origin) == (ALL, ALL):
        return ALL
    return f"sex={sex}" if sex != ALL else f"origin={origin}"


SIZE_GROUPS: tuple[str, ...] = (
    *(group_label(sex, origin) for sex, origin in GROUPS),
    *(f"household={name}" for name in HOUSEHOLD_TYPES),
)


class HasSizes(Protocol):
    """A scenario's runs with the people counted per group (:class:`webapp.slotruns.SlotRuns`)."""

    @property
    def sizes(self) -> np.ndarray | None: ...  # noqa: D102


def sizes_of(result: RunResult) -> np.ndarray:
    """People counted per month since permit and group of :data:`SIZE_GROUPS`: (months, groups) float32."""
    people = result.population()
    households = result.household_population()
    if households is None:
        households = np.zeros((people.shape[0], len(HOUSEHOLD_TYPES)))
    return np.concatenate([people, households], axis=1).astype(np.float32)


def mean_sizes(runs: HasSizes) -> np.ndarray | None:
    """Mean people per replication, (months since permit, groups); None when the runs have no sizes."""
    return None if runs.sizes is None else runs.sizes.mean(axis=0)


def kpi_month(kpi: str) -> int | None:
    """The month since permit a KPI is measured at (``employed_share_m36`` -> 36); None for other KPIs."""
    found = re.search(r"_m(\d+)$", kpi)
    return int(found.group(1)) if found else None


def is_small(sizes: list[np.ndarray], group: str, month: int) -> bool:
    """Whether ``group`` holds fewer than :data:`MIN_PEOPLE` people at ``month`` in any scenario."""
    if group == ALL or group not in SIZE_GROUPS:
        return False
    col = SIZE_GROUPS.index(group)
    return any(month < len(s) and s[month, col] < MIN_PEOPLE for s in sizes)


def suppress(table: dict[str, Any], runs: Mapping[str, HasSizes]) -> dict[str, Any]:
    """The comparison table without the figures of groups too small at their month (a new table).

    The groups left out are listed per KPI under ``"small_groups"`` (``{kpi: [group, ...]}``).
    ``table`` is left as it is; the new table is made of new dicts down to each group's KPIs and
    shares the figures themselves (each KPI's ``{"value": ..., "diff": ...}``) with ``table``:
    no deep copy, which cost ~1 ms a rerun.
    """
    sizes = [s for s in map(mean_sizes, runs.values()) if s is not None]
    small: dict[str, list[str]] = {}
    scenarios = {}
    for name, scen in table["scenarios"].items():
        by_group = {}
        for group, kpis in scen["by_group"].items():
            left_out = [k for k in kpis if _small_kpi(sizes, group, k)]
            by_group[group] = {k: v for k, v in kpis.items() if k not in left_out}
            for kpi in left_out:
                small.setdefault(kpi, [])
                if group not in small[kpi]:
                    small[kpi].append(group)
        scenarios[name] = {**scen, "by_group": by_group}
    return {**table, "scenarios": scenarios, "small_groups": small}


def _small_kpi(sizes: list[np.ndarray], group: str, kpi: str) -> bool:
    month = kpi_month(kpi)
    return month is not None and is_small(sizes, group, month)


def drop_small_rows(df: pd.DataFrame, runs: Mapping[str, HasSizes]) -> pd.DataFrame:
    """A long table (scenario, axis, month, sex, origin, ...) without the rows of groups too small there."""
    labels = pd.Series([group_label(sx, o) for sx, o in zip(df["sex"], df["origin"], strict=True)], index=df.index)
    cols = labels.map({g: i for i, g in enumerate(SIZE_GROUPS)})
    small = pd.Series(False, index=df.index)
    for scen, r in runs.items():
        sizes = mean_sizes(r)
        rows = (df["scenario"] == scen) & (df["axis"] == "since_permit") & (labels != ALL) & cols.notna()
        rows &= df["month"] < (0 if sizes is None else len(sizes))
        if sizes is not None and rows.any():
            at = sizes[df.loc[rows, "month"].to_numpy(int), cols[rows].to_numpy(int)]
            small[rows] = at < MIN_PEOPLE
    return df[~small].reset_index(drop=True)
