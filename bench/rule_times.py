"""CPU time of each rule of a month, summed over whole runs: where a run's time goes.

Wraps the functions ``MunicipalityModel.step`` calls (and the model's set-up) with a timer of
this thread's CPU time, runs the baseline workload of ``bench.workload`` after an untimed
warm-up run, and prints milliseconds per run for each, largest first. Thread CPU time is used
because other work on the machine inflates wall time; it still counts the slowdown from a
busy second core. The wrappers add about 1 us per call.

    python bench/rule_times.py --people 100000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from bench.workload import people_scenario
from sim import model as model_module
from sim.agents.status_holders import StatusHolders
from sim.rules import health, idle, intake, labour, learning, network, welfare
from sim.runner import run

RULES = {
    intake: ("schedule_housing", "intake"),
    learning: ("start_courses", "finish_education", "dual_tracks", "learning_month", "allocate_hours"),
    health: ("health_month",),
    network: ("network_month",),
    labour: ("jobs_month", "post_vacancies", "job_offers", "job_costs"),
    welfare: ("update_welfare",),
    idle: ("idle_month",),
}
MODEL_METHODS = ("__init__", "guidance", "record")


def _timed(fn: Callable[..., Any], name: str, totals: dict[str, float]) -> Callable[..., Any]:
    """``fn`` adding its thread CPU time (s) to ``totals[name]``."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name] += time.thread_time() - start

    return wrapper


def instrument(totals: dict[str, float]) -> None:
    """Replace the rules and model methods by timed wrappers (for this process)."""
    for module, names in RULES.items():
        for name in names:
            label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
            setattr(module, name, _timed(getattr(module, name), label, totals))
    cls = model_module.MunicipalityModel
    for name in MODEL_METHODS:
        setattr(cls, name, _timed(getattr(cls, name), f"model.{name}", totals))
    StatusHolders.admit = _timed(StatusHolders.admit, "people.admit", totals)  # type: ignore[method-assign]


def measure(people: int, runs: int) -> tuple[dict[str, float], float]:
    """Milliseconds of CPU per run by rule, and the median thread CPU ms of a whole run."""
    totals: dict[str, float] = defaultdict(float)
    instrument(totals)
    scenario = people_scenario(people)
    run(scenario, 0)
    totals.clear()
    whole = []
    for seed in range(1, runs + 1):
        start = time.thread_time()
        run(scenario, seed)
        whole.append(time.thread_time() - start)
    per_run = {k: 1000.0 * v / runs for k, v in totals.items()}
    return per_run, 1000.0 * sorted(whole)[len(whole) // 2]


def main() -> None:
    """Parse the sizes, pin to one CPU when possible, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    per_run, whole = measure(args.people, args.runs)
    for name, ms in sorted(per_run.items(), key=lambda kv: -kv[1]):
        print(f"{name:28s} {ms:8.2f} ms/run")
    print(f"{'sum of the above':28s} {sum(per_run.values()):8.2f}; whole run (median) {whole:.1f} ms CPU")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
