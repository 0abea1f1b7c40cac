"""One executor interface for everything that runs many simulations.

Sweeps, calibration and sensitivity analysis hand a picklable top-level function and a
sequence of items to :meth:`Executor.map` and get ``(index, result)`` pairs back as tasks
finish, in completion order. A task that raised does not stop the others: its result is a
:class:`TaskFailed` holding the error text and traceback. Three back ends, one interface::

    make_executor()                            # in this process, one task after another
    make_executor(workers=4)                   # a Dask LocalCluster of 4 worker processes
    make_executor(scheduler="tcp://host:8786") # an existing Dask cluster
                                               # (`dask scheduler` / `dask worker` elsewhere)

For short jobs on this machine (a council comparison: 40 runs of 30 ms) a Dask cluster
starts too slowly; :func:`local_pool` gives a warm pool of forked local processes
(``concurrent.futures``, started once per process and reused) behind the same interface.

There is no home-made cluster code: processes, retries of tasks on a worker that died and
remote workers are Dask's (or the standard library's). The executor only keeps a bounded window of tasks in flight, so
a sweep of a million runs does not create a million futures at once. Results are whatever
the function returns; the caller decides what to write to disk (see ``sim.sweep``).

Note: ``import mesa`` sets the multiprocessing start method to ``spawn``; Dask worker
processes start with it, so scripts that call :func:`make_executor` with ``workers > 1``
need the usual ``if __name__ == "__main__":`` guard (the ``sim`` command has it).
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import sys
import threading
import traceback as tb
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType, TracebackType
from typing import Any

from sim.errors import UserError

CONNECT_TIMEOUT_S = 20.0  # seconds to reach a scheduler and to see its first worker
PENDING_PER_WORKER = 4  # tasks in flight per worker: keeps workers busy, memory bounded


@dataclass(frozen=True)
class TaskFailed:
    """The outcome of a task that raised.

    Attributes:
        error: ``ExceptionType: message``.
        traceback: The formatted traceback (from the worker when remote).
    """

    error: str
    traceback: str = ""

    @classmethod
    def from_exception(cls, exc: BaseException, trace: Any = None) -> TaskFailed:
        """Describe an exception (with a traceback object, or the exception's own)."""
        trace = trace if trace is not None else exc.__traceback__
        return cls(f"{type(exc).__name__}: {exc}", "".join(tb.format_exception(type(exc), exc, trace)))


class Executor:
    """Runs ``fn(item)`` for many items; a context manager that frees its workers on exit.

    Attributes:
        n_workers: Number of tasks that run at the same time.
    """

    n_workers: int = 1

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        """Run ``fn`` on every item; yield ``(index, result)`` as tasks complete.

        Args:
            fn: A picklable top-level function of one argument.
            items: The arguments (consumed lazily).

        Yields:
            The item's position in ``items`` and ``fn(item)``, or a :class:`TaskFailed`.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Release workers and connections (nothing to do in process)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class InProcessExecutor(Executor):
    """Runs tasks one after another in this process (no pickling, easiest to debug)."""

    n_workers = 1

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        """See :meth:`Executor.map`; results come in item order."""
        for i, item in enumerate(items):
            try:
                result = fn(item)
            except Exception as exc:  # noqa: BLE001 - a failed task is reported, not raised
                result = TaskFailed.from_exception(exc)
            yield i, result


class DaskExecutor(Executor):
    """Runs tasks on a Dask distributed cluster (a LocalCluster or a remote scheduler).

    Args:
        client: A connected ``distributed.Client``.
        cluster: The LocalCluster this executor started and must close, if any.
        restore_main: The main module set aside while the cluster lives (put back on close).
    """

    def __init__(self, client: Any, cluster: Any = None, restore_main: ModuleType | None = None) -> None:
        self.client = client
        self.cluster = cluster
        self._restore_main = restore_main
        self._workers_now()

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        """See :meth:`Executor.map`; at most a few tasks per worker are in flight at once."""
        from distributed import as_completed

        todo = enumerate(items)
        index: dict[str, int] = {}
        done = as_completed()

        def submit_next() -> None:
            nxt = next(todo, None)
            if nxt is not None:
                future = self.client.submit(fn, nxt[1], pure=False)
                index[future.key] = nxt[0]
                done.add(future)

        for _ in range(PENDING_PER_WORKER * self._workers_now()):
            submit_next()
        try:
            for future in done:
                yield index.pop(future.key), _outcome(future)
                future.release()
                submit_next()
        finally:
            done.clear()  # cancels what is still pending when the caller stops early

    def _workers_now(self) -> int:
        """Workers connected now (at least 1); updates ``n_workers``."""
        self.n_workers = max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))
        return self.n_workers

    def close(self) -> None:
        """Disconnect; shut the LocalCluster down if this executor started it."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        _put_back(self._restore_main)
        self._restore_main = None


class LocalPoolExecutor(Executor):
    """Runs tasks on a pool of local worker processes (``concurrent.futures``).

    Workers are forked when this process has no other thread, so one starts in milliseconds
    with the parent's imports and compiled kernels. With other threads (the app's server, a
    test's browser driver) a fork would copy locks held by them and file descriptors they
    wait on (a driver's pipe then never closes and its owner hangs at exit), so workers come
    from a ``forkserver`` that has imported the engine once (``spawn`` where neither exists).
    Closing it keeps the pool: :func:`local_pool` shares one per worker count for the life
    of the process.

    Args:
        workers: Worker processes.
    """

    def __init__(self, workers: int) -> None:
        self.method = _start_method()
        context = multiprocessing.get_context(self.method)
        if self.method == "forkserver":
            context.set_forkserver_preload(["sim.runner", "sim.stack.preload"])
        self.n_workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=context)

    def _submit(self, fn: Callable[[Any], Any], item: Any) -> Future[Any]:
        """Submit one task; a worker started now must not re-run an unsafe main script."""
        if self.method == "fork":
            return self.pool.submit(fn, item)
        with _safe_main():
            return self.pool.submit(fn, item)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        """See :meth:`Executor.map`; at most a few tasks per worker are in flight at once."""
        todo = enumerate(items)
        index: dict[Future[Any], int] = {}

        def submit_next() -> None:
            nxt = next(todo, None)
            if nxt is not None:
                index[self._submit(fn, nxt[1])] = nxt[0]

        for _ in range(PENDING_PER_WORKER * self.n_workers):
            submit_next()
        try:
            while index:
                done, _ = wait(list(index), return_when=FIRST_COMPLETED)
                for future in done:
                    exc = future.exception()
                    yield index.pop(future), future.result() if exc is None else TaskFailed.from_exception(exc)
                    submit_next()
        finally:
            for future in index:
                future.cancel()

    def shutdown(self) -> None:
        """Stop the worker processes."""
        self.pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> str:
    """``fork`` when no other thread runs and the platform has it, else ``forkserver`` / ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


@contextmanager
def _safe_main() -> Iterator[None]:
    """Hide an unsafe ``__main__`` (see :func:`_spawn_safe_main`) while processes start."""
    replaced = _spawn_safe_main()
    try:
        yield
    finally:
        _put_back(replaced)


_POOLS: dict[int, LocalPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def local_pool(workers: int) -> LocalPoolExecutor:
    """The process's shared pool of ``workers`` local processes (started at first use, then warm).

    Args:
        workers: Worker processes (2 or more).

    Returns:
        A pool that stays up until the process exits (``close`` is a no-op).
    """
    with _POOLS_LOCK:  # the app's sessions are threads: one pool per worker count, never two
        pool = _POOLS.get(workers)
        if pool is None or pool.pool._broken:  # a worker died: start a fresh pool
            pool = _POOLS[workers] = LocalPoolExecutor(workers)
        return pool


@atexit.register
def _shutdown_pools() -> None:
    for pool in _POOLS.values():
        pool.shutdown()
    _POOLS.clear()


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _outcome(future: Any) -> Any:
    """The result of a finished future, or a :class:`TaskFailed` for an error or cancel."""
    if future.status == "error":
        return TaskFailed.from_exception(future.exception(), future.traceback())
    if future.status == "cancelled":
        return TaskFailed("CancelledError: the task was cancelled by the cluster")
    return future.result()


def make_executor(workers: int = 1, scheduler: str | None = None) -> Executor:
    """The executor for a worker count or a scheduler address.

    Args:
        workers: 1 runs in this process; more starts a Dask ``LocalCluster`` with that many
            single-threaded worker processes.
        scheduler: Address of an existing Dask scheduler (``tcp://host:port``); overrides
            ``workers``.

    Returns:
        An executor; use it as a context manager so workers are freed.

    Raises:
        UserError: The scheduler cannot be reached or has no worker.
    """
    if scheduler:
        return _connect(scheduler)
    if workers <= 1:
        return InProcessExecutor()
    from distributed import Client, LocalCluster

    replaced = _spawn_safe_main()
    try:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clashes with a running cluster
            silence_logs=logging.CRITICAL,  # task errors are returned as TaskFailed
        )
    except BaseException:
        _put_back(replaced)
        raise
    return DaskExecutor(Client(cluster), cluster, restore_main=replaced)


def _spawn_safe_main() -> ModuleType | None:
    """Hide a ``__main__`` that spawned worker processes would re-run, for the cluster's life.

    A ``spawn``-ed process re-executes the parent's main script when ``__main__`` was loaded
    from a path (no module spec). Inside Streamlit (the app, or its ``AppTest``) that script
    is a page that cannot run outside Streamlit, so every worker died at start. Task
    functions live in importable modules (Dask pickles them by reference or by value), so
    the workers do not need the parent's main script.

    Returns:
        The main module that was set aside (restore it when the cluster closes), or None
        when ``__main__`` was already safe to spawn from.
    """
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if main is None or (spec is not None and spec.name) or getattr(main, "__file__", None) is None:
        return None
    sys.modules["__main__"] = ModuleType("__main__")
    return main


def _put_back(main: ModuleType | None) -> None:
    """Restore a main module set aside by :func:`_spawn_safe_main` (None: nothing to do)."""
    if main is not None:
        sys.modules["__main__"] = main


def _connect(address: str) -> DaskExecutor:
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UserError(f"--scheduler {address}: cannot connect: {exc}") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except TimeoutError:
        client.close()
        raise UserError(f"--scheduler {address}: no worker joined within {CONNECT_TIMEOUT_S:.0f} s") from None
    return DaskExecutor(client)
