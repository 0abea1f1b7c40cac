"""Many small runs (issue #13 part 2): replications and comparisons of small municipalities.

The optimiser, the app and calibration run many small municipalities, where a run's fixed
cost per simulated month (Python glue and compiled-kernel calls) outweighs its people. Two
figures of ``sim bench`` measure that use:

* ``small_runs_person_months_per_s``: 20 replications x 1,000 people x 120 months in one
  call (:func:`sim.runner.run_replications`, one process), on one pinned core: person-months
  (partners who come count as persons) per second of wall time, median of several calls.
* ``compare4_latency_s``: baseline + 3 scenarios (dedicated client managers, dual tracks,
  work first) x 20 paired replications, inflow 150 a year, 120 months, from scenario objects
  to the KPI table as ``sim compare`` runs it (on the machine's cores), median of several
  calls after a first one that starts the process pool; the same in one process beside it.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.suite import timed
from bench.workload import people_scenario, person_months
from sim.compare import compare
from sim.runner import auto_workers, replication_seed, run_replications

COMPARE4_SCENARIOS = ("dedicated_client_managers", "dual_track", "work_first")
SEED = 1


def small_runs(people: int, reps: int, repeats: int) -> dict[str, Any]:
    """Person-months per second of ``reps`` replications of ``people`` in one call (one process).

    Args:
        people: People arriving over the 120 months (:func:`bench.workload.people_scenario`).
        reps: Replications in the call.
        repeats: Timed calls (the first call of the process is made untimed before them).

    Returns:
        The figure (``pm_per_s``, wall) with its inputs, the call times (s) and CPU seconds.
    """
    scenario = people_scenario(people)
    run_replications([scenario], 1, SEED, workers=1)  # imports and first-call caches
    pm = reps * person_months(scenario, [replication_seed(SEED, k) for k in range(reps)])
    cpu = time.process_time()
    times = timed(lambda: run_replications([scenario], reps, SEED, workers=1), repeats)
    cpu_per_call = (time.process_time() - cpu) / repeats
    median = statistics.median(times)
    out: dict[str, Any] = {"people": people, "reps": reps, "months": 120, "person_months": pm}
    out |= {"seconds": times, "seconds_median": median, "cpu_seconds_mean": cpu_per_call}
    return out | {"pm_per_s": pm / median, "pm_per_cpu_s": pm / cpu_per_call}


def compare4_latency(people: int, reps: int, repeats: int) -> dict[str, Any]:
    """Seconds from scenario objects to the KPI table of baseline + 3 scenarios x ``reps``.

    Args:
        people: People arriving over the 120 months (1,500: an inflow of 150 a year).
        reps: Paired replications per scenario.
        repeats: Timed calls after the first (which may start the process pool).

    Returns:
        ``seconds_median`` (the figure), the call times, the first call, the worker count and
        ``in_process_s`` (one call in this process).
    """
    base = people_scenario(people)
    others = [people_scenario(people, name) for name in COMPARE4_SCENARIOS]
    tasks = [(s, replication_seed(SEED, k), k, None) for k in range(reps) for s in (base, *others)]
    first = timed(lambda: compare(base, others, reps, SEED).table(), 1)[0]
    times = timed(lambda: compare(base, others, reps, SEED).table(), repeats)
    in_process = timed(lambda: compare(base, others, reps, SEED, workers=1).table(), 1)[0]
    out: dict[str, Any] = {"people": people, "reps": reps, "scenarios": 1 + len(others), "workers": auto_workers(tasks)}
    out |= {"first_call_s": first, "seconds": times, "seconds_median": statistics.median(times)}
    return out | {"in_process_s": in_process}
