"""Is the optimiser's front stable? Run one design with two sampler seeds and compare the fronts.

    PYTHONPATH=. python tools/front_stability.py examples/optimise/funding_cut.toml \
        [--seeds 1 2] [--trials 96] [--at 32 48 64] [--workers 2] [--reps R] [--json FILE]

Each seed runs the whole search (in memory, the design's replications and posterior draws for
both: common random numbers), timed, with the load average before and after. For the fronts
after ``--at`` mixes and after all of them it prints the gap each way
(:func:`optimise.front.compare_fronts`) in two units: ``replication`` (the covered point's own
90% interval, the one the front is reported with; the issue's "within the noise of the
replications") and ``paired`` (the 90% interval of the paired difference: can the replications
tell the two mixes apart). A front is stable when both gaps are at most 1; it is *settled* when,
besides, each seed's front after ``n`` mixes covers the other seed's final front within the
replication unit (two searches stopped early can agree and both fall short). Beside them: the
largest shortfall at equal or lower cost in the objectives' own units, and the best value of the
second objective each seed found. A mix's trial number depends only on the trials before it, so
the front after ``n`` mixes (a whole number of generations) is the front a search of ``n``
would give. A bad design or option prints one line and exits with 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

from optimise.design import OptimiseDesign, load_design
from optimise.front import compare_fronts, epsilon_gap, pareto_rows
from optimise.search import Outcome, optimise
from sim.errors import UserError


def main(argv: list[str] | None = None) -> int:
    """Run the design with each sampler seed and print the gaps (see the module docstring)."""
    args = _parser().parse_args(argv)
    try:
        design = load_design(args.design).with_options(reps=args.reps)
        if len(args.seeds) != 2 or args.seeds[0] == args.seeds[1]:
            raise UserError(f"--seeds {' '.join(map(str, args.seeds))}: give two different sampler seeds")
        bad = [n for n in args.at if n % design.population or not 0 < n <= args.trials]
        if bad:
            raise UserError(
                f"--at {bad[0]}: expected a multiple of the population ({design.population}) up to --trials"
            )
    except (UserError, ValueError) as exc:
        print(f"error: front_stability: {exc}", file=sys.stderr)
        return 2
    runs = {s: _timed(design.with_options(trials=args.trials, sampler_seed=s), args.workers) for s in args.seeds}
    rows = [_compare(design, runs, n, args.trials) for n in [*args.at, args.trials]]
    report = {"design": design.name, "reps": design.reps, "workers": args.workers, "runs": _runs(runs), "fronts": rows}
    _print(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="front_stability", description=__doc__.split("\n")[0])
    p.add_argument("design", help="design TOML file")
    p.add_argument("--seeds", type=int, nargs="+", default=[1, 2], help="two sampler seeds (default 1 2)")
    p.add_argument("--trials", type=_positive, default=96, help="mixes per seed (default 96)")
    p.add_argument("--at", type=_positive, nargs="*", default=[], help="also compare the fronts after these mixes")
    p.add_argument("--workers", type=_positive, default=2, help="local worker processes (default 2)")
    p.add_argument("--reps", type=_positive, help="paired replications per mix (default: the design's)")
    p.add_argument("--json", help="also write the report as JSON here")
    return p


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return int(text)


def _timed(design: OptimiseDesign, workers: int) -> tuple[Outcome, float, tuple[float, float]]:
    """The search's outcome, its wall time (s) and the 1-minute load average before and after."""
    before = os.getloadavg()[0]
    start = time.perf_counter()
    out = optimise(design, workers=workers)
    return out, time.perf_counter() - start, (before, os.getloadavg()[0])


def _runs(runs: dict[int, tuple[Outcome, float, tuple[float, float]]]) -> list[dict[str, Any]]:
    return [
        {"sampler_seed": s, "mixes": len(o.trials), "seconds": round(sec, 1), "load_before": a, "load_after": b}
        for s, (o, sec, (a, b)) in runs.items()
    ]


def _compare(design: OptimiseDesign, runs: dict[int, tuple[Outcome, float, Any]], n: int, last: int) -> dict[str, Any]:
    """Both seeds' fronts after ``n`` mixes: the gaps, the largest shortfalls, the best of the second objective.

    Besides the two fronts after ``n`` mixes (``stable``), each is held against the other seed's
    front after all ``last`` mixes (``settled``: both gaps at most 1, replication unit): two
    searches stopped early can agree and both fall short (the first generation's anchor mixes
    are the same for every seed).
    """
    names = [o.name for o in design.objectives]
    maximise = [o.direction == "max" for o in design.objectives]
    (sa, (oa, _, _)), (sb, (ob, _, _)) = runs.items()
    fa, fb = (pareto_rows(o.trials[o.trials["trial"] < n], names, maximise) for o in (oa, ob))
    la, lb = (pareto_rows(o.trials[o.trials["trial"] < last], names, maximise) for o in (oa, ob))
    row: dict[str, Any] = {"mixes": n, "front_sizes": [len(fa), len(fb)]}
    if fa.empty or fb.empty:
        return {**row, "stable": False, "settled": False, "note": "a front is empty"}
    row.update({k: round(v, 3) for k, v in compare_fronts(fa, fb, names, maximise).items()})
    row["stable"], row["stable_paired"] = bool(row["stable"]), bool(row["stable_paired"])
    row["a_covers_final_b"] = round(epsilon_gap(fa, lb, names, maximise), 3)
    row["b_covers_final_a"] = round(epsilon_gap(fb, la, names, maximise), 3)
    row["settled"] = bool(row["a_covers_final_b"] <= 1 and row["b_covers_final_a"] <= 1)
    best = names[1]
    row[f"best_{best}"] = [float(f[best].max() if maximise[1] else f[best].min()) for f in (fa, fb)]
    row[f"largest_{best}_shortfall_at_equal_{names[0]}"] = max(
        _shortfall(fa, fb, names, maximise), _shortfall(fb, fa, names, maximise)
    )
    row["seeds"] = [sa, sb]
    return row


def _shortfall(a: pd.DataFrame, b: pd.DataFrame, names: list[str], maximise: list[bool]) -> float:
    """Largest amount of the second objective a point of ``b`` has beyond ``a``'s best at no worse first objective."""
    first, second = names
    worst = 0.0
    for _, y in b.iterrows():
        ok = a[a[first] >= y[first]] if maximise[0] else a[a[first] <= y[first]]
        if ok.empty:
            continue  # no point of a at this level: the gap in units says how far
        best = ok[second].max() if maximise[1] else ok[second].min()
        worst = max(worst, float(y[second] - best) if maximise[1] else float(best - y[second]))
    return round(worst, 1)


def _print(report: dict[str, Any]) -> None:
    for r in report["runs"]:
        print(
            f"seed {r['sampler_seed']}: {r['mixes']} mixes x {report['reps']} replications in {r['seconds']} s "
            f"({report['workers']} workers, load {r['load_before']:.1f} -> {r['load_after']:.1f})"
        )
    for row in report["fronts"]:
        if "note" in row:
            print(f"after {row['mixes']} mixes: {row['note']}")
            continue
        short = next(v for k, v in row.items() if k.startswith("largest_"))
        best = next(v for k, v in row.items() if k.startswith("best_"))
        print(
            f"after {row['mixes']:4d} mixes: fronts {row['front_sizes'][0]}/{row['front_sizes'][1]}, "
            f"gap (replication) {row['a_covers_b']:.2f}/{row['b_covers_a']:.2f} "
            f"{'stable' if row['stable'] else 'NOT stable'}, against the other's final front "
            f"{row['a_covers_final_b']:.2f}/{row['b_covers_final_a']:.2f} "
            f"{'settled' if row['settled'] else 'NOT settled'}; "
            f"gap (paired) {row['paired_a_covers_b']:.2f}/{row['paired_b_covers_a']:.2f} "
            f"{'stable' if row['stable_paired'] else 'not stable'}; "
            f"largest shortfall at equal cost {short:,.0f}; best {best[0]:,.0f}/{best[1]:,.0f}"
        )


if __name__ == "__main__":
    sys.exit(main())
