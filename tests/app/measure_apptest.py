"""Measure slider redraw times with Streamlit's AppTest (no browser, no network).

Not a test; run it by hand and copy the figures into ``docs/app_performance.md``::

    .venv/bin/python -m tests.app.measure_apptest [--moves 5] [--sessions 10]

The default page (default municipality, 120 months, 20 replications, baseline plus the
"funding ends" scenario): open it cold, then move the dedicated-FTE slider ``--moves`` times
to values not seen before. Each ``AppTest.run()`` includes the page's own rerun that adds the
remaining replications after the quick view, so its time is "slider move -> all replications
drawn". The time spent in ``run_all`` (the simulations) is shown separately.

``--sessions N`` then runs N sessions at once in one process (threads, shared caches and
process pool, as in the Streamlit server, but without browsers): all open the page together,
then each moves the slider to its own new value (N new scenarios to simulate).
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

import webapp.page

APP = str(Path(__file__).resolve().parents[2] / "app.py")
_spent: list[float] = []


def _timed(fn: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _spent.append(time.perf_counter() - t)

    return wrapper


def _slider(at: AppTest) -> Any:
    return next(w for w in at.slider if w.key and "guidance.dedicated_fte_per_100_inflow" in w.key)


def concurrent(sessions: int) -> None:
    """``sessions`` AppTest sessions at once: open the page, then each its own slider move."""
    barrier = threading.Barrier(sessions)
    times: dict[int, tuple[float, float]] = {}

    def one(i: int) -> None:
        at = AppTest.from_file(APP, default_timeout=600)
        barrier.wait()
        t = time.perf_counter()
        at.run()
        opened = time.perf_counter() - t
        value = float(_slider(at).value) + 0.5 * (20 + i)  # values no earlier run used
        barrier.wait()
        t = time.perf_counter()
        _slider(at).set_value(value).run()
        times[i] = (opened, time.perf_counter() - t)
        assert not at.exception, at.exception

    t0 = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(sessions)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    opened, moved = [t[0] for t in times.values()], [t[1] for t in times.values()]
    assert len(times) == sessions, "a session failed"
    print(f"{sessions} sessions at once: open page median {statistics.median(opened):.2f} s, max {max(opened):.2f} s")
    print(f"{sessions} sessions at once: slider move median {statistics.median(moved):.2f} s, max {max(moved):.2f} s")
    print(f"{sessions} sessions at once: wall {time.perf_counter() - t0:.2f} s")


def main() -> None:
    """Open the default page, move the slider, print the times."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--moves", type=int, default=5)
    ap.add_argument("--sessions", type=int, default=0, help="then this many sessions at once")
    args = ap.parse_args()
    webapp.page.run_all = _timed(webapp.page.run_all)  # type: ignore[attr-defined]
    at = AppTest.from_file(APP, default_timeout=300)
    t = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    print(f"open page cold: {time.perf_counter() - t:.2f} s (simulating {sum(_spent):.2f} s)", flush=True)
    start = float(_slider(at).value)
    total, sims = [], []
    for i in range(args.moves):
        _spent.clear()
        t = time.perf_counter()
        _slider(at).set_value(start + 0.5 * (i + 1)).run()
        total.append(time.perf_counter() - t)
        sims.append(sum(_spent))
        assert not at.exception, at.exception
        assert not [c for c in at.get("flex_container") if getattr(c, "key", None) == "refining"]
        print(f"slider move {i + 1}: {total[-1]:.2f} s (run_all {len(_spent)}x, {sims[-1]:.2f} s)", flush=True)
    _spent.clear()
    t = time.perf_counter()
    _slider(at).set_value(start + 0.5).run()
    print(f"back to a value seen before: {time.perf_counter() - t:.2f} s", flush=True)
    print(f"slider move, all replications: median {statistics.median(total):.2f} s, max {max(total):.2f} s")
    if args.sessions:
        concurrent(args.sessions)
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
