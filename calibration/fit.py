"""ABC-SMC calibration with MCMC moves, run through Werkpad's executor; resumable from its database.

Data flow::

    priors (calibration.priors) --calibration.moves: prior sample, then per generation
      threshold / resample / Metropolis-Hastings moves--> parameter sets
      --batches through sim.executor (in process, LocalCluster or a scheduler)-->
      AbcModel: era_2014 run -> summary statistics (calibration.simulate)
      --AbcDistance vs observed targets--> within the threshold or not
    history: pyABC's SQLite database (--db); every finished generation is stored there with
      equal weights, so pyABC's tools read it and the posterior files are written from it

Why MCMC moves and not pyABC's importance-weighted sampler: see :mod:`calibration.moves`
(its weights degenerate in this fit's 17 dimensions). pyABC keeps the database format.

Randomness: the draws of each generation's resampling and moves come from
``SeedSequence(seed, generation, step)``; each model run's own seed is a hash of its
parameter values (:func:`calibration.simulate.theta_seed`). So a calibration gives the same
generations with any number of workers.

Resume: rerunning with the same ``--db`` loads the latest run in the database and continues
from the first generation not yet stored, up to ``generations`` in total. A generation that
was interrupted half-way is sampled again. Other particles, seed, scenario (or its
parameters), cohort size or targets than the run was started with are refused
(:mod:`calibration.history_db`).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pyabc

from calibration import moves
from calibration.history_db import check_db, check_resume, stored_settings, targets_digest
from calibration.priors import PRIORS, Prior, from_log, full_theta, pyabc_prior
from calibration.simulate import calibration_scenario, distance, simulate, theta_seed
from calibration.targets import Target, load_targets, observed_vector
from sim.executor import make_executor

log = logging.getLogger("calibration")
T = TypeVar("T")
METHOD = (
    "ABC-SMC with MCMC moves (Drovandi and Pettitt 2011; calibration/moves.py) on log(parameter), "
    f"log-normal priors, epsilon = quantile {moves.QUANTILE} of the distances, Gaussian random walk "
    f"2.38^2/d x covariance, up to {moves.MAX_STEPS} steps a generation; pyABC's database"
)


def _run_batch(item: tuple[Any, list[dict[str, float]]]) -> list[dict[str, float]]:
    """Summary statistics of each parameter set of a batch (a top-level function, for the executor)."""
    model, rows = item
    return [model(r) for r in rows]


@dataclass
class AbcModel:
    """pyABC model: parameter set -> summary statistics of one run of the scenario (picklable)."""

    fixed: dict[str, float] = field(default_factory=dict)
    inflow_per_year: int | None = None
    scenario_name: str = "era_2014"
    targets: tuple[Target, ...] = ()

    def __call__(self, pars: dict[str, float]) -> dict[str, float]:
        """Summary statistics of one run with these parameters (seed from their values)."""
        theta = {**self.fixed, **from_log(dict(pars))}
        scenario = calibration_scenario(self.scenario_name, self.inflow_per_year)
        return simulate(theta, theta_seed(theta), scenario, self.targets or None)


@dataclass
class AbcDistance:
    """pyABC distance: weighted RMS of tolerance-scaled errors (``calibration.simulate.distance``)."""

    targets: tuple[Target, ...] = ()

    def __call__(self, x: dict[str, float], x_0: dict[str, float]) -> float:
        """Distance between simulated and observed statistics."""
        return distance(x, x_0, self.targets or load_targets())


@dataclass
class FitSettings:
    """Settings of one calibration.

    Attributes:
        db: SQLite file of the pyABC history (resumed when it holds a run).
        particles: Population size per generation.
        generations: Generations in total (including those already in ``db``).
        workers: Local worker processes (1 = in process).
        scheduler: Dask scheduler address (overrides ``workers``).
        seed: Base seed.
        batch_size: Simulations per executor task.
        priors: Priors of the fitted parameters (default: all of ``calibration.priors``).
        fixed: Values of other parameters held fixed during the fit.
        inflow_per_year: Cohort size (default: the scenario's).
        observed: Observed statistics (default: the targets' observed values).
        progress: Print a line per generation on stderr (else log it).
        targets: The targets (default: the shipped 2014 targets file).
        scenario: Scenario name or TOML path the model runs (default ``era_2014``).
    """

    db: Path
    particles: int = 300
    generations: int = 6
    workers: int = 1
    scheduler: str | None = None
    seed: int = 1
    batch_size: int = 10
    priors: tuple[Prior, ...] = PRIORS
    fixed: dict[str, float] = field(default_factory=dict)
    inflow_per_year: int | None = None
    observed: dict[str, float] | None = None
    progress: bool = True
    targets: tuple[Target, ...] = ()
    scenario: str = "era_2014"

    def the_targets(self) -> tuple[Target, ...]:
        """The targets fitted (the shipped 2014 file when none are given)."""
        return self.targets or load_targets()

    def the_observed(self) -> dict[str, float]:
        """The observed statistics fitted (the targets' observed values when none are given)."""
        return self.observed or observed_vector(self.the_targets())


def _abc(s: FitSettings) -> pyabc.ABCSMC:
    """The pyABC object that creates and opens the history database (it samples nothing here)."""
    return pyabc.ABCSMC(
        models=AbcModel(dict(s.fixed), s.inflow_per_year, s.scenario, s.the_targets()),
        parameter_priors=pyabc_prior(s.priors),
        distance_function=AbcDistance(s.the_targets()),
        population_size=s.particles,
        sampler=pyabc.sampler.SingleCoreSampler(),
    )


def resume_settings(s: FitSettings) -> dict[str, Any]:
    """The settings a resumed calibration must share with the run in its database."""
    observed = s.the_observed()
    return {
        "particles": s.particles,
        "seed": s.seed,
        "scenario": s.scenario,
        "scenario_hash": calibration_scenario(s.scenario, s.inflow_per_year).hash,
        "inflow_per_year": s.inflow_per_year,
        "targets_sha256": targets_digest(observed),
        "fitted": [p.key for p in s.priors],
    }


def _start_or_resume(abc: pyabc.ABCSMC, s: FitSettings) -> int:
    """Open the history (new or the latest run in ``db``); return generations already done.

    Raises:
        UserError: ``db`` is not a pyABC database, or holds a calibration with other settings.
    """
    check_db(s.db)
    url = f"sqlite:///{s.db.resolve()}"
    meta = resume_settings(s)
    if s.db.exists() and s.db.stat().st_size > 0 and pyabc.History(url).all_runs():
        old = pyabc.History(url)
        check_resume(s.db, stored_settings(old), meta, dict(old.observed_sum_stat()))
        hist = abc.load(url, abc_id=old.id)
        done = int(hist.max_t) + 1
        log.info("resuming run %s in %s after %d generation(s)", hist.id, s.db, done)
        return done
    s.db.parent.mkdir(parents=True, exist_ok=True)
    abc.new(url, s.the_observed(), meta_info=meta)
    return 0


def calibrate(s: FitSettings) -> pyabc.History:
    """Run (or resume) the calibration until ``s.generations`` generations exist.

    Args:
        s: The settings.

    Returns:
        The pyABC history of the run.
    """
    abc = _abc(s)
    done = _start_or_resume(abc, s)
    if done >= s.generations:
        log.info("%s already holds %d generation(s); nothing to do", s.db, done)
        return abc.history
    targets = s.the_targets()
    observed = s.the_observed()
    model = AbcModel(dict(s.fixed), s.inflow_per_year, s.scenario, targets)
    dist = AbcDistance(targets)
    names = [p.name for p in s.priors]
    with make_executor(s.workers, s.scheduler) as ex:
        evaluate = moves.evaluator(ex, _run_batch, model, names, lambda st: dist(st, observed), s.batch_size)
        if done == 0:
            (pop, gen), wall = _timed(partial(moves.first_generation, s.priors, s.particles, s.seed, evaluate))
            _store(abc.history, 0, pop, gen, wall, s)
        pop = _load(abc.history, names)
        for t in range(max(done, 1), s.generations):
            (pop, gen), wall = _timed(partial(moves.next_generation, pop, s.priors, t, s.seed, evaluate))
            _store(abc.history, t, pop, gen, wall, s)
    return abc.history


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    """``fn()`` and the wall time it took (seconds)."""
    start = time.perf_counter()
    got = fn()
    return got, time.perf_counter() - start


def _store(
    history: pyabc.History, t: int, pop: moves.Population, gen: moves.Generation, wall: float, s: FitSettings
) -> None:
    """Append generation ``t`` (equal weights) to the database and report it."""
    names = [p.name for p in s.priors]
    n = len(pop.distance)
    particles = [
        pyabc.Particle(0, pyabc.Parameter(dict(zip(names, map(float, x), strict=True))), 1.0 / n, st, float(d))
        for x, d, st in zip(pop.x, pop.distance, pop.stats, strict=True)
    ]
    history.append_population(t, gen.epsilon, pyabc.Population(particles), gen.simulations, ["era"], wall_time=wall)
    line = (
        f"generation {t}: epsilon {gen.epsilon:.3f}, {gen.simulations:,} runs ({gen.steps} steps, "
        f"{gen.acceptance:.0%} of moves accepted), median distance {np.median(pop.distance):.3f}, "
        f"{len(np.unique(pop.x, axis=0))} distinct of {n}, {wall:.0f} s"
    )
    if s.progress:
        print(line, file=sys.stderr)
    else:
        log.info(line)


def _load(history: pyabc.History, names: list[str]) -> moves.Population:
    """The last stored generation as a :class:`calibration.moves.Population`."""
    particles = history.get_population(t=history.max_t).particles
    x = np.array([[float(p.parameter[k]) for k in names] for p in particles])
    return moves.Population(x, np.array([float(p.distance) for p in particles]), [dict(p.sum_stat) for p in particles])


def posterior_frame(history: pyabc.History, t: int | None = None) -> tuple[Any, np.ndarray]:
    """Weighted parameter sets of a generation (default the last), tied parameters added.

    Returns:
        (DataFrame with one column per parameter, normalised weights).
    """
    df, w = history.get_distribution(m=0, t=history.max_t if t is None else t)
    df = df.reset_index(drop=True)
    full = [full_theta(from_log(row)) for row in df.to_dict("records")]
    import pandas as pd

    return pd.DataFrame(full), np.asarray(w, dtype=float) / float(np.sum(w))
