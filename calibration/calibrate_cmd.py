"""``sim calibrate``: fit the uncertain parameters to a targets file; write a posterior folder.

What a run needs is checked before any simulation (:func:`plan`): the targets file against
the scenario (:mod:`calibration.targetsfile`), the output folder (never ``calibration/``
without ``--replace-shipped``), the pyABC database. Then ABC-SMC runs (or resumes) and the
folder is written::

    DIR/posterior.csv       weighted parameter sets (every calibrated parameter; in quick mode
                            the ones not fitted are columns held at the shipped posterior's mean)
    DIR/posterior.json      provenance: targets file and its SHA-256, scenario and its hash,
                            mode, priors fitted, settings, generations
    DIR/targets.csv         a copy of the targets file fitted
    DIR/fit_table.csv, fit_report.html, fit_report.png, posterior_marginals.png,
    DIR/pinned_down.csv     each fitted parameter's posterior 90% range against its prior's

``--posterior DIR`` of ``sim run``, ``compare``, ``sweep``, ``report`` and ``optimise``
reads such a folder, and so does the app for a folder under ``out/``.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calibration.cli import guard_shipped
from calibration.targets import TARGETS_PATH, Target
from sim.errors import UserError
from sim.outputs import check_file, check_folder

DEFAULT_DB = Path("out/calibration/era_2014.db")
DEFAULT_OUT = Path("out/calibration")
DEFAULT_SCENARIO = "era_2014"
FULL = (300, 8)  # particles, generations of a full calibration
QUICK = (150, 5)  # of --quick: a few minutes on one core for era_2014 (about 0.04 s a run)


@dataclass
class Plan:
    """Everything a calibration run was checked to need.

    Attributes:
        targets: The targets read from ``targets_path``.
        targets_path: The targets file.
        scenario: Scenario name or absolute TOML path.
        folder: The posterior folder written.
        csv: The posterior CSV in it.
        db: The pyABC history database.
        quick: Whether only the parameters the targets inform are fitted.
        priors: The priors fitted.
        fixed: Values of calibrated parameters held fixed (quick mode).
        particles: Population size.
        generations: Generations in total.
    """

    targets: tuple[Target, ...]
    targets_path: Path
    scenario: str
    folder: Path
    csv: Path
    db: Path
    quick: bool
    priors: tuple[Any, ...]
    fixed: dict[str, float] = field(default_factory=dict)
    particles: int = FULL[0]
    generations: int = FULL[1]


def scenario_arg(text: str) -> str:
    """A shipped scenario name, or a TOML file given as an absolute path (so workers find it)."""
    path = Path(text)
    return str(path.resolve()) if path.suffix.lower() == ".toml" or path.is_file() else text


def _folders(args: argparse.Namespace, custom: bool, stem: str) -> tuple[Path, Path]:
    """(folder, posterior CSV) of ``--out``: a folder, or (as before) a ``.csv`` file whose folder gets the rest."""
    out = args.out or (DEFAULT_OUT / stem if custom else DEFAULT_OUT)
    if out.suffix.lower() == ".csv":
        return out.parent, out
    if out.suffix:
        raise UserError(f"--out {out}: expected a folder (or a posterior .csv file)")
    return out, out / "posterior.csv"


def plan(args: argparse.Namespace) -> Plan:
    """Check the targets, scenario, outputs and database; decide what is fitted.

    Raises:
        UserError: One line naming the option, file, row or column.
    """
    from calibration.history_db import check_db
    from calibration.informs import informed_priors
    from calibration.priors import PRIORS
    from calibration.simulate import calibration_scenario
    from calibration.targets import load_targets
    from calibration.targetsfile import check_measurable
    from sim.runner import run

    scenario = scenario_arg(args.scenario)
    sc = calibration_scenario(scenario, args.cohort)
    targets_path = args.targets or TARGETS_PATH
    targets = load_targets(Path(targets_path), int(sc.params()["context.horizon_months"]))
    custom = Path(targets_path).resolve() != TARGETS_PATH.resolve() or scenario != DEFAULT_SCENARIO
    stem = Path(targets_path).stem + ("" if scenario == DEFAULT_SCENARIO else "_" + Path(scenario).stem)
    folder, csv = _folders(args, custom, stem)
    guard_shipped(folder, "--out", args.replace_shipped)
    check_folder(folder, "--out")
    check_file(csv, "--out")
    db = args.db or _default_db(custom, folder, stem)
    check_db(db)
    priors = informed_priors(targets) if args.quick else PRIORS
    if not priors:
        raise UserError(
            f"--quick: the fitted figures of {targets_path} inform none of the calibrated parameters "
            "(metrics: employed, fulltime, welfare, welfare_main, exam_passed, exempt, b1, in_course do)"
        )
    # last, as it runs the model once: every other mistake is refused before any work starts
    check_measurable(targets, run(sc, 0, theta=_held(())), Path(targets_path), Path(scenario).name)
    particles, generations = QUICK if args.quick else FULL
    return Plan(
        targets=targets,
        targets_path=Path(targets_path),
        scenario=scenario,
        folder=folder,
        csv=csv,
        db=db,
        quick=args.quick,
        priors=priors,
        fixed=_held(priors) if args.quick else {},
        particles=args.particles or particles,
        generations=args.generations or generations,
    )


def _default_db(custom: bool, folder: Path, stem: str) -> Path:
    """The 2014 calibration's database as before; another's in its folder (outside ``calibration/``)."""
    if not custom:
        return DEFAULT_DB
    return DEFAULT_DB.with_name(f"{stem}.db") if folder.resolve() == TARGETS_PATH.parent else folder / "history.db"


def _held(priors: tuple[Any, ...]) -> dict[str, float]:
    """The calibrated parameters not fitted, at the shipped posterior's mean (none without a shipped posterior)."""
    from calibration.priors import TIED
    from sim.posterior import POSTERIOR_PATH, point_estimate

    if not POSTERIOR_PATH.is_file():
        return {}
    fitted = {p.key for p in priors}
    fitted |= {k for k, src in TIED.items() if src in fitted}
    return {k: v for k, v in point_estimate(POSTERIOR_PATH).items() if k not in fitted}


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Run or resume the calibration; write the posterior folder and its fit report."""
    from calibration.fit import FitSettings, calibrate

    p = plan(args)
    mode = "quick: " + ", ".join(pr.key for pr in p.priors) if p.quick else f"all {len(p.priors)} parameters"
    print(f"calibrating to {len(p.targets)} targets of {p.targets_path} in {p.scenario} ({mode})", file=sys.stderr)
    settings = FitSettings(
        db=p.db,
        particles=p.particles,
        generations=p.generations,
        workers=args.workers,
        scheduler=args.scheduler,
        seed=args.seed,
        priors=p.priors,
        fixed=p.fixed,
        inflow_per_year=args.cohort,
        targets=p.targets,
        scenario=p.scenario,
    )
    history = calibrate(settings)
    export(history, settings, p)
    print(f"wrote {p.csv} ({history.max_t + 1} generations)", file=sys.stderr)
    if not args.no_report:
        _report(p, args)
    return 0


def _report(p: Plan, args: argparse.Namespace) -> None:
    from calibration.pinned import pinned_lines
    from calibration.report import era_prediction, write_report

    default = p.targets_path.resolve() == TARGETS_PATH.resolve() and p.scenario == DEFAULT_SCENARIO
    paths = write_report(
        p.folder,
        posterior=p.csv,
        workers=args.workers,
        scheduler=args.scheduler,
        targets=None if default else p.targets,
        scenario=p.scenario,
    )
    if default:
        era = p.folder / "era_2020_prediction.csv"
        era_prediction("era_2020", workers=args.workers, posterior=p.csv).to_csv(era, index=False)
        paths.append(era)
    print("wrote " + ", ".join(str(x) for x in paths), file=sys.stderr)
    import pandas as pd

    for line in pinned_lines(pd.read_csv(p.folder / "pinned_down.csv")):
        print(line, file=sys.stderr)


def shown_path(path: Path) -> str:
    """A path as provenance records it: relative to the project when inside it, so no machine's folders."""
    root = TARGETS_PATH.resolve().parents[1]
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


def export(history: Any, settings: Any, p: Plan) -> None:
    """Write the last generation of ``history`` as the posterior folder's CSV, JSON and targets copy."""
    import pyabc

    from calibration.fit import METHOD, posterior_frame
    from calibration.posterior import write_posterior
    from calibration.priors import TIED
    from calibration.simulate import calibration_scenario
    from sim.provenance import stamp

    df, w = posterior_frame(history)
    for key, value in p.fixed.items():
        df[key] = value
    pops = history.get_all_populations()
    meta = stamp(
        method=METHOD,
        pyabc_version=pyabc.__version__,
        mode="quick" if p.quick else "full",
        scenario=p.scenario,
        scenario_hash=calibration_scenario(p.scenario, settings.inflow_per_year).hash,
        inflow_per_year=settings.inflow_per_year,
        targets_file=shown_path(p.targets_path),
        targets_sha256=hashlib.sha256(p.targets_path.read_bytes()).hexdigest()[:16],
        targets_n=len(p.targets),
        particles=settings.particles,
        generations=int(history.max_t) + 1,
        seed=settings.seed,
        total_simulations=int(history.total_nr_simulations),
        db=str(settings.db),
        priors={pr.key: [pr.low, pr.high, pr.grounds] for pr in p.priors},
        held_fixed=dict(p.fixed),
        tied=TIED,
        populations=pops[["t", "epsilon", "samples", "particles"]].to_dict("records"),
    )
    write_posterior(df, w, meta, p.csv)
    copy = p.folder / "targets.csv"
    if p.folder.resolve() != TARGETS_PATH.parent and p.targets_path.resolve() != copy.resolve():
        shutil.copyfile(p.targets_path, copy)
