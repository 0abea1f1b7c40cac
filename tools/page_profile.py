"""Where one slider move's CPU goes in the page's own script run (AppTest under cProfile).

Not a test; run it by hand and copy the figures into ``docs/app_performance.md``::

    PYTHONPATH=$PWD .venv/bin/python tools/page_profile.py [--moves 4] [--top 25] [--lang nl]

Opens the default page (AppTest on ``app.py``, no browser), warms it up with two slider
moves, then moves the dedicated-FTE slider ``--moves`` times to values no run used yet (each
a new scenario: 20 new runs) with cProfile switched on inside the script thread (where
Streamlit runs the page). Prints the wall time of each move without the profiler first,
then CPU seconds a move (under the profiler) for the parts of the page, and the functions
with the most time. The parts overlap where one calls another (say so in what you copy):
``budget`` includes its own chart spec and Arrow conversion.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

import webapp.page

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SLIDER = "guidance.dedicated_fte_per_100_inflow"
PROFILE = cProfile.Profile()
_on = [False]

# Parts of a move: (label, (file suffix, function name) of the functions whose cumulative time it is).
PARTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("script run in all", (("streamlit/runtime/scriptrunner/script_runner.py", "_run_script"),)),
    ("the runs (webapp.runs.run_all)", (("webapp/runs.py", "run_all"),)),
    ("comparison table (webapp.runs.comparison_table)", (("webapp/runs.py", "comparison_table"),)),
    ("chart specs, old path (webapp.charts.cached_spec)", (("webapp/charts.py", "cached_spec"),)),
    ("chart data (webapp.charts.data_chart, new path)", (("webapp/charts.py", "data_chart"),)),
    ("budget section (webapp.budget_page.budget_section)", (("webapp/budget_page.py", "budget_section"),)),
    ("summary paragraphs (webapp.summary.paragraphs)", (("webapp/summary.py", "paragraphs"),)),
    ("KPI table (webapp.tables.kpi_display)", (("webapp/tables.py", "kpi_display"),)),
    ("st.vega_lite_chart (Streamlit, per call)", (("streamlit/elements/vega_charts.py", "_vega_lite_chart"),)),
    ("st.dataframe (Streamlit)", (("streamlit/elements/arrow.py", "dataframe"),)),
    ("to Arrow (Streamlit's conversion)", (("dataframe_util.py", "convert_anything_to_arrow_bytes"),)),
)


_cpu: dict[str, float] = {"script": 0.0, "runs": 0.0}  # thread CPU seconds since the last move


def _profiled_thread(self: LocalScriptRunner) -> None:
    """The script thread with the profiler on while :data:`_on` says so; its CPU time counted."""
    if _on[0]:
        PROFILE.enable()
    start = time.thread_time()
    try:
        _orig(self)
    finally:
        _cpu["script"] += time.thread_time() - start
        if _on[0]:
            PROFILE.disable()


def _counted_runs(*args: Any, **kwargs: Any) -> Any:
    """``webapp.page.run_all`` with its CPU time (in the script thread) counted."""
    start = time.thread_time()
    try:
        return _run_all(*args, **kwargs)
    finally:
        _cpu["runs"] += time.thread_time() - start


_orig = LocalScriptRunner._run_script_thread
LocalScriptRunner._run_script_thread = _profiled_thread  # type: ignore[method-assign]
_run_all = webapp.page.run_all
webapp.page.run_all = _counted_runs  # type: ignore[attr-defined]


def _slider(at: AppTest) -> Any:
    return next(w for w in at.slider if w.key and SLIDER in w.key)


def move(at: AppTest, value: float) -> tuple[float, float, float]:
    """Move the slider to ``value`` and run the page.

    Returns:
        Wall seconds; the script thread's CPU seconds outside ``run_all`` (the page's own); and
        inside it (the runs, when they run in this process).
    """
    _cpu.update(script=0.0, runs=0.0)
    t = time.perf_counter()
    _slider(at).set_value(value).run()
    assert not at.exception, at.exception
    return time.perf_counter() - t, _cpu["script"] - _cpu["runs"], _cpu["runs"]


def parts(stats: pstats.Stats, moves: int) -> list[tuple[str, float]]:
    """CPU seconds a move of each part in :data:`PARTS`."""
    table: dict[tuple[str, int, str], Any] = stats.stats  # type: ignore[attr-defined]
    out = []
    for label, funcs in PARTS:
        total = sum(v[3] for (f, _, name), v in table.items() for suf, fn in funcs if f.endswith(suf) and name == fn)
        out.append((label, total / moves))
    return out


def main() -> None:
    """Open, warm up, time moves, profile moves, print."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--moves", type=int, default=4)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--lang", default="nl")
    ap.add_argument("--tab", help="open this tab first (its label, e.g. Groepen); default: the comparison")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["lang"] = args.lang
    at.run()
    if args.tab:
        at.session_state["tab"] = args.tab
        at.run()
    assert not at.exception, at.exception
    start = float(_slider(at).value)
    step = 0.5
    values = iter(start + step * (i + 1) for i in range(100))
    warm = [move(at, next(values))[0] for _ in range(2)]
    timed = [move(at, next(values)) for _ in range(args.moves)]
    print(f"warm-up moves {', '.join(f'{t:.2f}' for t in warm)} s")
    for i, label in enumerate(("wall", "page CPU (script thread outside run_all)", "run_all CPU (script thread)")):
        got = [t[i] for t in timed]
        print(f"moves without profiler, {label}: median {statistics.median(got):.3f} s, max {max(got):.3f} s")
    _on[0] = True
    for _ in range(args.moves):
        move(at, next(values))
    _on[0] = False
    stats = pstats.Stats(PROFILE)
    print(f"\nCPU s a move under cProfile ({args.moves} moves):")
    for label, sec in parts(stats, args.moves):
        print(f"  {sec:7.3f}  {label}")
    stats.sort_stats("cumulative").print_stats(r"webapp/|app\.py", args.top)
    stats.print_callees(r"app\.py:\d+\(main\)")
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
