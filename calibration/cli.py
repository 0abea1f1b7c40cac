"""``sim calibrate`` and ``sim sensitivity``: the calibration's command-line faces.

Registered by :mod:`werkpad.cli`. ``calibrate`` runs (or resumes) ABC-SMC, then
writes the posterior (``posterior.csv`` + ``.json``) and the fit report beside it.
``sensitivity`` runs a SALib Morris or Sobol analysis and writes a ranking table and chart.

Both write under ``out/`` by default. The shipped posterior and ranking in ``calibration/``
(what the app and every run read) are replaced only with ``--replace-shipped``. Every output
and the ``--db`` are checked before any simulation runs.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from pathlib import Path
from typing import Any

from sim.argtypes import MAX_GENERATIONS, MAX_PARTICLES, MAX_SAMPLES, bounded, seed, seed32, workers
from sim.errors import UserError
from sim.outputs import check_file, check_folder

DEFAULT_DB = Path("out/calibration/era_2014.db")
DEFAULT_POSTERIOR = Path("out/calibration/posterior.csv")
DEFAULT_SENSITIVITY = Path("out/sensitivity")
SHIPPED = Path(__file__).resolve().parent  # calibration/: the posterior and ranking every face reads
MAX_COHORT = 60_000  # persons a year: the range of context.inflow_per_year


def register(sub: Any) -> None:
    """Add the ``calibrate`` and ``sensitivity`` subcommands to ``sim``'s subparsers."""
    p = sub.add_parser("calibrate", help="ABC-SMC calibration to the 2014 cohort (resumes with the same --db)")
    n_particles = bounded(1, MAX_PARTICLES)
    p.add_argument(
        "--particles", type=n_particles, default=300, help=f"population size (default 300, at most {MAX_PARTICLES:,})"
    )
    p.add_argument(
        "--generations",
        type=bounded(1, MAX_GENERATIONS),
        default=8,
        help=f"generations in total (default 8, at most {MAX_GENERATIONS})",
    )
    _executor_args(p)
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"pyABC history database (default {DEFAULT_DB})")
    p.add_argument("--seed", type=seed, default=1, help="base seed (default 1)")
    p.add_argument(
        "--cohort", type=bounded(1, MAX_COHORT), default=None, help="cohort size a year (default: era_2014's 3,000)"
    )
    p.add_argument("--out", type=Path, default=DEFAULT_POSTERIOR, help=f"posterior CSV (default {DEFAULT_POSTERIOR})")
    p.add_argument("--no-report", action="store_true", help="skip the fit report (written beside the posterior)")
    _replace_arg(p, "posterior and fit report")
    p.set_defaults(func=cmd_calibrate)
    p = sub.add_parser("sensitivity", help="Morris or Sobol sensitivity of KPIs to uncertain parameters and levers")
    p.add_argument("--method", choices=("morris", "sobol"), default="morris")
    p.add_argument(
        "--n",
        type=bounded(1, MAX_SAMPLES),
        default=20,
        help=f"trajectories (Morris) or base samples (Sobol); default 20, at most {MAX_SAMPLES:,}",
    )
    _executor_args(p)
    p.add_argument("--seed", type=seed32, default=1, help="seed of the design and of every run (default 1; < 2^32)")
    p.add_argument(
        "--out-dir", type=Path, default=DEFAULT_SENSITIVITY, help=f"where to write (default {DEFAULT_SENSITIVITY})"
    )
    _replace_arg(p, "sensitivity ranking")
    p.set_defaults(func=cmd_sensitivity)


def _replace_arg(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--replace-shipped",
        action="store_true",
        help=f"allow writing into calibration/, replacing the shipped {what} that the app and every run read",
    )


def _executor_args(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--workers", type=workers, default=1, help="local worker processes (default 1; at most this machine's CPUs)"
    )
    g.add_argument("--scheduler", default=None, help="Dask scheduler address tcp://HOST:PORT")


def guard_shipped(folder: Path, option: str, allowed: bool) -> None:
    """Refuse to write into ``calibration/`` (the shipped results) without ``--replace-shipped``.

    Raises:
        UserError: ``folder`` is the shipped folder and the flag was not given.
    """
    if folder.resolve() == SHIPPED and not allowed:
        raise UserError(
            f"{option} {folder}: this would replace the shipped results in calibration/ that the app and every "
            "run read; add --replace-shipped to do so, or write elsewhere"
        )


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    for name in ("ABC", "calibration"):
        lg = logging.getLogger(name)
        lg.handlers = [handler]
        lg.setLevel(logging.INFO)
        lg.propagate = False
    logging.getLogger("ABC.Sampler").setLevel(logging.WARNING)


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Run or resume the calibration; write the posterior and the fit report."""
    from calibration.fit import FitSettings, calibrate
    from calibration.history_db import check_db

    _setup_logging()
    guard_shipped(args.out.parent, "--out", args.replace_shipped)
    if args.out.suffix.lower() != ".csv":
        raise UserError(f"--out {args.out}: expected a .csv file (the posterior table)")
    check_db(args.db)
    check_file(args.out, "--out", (".json",))
    settings = FitSettings(
        db=args.db,
        particles=args.particles,
        generations=args.generations,
        workers=args.workers,
        scheduler=args.scheduler,
        seed=args.seed,
        inflow_per_year=args.cohort,
    )
    history = calibrate(settings)
    out = args.out
    export(history, settings, out)
    print(f"wrote {out} ({history.max_t + 1} generations)", file=sys.stderr)
    if not args.no_report:
        from calibration.report import era_prediction, write_report

        paths = write_report(out.parent, posterior=out, workers=args.workers, scheduler=args.scheduler)
        era = out.parent / "era_2020_prediction.csv"
        era_prediction("era_2020", workers=args.workers, posterior=out).to_csv(era, index=False)
        print("wrote " + ", ".join(str(p) for p in [*paths, era]), file=sys.stderr)
    return 0


def export(history: Any, settings: Any, out: Path) -> None:
    """Write the last generation of ``history`` as the posterior, with provenance."""
    import pyabc

    from calibration.fit import posterior_frame
    from calibration.posterior import write_posterior
    from calibration.priors import PRIORS, TIED
    from calibration.simulate import calibration_scenario
    from calibration.targets import OBSERVED_PATH
    from sim.provenance import stamp

    df, w = posterior_frame(history)
    pops = history.get_all_populations()
    meta = stamp(
        method="ABC-SMC (pyABC) on log(parameter), log-normal priors, QuantileEpsilon(0.5), "
        "MultivariateNormalTransition(scaling=4)",
        pyabc_version=pyabc.__version__,
        scenario="era_2014",
        scenario_hash=calibration_scenario("era_2014", settings.inflow_per_year).hash,
        targets_sha256=hashlib.sha256(OBSERVED_PATH.read_bytes()).hexdigest()[:16],
        particles=settings.particles,
        generations=int(history.max_t) + 1,
        seed=settings.seed,
        total_simulations=int(history.total_nr_simulations),
        db=str(settings.db),
        priors={p.key: [p.low, p.high, p.grounds] for p in PRIORS},
        tied=TIED,
        populations=pops[["t", "epsilon", "samples", "particles"]].to_dict("records"),
    )
    write_posterior(df, w, meta, out)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Run a Morris or Sobol analysis; write the ranking table and chart."""
    from calibration.sensitivity import run_sensitivity

    guard_shipped(args.out_dir, "--out-dir", args.replace_shipped)
    check_folder(args.out_dir, "--out-dir")
    paths = run_sensitivity(args.method, args.n, args.seed, args.workers, args.scheduler, args.out_dir)
    print("wrote " + ", ".join(str(p) for p in paths), file=sys.stderr)
    return 0
