"""The server's run queue: simultaneous requests go together, each gets exactly its own runs' summary."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.executor import TaskFailed, local_pool
from sim.runner import Task, replication_seed, run_tasks
from sim.scenarios import load_scenario
from webapp.runqueue import RunQueue, _split_by_owner
from webapp.runs import thetas_for
from webapp.slotruns import SlotRuns, summarise


def _tasks(name: str, inflow: int, horizon: int, seed: int, reps: int, posterior: bool) -> list[Task]:
    s = load_scenario(name).with_overrides({"context.inflow_per_year": inflow, "context.horizon_months": horizon})
    th = thetas_for("posterior", reps, seed) if posterior else None
    return [(s, replication_seed(seed, k), k, th[k] if th else None) for k in range(reps)]


def _same(a: SlotRuns, b: SlotRuns) -> bool:
    """Bit for bit the same summary (NaN-safe for the KPIs)."""
    import json

    return (
        a.seeds == b.seeds
        and json.dumps(a.kpis) == json.dumps(b.kpis)
        and a.shares.tobytes() == b.shares.tobytes()
        and a.money.keys() == b.money.keys()
        and all(a.money[k].tobytes() == b.money[k].tobytes() for k in a.money)
        and (a.sizes is None) == (b.sizes is None)
        and (a.sizes is None or b.sizes is None or a.sizes.tobytes() == b.sizes.tobytes())
    )


class _Gate:
    """A pool map that holds its first batch until released, so later requests pile up behind it."""

    def __init__(self, pool_map: Callable[..., Iterator[tuple[int, Any]]]) -> None:
        self.pool_map = pool_map
        self.release = threading.Event()
        self.calls = 0

    def __call__(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        self.calls += 1
        if self.calls == 1:
            assert self.release.wait(60)
        return self.pool_map(fn, items)


def _wait_until(cond: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.005)


def test_simultaneous_requests_run_together_and_each_gets_its_own_runs() -> None:
    """Requests waiting behind a batch go in one batch; each summary equals its runs made alone here.

    Mixed on purpose: two horizons (stacked apart), posterior draws and point runs, a request
    big enough to be split over both workers' blocks, and a municipality of 20 a year.
    """
    requests = [
        _tasks("baseline", 30, 36, 1, 6, True),
        _tasks("funding_ends", 20, 48, 2, 5, False),
        _tasks("dedicated_client_managers", 40, 36, 3, 9, True),
        _tasks("baseline", 30, 36, 4, 3, False),
    ]
    gate = _Gate(local_pool(2).map)
    q = RunQueue(gate, 2)
    got: dict[int, SlotRuns] = {}
    first = threading.Thread(target=lambda: got.__setitem__(-1, q.summary(_tasks("baseline", 12, 12, 9, 2, False))))
    first.start()
    _wait_until(lambda: gate.calls == 1)  # the first batch is held in the pool
    ask = [lambda i=i, t=t: got.__setitem__(i, q.summary(t)) for i, t in enumerate(requests)]
    threads = [threading.Thread(target=f) for f in ask]
    for t in threads:
        t.start()
    _wait_until(lambda: q._waiting.qsize() == len(requests))
    gate.release.set()
    for t in [first, *threads]:
        t.join(120)
    assert q.batches == [1, len(requests)]
    for i, tasks in enumerate(requests):
        assert _same(got[i], summarise(run_tasks(tasks, 1), tasks[0][0])), i


def test_a_request_is_answered_when_its_own_blocks_are_back() -> None:
    """The first request's page need not wait for the rest of the batch (the pool runs on meanwhile).

    The pool map below hands back the blocks one by one and holds the last one until the first
    request has its answer: a queue that answered only whole batches would keep it waiting.
    """
    answered = threading.Event()

    def one_by_one(fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        todo = list(items)
        for i, item in enumerate(todo):
            if gate.calls == 2 and i == len(todo) - 1:  # the batch of the three requests
                assert answered.wait(60), "the first request waited for the whole batch"
            yield i, fn(item)

    big = [_tasks("dedicated_client_managers", 30, 24, s, 10, False) for s in (1, 2, 3)]  # request 0 in block 0 of 2
    gate = _Gate(one_by_one)
    q = RunQueue(gate, 2)
    got: dict[int, SlotRuns] = {}
    first = threading.Thread(target=lambda: got.__setitem__(-1, q.summary(_tasks("baseline", 12, 12, 9, 2, False))))
    first.start()
    _wait_until(lambda: gate.calls == 1)

    def ask(i: int) -> None:
        got[i] = q.summary(big[i])
        if i == 0:
            answered.set()

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(big))]
    for t in threads:
        t.start()
    _wait_until(lambda: q._waiting.qsize() == len(big))
    gate.release.set()
    for t in [first, *threads]:
        t.join(120)
    assert answered.is_set() and q.batches == [1, len(big)] and -1 in got
    for i, tasks in enumerate(big):
        assert _same(got[i], summarise(run_tasks(tasks, 1), tasks[0][0])), i


def test_a_failed_block_fails_its_requests_and_the_queue_goes_on() -> None:
    """A worker's failure reaches the waiting page as an error naming it; the next request is served."""
    calls = {"n": 0}

    def flaky(fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        calls["n"] += 1
        for i, item in enumerate(items):
            yield i, (TaskFailed("ValueError: a worker broke") if calls["n"] == 1 else fn(item))

    q = RunQueue(flaky, 2)
    tasks = _tasks("baseline", 12, 12, 5, 3, False)
    with pytest.raises(RuntimeError, match="a worker broke"):
        q.summary(tasks)
    assert _same(q.summary(tasks), summarise(run_tasks(tasks, 1), tasks[0][0]))


@given(
    sizes=st.lists(st.integers(1, 7), min_size=1, max_size=6),
    cuts=st.lists(st.integers(0, 40), max_size=5),
)
def test_blocks_hand_every_request_its_tasks_in_order(sizes: list[int], cuts: list[int]) -> None:
    """However a batch is cut into blocks, each request's parts, in block order, are its tasks in order."""
    owner = [i for i, n in enumerate(sizes) for _ in range(n)]
    tasks: list[Any] = [(i, k) for i, n in enumerate(sizes) for k in range(n)]
    edges = sorted({0, len(tasks), *(c for c in cuts if c < len(tasks))})
    blocks = [list(range(a, b)) for a, b in zip(edges, edges[1:], strict=False)]
    mine: dict[int, list[Any]] = {i: [] for i in range(len(sizes))}
    for block in blocks:
        owners, parts = _split_by_owner(block, owner, tasks)
        assert len(owners) == len(set(owners))  # one part per request per block
        for i, part in zip(owners, parts, strict=True):
            mine[i] += part
    assert mine == {i: [(i, k) for k in range(n)] for i, n in enumerate(sizes)}
