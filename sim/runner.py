"""The one pure entry point: ``run(scenario, seed) -> RunResult``, and replications of it.

App, CLI, sweeps, sensitivity analysis and calibration all call :func:`run`. Replication
``k`` of every scenario uses the same seed :func:`replication_seed` (base seed, k), so
differences between scenarios are paired (common random numbers).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from sim import __version__
from sim.memory import keep_freed_memory
from sim.model import MunicipalityModel
from sim.outcomes import RunResult
from sim.params import Value
from sim.scenarios import Scenario


def replication_seed(base_seed: int, replication: int) -> int:
    """Seed of replication ``k``: the same for every scenario, independent of worker count."""
    ss = np.random.SeedSequence([int(base_seed), int(replication)])
    return int(ss.generate_state(1, dtype=np.uint32)[0])


# traits at the permit a kept path carries, with the household (sim.households)
PATH_TRAITS = ("origin", "male", "age0", "edu", "burden", "hh_type", "role", "partner", "children")


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
        theta: Values for uncertain parameters (e.g. a posterior draw); what the scenario sets
            wins, and the result's ``theta`` keeps only the values taken from the draw.
        keep_paths: Keep every person's monthly history and traits for the person view
            (``RunResult.paths``: ``history``, ``language``, ``entry`` and :data:`PATH_TRAITS`).
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
        paths |= {name: getattr(ph, name) for name in PATH_TRAITS}
    return RunResult(**result_fields(model, scenario, seed, replication, theta), paths=paths)


def result_fields(
    model: MunicipalityModel, scenario: Scenario, seed: int, replication: int, theta: dict[str, float] | None
) -> dict[str, Any]:
    """The fields every run's result has (counts, money, calendar, provenance) after ``model`` ran.

    Args:
        model: The model after its run.
        scenario: The scenario it ran.
        seed: The run's seed.
        replication: Replication index.
        theta: The draw it was given (the result keeps only the values taken from it).
    """
    return {
        "scenario": scenario.name,
        "scenario_hash": scenario.hash,
        "seed": seed,
        "replication": replication,
        "count_table": model.recorder.tables()[0],
        "hh_table": model.recorder.tables()[1],
        "money": model.ledger.series(),
        "calendar": model.calendar,
        "theta": {k: float(v) for k, v in scenario.open_theta(theta).items()},
        "version": __version__,
    }


def run_replications(
    scenarios: Sequence[Scenario],
    reps: int,
    seed: int,
    thetas: Sequence[dict[str, Value] | None] | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = 1,
) -> dict[str, list[RunResult]]:
    """Run ``reps`` paired replications of each scenario.

    A run's result depends only on (scenario, seed, theta), so every worker count gives the
    same results, bit for bit, in the same order.

    Args:
        scenarios: Scenarios to run (names must be unique).
        reps: Replications per scenario.
        seed: Base seed.
        thetas: Optional uncertain-parameter draw per replication (paired across scenarios).
        progress: Called with 1 after each finished run.
        workers: 1 runs in this process; more uses the shared pool of local processes
            (:func:`sim.executor.local_pool`); None decides (:func:`auto_workers`).

    Returns:
        Results per scenario name, in replication order.
    """
    tasks = [
        (s, replication_seed(seed, k), k, thetas[k] if thetas is not None else None)
        for k in range(reps)
        for s in scenarios
    ]
    n = auto_workers(tasks) if workers is None else workers
    results = run_tasks(tasks, n, progress)
    out: dict[str, list[RunResult]] = {s.name: [] for s in scenarios}
    for r in results:
        out[r.scenario].append(r)
    return out


Task = tuple[Scenario, int, int, dict[str, Value] | None]  # scenario, seed, replication, theta
POOL_MIN_PERSON_MONTHS = 1_500_000  # below this (about 0.3 s on one core) one process is quicker
POOL_WORKERS = 2


def auto_workers(tasks: Sequence[Task]) -> int:
    """Local processes worth using for the runs: 2 when there is enough work and a 2nd CPU.

    Never from inside a daemonic process (a pool or Dask worker), which may not start children.
    """
    import multiprocessing

    from sim.executor import usable_cpus

    if len(tasks) < 2 * POOL_WORKERS or usable_cpus() < 2 or multiprocessing.current_process().daemon:
        return 1
    return POOL_WORKERS if work_of(tasks) >= POOL_MIN_PERSON_MONTHS else 1


def work_of(tasks: Sequence[Task]) -> int:
    """Person-months the runs simulate, as work is sized here: principals by their inflow schedules."""
    sizes = _sizes(tasks)
    return sum(sizes[id(s)][2] for s, *_ in tasks)


def _sizes(tasks: Sequence[Task]) -> dict[int, tuple[int, int, int]]:
    """Horizon, people and person-months of each distinct scenario object of ``tasks`` (by ``id``).

    A call's replications share their scenario objects, so each is sized once.
    """
    from sim.population import inflow_schedule

    out: dict[int, tuple[int, int, int]] = {}
    for s, *_ in tasks:
        if id(s) not in out:
            p = s.params()
            inflow = inflow_schedule(p)
            out[id(s)] = int(p["context.horizon_months"]), int(inflow.sum()), int(np.cumsum(inflow).sum())
    return out


def run_tasks(tasks: Sequence[Task], workers: int, progress: Callable[[int], None] | None = None) -> list[RunResult]:
    """The runs in task order: in this process (``workers`` 1) or on the shared local pool.

    Args:
        tasks: ``(scenario, seed, replication, theta)`` per run.
        workers: 1 runs here; more uses :func:`sim.executor.local_pool` (same results, bit for bit).
        progress: Called with 1 after each finished run.

    Returns:
        One result per task, in task order.
    """
    return _run_pooled(tasks, workers, progress) if workers > 1 else _run_here(tasks, progress)


STACK_PEOPLE = 200_000  # people of one stacked block at most (memory: about 250 bytes a person)


_FROZEN: list[bool] = []  # non-empty once freeze_imports has run in this process


def freeze_imports() -> None:
    """Once a process: collect, then move every live object out of the cyclic collector's view.

    After the imports (numba, pandas, Mesa, the compiled kernels) a process holds ~200,000
    long-lived objects that every full collection walks again; a stacked call of 20 x 1,000
    runs allocates enough to trigger a few collections, ~4 ms of its ~115 ms CPU.
    ``gc.freeze()`` puts them in the permanent generation (0.7-1.2 ms a call left). Called at
    the first :func:`run_stacked` of a process (the engine is imported by then; a worker of
    the local pool freezes at its first task, or inherits a frozen heap from its fork).
    The price: objects alive at that moment are never freed by the collector, only by
    reference counting, so it is done once, after a collection, and never per run.
    """
    if not _FROZEN:
        _FROZEN.append(True)
        gc.collect()
        gc.freeze()


def run_stacked(tasks: Sequence[Task]) -> list[RunResult]:
    """The runs stepped together in one array pass per rule (:class:`sim.stack.StackedRuns`).

    Every result is bit for bit the result of :func:`run` of its task alone.

    Args:
        tasks: ``(scenario, seed, replication, theta)`` per run; all with one horizon.

    Returns:
        One result per task, in task order.
    """
    from sim.stack import StackedRuns

    freeze_imports()
    keep_freed_memory()  # the next call's arrays reuse this one's pages (sim.memory)
    runs = StackedRuns([(s, run_seed, theta) for s, run_seed, _, theta in tasks])
    runs.run_model()
    out = [
        RunResult(**result_fields(m, s, run_seed, k, theta), paths=None)
        for m, (s, run_seed, k, theta) in zip(runs.models, tasks, strict=True)
    ]
    for m in runs.models:  # freed now, not at the cyclic collector's next full pass
        m.dispose()
    return out


def stack_blocks(tasks: Sequence[Task], parts: int = 1) -> list[list[int]]:
    """Task positions in blocks that can be stacked: one horizon, at most :data:`STACK_PEOPLE` people.

    Args:
        tasks: The runs.
        parts: Split each horizon's runs into at least this many blocks (one per worker).

    Returns:
        Blocks of positions in ``tasks``, each in task order.
    """
    sizes = _sizes(tasks)
    by_horizon: dict[int, list[int]] = {}
    people: dict[int, int] = {}
    for i, (s, *_) in enumerate(tasks):
        horizon, people[i], _ = sizes[id(s)]
        by_horizon.setdefault(horizon, []).append(i)
    blocks: list[list[int]] = []
    for positions in by_horizon.values():
        size = -(-len(positions) // max(1, min(parts, len(positions))))
        for j in range(0, len(positions), size):
            blocks += _capped(positions[j : j + size], people)
    return blocks


def _capped(positions: list[int], people: dict[int, int]) -> list[list[int]]:
    """``positions`` split where a block would pass :data:`STACK_PEOPLE` people."""
    out: list[list[int]] = [[]]
    total = 0
    for i in positions:
        if out[-1] and total + people[i] > STACK_PEOPLE:
            out.append([])
            total = 0
        out[-1].append(i)
        total += people[i]
    return out


def _run_here(tasks: Sequence[Task], progress: Callable[[int], None] | None) -> list[RunResult]:
    out: list[RunResult | None] = [None] * len(tasks)
    for block in stack_blocks(tasks):
        for i, r in zip(block, run_stacked([tasks[i] for i in block]), strict=True):
            out[i] = r
            if progress is not None:
                progress(1)
    return [r for r in out if r is not None]


def _run_pooled(tasks: Sequence[Task], workers: int, progress: Callable[[int], None] | None) -> list[RunResult]:
    """The runs on the shared local process pool, a stacked block per worker, in task order."""
    from sim.executor import TaskFailed, local_pool

    out: list[RunResult | None] = [None] * len(tasks)
    blocks = stack_blocks(tasks, workers)
    for j, packed in local_pool(workers).map(run_packed_block, [[tasks[i] for i in b] for b in blocks]):
        if isinstance(packed, TaskFailed):
            raise RuntimeError(f"runs {blocks[j]} failed in a worker process: {packed.error}\n{packed.traceback}")
        for i, one in zip(blocks[j], packed, strict=True):
            out[i] = unpack(one)
            if progress is not None:
                progress(1)
    return [r for r in out if r is not None]


Packed = tuple[RunResult, dict[str, dict[str, float]]]  # the result (counts sparse) and its KPIs


def run_packed(task: Task) -> Packed:
    """One run (in a worker) with its KPIs computed (its counts travel sparse, :class:`sim.counts.CountTable`).

    Returns:
        The result and its KPIs (see :func:`unpack`).
    """
    s, run_seed, k, theta = task
    return pack_result(run(s, run_seed, k, theta))


def run_packed_block(tasks: Sequence[Task]) -> list[Packed]:
    """Runs stacked (:func:`run_stacked`, in a worker), each packed as :func:`run_packed` packs it."""
    return [pack_result(r) for r in run_stacked(tasks)]


def pack_result(r: RunResult) -> Packed:
    """The result with its KPIs computed (kept in it: the process that receives it does not compute them).

    The per-metric sums the KPIs were made from stay behind (:meth:`RunResult.without_sums`).
    """
    kpis = r.kpis()
    return r.without_sums(), kpis


def unpack(packed: Packed) -> RunResult:
    """The result of :func:`run_packed` (the same counts, money and KPIs)."""
    return packed[0]
