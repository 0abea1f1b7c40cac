"""``sim calibrate`` and ``sim sensitivity``: the calibration's command-line faces.

Registered by :mod:`werkpad.cli`. ``calibrate`` runs (or resumes) ABC-SMC, then
writes the posterior (``calibration/posterior.csv`` + ``.json``) and the fit report.
``sensitivity`` runs a SALib Morris or Sobol analysis and writes a ranking table and chart.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from pathlib import Path
from typing import Any

from sim.argtypes import positive_int
from sim.errors import UserError

DEFAULT_DB = Path("out/calibration/era_2014.db")


def register(sub: Any) -> None:
    """Add the ``calibrate`` and ``sensitivity`` subcommands to ``sim``'s subparsers."""
    p = sub.add_parser("calibrate", help="ABC-SMC calibration to the 2014 cohort (resumes with the same --db)")
    p.add_argument("--particles", type=positive_int, default=300, help="population size (default 300)")
    p.add_argument("--generations", type=positive_int, default=8, help="generations in total (default 8)")
    _executor_args(p)
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"pyABC history database (default {DEFAULT_DB})")
    p.add_argument("--seed", type=int, default=1, help="base seed (default 1)")
    p.add_argument("--cohort", type=positive_int, default=None, help="cohort size (default: era_2014's 3,000)")
    p.add_argument("--out", type=Path, default=None, help="posterior CSV (default calibration/posterior.csv)")
    p.add_argument("--no-report", action="store_true", help="skip the fit report")
    p.set_defaults(func=cmd_calibrate)
    p = sub.add_parser("sensitivity", help="Morris or Sobol sensitivity of KPIs to uncertain parameters and levers")
    p.add_argument("--method", choices=("morris", "sobol"), default="morris")
    p.add_argument("--n", type=positive_int, default=20, help="trajectories (Morris) or base samples (Sobol)")
    _executor_args(p)
    p.add_argument("--seed", type=int, default=1, help="seed of the design and of every run (default 1)")
    p.add_argument("--out-dir", type=Path, default=None, help="where to write (default calibration/)")
    p.set_defaults(func=cmd_sensitivity)


def _executor_args(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--workers", type=positive_int, default=1, help="local worker processes (default 1)")
    g.add_argument("--scheduler", default=None, help="Dask scheduler address tcp://HOST:PORT")


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
    from calibration.posterior import POSTERIOR_PATH

    _setup_logging()
    if args.db.exists() and not args.db.is_file():
        raise UserError(f"--db {args.db}: not a file")
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
    out = args.out or POSTERIOR_PATH
    export(history, settings, out)
    print(f"wrote {out} ({history.max_t + 1} generations)", file=sys.stderr)
    if not args.no_report:
        from calibration.report import HERE, era_prediction, write_report

        paths = write_report(posterior=out, workers=args.workers, scheduler=args.scheduler)
        era = HERE / "era_2020_prediction.csv"
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

    paths = run_sensitivity(args.method, args.n, args.seed, args.workers, args.scheduler, args.out_dir)
    print("wrote " + ", ".join(str(p) for p in paths), file=sys.stderr)
    return 0
