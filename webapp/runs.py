"""Cached simulation runs per scenario and the paired comparison table.

Replications are run and cached in blocks (``st.cache_data``) by the scenario's content (hash and
overlay TOML text with a fixed name, so renaming a scenario does not rerun it), seed, the block
of replications and its uncertain-parameter draws. Moving one slider changes one scenario's
hash, so only that scenario is simulated again. The cache keeps a compact :class:`SlotRuns`
(per-replication KPIs, share curves and money series), not whole run results.

Quick first: when a scenario's full set is not cached yet, the page first draws from the first
:data:`QUICK_REPS` replications of every scenario (still paired; the count is shown) and then
reruns to add the rest (:func:`is_complete`, ``run_all(quick=True)``).

Parameter uncertainty: :func:`thetas_for` returns one uncertain-parameter set per replication
from ``calibration.posterior`` (posterior draws or the posterior mean), or ``None`` when no
posterior exists; the same thetas go to every scenario, so comparisons stay paired.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import streamlit as st

from sim.budget import MONEY_SERIES
from sim.compare import Comparison
from sim.outcomes import RunResult
from sim.params import Value
from sim.runner import replication_seed, run
from sim.scenarios import Scenario, from_toml_text

CACHE_ENTRIES = 512
QUICK_REPS = 5
_complete: set[tuple[str, int, int, str]] = set()  # (hash, seed, reps, thetas) fully run in this process


@dataclass(frozen=True)
class SlotRuns:
    """What the app keeps of one scenario's replications.

    Attributes:
        scenario_hash: Content hash of the scenario.
        seeds: Seed of each replication.
        kpis: ``RunResult.kpis()`` of each replication.
        shares: (reps, months since permit, groups, metrics) float32 shares.
        money: Headline money series, each (reps, calendar months) in euros.
        funding_end: Calendar month the extra national money stops (>= horizon: never).
        horizon: Calendar months simulated.
    """

    scenario_hash: str
    seeds: tuple[int, ...]
    kpis: tuple[dict[str, dict[str, float]], ...]
    shares: np.ndarray
    money: dict[str, np.ndarray]
    funding_end: int
    horizon: int


def cache_text(scenario: Scenario) -> str:
    """The scenario's overlay TOML with a fixed name: the cache key of its runs."""
    anonymous = Scenario(name="s", overrides=scenario.overrides, changes=scenario.changes)
    return anonymous.to_toml()


def thetas_for(mode: str, reps: int, seed: int) -> list[dict[str, float]] | None:
    """Uncertain-parameter sets per replication from the calibration, or None without one.

    Args:
        mode: ``"point"`` (posterior mean for all) or ``"posterior"`` (one draw per replication).
        reps: Replications.
        seed: Seed of the draws.
    """
    try:
        from calibration.posterior import draw_thetas
    except ImportError:  # pragma: no cover - calibration package absent
        return None
    return draw_thetas(reps, seed, point_estimate=(mode != "posterior"))


def posterior_available() -> bool:
    """Whether a calibrated posterior exists."""
    return thetas_for("point", 1, 0) is not None


def _summarise(results: Sequence[RunResult], scenario: Scenario) -> SlotRuns:
    p = scenario.params()
    return SlotRuns(
        scenario_hash=scenario.hash,
        seeds=tuple(r.seed for r in results),
        kpis=tuple(r.kpis() for r in results),
        shares=np.stack([r.shares() for r in results]).astype(np.float32),
        money={k: np.stack([r.money[k] for r in results]) for k in MONEY_SERIES},
        funding_end=int(p["funding.end_month"]),
        horizon=int(p["context.horizon_months"]),
    )


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def run_block(toml_text: str, scenario_hash: str, seed: int, start: int, stop: int, thetas_json: str) -> SlotRuns:
    """Run (or fetch from the cache) replications ``start..stop-1`` of one scenario.

    Args:
        toml_text: The scenario overlay (:func:`cache_text`); parsed and validated here.
        scenario_hash: Its content hash (part of the cache key).
        seed: Base seed; replication k runs with ``replication_seed(seed, k)`` as in ``sim.runner``.
        start: First replication.
        stop: One past the last replication.
        thetas_json: JSON list of uncertain-parameter sets for these replications, or ``"null"``.
    """
    scenario = from_toml_text(toml_text, "s", "<app>")
    thetas = cast(list[dict[str, Value]] | None, json.loads(thetas_json))
    results = [
        run(scenario, replication_seed(seed, k), k, thetas[k - start] if thetas else None) for k in range(start, stop)
    ]
    return _summarise(results, scenario)


def blocks(reps: int) -> list[tuple[int, int]]:
    """Replication blocks: the quick first block, then the rest."""
    first = min(QUICK_REPS, reps)
    return [(0, first)] + ([(first, reps)] if reps > first else [])


def combine(parts: Sequence[SlotRuns]) -> SlotRuns:
    """Blocks of replications of one scenario as one :class:`SlotRuns`."""
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
    )


def _key(s: Scenario, seed: int, reps: int, thetas: Any) -> tuple[str, int, int, str]:
    return (s.hash, seed, reps, json.dumps(thetas))


def is_complete(scenarios: Sequence[Scenario], seed: int, reps: int, thetas: Any) -> bool:
    """Whether every scenario's full set of replications has been run in this server process."""
    return all(_key(s, seed, reps, thetas) in _complete for s in scenarios)


def run_all(
    scenarios: Sequence[Scenario], seed: int, reps: int, thetas: Any, quick: bool = False
) -> dict[str, SlotRuns]:
    """Runs of every scenario (by name), each block from the cache when unchanged.

    Args:
        scenarios: Scenarios, baseline first.
        seed: Base seed.
        reps: Replications.
        thetas: Uncertain-parameter sets per replication, or None.
        quick: Only the first block (:data:`QUICK_REPS` replications) of every scenario.
    """
    todo = blocks(reps)[:1] if quick else blocks(reps)
    out = {}
    for s in scenarios:
        text = cache_text(s)
        parts = [run_block(text, s.hash, seed, a, b, json.dumps(thetas[a:b] if thetas else None)) for a, b in todo]
        out[s.name] = combine(parts)
        if not quick:
            _complete.add(_key(s, seed, reps, thetas))
    return out


class _Cached:
    """Stands in for a RunResult in :class:`sim.compare.Comparison` (it needs kpis, hash, seed)."""

    def __init__(self, kpis: dict[str, dict[str, float]], scenario_hash: str, seed: int) -> None:
        self._kpis, self.scenario_hash, self.seed = kpis, scenario_hash, seed

    def kpis(self) -> dict[str, dict[str, float]]:
        """The replication's KPIs."""
        return self._kpis


def comparison_table(runs: dict[str, SlotRuns], baseline: str, seed: int, reps: int) -> dict[str, Any]:
    """``sim.compare.Comparison.table()`` computed from the cached KPIs (baseline first in ``runs``)."""
    results = {
        name: cast(list[RunResult], [_Cached(k, r.scenario_hash, s) for k, s in zip(r.kpis, r.seeds, strict=True)])
        for name, r in runs.items()
    }
    return Comparison(baseline, reps, seed, results).table()
