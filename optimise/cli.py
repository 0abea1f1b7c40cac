"""The ``sim optimise`` subcommand: search lever mixes for the Pareto front of a design.

``sim optimise DESIGN.toml [--trials N] [--time-limit S] [--workers K | --scheduler URL]
[--out DIR] [--posterior DIR] [--point-estimate] [--reps R] [--sampler tpe|nsga2] [--sampler-seed S]``
validates the design (:mod:`optimise.design`), runs the search (:mod:`optimise.search`) into ``DIR`` (default
``out/optimise/<design name>``; the same command resumes it), prints the front and writes
``trials.parquet`` and ``front.parquet`` there. A mistake in the design or the options prints
one line and exits with 2.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from optimise.design import LIMITS, OptimiseDesign, load_design
from optimise.sampler import SAMPLERS
from optimise.search import Outcome, check_output, optimise
from sim.argtypes import positive_int, posterior_option
from sim.errors import UserError
from sim.executor import local_pool, usable_cpus
from sim.posterior import resolve_posterior

DEFAULT_OUT = Path("out") / "optimise"


def positive_seconds(text: str) -> float:
    """A time in seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got '{text}'") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got '{text}'")
    return value


def register(sub: Any) -> None:
    """Add ``optimise`` to the ``sim`` subcommands."""
    p = sub.add_parser("optimise", help="search lever mixes for the Pareto front (cost against work); resumable")
    p.add_argument("design", help="design TOML file (see examples/optimise/)")
    p.add_argument("--trials", type=positive_int, help="mixes to evaluate in all (default: the design's)")
    p.add_argument("--time-limit", type=positive_seconds, metavar="S", help="start no new generation after S seconds")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive_int, default=1, help="local worker processes (default 1)")
    where.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--out", help=f"output folder (default {DEFAULT_OUT}/<design name>); rerun to resume")
    posterior_option(p)
    p.add_argument(
        "--point-estimate", action="store_true", help="every replication uses the posterior mean (uncertainty = mean)"
    )
    p.add_argument("--reps", type=positive_int, help="paired replications per mix (default: the design's)")
    p.add_argument("--sampler", choices=SAMPLERS, help="nsga2 or tpe (default: the design's)")
    p.add_argument("--sampler-seed", type=positive_int, help="seed of the sampler (default: the design's)")
    p.set_defaults(func=cmd_optimise)


def options(design: OptimiseDesign, args: argparse.Namespace) -> OptimiseDesign:
    """The design with the command-line options applied, each checked like the design's own value.

    Raises:
        UserError: An option outside what the design allows, or too many workers.
    """
    for key in ("trials", "reps", "sampler_seed"):
        value = getattr(args, key)
        lo, hi = LIMITS[key]
        if value is not None and not lo <= value <= hi:
            raise UserError(f"--{key.replace('_', '-')} {value}: expected a whole number in [{lo}, {hi}]")
    most = max(2, usable_cpus())
    if args.workers > most:
        raise UserError(
            f"--workers {args.workers}: at most {most} on this machine (its CPUs); use --scheduler for more"
        )
    return design.with_options(
        trials=args.trials,
        reps=args.reps,
        sampler=args.sampler,
        sampler_seed=args.sampler_seed,
        uncertainty="mean" if args.point_estimate else None,
        posterior=str(resolve_posterior(args.posterior)) if args.posterior else None,
    )


def cmd_optimise(args: argparse.Namespace) -> int:
    """Run (or resume) the search and print the front."""
    design = options(load_design(args.design), args)
    out = Path(args.out) if args.out else DEFAULT_OUT / design.name
    check_output(design, out)
    print(
        f"optimise {design.name}: {design.trials} mixes x {design.reps} replications, {len(design.levers)} levers, "
        f"{design.sampler} (population {design.population}, seed {design.sampler_seed}), "
        f"uncertainty {design.uncertainty} -> {out}",
        file=sys.stderr,
    )
    if args.workers > 1 and not args.scheduler:
        local_pool(args.workers)  # chosen before the progress bar's thread exists: workers are forked, fast
    bar = tqdm(total=design.trials, desc="optimise", unit="mix", file=sys.stderr, delay=1.0, leave=False)

    def tick(done: int, wanted: int) -> None:
        bar.update(done - bar.n)

    try:
        outcome = optimise(design, out, args.workers, args.scheduler, args.time_limit, tick)
    except KeyboardInterrupt:
        print(f"\nstopped; the mixes done are kept in {out}: run the same command to resume", file=sys.stderr)
        raise
    finally:
        bar.close()
    print(format_front(outcome))
    state = "done" if outcome.complete else "stopped early (run the same command to go on)"
    print(
        f"{len(outcome.trials)} mixes {state}, {int(outcome.trials['feasible'].sum())} within the constraints, "
        f"front of {len(outcome.front)} in {outcome.seconds:.1f} s; tables in {out}",
        file=sys.stderr,
    )
    return 0


def format_front(outcome: Outcome) -> str:
    """The front as text: per mix its levers, then each objective's mean [90% interval] and the constraints."""
    d = outcome.design
    lines = [f"Pareto front: {d.title or d.name} ({len(outcome.front)} mixes, {d.reps} paired replications each)"]
    if outcome.front.empty:
        return lines[0] + "\n  no mix keeps the constraints: widen the ranges or relax a constraint"
    for _, row in outcome.front.iterrows():
        levers = ", ".join(f"{lever.key}={_num(row[lever.key])}" for lever in d.levers)
        lines.append(f"\ntrial {row['trial']}: {levers}")
        for item in d.measured:
            name = item.name
            lines.append(
                f"  {name:26s} {_num(row[name]):>14s}  [{_num(row[name + '_lo'])}, {_num(row[name + '_hi'])}]"
                f"  vs reference {_num(row[name + '_diff'], sign=True)}"
            )
    return "\n".join(lines)


def _num(v: Any, sign: bool = False) -> str:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    if abs(v) >= 1000:
        return f"{v:+,.0f}" if sign else f"{v:,.0f}"
    return f"{v:+.3g}" if sign else f"{v:.3g}"
