"""One run in a fresh process, reporting its wall time and peak memory (``sim bench`` uses it).

``python -m bench.national --people 350000`` runs the baseline with that many people
arriving evenly over 120 months and prints one JSON line: seconds of the run, person-months
simulated, and the peak resident memory of this whole process (interpreter, imports and the
run; ``VmHWM``), plus the resident memory just before the run started. A small run goes
first (``warm_up_s``, reported apart): the engine's first call compiles its numba kernels.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import psutil

from bench.workload import people_scenario, person_months
from sim.runner import run

WARM_UP_PEOPLE = 1_000  # an untimed small run first, so compilation is not in the figure


def peak_rss_mb() -> float:
    """Peak resident memory of this process image in MB.

    ``VmHWM`` from ``/proc/self/status`` (Linux), which starts afresh at ``exec``; the
    ``getrusage`` maximum is the fallback elsewhere, but on Linux it carries the parent's
    peak across ``fork``+``exec`` and so would over-report in a child process.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    scale = 2**20 if sys.platform == "darwin" else 2**10  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    scenario = people_scenario(args.people)
    start = time.perf_counter()
    run(people_scenario(WARM_UP_PEOPLE), args.seed)  # first call: numba compilation, caches
    warm_up = time.perf_counter() - start
    rss_before = psutil.Process().memory_info().rss / 2**20
    start = time.perf_counter()
    run(scenario, args.seed)
    seconds = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    out = {
        "people": args.people,
        "seconds": seconds,
        "person_months": person_months(scenario, (args.seed,)),
        "peak_rss_mb": peak_mb,
        "rss_before_run_mb": rss_before,
        "warm_up_s": warm_up,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
