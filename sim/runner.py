"""The one pure entry point: ``run(scenario, seed) -> RunResult``, and replications of it.

App, CLI, sweeps, sensitivity analysis and calibration all call :func:`run`. Replication
``k`` of every scenario uses the same seed :func:`replication_seed` (base seed, k), so
differences between scenarios are paired (common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from sim import __version__
from sim.model import MunicipalityModel
from sim.outcomes import RunResult
from sim.params import Value
from sim.scenarios import Scenario


def replication_seed(base_seed: int, replication: int) -> int:
    """Seed of replication ``k``: the same for every scenario, independent of worker count."""
    ss = np.random.SeedSequence([int(base_seed), int(replication)])
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def run(
    scenario: Scenario,
    seed: int,
    replication: int = 0,
    theta: dict[str, Value] | None = None,
    keep_paths: bool = False,
    inflow: np.ndarray | None = None,
) -> RunResult:
    """Run one simulation over the scenario's horizon.

    Args:
        scenario: A validated scenario.
        seed: The run's seed; (scenario, seed, theta) determine the result exactly.
        replication: Replication index, stored with the result.
        theta: Values for uncertain parameters (e.g. a posterior draw).
        keep_paths: Keep every person's monthly history for the person view.
        inflow: Arrivals per calendar month, overriding the scenario's schedule.

    Returns:
        The run's counts, money and calendar series with provenance.
    """
    model = MunicipalityModel(scenario, seed, theta=theta, inflow=inflow, keep_paths=keep_paths)
    model.run_model()
    model.release()
    ph = model.people
    paths = None
    if keep_paths:
        paths = {"history": model.recorder.history, "language": model.recorder.language, "entry": ph.entry}
    return RunResult(
        scenario=scenario.name,
        scenario_hash=scenario.hash,
        seed=seed,
        replication=replication,
        counts=model.recorder.counts,
        money=model.ledger.series(),
        calendar=model.calendar,
        theta={k: float(v) for k, v in (theta or {}).items()},
        version=__version__,
        paths=paths,
    )


def run_replications(
    scenarios: Sequence[Scenario],
    reps: int,
    seed: int,
    thetas: Sequence[dict[str, Value] | None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, list[RunResult]]:
    """Run ``reps`` paired replications of each scenario in this process.

    Args:
        scenarios: Scenarios to run (names must be unique).
        reps: Replications per scenario.
        seed: Base seed.
        thetas: Optional uncertain-parameter draw per replication (paired across scenarios).
        progress: Called with 1 after each finished run.

    Returns:
        Results per scenario name, in replication order.
    """
    out: dict[str, list[RunResult]] = {s.name: [] for s in scenarios}
    for k in range(reps):
        theta = thetas[k] if thetas is not None else None
        for s in scenarios:
            out[s.name].append(run(s, replication_seed(seed, k), k, theta))
            if progress is not None:
                progress(1)
    return out
