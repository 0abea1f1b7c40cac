"""The server's one queue of new runs: every session's runs leave the server process together.

Streamlit runs each visitor's page in a thread of one server process, under one interpreter
lock. Runs made in that process queue behind each other and behind every other visitor's page
drawing; ten advisors moving a slider at once would wait for 200 runs one after another on one
CPU. So the app hands its runs to this queue instead: a dispatcher thread takes every request
waiting, stacks their runs into one block per worker of the engine's local process pool
(:func:`sim.runner.stack_blocks`: one horizon per block, at most ``STACK_PEOPLE`` people) and
gives each request its summary when the blocks return. While a batch runs, new requests wait and
go together in the next one, so simultaneous visitors share array passes (a stacked call of many
runs costs less per person-month than many calls of few) and the server thread only waits.

Each run is bit for bit the run made alone (the engine's stacking invariant), and a request's
parts are combined in replication order, so a summary equals :func:`webapp.slotruns.summarise`
of the same runs made here (``tests/app/test_runqueue.py``).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.executor import TaskFailed
from sim.runner import Task, stack_blocks
from webapp.slotruns import SlotRuns, combine, summarise_parts

PoolMap = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[tuple[int, Any]]]
WAIT_S = 600.0  # a request not answered in this time has failed (the page then runs it itself)


@dataclass
class _Request:
    """One block of replications of one scenario, waiting for its summary."""

    tasks: list[Task]
    done: threading.Event = field(default_factory=threading.Event)
    parts: list[SlotRuns] = field(default_factory=list)
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
        return combine(request.parts)

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
                    r.error = r.error or f"{type(exc).__name__}: {exc}"
            for r in batch:
                r.done.set()

    def _run(self, batch: list[_Request]) -> None:
        """Run a batch's tasks in stacked blocks and hand each request its parts, in order."""
        tasks = [t for r in batch for t in r.tasks]
        owner = [i for i, r in enumerate(batch) for _ in r.tasks]
        blocks = stack_blocks(tasks, self.workers)
        items = [_split_by_owner(b, owner, tasks) for b in blocks]
        got: list[list[SlotRuns] | None] = [None] * len(blocks)
        for j, out in self.pool_map(summarise_parts, [parts for _, parts in items]):
            if isinstance(out, TaskFailed):
                for i in items[j][0]:
                    batch[i].error = f"runs failed in a worker process: {out.error}"
            else:
                got[j] = out
        for (owners, _), summaries in zip(items, got, strict=True):
            for i, s in zip(owners, summaries or [], strict=False):
                batch[i].parts.append(s)


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
