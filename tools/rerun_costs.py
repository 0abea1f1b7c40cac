"""What a rerun with unchanged runs costs in the page's data layer: cached blocks and the comparison table.

Not a test; run it by hand (in this tree, or in an older tree to compare) and copy the figures
into ``docs/app_performance.md``::

    PYTHONPATH=$PWD .venv/bin/python tools/rerun_costs.py

Runs the default page's scenarios once (outside Streamlit's runtime: its caches still work),
then times, in thread CPU (median of 60 calls), ``webapp.runs.run_all`` with every block
cached (what every rerun of every session pays to get its runs) and
``webapp.runs.comparison_table`` of those runs.
"""

from __future__ import annotations

import logging
import os
import statistics
import time
from collections.abc import Callable

from webapp import page, posteriors
from webapp.runs import comparison_table, run_all
from webapp.state import build_scenario, default_state


def cpu_ms(f: Callable[[], object], n: int = 60) -> float:
    """Median thread CPU milliseconds of ``f()``."""
    got = []
    for _ in range(n):
        start = time.thread_time()
        f()
        got.append(time.thread_time() - start)
    return statistics.median(got) * 1e3


def main() -> None:
    """Run the default page's scenarios, then time the cached rerun path."""
    logging.disable(logging.WARNING)
    state = default_state()
    scenarios = [build_scenario(state, s) for s in state.slots]
    path = posteriors.csv_path(state.posterior)
    assert path is not None
    version = (path.stat().st_mtime_ns, path.stat().st_size)
    thetas = page._thetas(state.uncertainty, state.reps, state.seed, path, version)
    runs = run_all(scenarios, state.seed, state.reps, thetas)
    print(f"load average at start: {os.getloadavg()}")
    print(f"run_all, every block cached: {cpu_ms(lambda: run_all(scenarios, state.seed, state.reps, thetas)):.2f} ms")
    table = cpu_ms(lambda: comparison_table(runs, scenarios[0].name, state.seed, state.reps))
    print(f"comparison_table, unchanged runs: {table:.2f} ms")


if __name__ == "__main__":
    main()
