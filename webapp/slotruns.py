"""What the app keeps of a scenario's replications (:class:`SlotRuns`), without Streamlit.

The page caches these per scenario (:mod:`webapp.runs`); the charts, tables, money per budget
year, summary and council report read them. Kept apart from :mod:`webapp.runs` so the command
line (``sim report``) uses them without importing Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.budget import MONEY_SERIES, PROGRAMME_ITEMS
from sim.outcomes import RunResult
from sim.runner import Task, run, run_stacked
from sim.scenarios import Scenario
from webapp.smallgroups import sizes_of


@dataclass(frozen=True)
class SlotRuns:
    """What the app keeps of one scenario's replications.

    Attributes:
        scenario_hash: Content hash of the scenario.
        seeds: Seed of each replication.
        kpis: ``RunResult.kpis()`` of each replication.
        shares: (reps, months since permit, groups, metrics) float32 shares.
        money: Headline money series and the programme items (``sim.budget``), each
            (reps, calendar months) in euros.
        funding_end: Calendar month the extra national money stops (>= horizon: never).
        horizon: Calendar months simulated.
        sizes: (reps, months since permit, groups) people counted per group of
            :data:`webapp.smallgroups.SIZE_GROUPS`, so small groups can be left out; None when unknown.
    """

    scenario_hash: str
    seeds: tuple[int, ...]
    kpis: tuple[dict[str, dict[str, float]], ...]
    shares: np.ndarray
    money: dict[str, np.ndarray]
    funding_end: int
    horizon: int
    sizes: np.ndarray | None = None


def summarise(results: Sequence[RunResult], scenario: Scenario) -> SlotRuns:
    """What the app keeps of one scenario's runs (also used by the council report's command line)."""
    p = scenario.params()
    return SlotRuns(
        scenario_hash=scenario.hash,
        seeds=tuple(r.seed for r in results),
        kpis=tuple(r.kpis() for r in results),
        shares=np.stack([r.shares() for r in results]).astype(np.float32),
        money={k: np.stack([r.money[k] for r in results]) for k in (*MONEY_SERIES, *PROGRAMME_ITEMS)},
        funding_end=int(p["funding.end_month"]),
        horizon=int(p["context.horizon_months"]),
        sizes=np.stack([sizes_of(r) for r in results]),
    )


def read_only(runs: SlotRuns) -> SlotRuns:
    """The same runs with every array made read-only (in place), so a cached, shared block cannot be changed.

    The page's cache hands every session the same object (no copy); code that would write into
    it raises ``ValueError: assignment destination is read-only`` instead of changing what
    another session draws. Slices and views of these arrays are read-only too.
    """
    for arr in (runs.shares, *runs.money.values(), *(() if runs.sizes is None else (runs.sizes,))):
        arr.flags.writeable = False
    return runs


def run_with_paths(task: Task) -> RunResult:
    """One run that keeps every person's path and traits (``sim.runner.run(keep_paths=True)``; in a pool worker)."""
    scenario, seed, replication, theta = task
    return run(scenario, seed, replication, theta, keep_paths=True)


def summarise_parts(parts: Sequence[Sequence[Task]]) -> list[SlotRuns]:
    """Several requests' runs stacked in one array pass, summarised per request where they ran.

    Each summary is the same, bit for bit, as :func:`summarise` of that request's runs made alone.

    Args:
        parts: Per request: ``(scenario, seed, replication, theta)`` of consecutive replications
            of one scenario; every run of every part with one horizon.
    """
    results = run_stacked([t for part in parts for t in part])
    out, start = [], 0
    for part in parts:
        out.append(summarise(results[start : start + len(part)], part[0][0]))
        start += len(part)
    return out


def combine(parts: Sequence[SlotRuns]) -> SlotRuns:
    """Summaries of consecutive replications of one scenario as one :class:`SlotRuns`.

    The same arrays, bit for bit, as summarising all the runs at once (shares are converted to
    float32 value by value, money series stacked).
    """
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    return SlotRuns(
        scenario_hash=first.scenario_hash,
        seeds=tuple(s for p in parts for s in p.seeds),
        kpis=tuple(k for p in parts for k in p.kpis),
        shares=np.concatenate([p.shares for p in parts]),
        money={k: np.concatenate([p.money[k] for p in parts]) for k in first.money},
        funding_end=first.funding_end,
        horizon=first.horizon,
        sizes=None if any(p.sizes is None for p in parts) else np.concatenate([p.sizes for p in parts]),
    )
