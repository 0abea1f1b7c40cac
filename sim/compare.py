"""Paired comparison of scenarios with a baseline: KPI means, differences and intervals.

Replication ``k`` of every scenario shares its seed (and its uncertain-parameter draw), so
the difference ``kpi(scenario, k) - kpi(baseline, k)`` is paired and its spread small.
For each KPI the table gives the scenario's mean (``value``), the mean paired difference
(``diff``), a 90% t-interval of that mean (``lo``, ``hi``) and the 5th-95th percentile of
the paired differences over replications (``p05``, ``p95``: what could happen in one run).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from scipy import stats

from sim import __version__
from sim.outcomes import RunResult
from sim.params import Value
from sim.runner import run_replications
from sim.scenarios import Scenario

LEVEL = 0.90


def paired_stats(scen: Sequence[float], base: Sequence[float]) -> dict[str, float]:
    """Mean and paired-difference statistics of one KPI over replications.

    Args:
        scen: KPI values of the scenario per replication.
        base: KPI values of the baseline, same replications in the same order.

    Returns:
        ``value``, ``diff``, ``lo``, ``hi`` (90% interval of the mean difference), ``p05``,
        ``p95``; NaN where undefined (e.g. an interval from one replication).
    """
    s, b = np.asarray(scen, dtype=float), np.asarray(base, dtype=float)
    d = s - b
    ok = ~np.isnan(d)
    out = {"value": _nanmean(s), "diff": _nanmean(d), "lo": math.nan, "hi": math.nan}
    out["p05"], out["p95"] = (math.nan, math.nan)
    if ok.sum() >= 1:
        out["p05"], out["p95"] = (float(x) for x in np.percentile(d[ok], [5, 95]))
    if ok.sum() >= 2:
        half = _t_quantile(int(ok.sum()) - 1) * d[ok].std(ddof=1) / math.sqrt(ok.sum())
        out["lo"], out["hi"] = out["diff"] - half, out["diff"] + half
    return out


@lru_cache(maxsize=256)
def _t_quantile(dof: int) -> float:
    """Two-sided ``LEVEL`` quantile of Student's t with ``dof`` degrees of freedom."""
    return float(stats.t.ppf(0.5 + LEVEL / 2, dof))


def _nanmean(x: np.ndarray) -> float:
    return float(np.mean(x[~np.isnan(x)])) if (~np.isnan(x)).any() else math.nan


def paired_stats_table(scen: dict[str, list[float]], base: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """:func:`paired_stats` of every KPI at once (the same numbers, bit for bit).

    KPIs without a missing value are done together: the mean, standard deviation and
    percentiles along the last axis of a (KPIs x replications) array use the same operations
    per row as on one KPI's values; a KPI with a NaN goes through :func:`paired_stats`.

    Args:
        scen: Values per replication of each KPI for the scenario.
        base: The same for the baseline (at least the KPIs of ``scen``).

    Returns:
        ``paired_stats`` per KPI, in the order of ``scen``.
    """
    names = list(scen)
    s = np.array([scen[k] for k in names], dtype=float).reshape(len(names), -1)
    b = np.array([base[k] for k in names], dtype=float).reshape(len(names), -1)
    d = s - b
    reps = s.shape[1]
    full = ~(np.isnan(s).any(axis=1) | np.isnan(b).any(axis=1))
    if reps < 2 or not full.any():
        return {k: paired_stats(scen[k], base[k]) for k in names}
    value, diff = s[full].mean(axis=1), d[full].mean(axis=1)
    p05, p95 = np.percentile(d[full], [5, 95], axis=1)
    half = _t_quantile(reps - 1) * d[full].std(axis=1, ddof=1) / math.sqrt(reps)
    columns = (value, diff, diff - half, diff + half, p05, p95)
    rows = zip(*(c.tolist() for c in columns), strict=True)
    fast = dict(zip([k for k, f in zip(names, full, strict=True) if f], rows, strict=True))
    out = {}
    for k in names:
        if k in fast:
            out[k] = dict(zip(("value", "diff", "lo", "hi", "p05", "p95"), fast[k], strict=True))
        else:
            out[k] = paired_stats(scen[k], base[k])
    return out


class KpiRuns(Protocol):
    """What a comparison needs of one scenario's replications (a stored summary will do).

    Attributes:
        scenario_hash: Content hash of the scenario.
        seeds: Seed of each replication.
        kpis: ``RunResult.kpis()`` of each replication, in the same order.
    """

    @property
    def scenario_hash(self) -> str: ...  # noqa: D102

    @property
    def seeds(self) -> Sequence[int]: ...  # noqa: D102

    @property
    def kpis(self) -> Sequence[dict[str, dict[str, float]]]: ...  # noqa: D102


@dataclass(frozen=True)
class ScenarioKpis:
    """The :class:`KpiRuns` of finished runs."""

    scenario_hash: str
    seeds: tuple[int, ...]
    kpis: tuple[dict[str, dict[str, float]], ...]

    @classmethod
    def of(cls, results: Sequence[RunResult]) -> ScenarioKpis:
        """The hash, seeds and KPIs of one scenario's results."""
        return cls(results[0].scenario_hash, tuple(r.seed for r in results), tuple(r.kpis() for r in results))


def kpi_values(runs: KpiRuns, group: str = "all") -> dict[str, list[float]]:
    """KPI values per replication of one scenario and group."""
    per_rep = [k[group] for k in runs.kpis]
    return {k: [d[k] for d in per_rep] for k in per_rep[0]}


def kpi_table(baseline: str, reps: int, seed: int, runs: Mapping[str, KpiRuns]) -> dict[str, Any]:
    """The comparison table from each scenario's KPIs (the shape of ``sim compare --json``).

    Args:
        baseline: Name of the baseline in ``runs``.
        reps: Replications.
        seed: Base seed.
        runs: KPIs per replication by scenario name (the baseline among them).

    Returns:
        One JSON-ready object (NaN as None).
    """
    groups = list(runs[baseline].kpis[0])
    base = {g: kpi_values(runs[baseline], g) for g in groups}
    scenarios: dict[str, Any] = {}
    for name, r in runs.items():
        vals = {g: kpi_values(r, g) for g in groups}
        kpis = paired_stats_table(vals["all"], base["all"])
        kpis["cost_per_extra_job_year_eur"] = _cost_per_job(kpis)
        by_group = {g: paired_stats_table(vals[g], base[g]) for g in groups if g != "all"}
        scenarios[name] = {"scenario_hash": r.scenario_hash, "kpis": kpis, "by_group": by_group}
    seeds = list(runs[baseline].seeds)
    head = {"baseline": baseline, "reps": reps, "seed": seed, "version": __version__, "seeds": seeds}
    return nan_to_none(head | {"scenarios": scenarios})


@dataclass
class Comparison:
    """Results of a baseline and scenarios over paired replications."""

    baseline: str
    reps: int
    seed: int
    results: dict[str, list[RunResult]]

    def kpi_values(self, name: str, group: str = "all") -> dict[str, list[float]]:
        """KPI values per replication for one scenario and group."""
        return kpi_values(ScenarioKpis.of(self.results[name]), group)

    def table(self) -> dict[str, Any]:
        """The comparison as one JSON-ready object (the shape of ``sim compare --json``)."""
        runs = {name: ScenarioKpis.of(results) for name, results in self.results.items()}
        return kpi_table(self.baseline, self.reps, self.seed, runs)


def _cost_per_job(kpis: dict[str, dict[str, float]]) -> dict[str, float]:
    """Extra net municipal cost per extra person-year in work (NaN when no extra work)."""
    dc, dj = kpis["net_municipal_cost_eur"]["diff"], kpis["employed_person_years"]["diff"]
    v = dc / dj if dj > 0 else math.nan
    return {"value": v, "diff": v, "lo": math.nan, "hi": math.nan, "p05": math.nan, "p95": math.nan}


def nan_to_none(obj: Any) -> Any:
    """NaN to None so the object is valid JSON."""
    if isinstance(obj, dict):
        return {k: nan_to_none(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [nan_to_none(v) for v in obj]
    if isinstance(obj, float) and math.isnan(obj):
        return None
    return obj


def compare(
    baseline: Scenario,
    scenarios: Sequence[Scenario],
    reps: int,
    seed: int,
    thetas: Sequence[dict[str, Value] | None] | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> Comparison:
    """Run the baseline and scenarios over ``reps`` paired replications and compare.

    Args:
        baseline: The reference scenario.
        scenarios: Scenarios compared with it (distinct names, not the baseline's).
        reps: Replications (each with its own seed, shared by all scenarios).
        seed: Base seed.
        thetas: Optional uncertain-parameter draw per replication.
        progress: Called with 1 after each finished run.
        workers: Local processes (1: this one); None uses two when the work pays for it
            (:func:`sim.runner.auto_workers`). The results are the same for any count.

    Returns:
        The comparison; ``.table()`` gives the KPI table.
    """
    everyone = [baseline, *[s for s in scenarios if s.name != baseline.name]]
    results = run_replications(everyone, reps, seed, thetas, progress, workers)
    return Comparison(baseline.name, reps, seed, results)
