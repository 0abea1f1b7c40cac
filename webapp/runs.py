"""Cached simulation runs per scenario and the paired comparison table.

Replications are run and cached in blocks (``st.cache_resource``) by the scenario's content (hash
and overlay TOML text with a fixed name, so renaming a scenario does not rerun it), seed, the block
of replications and its uncertain-parameter draws. A cached block is handed to every rerun of
every session as the same object, without a copy (``st.cache_data`` unpickled ~1.8 MB a block
on every hit and pickled it on every miss), and its arrays are read-only
(:func:`webapp.slotruns.read_only`): the page only reads them. Moving one slider changes one scenario's
hash, so only that scenario is simulated again. The cache keeps a compact :class:`SlotRuns`
(per-replication KPIs, share curves and money series), not whole run results.

Quick first, only when it pays: a scenario whose full set is a lot of work (:func:`split`: at least
:data:`SPLIT_MIN_PERSON_MONTHS`, about 0.7 s in one process) is run in two blocks; when such a
set is not cached yet, the page first draws from the first :data:`QUICK_REPS` replications of
every scenario (still paired; the count is shown) and then reruns to add the rest
(:func:`wants_quick`, ``run_all(quick=True)``). The default page (20 replications of about
1,500 people) is run in one go: an extra drawing cost more than it saved.

Processes: every block is run on the engine's shared pool of local processes, through the
server's run queue (:mod:`webapp.runqueue`: simultaneous visitors' runs go together, and none
holds the server's interpreter lock), bit-identical to running here. The pool is started in the
background at the first block (a forkserver inside the server that loads the compiled kernels
once, ``sim.stack.preload``, then forks the workers: about 1.4 s); until it is warm,
and on a machine with one CPU, blocks run in this process, so no visitor waits for it to start.

Parameter uncertainty: :func:`thetas_for` returns one uncertain-parameter set per replication
from ``sim.posterior`` (posterior draws or the posterior mean), or ``None`` when no
posterior exists; the same thetas go to every scenario, so comparisons stay paired.
"""

from __future__ import annotations

import json
import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import streamlit as st

from sim.compare import kpi_table
from sim.households import adults_per_principal
from sim.outcomes import RunResult
from sim.params import Value
from sim.population import ORIGINS, inflow_schedule, origin_weights
from sim.posterior import POSTERIOR_PATH, draw_thetas
from sim.runner import POOL_WORKERS, Task, replication_seed, run_packed, run_tasks
from sim.scenarios import Scenario, from_toml_text, load_scenario
from webapp import smallgroups
from webapp.runqueue import RunQueue
from webapp.slotruns import SlotRuns, combine, read_only, run_with_paths, summarise

CACHE_ENTRIES = 512
QUICK_REPS = 5
SPLIT_MIN_PERSON_MONTHS = 3_000_000  # a scenario's full set from here on gets a quick first view
_log = logging.getLogger(__name__)
_complete: set[tuple[str, int, int, str]] = set()  # (hash, seed, reps, thetas) fully run in this process


def cache_text(scenario: Scenario) -> str:
    """The scenario's overlay TOML with a fixed name: the cache key of its runs."""
    anonymous = Scenario(name="s", overrides=scenario.overrides, changes=scenario.changes)
    return anonymous.to_toml()


def thetas_for(mode: str, reps: int, seed: int, path: Path = POSTERIOR_PATH) -> list[dict[str, float]] | None:
    """Uncertain-parameter sets per replication from the calibration, or None without one.

    Args:
        mode: ``"point"`` (posterior mean for all) or ``"posterior"`` (one draw per replication).
        reps: Replications.
        seed: Seed of the draws.
        path: The posterior CSV (the shipped one by default; :mod:`webapp.posteriors`).
    """
    return draw_thetas(reps, seed, point_estimate=(mode != "posterior"), path=path)


def posterior_available() -> bool:
    """Whether a calibrated posterior exists."""
    return thetas_for("point", 1, 0) is not None


class _Pool:
    """The engine's local process pool as the app uses it: warmed in the background, then queued to."""

    lock = threading.Lock()
    started = False
    queue: RunQueue | None = None  # set once the pool is warm


def _warm_pool(workers: int) -> None:
    """Start the pool's processes and check each runs (a tiny run), then open the queue.

    The workers come with the compiled kernels loaded: the pool's forkserver loaded them once
    before forking them (``sim.stack.preload``).
    """
    from sim.executor import local_pool

    tiny = load_scenario("baseline").with_overrides({"context.inflow_per_year": 12, "context.horizon_months": 12})
    try:
        tasks = [(tiny, replication_seed(0, k), k, None) for k in range(2 * workers)]
        for _, out in local_pool(workers).map(run_packed, tasks):
            if not isinstance(out, tuple):
                raise RuntimeError(str(out))
        _Pool.queue = RunQueue(lambda fn, items: local_pool(workers).map(fn, items), workers)
    except Exception:  # noqa: BLE001 - without a pool the app runs everything in process
        _log.exception("local process pool did not start; running in process")


def run_queue() -> RunQueue | None:
    """The server's run queue once the pool is warm; None before (warming it) or on one CPU.

    Every block goes to the pool, however small: one session's runs would be quicker in the
    server process, but there they hold the interpreter lock every other visitor's page needs.
    """
    from sim.executor import usable_cpus

    if usable_cpus() < 2:
        return None
    with _Pool.lock:
        if not _Pool.started:
            _Pool.started = True
            threading.Thread(target=_warm_pool, args=(POOL_WORKERS,), name="werkpad-pool-warmup", daemon=True).start()
    return _Pool.queue


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def run_block(toml_text: str, scenario_hash: str, seed: int, start: int, stop: int, thetas_json: str) -> SlotRuns:
    """Run (or fetch from the cache) replications ``start..stop-1`` of one scenario.

    On the server's run queue (:mod:`webapp.runqueue`) once the pool is warm, else here; the
    same summary either way, bit for bit. Cached whole and shared by all sessions (read-only
    arrays; at most :data:`CACHE_ENTRIES` blocks, ~2 MB each at the default 20 replications of
    120 months, so at most ~1 GB, as the pickled copies ``st.cache_data`` kept).

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
    tasks: list[Task] = [
        (scenario, replication_seed(seed, k), k, thetas[k - start] if thetas else None) for k in range(start, stop)
    ]
    return read_only(_summary(tasks, scenario))


def _summary(tasks: list[Task], scenario: Scenario) -> SlotRuns:
    """The tasks' summary from the run queue, or made here (before the pool is warm, or if it fails)."""
    runs = run_queue()
    if runs is not None:
        try:
            return runs.summary(tasks)
        except Exception:  # noqa: BLE001 - e.g. a pool worker died: the runs again, here (same results)
            _log.exception("runs on the process pool failed; running them in process")
    return summarise(run_tasks(tasks, 1), scenario)


def run_kept(task: Task) -> RunResult:
    """One run with every person's path (the one-person tab), on the pool once it is warm, else here.

    On the pool the run holds no interpreter lock of the server (as :func:`run_block`'s runs);
    the same result either way, bit for bit (``sim.runner.run`` is determined by its task).
    """
    if run_queue() is not None:
        from sim.executor import TaskFailed, local_pool

        try:
            for _, out in local_pool(POOL_WORKERS).map(run_with_paths, [task]):
                if isinstance(out, TaskFailed):
                    raise RuntimeError(out.error)
                return cast(RunResult, out)
        except Exception:  # noqa: BLE001 - e.g. a pool worker died: the run again, here (same result)
            _log.exception("the person's run on the process pool failed; running it in process")
    return run_with_paths(task)


_PERSON_MONTHS: dict[str, int] = {}


def person_months(scenario: Scenario) -> int:
    """Person-months one run of the scenario simulates (its size, as ``sim.runner`` measures work)."""
    got = _PERSON_MONTHS.get(scenario.hash)
    if got is None:
        p = scenario.params()  # principals by the schedule, times the adults each brings (sim.households)
        per_principal = adults_per_principal(p, ORIGINS, origin_weights(p))
        got = _PERSON_MONTHS[scenario.hash] = int(np.cumsum(inflow_schedule(p)).sum() * per_principal)
    return got


def split(scenario: Scenario, reps: int) -> bool:
    """Whether the scenario's replications are run in two blocks (quick first view, then the rest)."""
    return reps > QUICK_REPS and reps * person_months(scenario) >= SPLIT_MIN_PERSON_MONTHS


def blocks(reps: int, in_two: bool = True) -> list[tuple[int, int]]:
    """Replication blocks: the quick first block, then the rest (or all in one block)."""
    first = min(QUICK_REPS, reps) if in_two else reps
    return [(0, first)] + ([(first, reps)] if reps > first else [])


def head(runs: SlotRuns, n: int) -> SlotRuns:
    """The first ``n`` replications of a scenario's runs."""
    if len(runs.seeds) <= n:
        return runs
    return SlotRuns(
        scenario_hash=runs.scenario_hash,
        seeds=runs.seeds[:n],
        kpis=runs.kpis[:n],
        shares=runs.shares[:n],
        money={k: v[:n] for k, v in runs.money.items()},
        funding_end=runs.funding_end,
        horizon=runs.horizon,
        sizes=None if runs.sizes is None else runs.sizes[:n],
    )


def _key(s: Scenario, seed: int, reps: int, thetas: Any) -> tuple[str, int, int, str]:
    return (s.hash, seed, reps, json.dumps(thetas))


def wants_quick(scenarios: Sequence[Scenario], seed: int, reps: int, thetas: Any) -> bool:
    """Whether to draw a quick first view: a scenario run in two blocks is not complete yet."""
    return any(split(s, reps) and _key(s, seed, reps, thetas) not in _complete for s in scenarios)


def run_all(
    scenarios: Sequence[Scenario], seed: int, reps: int, thetas: Any, quick: bool = False
) -> dict[str, SlotRuns]:
    """Runs of every scenario (by name), each block from the cache when unchanged.

    Args:
        scenarios: Scenarios, baseline first.
        seed: Base seed.
        reps: Replications.
        thetas: Uncertain-parameter sets per replication, or None.
        quick: Only the first :data:`QUICK_REPS` replications of every scenario (a scenario
            run in one block is run whole and cut to that).
    """
    out = {}
    for s in scenarios:
        text = cache_text(s)
        every = blocks(reps, split(s, reps))
        todo = every[:1] if quick else every
        parts = [run_block(text, s.hash, seed, a, b, json.dumps(thetas[a:b] if thetas else None)) for a, b in todo]
        out[s.name] = head(combine(parts), QUICK_REPS) if quick else combine(parts)
        if len(todo) == len(every):
            _complete.add(_key(s, seed, reps, thetas))
    return out


def comparison_table(runs: dict[str, SlotRuns], baseline: str, seed: int, reps: int) -> dict[str, Any]:
    """The comparison table (``sim compare --json``'s shape) from the cached KPIs (:func:`sim.compare.kpi_table`).

    Each scenario's part (its paired statistics against the baseline) is worked out once per
    pair of cached runs (:func:`_part`): a rerun with unchanged runs reuses every part, a slider
    move works out the moved scenario's only. The same table as ``kpi_table`` of all runs at
    once (``tests/app/test_run_cache.py``). The figures of groups too small at their month are
    left out (:func:`webapp.smallgroups.suppress`: a new table each call; the figures themselves
    are shared, read-only by convention: the page never changes them).
    """
    base = runs[baseline]
    head = _part((baseline, seed, reps), (base,), lambda: kpi_table(baseline, reps, seed, {baseline: base}))
    parts = {
        name: head["scenarios"][baseline] if name == baseline else _scenario_part(baseline, base, name, r, seed, reps)
        for name, r in runs.items()
    }
    table = {k: v for k, v in head.items() if k != "scenarios"} | {"scenarios": parts}
    return smallgroups.suppress(table, runs)


def _scenario_part(baseline: str, base: SlotRuns, name: str, runs: SlotRuns, seed: int, reps: int) -> Any:
    """One scenario's entry of the comparison table (paired with the baseline), once per pair of runs."""

    def make() -> Any:
        return kpi_table(baseline, reps, seed, _Paired(baseline, base, name, runs))["scenarios"][name]

    return _part((baseline, name, seed, reps), (base, runs), make)


class _Paired(Mapping[str, SlotRuns]):
    """One scenario's runs for ``kpi_table``, with the baseline's to pair them with (not listed itself)."""

    def __init__(self, baseline: str, base: SlotRuns, name: str, runs: SlotRuns) -> None:
        self._runs = {baseline: base, name: runs}
        self._name = name

    def __getitem__(self, key: str) -> SlotRuns:
        return self._runs[key]

    def __iter__(self) -> Iterator[str]:
        return iter([self._name])

    def __len__(self) -> int:
        return 1


_PARTS: OrderedDict[tuple[object, ...], tuple[tuple[weakref.ref[SlotRuns], ...], Any]] = OrderedDict()
_PARTS_LOCK = threading.Lock()
PART_ENTRIES = 64  # a part is ~0.1-0.5 MB of dicts


def _part(key: tuple[object, ...], runs: tuple[SlotRuns, ...], make: Callable[[], Any]) -> Any:
    """``make()`` once per ``key`` and these very runs (the cached blocks: the same objects for every session).

    Keyed by the runs' identity, checked through weak references (nothing is kept alive here, and
    an id reused by new runs is not mistaken for the old ones); at most :data:`PART_ENTRIES` entries.
    """
    full = (*key, *map(id, runs))
    with _PARTS_LOCK:
        hit = _PARTS.get(full)
        if hit is not None and all(ref() is r for ref, r in zip(hit[0], runs, strict=True)):
            _PARTS.move_to_end(full)
            return hit[1]
    value = make()
    with _PARTS_LOCK:
        _PARTS[full] = (tuple(weakref.ref(r) for r in runs), value)
        while len(_PARTS) > PART_ENTRIES:
            _PARTS.popitem(last=False)
    return value
