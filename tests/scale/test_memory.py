"""A process keeps freed memory for its next stacked call (``sim.memory``): the call's arrays reuse
pages instead of faulting in new ones, and the results do not change."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.memory import keep_freed_memory

ROOT = Path(__file__).resolve().parents[2]

# Stacked calls of 20 runs of 600 people in a fresh process; the page faults of the steady calls
# (the first two still grow the heap: 11,700 and ~300 faults).
SCRIPT = """
import json, resource, sys
import ctypes, sim.memory, sim.runner
if sys.argv[1] == "off":  # glibc's starting thresholds (128 KiB), fixed: a process without the setting
    mallopt = ctypes.CDLL("libc.so.6").mallopt
    mallopt(sim.memory.M_TRIM_THRESHOLD, 128 * 1024), mallopt(sim.memory.M_MMAP_THRESHOLD, 128 * 1024)
    sim.runner.keep_freed_memory = lambda: False
from bench.fingerprint import result_digest
from bench.workload import people_scenario
from sim.runner import run_replications
s = people_scenario(600)
faults = []
for _ in range(5):  # each call's results are dropped before the next, as a worker's are once sent
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    digests = [result_digest(r) for r in run_replications([s], 20, 1)[s.name][:3]]
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
print(json.dumps({"faults": min(faults[2:]), "digests": digests}))
"""


def steady_calls(mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt: Linux only")
def test_stacked_calls_reuse_the_pages_of_the_calls_before() -> None:
    """On: a few dozen page faults a call of 20 x 600 people; off (glibc's starting thresholds): hundreds.

    glibc raises its thresholds itself after some frees, depending on the process's history (an
    import that freed a large block), so "off" fixes them at their starting values. Measured on
    the development machine: 17-56 faults on, 600-770 off (calls 3-6). The bounds leave room
    either side; the results are the same digests both ways.
    """
    on, off = steady_calls("on"), steady_calls("off")
    assert on["faults"] < 150, on
    assert off["faults"] > 300, off  # the test can fail: without the setting the pages are new
    assert on["digests"] == off["digests"]


def test_keep_freed_memory_is_set_once_per_process() -> None:
    """On glibc it reports success, and a second call is the cached answer (no second mallopt)."""
    first = keep_freed_memory()
    assert keep_freed_memory() is first
    assert first is sys.platform.startswith("linux")
