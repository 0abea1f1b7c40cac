"""Runs one by one against the same runs stacked, in one process: what stacking saves.

Both ways run the same tasks in the same process, interleaved, and are timed with this
thread's CPU time, so a busy machine slows both alike. Two workloads: 20 replications of
1,000 people (the ``small_runs`` figure) and baseline + 3 scenarios x 20 replications of
1,500 people (the ``compare4`` runs, stacked in one call).

    PYTHONPATH=. taskset -c 1 python bench/stack_ab.py --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence

from bench.small_runs import COMPARE4_SCENARIOS, SEED
from bench.workload import people_scenario
from sim.runner import Task, replication_seed, run, run_stacked


def workload(people: int, names: Sequence[str], reps: int) -> list[Task]:
    """Paired replications of the people baseline and the named scenarios."""
    scenarios = [people_scenario(people)] + [people_scenario(people, name) for name in names]
    return [(s, replication_seed(SEED, k), k, None) for k in range(reps) for s in scenarios]


def _cpu(fn: Callable[[], object]) -> float:
    start = time.thread_time()
    fn()
    return time.thread_time() - start


def compare_ways(tasks: list[Task], repeats: int) -> tuple[list[float], list[float]]:
    """Thread CPU seconds of the tasks run one by one and stacked, interleaved ``repeats`` times."""
    run_stacked(tasks[:4])  # compiled kernels and first-call caches, untimed
    for task in tasks[:4]:
        run(*task)
    alone, stacked = [], []
    for _ in range(repeats):
        alone.append(_cpu(lambda: [run(*task) for task in tasks]))
        stacked.append(_cpu(lambda: run_stacked(tasks)))
    return alone, stacked


def main() -> None:
    """Print both workloads' medians (thread CPU seconds) and every call."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for label, tasks in (
        ("20 x 1,000 people", workload(1000, (), 20)),
        ("compare4: 4 x 20 x 1,500 people", workload(1500, COMPARE4_SCENARIOS, 20)),
    ):
        alone, stacked = compare_ways(tasks, args.repeats)
        a, s = statistics.median(alone), statistics.median(stacked)
        print(f"{label}: one by one {a:.3f} s, stacked {s:.3f} s ({100 * (s / a - 1):+.0f}%)")
        print(f"  calls: {[round(x, 3) for x in alone]} / {[round(x, 3) for x in stacked]}")


if __name__ == "__main__":
    main()
