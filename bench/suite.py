"""The benchmark suite behind ``sim bench``: engine speed, measured honestly, in one run.

Figures (see ``bench/README.md`` for definitions and the latest results):

* ``person_months_per_s``: engine throughput on one core (the process is pinned to one CPU),
  median of several runs, at 1,000 / 10,000 / 100,000 / 350,000 people over 120 months
  (:mod:`bench.workload`).
* ``mesa_reference_person_months_per_s`` and ``speedup_vs_mesa_reference``: the same rules
  written as idiomatic per-agent Mesa (:mod:`bench.mesa_reference`) at 1,000 and 10,000
  people, measured in the same run, and the engine's speed ratio over it.
* ``numpy_floor``: one pass of elementwise arithmetic over every column of the population
  (read each column, write a column of the same size), the cost below which no engine that
  touches each column once a month can go; and how many such passes the engine costs.
* ``compare_latency_s``: baseline + 1 scenario, 1,000 people, 120 months, 20 paired
  replications, from scenario objects to the KPI table (``sim.compare``), on the machine's
  cores as ``sim compare`` runs it (two local processes), with the figure in one process beside it.
* ``small_runs_person_months_per_s`` and ``compare4_latency_s``: many small runs (issue #13),
  see :mod:`bench.small_runs`.
* ``national_run_s`` and ``national_peak_rss_mb``: 350,000 people over 120 months in a fresh
  process (wall time of the run; peak resident memory of that process), and the same at
  smaller sizes to show memory grows linearly with people.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import psutil

from bench.mesa_reference import run_reference
from bench.workload import people_scenario, person_months
from sim import __version__
from sim.provenance import git_commit
from sim.runner import run

FULL = {
    "engine": {1_000: 7, 10_000: 5, 100_000: 3, 350_000: 2},  # people: repeats
    "reference": {1_000: 3, 10_000: 1},
    "compare": (1_000, 20, 3),  # people, replications, repeats
    "memory": (35_000, 100_000, 350_000),  # the last is the national run
    "small_runs": (1_000, 20, 5),  # people, replications, repeats (issue #13)
    "compare4": (1_500, 20, 5),
}
SMOKE = {
    "engine": {200: 2, 1_000: 2},
    "reference": {200: 1},
    "compare": (200, 2, 1),
    "memory": (1_000, 2_000),
    "small_runs": (200, 2, 1),
    "compare4": (200, 2, 1),
}
TARGETS = {  # issues #3 and #13, medians on the 2-core development machine
    "person_months_per_s_100k": 20e6,
    "speedup_vs_mesa_reference": 15.0,
    "compare_latency_s": 0.5,
    "national_run_s": 20.0,
    "national_peak_rss_mb": 2048.0,
    "small_runs_person_months_per_s": 15e6,  # issue #13: 20 x 1,000 people x 120 months, one core
    "compare4_latency_s": 0.15,  # issue #13: baseline + 3 scenarios x 20, inflow 150 a year
}


@contextmanager
def one_core() -> Iterator[int]:
    """Pin this process (and the processes it starts) to one CPU while measuring."""
    if not hasattr(os, "sched_setaffinity"):
        yield -1
        return
    before = os.sched_getaffinity(0)
    cpu = max(before)
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, before)


def timed(fn: Callable[[], Any], repeats: int) -> list[float]:
    """Wall times (s) of ``repeats`` calls of ``fn``."""
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def throughput(people: int, repeats: int, runner: Callable[[Any, int], Any]) -> dict[str, Any]:
    """Median person-months per second of ``runner(scenario, seed)`` over ``repeats`` seeds.

    Wall time is the figure; the process's CPU time is reported beside it, because on a busy
    machine the wall time also counts the time other processes held the core.
    """
    scenario = people_scenario(people)
    seeds = iter(range(1, repeats + 1))
    cpu = time.process_time()
    times = timed(lambda: runner(scenario, next(seeds)), repeats)
    cpu_per_run = (time.process_time() - cpu) / repeats
    pm = person_months(scenario, range(1, repeats + 1))
    median = statistics.median(times)
    return {
        "people": people,
        "person_months": pm,
        "runs": repeats,
        "seconds_median": median,
        "cpu_seconds_mean": cpu_per_run,
        "pm_per_s": pm / median,
        "pm_per_cpu_s": pm / cpu_per_run,
    }


def numpy_floor(people: int, repeats: int = 30) -> dict[str, Any]:
    """Cost of one elementwise pass over every population column (``np.add(c, c, out=tmp)``)."""
    from sim.model import MunicipalityModel

    ph = MunicipalityModel(people_scenario(people), 1).people
    cols = [v for v in vars(ph).values() if isinstance(v, np.ndarray) and v.shape == (len(ph),)]
    scratch = [np.empty_like(c) for c in cols]

    def one_pass() -> None:
        for c, s in zip(cols, scratch, strict=True):
            np.add(c, c, out=s)

    one_pass()
    t = statistics.median(timed(one_pass, repeats))
    moved = 2 * sum(c.nbytes for c in cols)
    return {
        "people": people,
        "columns": len(cols),
        "bytes_per_person": moved // people,
        "seconds_per_pass": t,
        "gb_per_s": moved / t / 1e9,
        "floor_pm_per_s": people / t,
    }


def compare_latency(people: int, reps: int, repeats: int, in_process: bool = True) -> dict[str, Any]:
    """Seconds from scenario objects to the KPI table of baseline + 1 scenario.

    As ``sim compare`` runs it: on the machine's cores (``compare`` uses two local processes
    when the work pays for it, :func:`sim.runner.auto_workers`). The first call starts the
    process pool (forked workers) and is reported apart (``first_call_s``); the headline is
    the median of the calls after it, with the pool warm as in a session or the app. The same
    comparison in this one process (``in_process_s``, ``workers=1``) is measured beside it.
    """
    from sim.compare import compare
    from sim.runner import auto_workers, replication_seed

    base = people_scenario(people)
    other = people_scenario(people, "dedicated_client_managers")
    tasks = [(s, replication_seed(1, k), k, None) for k in range(reps) for s in (base, other)]
    first = timed(lambda: compare(base, [other], reps, 1).table(), 1)[0]
    times = timed(lambda: compare(base, [other], reps, 1).table(), repeats)
    out: dict[str, Any] = {"people": people, "reps": reps, "scenarios": 2, "workers": auto_workers(tasks)}
    out |= {"first_call_s": first, "seconds": times, "seconds_median": statistics.median(times)}
    if in_process:
        out["in_process_s"] = statistics.median(timed(lambda: compare(base, [other], reps, 1, workers=1).table(), 1))
    return out


def national_run(people: int) -> dict[str, Any]:
    """Run ``bench.national`` in a fresh process; its wall time and peak memory."""
    cmd = [sys.executable, "-m", "bench.national", "--people", str(people)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def memory_scaling(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Least-squares line of peak memory against people, and how straight it is."""
    x = np.array([r["people"] for r in runs], dtype=float)
    y = np.array([r["peak_rss_mb"] for r in runs])
    slope, intercept = np.polyfit(x, y, 1)
    resid = y - (slope * x + intercept)
    return {
        "people": x.astype(int).tolist(),
        "peak_rss_mb": y.tolist(),
        "mb_per_1000_people": 1000 * slope,
        "fixed_mb": intercept,
        "max_deviation_from_line_mb": float(np.abs(resid).max()),
    }


def cost_model(runs: dict[int, dict[str, Any]]) -> dict[str, float]:
    """Run time = fixed cost per month x 120 + marginal cost x person-months (least squares).

    The fixed part is the engine's per-month overhead (Python calls, small arrays), which
    dominates small populations; the marginal part is the cost of one person-month.
    """
    pm = np.array([r["person_months"] for r in runs.values()], dtype=float)
    t = np.array([r["seconds_median"] for r in runs.values()])
    slope, intercept = np.polyfit(pm, t, 1) if len(pm) > 1 else (t[0] / pm[0], 0.0)
    return {"fixed_ms_per_month": 1000 * intercept / 120, "marginal_ns_per_person_month": 1e9 * slope}


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor()
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "mesa": mesa.__version__,
        "werkpad": __version__,
        "git_commit": git_commit(),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_average_1min_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }


def warm_up(people: int) -> None:
    """One untimed run of each kind, so imports and first-call caches are not measured."""
    scenario = people_scenario(people)
    run(scenario, 0)
    run_reference(scenario, 0)
    compare_latency(people, 1, 1, in_process=False)


def measure(sizes: dict[str, Any], log: Callable[[str], None]) -> dict[str, Any]:
    """Every figure of the suite at the given sizes."""
    from bench.small_runs import compare4_latency, small_runs  # it uses this module's timer

    out: dict[str, Any] = {"machine": machine()}
    with one_core() as cpu:
        out["machine"]["pinned_cpu"] = cpu
        warm_up(min(sizes["engine"]))
        engine, ref = {}, {}
        for n, repeats in sizes["engine"].items():
            log(f"engine, {n:,} people")
            engine[n] = throughput(n, repeats, run)
        for n, repeats in sizes["reference"].items():
            log(f"per-agent Mesa reference, {n:,} people")
            ref[n] = throughput(n, repeats, run_reference)
        floor = {n: numpy_floor(n) for n in sizes["engine"]}
        log("small runs: replications in one call")
        out["small_runs"] = small_runs(*sizes["small_runs"])
        log("national runs (fresh processes)")
        national = [national_run(n) for n in sizes["memory"]]
    log("compare latency (all cores)")
    out["compare"] = compare_latency(*sizes["compare"])
    log("compare latency, baseline + 3 scenarios (all cores)")
    out["compare4"] = compare4_latency(*sizes["compare4"])
    out["small_runs_person_months_per_s"] = out["small_runs"]["pm_per_s"]
    out["compare4_latency_s"] = out["compare4"]["seconds_median"]
    out["person_months_per_s"] = {str(n): e["pm_per_s"] for n, e in engine.items()}
    out["person_months_per_cpu_s"] = {str(n): e["pm_per_cpu_s"] for n, e in engine.items()}
    out["engine_runs"] = {str(n): e for n, e in engine.items()}
    out["engine_cost_model"] = cost_model(engine)
    out["mesa_reference_person_months_per_s"] = {str(n): r["pm_per_s"] for n, r in ref.items()}
    out["speedup_vs_mesa_reference"] = {str(n): engine[n]["pm_per_s"] / ref[n]["pm_per_s"] for n in ref}
    for n, f in floor.items():
        f["engine_cost_in_passes"] = f["floor_pm_per_s"] / engine[n]["pm_per_s"]
    out["numpy_floor"] = {str(n): f for n, f in floor.items()}
    out["compare_latency_s"] = out["compare"]["seconds_median"]
    out["national"] = national[-1]
    out["national_run_s"] = national[-1]["seconds"]
    out["national_peak_rss_mb"] = national[-1]["peak_rss_mb"]
    out["memory_scaling"] = memory_scaling(national)
    return out


def targets(fig: dict[str, Any]) -> dict[str, Any]:
    """Each target of issues #3 and #13 with the measured value and whether it is met."""
    speed = fig["person_months_per_s"].get("100000")
    ratio = min(fig["speedup_vs_mesa_reference"].values())
    values = {
        "person_months_per_s_100k": speed,
        "speedup_vs_mesa_reference": ratio,
        "compare_latency_s": fig["compare_latency_s"],
        "national_run_s": fig["national_run_s"],
        "national_peak_rss_mb": fig["national_peak_rss_mb"],
        "small_runs_person_months_per_s": fig["small_runs_person_months_per_s"],
        "compare4_latency_s": fig["compare4_latency_s"],
    }
    out = {}
    for key, goal in TARGETS.items():
        v = values[key]
        higher = key.startswith(("person_months", "speedup", "small_runs"))
        met = None if v is None else (v >= goal if higher else v <= goal)
        out[key] = {"value": v, "target": goal, "higher_is_better": higher, "met": met}
    return out


def report(fig: dict[str, Any]) -> str:
    """The figures as a short plain-text report."""
    m = fig["machine"]
    lines = [f"werkpad {m['werkpad']} ({m['git_commit'][:8]}) on {m['cpu']}, {m['logical_cpus']} CPUs, pinned to 1"]
    if m["load_average_1min_at_start"] is not None:
        lines.append(f"load average at start: {m['load_average_1min_at_start']:.1f} (other work slows every figure)")
    lines.append("engine throughput (people arriving evenly over 120 months; median):")
    for n, e in fig["engine_runs"].items():
        f = fig["numpy_floor"][n]
        lines.append(
            f"  {int(n):>8,} people  {e['pm_per_s'] / 1e6:7.2f} M person-months/s  ({e['seconds_median']:.3f} s/run;"
            f" {e['pm_per_cpu_s'] / 1e6:.2f} M per CPU-second)"
            f"  numpy floor {f['floor_pm_per_s'] / 1e6:8.1f} M/s ({f['gb_per_s']:.1f} GB/s): engine = "
            f"{f['engine_cost_in_passes']:.0f} passes"
        )
    cm = fig["engine_cost_model"]
    lines.append(
        f"  cost model: {cm['fixed_ms_per_month']:.2f} ms fixed per month + "
        f"{cm['marginal_ns_per_person_month']:.0f} ns per person-month"
    )
    for n, r in fig["mesa_reference_person_months_per_s"].items():
        ratio = fig["speedup_vs_mesa_reference"][n]
        lines.append(f"  per-agent Mesa reference {int(n):>6,} people  {r / 1e6:6.3f} M/s; engine {ratio:.1f}x faster")
    return "\n".join(lines + _report_rest(fig))


def _report_rest(fig: dict[str, Any]) -> list[str]:
    c, nat, ms = fig["compare"], fig["national"], fig["memory_scaling"]
    lines = [
        f"compare latency: {c['scenarios']} scenarios x {c['reps']} reps x {c['people']:,} people: "
        f"{fig['compare_latency_s']:.3f} s on {c['workers']} process(es) (first call, starting them: "
        f"{c['first_call_s']:.3f} s; in one process: {c.get('in_process_s', float('nan')):.3f} s)",
        _small_runs_line(fig["small_runs"]),
        _compare4_line(fig["compare4"]),
        f"national run: {nat['people']:,} people, 120 months: {nat['seconds']:.2f} s, "
        f"peak RSS {nat['peak_rss_mb']:.0f} MB (before the run {nat['rss_before_run_mb']:.0f} MB)",
        f"memory: {ms['fixed_mb']:.0f} MB + {ms['mb_per_1000_people']:.2f} MB per 1,000 people "
        f"(largest deviation from the line {ms['max_deviation_from_line_mb']:.0f} MB)",
        "targets:",
    ]
    for key, t in fig["targets"].items():
        mark = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
        value = "-" if t["value"] is None else f"{t['value']:.4g}"
        lines.append(f"  {key:28s} {value:>12s}  target {t['target']:g}  {mark}")
    return lines


def _small_runs_line(r: dict[str, Any]) -> str:
    return (
        f"small runs: {r['reps']} replications x {r['people']:,} people x {r['months']} months in one call: "
        f"{r['pm_per_s'] / 1e6:.2f} M person-months/s ({r['seconds_median']:.3f} s; one core)"
    )


def _compare4_line(c: dict[str, Any]) -> str:
    return (
        f"compare latency: {c['scenarios']} scenarios x {c['reps']} reps x {c['people']:,} people: "
        f"{c['seconds_median']:.3f} s on {c['workers']} process(es) (first call {c['first_call_s']:.3f} s; "
        f"in one process {c['in_process_s']:.3f} s)"
    )


def profile(people: int) -> str:
    """A pyinstrument call tree of one engine run (after a warm-up run), as text."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "pyinstrument is not installed (pip install -e .[dev])"
    scenario = people_scenario(people)
    run(scenario, 0)
    profiler = Profiler(interval=0.0005)
    with profiler:
        run(scenario, 1)
    return str(profiler.output_text(unicode=False, color=False))


def main(smoke: bool = False, json_path: str | None = None, profile_only: bool = False) -> int:
    """Run the suite, print the report, optionally write the JSON; 0 on success."""
    if profile_only:
        print(profile(1_000 if smoke else 100_000))
        return 0
    start = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - start:6.1f} s] {msg}", file=sys.stderr, flush=True)

    fig = measure(SMOKE if smoke else FULL, log)
    fig["targets"] = targets(fig)
    fig["smoke"] = smoke
    fig["suite_seconds"] = time.perf_counter() - start
    print(report(fig))
    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(json.dumps(fig, indent=2))
        log(f"wrote {json_path}")
    return 0
