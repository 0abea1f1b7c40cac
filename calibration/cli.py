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
import logging
import sys
from pathlib import Path
from typing import Any

from sim.argtypes import MAX_GENERATIONS, MAX_PARTICLES, MAX_SAMPLES, bounded, seed, seed32, workers
from sim.errors import UserError
from sim.outputs import check_folder

DEFAULT_SENSITIVITY = Path("out/sensitivity")
SHIPPED = Path(__file__).resolve().parent  # calibration/: the posterior and ranking every face reads
MAX_COHORT = 60_000  # persons a year: the range of context.inflow_per_year


def register(sub: Any) -> None:
    """Add the ``calibrate`` and ``sensitivity`` subcommands to ``sim``'s subparsers."""
    p = sub.add_parser(
        "calibrate", help="ABC-SMC calibration to a targets file (default: the 2014 cohort); resumes with the same --db"
    )
    _calibrate_args(p)
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


def _calibrate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--targets",
        type=Path,
        default=None,
        help="targets CSV: metric, month, group, observed, tolerance, weight, source (README, 'Your own targets'); "
        "default calibration/targets_2014.csv",
    )
    p.add_argument(
        "--scenario", default="era_2014", help="scenario name or TOML file the model runs (default era_2014)"
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="fit only the parameters the targets inform (the others at the shipped posterior's mean), "
        "150 particles x 5 generations unless given: minutes, not half an hour",
    )
    p.add_argument(
        "--particles",
        type=bounded(1, MAX_PARTICLES),
        default=None,
        help=f"population size (default 300, with --quick 150; at most {MAX_PARTICLES:,})",
    )
    p.add_argument(
        "--generations",
        type=bounded(1, MAX_GENERATIONS),
        default=None,
        help=f"generations in total (default 8, with --quick 5; at most {MAX_GENERATIONS})",
    )
    _executor_args(p)
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        help="pyABC history database (default out/calibration/era_2014.db; for other targets DIR/history.db)",
    )
    p.add_argument("--seed", type=seed, default=1, help="base seed (default 1)")
    p.add_argument(
        "--cohort", type=bounded(1, MAX_COHORT), default=None, help="cohort size a year (default: the scenario's)"
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="posterior folder to write (default out/calibration, or out/calibration/<targets> for other targets)",
    )
    p.add_argument("--no-report", action="store_true", help="skip the fit report (written in the folder)")
    _replace_arg(p, "posterior and fit report")


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
    """Run or resume the calibration; write the posterior folder and the fit report."""
    import calibration.fit  # noqa: F401 - pyABC adds its own log handler when imported; replaced here
    from calibration.calibrate_cmd import cmd_calibrate as run_calibrate

    _setup_logging()
    return run_calibrate(args)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Run a Morris or Sobol analysis; write the ranking table and chart."""
    from calibration.sensitivity import run_sensitivity

    guard_shipped(args.out_dir, "--out-dir", args.replace_shipped)
    check_folder(args.out_dir, "--out-dir")
    paths = run_sensitivity(args.method, args.n, args.seed, args.workers, args.scheduler, args.out_dir)
    print("wrote " + ", ".join(str(p) for p in paths), file=sys.stderr)
    return 0
