"""The shared pool of local processes: complete, ordered by index, failures reported, reused;
replications on it equal replications in process, bit for bit."""

from __future__ import annotations

import contextlib
import multiprocessing
from pathlib import Path

import numpy as np
import pytest

from sim.executor import TaskFailed, local_pool
from sim.runner import auto_workers, replication_seed, run_replications
from sim.scenarios import load_scenario


def square_or_fail(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x * x


def test_pool_runs_every_item_and_reports_failures() -> None:
    pool = local_pool(2)
    got = dict(pool.map(square_or_fail, range(10)))
    assert sorted(got) == list(range(10))
    assert isinstance(got[3], TaskFailed) and "ValueError: three" in got[3].error
    assert all(got[i] == i * i for i in range(10) if i != 3)
    assert local_pool(2) is pool  # warm: started once per process


def test_replications_on_two_processes_equal_in_process() -> None:
    small = load_scenario("integrated").with_overrides({"context.inflow_per_year": 80, "context.horizon_months": 48})
    base = load_scenario("baseline").with_overrides({"context.inflow_per_year": 80, "context.horizon_months": 48})
    here = run_replications([base, small], 3, 7, workers=1)
    there = run_replications([base, small], 3, 7, workers=2)
    for name in here:
        for a, b in zip(here[name], there[name], strict=True):
            assert a.seed == b.seed == replication_seed(7, a.replication)
            assert a.counts.dtype == b.counts.dtype
            np.testing.assert_array_equal(a.counts, b.counts)
            for k in a.money:
                np.testing.assert_array_equal(a.money[k], b.money[k])
            assert a.kpis() == b.kpis() or np.allclose(
                [v for g in a.kpis().values() for v in g.values()],
                [v for g in b.kpis().values() for v in g.values()],
                equal_nan=True,
                rtol=0,
                atol=0,
            )


def test_small_work_stays_in_process() -> None:
    s = load_scenario("baseline").with_overrides({"context.inflow_per_year": 50, "context.horizon_months": 24})
    assert auto_workers([(s, 1, 0, None)] * 10) == 1


def test_no_pool_from_inside_a_daemonic_process(monkeypatch: pytest.MonkeyPatch) -> None:
    s = load_scenario("baseline")
    tasks = [(s, 1, k, None) for k in range(40)]
    assert auto_workers(tasks) in (1, 2)
    monkeypatch.setattr(multiprocessing.current_process(), "_config", {"daemon": True})
    assert auto_workers(tasks) == 1


def _open_inodes(_: int) -> set[int]:
    """Inodes of the pipes this (worker) process holds open."""
    import os

    out = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the listing's own descriptor is gone by now
            out.add(os.fstat(int(fd)).st_ino)
    return out


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_with_other_threads_workers_inherit_no_foreign_pipe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A browser driver's pipe held open by forked workers hung the test run at exit: with
    another thread alive the pool starts clean workers (forkserver), also under a main
    script that cannot run again, and gives the same results."""
    import os
    import sys
    import threading
    import types

    from sim.executor import LocalPoolExecutor

    r, w = os.pipe()
    pipe = os.fstat(w).st_ino
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    page = tmp_path / "page.py"
    page.write_text("raise SystemExit('a worker re-ran the parent main script')\n")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    pool = LocalPoolExecutor(2)
    try:
        assert pool.method in ("forkserver", "spawn")
        held = dict(pool.map(_open_inodes, range(4)))
        squares = dict(pool.map(square_or_fail, [0, 1, 2]))
    finally:
        pool.shutdown()
        stop.set()
        os.close(r), os.close(w)
    assert squares == {0: 0, 1: 1, 2: 4}
    assert held and not any(pipe in inodes for inodes in held.values())
    assert sys.modules["__main__"] is fake_main


def test_threads_asking_at_once_share_one_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's sessions are threads: simultaneous first calls must not start two pools."""
    import threading
    import time
    import types

    from sim import executor

    made: list[int] = []

    class SlowPool:
        def __init__(self, workers: int) -> None:
            made.append(workers)
            time.sleep(0.05)  # a pool takes a while to start: the window where a race starts a second
            self.pool = types.SimpleNamespace(_broken=False)

    monkeypatch.setattr(executor, "LocalPoolExecutor", SlowPool)
    monkeypatch.setattr(executor, "_POOLS", {})
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(executor.local_pool(3))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert made == [3] and len(got) == 6 and all(g is got[0] for g in got)
