"""The server's one queue of new runs: every session's runs leave the server process together.

Streamlit runs each visitor's page in a thread of one server process, under one interpreter
lock. Runs made in that process queue behind each other and behind every other visitor's page
drawing; ten advisors moving a slider at once would wait for 200 runs one after another on one
CPU. So the app hands its runs to this queue instead: a dispatcher thread takes every request
waiting and stacks their runs into blocks for the engine's local process pool
(:func:`sim.runner.stack_blocks`: one horizon per block, at most ``STACK_PEOPLE`` people; about
:data:`BLOCK_PERSON_MONTHS` of work each, at least one per worker). A request is answered as soon
as its blocks are back, so the server draws the first pages while the pool runs the rest; small
municipalities' requests share a block (a stacked call of many small runs costs less per
person-month than many calls of few). While a batch runs, new requests wait and go together in
the next one. The server thread only waits.

Each run is bit for bit the run made alone (the engine's stacking invariant), and a request's
parts are combined in replication order, so a summary equals :func:`webapp.slotruns.summarise`
of the same runs made here (``tests/app/test_runqueue.py``).
"""

from __future__ import annotations

import math
import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.executor import TaskFailed
from sim.runner import Task, stack_blocks, work_of
from webapp.slotruns import SlotRuns, combine, summarise_parts

PoolMap = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[tuple[int, Any]]]
BLOCK_PERSON_MONTHS = 1_500_000  # a block's work, about 0.2 s: requests come back one by one, small ones stacked
WAIT_S = 600.0  # a request not answered in this time has failed (the page then runs it itself)


@dataclass
class _Request:
    """One block of replications of one scenario, waiting for its summary."""

    tasks: list[Task]
    done: threading.Event = field(default_factory=threading.Event)
    parts: list[tuple[int, SlotRuns]] = field(
        default_factory=list
    )  # (block, summary): block order is replication order
    error: str | None = None


class RunQueue:
    """Requests from any thread, run in batches on a process pool by one dispatcher thread.

    Args:
        pool_map: ``map(fn, items)`` of a process pool, yielding ``(index, result)`` as items
            finish (``sim.executor.local_pool(workers).map``), a result being ``fn(item)`` or a
            :class:`sim.executor.TaskFailed`.
        workers: Blocks to split a batch into (the pool's processes).
    """

    def __init__(self, pool_map: PoolMap, workers: int) -> None:
        self.pool_map = pool_map
        self.workers = workers
        self.batches: list[int] = []  # requests per batch run so far (for tests and measurements)
        self._waiting: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        threading.Thread(target=self._dispatch, name="werkpad-run-queue", daemon=True).start()

    def summary(self, tasks: Sequence[Task]) -> SlotRuns:
        """The summary of these runs (one scenario, consecutive replications), made on the pool.

        Blocks the calling thread (without holding the interpreter lock) until its batch is done.

        Raises:
            RuntimeError: A block failed in a worker, or no answer came within :data:`WAIT_S`.
        """
        request = _Request(list(tasks))
        self._waiting.put(request)
        if not request.done.wait(WAIT_S):
            raise RuntimeError(f"no answer from the run queue within {WAIT_S:.0f} s")
        if request.error is not None:
            raise RuntimeError(request.error)
        return combine([summary for _, summary in sorted(request.parts, key=lambda p: p[0])])

    def _dispatch(self) -> None:
        """Forever: take every waiting request (at least one) and run them as one batch."""
        while True:
            batch = [self._waiting.get()]
            while not self._waiting.empty():
                batch.append(self._waiting.get())
            self.batches.append(len(batch))
            try:
                self._run(batch)
            except Exception as exc:  # noqa: BLE001 - the requests fail, the dispatcher lives on
                for r in batch:
                    if not r.done.is_set():
                        r.error = r.error or f"{type(exc).__name__}: {exc}"
            for r in batch:
                r.done.set()  # any request a failure left waiting

    def _run(self, batch: list[_Request]) -> None:
        """Run a batch's tasks in stacked blocks; a request is answered as soon as its blocks are back."""
        tasks = [t for r in batch for t in r.tasks]
        owner = [i for i, r in enumerate(batch) for _ in r.tasks]
        parts = max(self.workers, math.ceil(work_of(tasks) / BLOCK_PERSON_MONTHS))
        items = [_split_by_owner(b, owner, tasks) for b in stack_blocks(tasks, parts)]
        left = Counter(i for owners, _ in items for i in owners)
        for j, out in self.pool_map(summarise_parts, [p for _, p in items]):
            owners = items[j][0]
            if isinstance(out, TaskFailed):
                for i in owners:
                    batch[i].error = f"runs failed in a worker process: {out.error}"
            for i, summary in zip(owners, [] if isinstance(out, TaskFailed) else out, strict=False):
                batch[i].parts.append((j, summary))
            for i in owners:
                left[i] -= 1
                if left[i] == 0:
                    batch[i].done.set()


def _split_by_owner(block: list[int], owner: list[int], tasks: list[Task]) -> tuple[list[int], list[list[Task]]]:
    """A block's task positions as runs of consecutive tasks of one request: (requests, their tasks)."""
    owners: list[int] = []
    parts: list[list[Task]] = []
    for pos in block:
        if not owners or owners[-1] != owner[pos]:
            owners.append(owner[pos])
            parts.append([])
        parts[-1].append(tasks[pos])
    return owners, parts
