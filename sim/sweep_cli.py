"""The ``sim sweep`` subcommand (registered by :mod:`werkpad.cli`).

``sim sweep DESIGN.toml [--reps N] [--seed S] [--out DIR] [--workers K | --scheduler ADDR]
[--start-from CASELOAD.csv]`` runs a design (see :mod:`sim.design`) through :mod:`sim.sweep`,
every run from the caseload's people with ``--start-from`` (:mod:`sim.caseload.sweep`);
``sim sweep --collect DIR`` reads a finished or half-finished sweep back as one table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.argtypes import MAX_SWEEP_RUNS, posterior_option, seed, sweep_reps, workers
from sim.caseload import cli as caseload_cli
from sim.caseload.sweep import StartFrom
from sim.design import Design, load_design
from sim.errors import UserError
from sim.outputs import check_folder
from sim.posterior import resolve_posterior
from sim.results_io import check_output_path, write_table

DEFAULT_ROOT = "out/sweeps"


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run a sweep design, or collect a sweep folder with ``--collect``."""
    if args.collect:
        if args.start_from:
            raise UserError("--start-from is for running a sweep; --collect reads what the runs wrote")
        return _collect(Path(args.collect), args.to)
    if not args.design:
        raise UserError("sim sweep: give a design file, or --collect DIR")
    if args.to:
        raise UserError("--to is for --collect; a sweep writes its runs to --out DIR")
    design = load_design(args.design, seed=args.seed)
    start = _start_from(args, design)
    reps = args.reps or design.reps
    runs = len(design.points) * reps
    if runs > MAX_SWEEP_RUNS:
        raise UserError(
            f"{args.design}: {len(design.points):,} points x {reps:,} replications = {runs:,} runs; "
            f"at most {MAX_SWEEP_RUNS:,} in one sweep"
        )
    return _run(args, design, reps, start)


def _run(args: argparse.Namespace, design: Design, reps: int, start: StartFrom | None) -> int:
    """Check the output folder, run the sweep and say what was done (exit 1 if a run failed)."""
    from sim.executor import make_executor
    from sim.sweep import check_same_sweep, run_sweep

    posterior = resolve_posterior(args.posterior)
    out = check_folder(args.out or Path(DEFAULT_ROOT) / design.name, "--out")
    check_same_sweep(out, design, design.seed, None if start is None else start.record())
    with make_executor(args.workers, args.scheduler) as ex:
        print(
            f"sweep {design.name}: {len(design.points)} points x {reps} replications = {len(design.points) * reps} "
            f"runs, seed {design.seed}, {ex.n_workers} worker(s), uncertain parameters: "
            f"{'posterior mean' if args.point_estimate else 'a posterior draw per replication'}"
            f"{_start_text(start)} -> {out}",
            file=sys.stderr,
        )
        try:
            summary = run_sweep(
                design, out, reps, design.seed, ex, point_estimate=args.point_estimate, posterior=posterior, start=start
            )
        except KeyboardInterrupt:
            print(f"\nstopped; finished runs are kept in {out}: run the same command to resume", file=sys.stderr)
            raise
    done = summary.done_before + summary.ran - summary.failed
    print(f"{done}/{summary.total} runs done ({summary.ran} now, {summary.failed} failed) in {out}", file=sys.stderr)
    if summary.failed:
        print(f"failed runs are in {out / 'failures'}; run the same command to retry them", file=sys.stderr)
    return 1 if summary.failed else 0


def _start_from(args: argparse.Namespace, design: Design) -> StartFrom | None:
    """The caseload of ``--start-from`` read and checked (before anything is written), or None.

    Raises:
        UserError: The file is refused, or a remote ``--scheduler`` would take its people off this machine.
    """
    caseload_cli.refuse_stray_year(args)
    if not args.start_from:
        return None
    if args.scheduler:
        raise UserError(
            "--start-from runs on this machine only (--workers N): the caseload's people are not sent to "
            "--scheduler, another machine's cluster"
        )
    return StartFrom.of(caseload_cli.load(args.start_from, args.as_of_year), design)


def _start_text(start: StartFrom | None) -> str:
    """The sweep's first line on the caseload: its SHA-256 prefix, people and past."""
    if start is None:
        return ""
    rec = start.record()
    return f", from caseload sha256 {rec['caseload_sha256'][:16]}... ({rec['caseload_people']} people, past: base)"


def _collect(folder: Path, to: str | None) -> int:
    from sim.sweep import collect, failures, read_manifest

    if to:
        check_output_path(to, "--to")
    df = collect(folder)
    failed = failures(folder)
    manifest: dict[str, Any] = read_manifest(folder)
    runs = df[["point", "replication"]].drop_duplicates().shape[0]
    print(f"{folder}: {runs} runs, {len(failed)} failed, {len(df)} rows", file=sys.stderr)
    if to:
        write_table(df, check_output_path(to), {"sweep": manifest})
        print(f"wrote {to}", file=sys.stderr)
    else:
        df.to_csv(sys.stdout, index=False)
    return 0


def register(sub: Any) -> None:
    """Add ``sweep`` to the ``sim`` subcommands."""
    p = sub.add_parser("sweep", help="run a sweep design (grid, Latin hypercube, list); resumable")
    p.add_argument("design", nargs="?", help="design TOML file (see examples/sweeps/)")
    p.add_argument(
        "--reps",
        type=sweep_reps,
        default=None,
        help=f"replications per point (default: the design's; points x replications at most {MAX_SWEEP_RUNS:,})",
    )
    p.add_argument("--seed", type=seed, default=None, help="base seed (default: the design's, else 1)")
    p.add_argument("--out", help=f"output folder (default: {DEFAULT_ROOT}/<design name>); rerun to resume")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=workers,
        default=1,
        help="local worker processes (Dask LocalCluster; at most this machine's CPUs)",
    )
    where.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://host:8786")
    p.add_argument(
        "--point-estimate",
        action="store_true",
        help="every run uses the posterior mean (default: replication k draws from the posterior, same at every point)",
    )
    posterior_option(p)
    caseload_cli.add_options(
        p,
        "every run of every point starts from your own anonymised caseload (format: README; months count "
        "from the file's date; its past is the design's base; --workers only, not --scheduler); the run files "
        "hold the caseload's KPIs (group 'caseload') and the file's SHA-256, never its rows",
    )
    p.add_argument("--collect", metavar="DIR", help="read a sweep folder as one table instead of running")
    p.add_argument("--to", metavar="FILE", help="with --collect: write .parquet or .csv (default: CSV on stdout)")
    p.set_defaults(func=cmd_sweep)
