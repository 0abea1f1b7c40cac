"""Bit-exact fingerprint of the engine's output: a guard for speed work.

Every optimisation of the engine must leave every run's output bit-identical. This script
runs a fixed set of cases (scenarios x seeds x sizes, plus a run with a posterior draw, a run
that keeps person paths, and a paired comparison) and hashes, per case, the full tidy long
table (``RunResult.tidy``), the money ledger (every item and total per calendar month), the
cohort counts and the calendar series; with paths kept also every person-month's code and
Dutch level. A comparison case hashes its KPI table.

Usage (run it as a script so ``PYTHONPATH`` decides which checkout is measured)::

    python bench/fingerprint.py --size tiny --out /tmp/fp.json     # record
    python bench/fingerprint.py --size full --check /tmp/fp.json   # compare, exit 1 on a change
    PYTHONPATH=/tmp/ref python bench/fingerprint.py --out ref.json  # a reference checkout

``bench/results/fingerprint_tiny.json`` is the committed tiny fingerprint that
``tests/scale/test_fingerprint.py`` checks. It records a digest of the model's parameter
specifications and output metrics (``model_key``): after a deliberate model change (new
parameter or metric) the test skips and asks for a re-record with ``--size tiny --record``.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.compare import compare
from sim.outcomes import METRICS, RunResult
from sim.params import defaults
from sim.posterior import POSTERIOR_PATH, draw_thetas
from sim.provenance import git_commit
from sim.runner import replication_seed, run
from sim.scenarios import Scenario, load_scenario

SCENARIOS = ("baseline", "dual_track", "work_first", "funding_ends", "integrated", "era_2014")
SIZES: dict[str, dict[str, Any]] = {  # people per size; seeds; months
    "tiny": {"people": (300,), "seeds": (1, 2), "months": 48, "compare_reps": 3},
    "full": {"people": (1_000, 10_000), "seeds": (1, 2, 3), "months": 120, "compare_reps": 6, "large": 100_000},
}
COMMITTED = Path(__file__).parent / "results" / "fingerprint_tiny.json"


def model_key() -> str:
    """Digest of the parameter defaults, output metric names and the posterior file.

    It changes with a deliberate change of the model's inputs (a parameter, a metric, a
    recalibration), after which the committed fingerprint is stale rather than broken.
    """
    posterior = hashlib.sha256(POSTERIOR_PATH.read_bytes()).hexdigest() if POSTERIOR_PATH.is_file() else ""
    blob = json.dumps({"params": defaults(), "metrics": list(METRICS), "posterior": posterior}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _update(h: Any, name: str, arr: np.ndarray) -> None:
    a = np.ascontiguousarray(arr)
    h.update(f"{name}:{a.dtype.str}:{a.shape}".encode())
    h.update(a.tobytes())


def result_digest(r: RunResult) -> str:
    """SHA-256 of a run's tidy table, ledger, counts, calendar (and paths when kept)."""
    h = hashlib.sha256()
    tidy = r.tidy()
    h.update(",".join(tidy.columns).encode())
    _update(h, "tidy", pd.util.hash_pandas_object(tidy, index=False).to_numpy())
    for name in sorted(r.money):
        _update(h, f"money.{name}", r.money[name])
    _update(h, "counts", r.counts)
    for name in sorted(r.calendar):
        _update(h, f"calendar.{name}", r.calendar[name])
    for name in sorted(r.paths or {}):
        _update(h, f"paths.{name}", (r.paths or {})[name])
    return h.hexdigest()


def sized(name: str, people: int, months: int) -> Scenario:
    """A shipped scenario with ``people`` arriving evenly over the horizon of ``months``."""
    per_year = people * 12 // months
    return load_scenario(name).with_overrides({"context.inflow_per_year": per_year, "context.horizon_months": months})


def _theta() -> dict[str, float] | None:
    thetas = draw_thetas(1, 5)
    return thetas[0] if thetas else None


def cases(size: str) -> Iterator[tuple[str, Callable[[], str]]]:
    """(case name, function returning the case's digest) for every case of a size."""
    cfg = SIZES[size]
    months = cfg["months"]
    for people in cfg["people"]:
        for name in SCENARIOS:
            for seed in cfg["seeds"]:
                s, rs = sized(name, people, months), replication_seed(seed, 0)
                yield f"{name}/n{people}/s{seed}", lambda s=s, rs=rs: result_digest(run(s, rs))
    small = sized("integrated", cfg["people"][0], months)
    theta = _theta()
    yield "integrated/theta", lambda: result_digest(run(small, 99, theta=theta))
    yield "integrated/paths", lambda: result_digest(run(small, 98, keep_paths=True))
    if "large" in cfg:
        big = sized("baseline", cfg["large"], months)
        yield f"baseline/n{cfg['large']}/s1", lambda: result_digest(run(big, replication_seed(1, 0)))
    yield "compare", lambda: _compare_digest(cfg["people"][0], months, cfg["compare_reps"])
    if "workers" in inspect.signature(compare).parameters:  # must equal "compare"
        yield "compare/2 workers", lambda: _compare_digest(cfg["people"][0], months, cfg["compare_reps"], 2)


def _compare_digest(people: int, months: int, reps: int, workers: int = 1) -> str:
    base = sized("baseline", people, months)
    other = sized("dedicated_client_managers", people, months)
    kwargs = {"workers": workers} if workers > 1 else {}
    table = compare(base, [other], reps, 3, **kwargs).table()
    table.pop("version", None)
    return hashlib.sha256(json.dumps(table, sort_keys=True).encode()).hexdigest()


def fingerprint(size: str, verbose: bool = False) -> dict[str, Any]:
    """Run every case of a size; return per-case digests and one overall digest."""
    out: dict[str, str] = {}
    for name, fn in cases(size):
        start = time.perf_counter()
        out[name] = fn()
        if verbose:
            print(f"{name:40s} {out[name][:16]}  {time.perf_counter() - start:.2f}s", file=sys.stderr)
    overall = hashlib.sha256(json.dumps(out, sort_keys=True).encode()).hexdigest()
    return {"size": size, "model_key": model_key(), "overall": overall, "cases": out}


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Names of the cases both hold whose digests differ."""
    names = set(old["cases"]) & set(new["cases"])
    return sorted(n for n in names if old["cases"][n] != new["cases"][n])


def main(argv: list[str] | None = None) -> int:
    """Record or check a fingerprint."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", choices=tuple(SIZES), default="full")
    ap.add_argument("--out", help="write the fingerprint to this JSON file")
    ap.add_argument("--check", help="compare with this JSON file; exit 1 when any case differs")
    ap.add_argument("--record", action="store_true", help=f"write the committed tiny fingerprint ({COMMITTED.name})")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    fp = fingerprint(args.size, args.verbose)
    fp["commit"] = git_commit()
    print(f"{args.size}: {len(fp['cases'])} cases, overall {fp['overall'][:16]}")
    if args.record:
        COMMITTED.write_text(json.dumps(fp, indent=1, sort_keys=True) + "\n")
    if args.out:
        Path(args.out).write_text(json.dumps(fp, indent=1, sort_keys=True) + "\n")
    if args.check:
        old = json.loads(Path(args.check).read_text())
        changed = diff(old, fp)
        only = sorted(set(old["cases"]) ^ set(fp["cases"]))
        print(
            ("identical" if not changed else f"CHANGED: {', '.join(changed)}")
            + (f" (in one only: {only})" if only else "")
        )
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
