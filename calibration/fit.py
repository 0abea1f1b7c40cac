"""ABC-SMC calibration with pyABC, run through Werkpad's executor; resumable from its database.

Data flow::

    priors (calibration.priors) --pyABC ABCSMC--> parameter sets
      --ExecutorSampler: batches through sim.executor (in process, LocalCluster or a scheduler)-->
      AbcModel: era_2014 run -> summary statistics (calibration.simulate)
      --AbcDistance vs observed targets--> accept / reject
    history: pyABC SQLite database (--db); every finished generation is stored there

Why a small sampler of our own rather than pyABC's ``DaskDistributedSampler``: sweeps,
sensitivity and calibration must go through one executor (``sim.executor``), which also runs
in process without Dask (tests, ``--workers 1``) and owns the cluster set-up and the bounded
window of tasks. :class:`ExecutorSampler` is pyABC's own dynamic-scheduling recipe
(``EPSMixin``: numbered jobs, keep the accepted particles in job order up to the n-th, so
fast simulations are not favoured) on top of :meth:`Executor.map`. A job is a batch of
simulations, which keeps the per-task overhead of Dask small for 0.1-s runs.

Randomness: pyABC draws parameters from NumPy's global generator inside ``simulate_one``;
each batch seeds it (and ``random``) from ``SeedSequence(seed, generation, job)``, so a
calibration with ``--workers 1`` is reproducible. Each model run's own seed is a hash of its
parameter values (:func:`calibration.simulate.theta_seed`).

Resume: rerunning with the same ``--db`` loads the latest run in the database and continues
from the first generation not yet stored, up to ``generations`` in total. A generation that
was interrupted half-way is sampled again. Other particles, seed, scenario, cohort size or
targets than the run was started with are refused (:mod:`calibration.history_db`).
"""

from __future__ import annotations

import itertools
import logging
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cloudpickle
import numpy as np
import pyabc
from pyabc.sampler import Sampler
from tqdm import tqdm

from calibration.history_db import check_db, check_resume, stored_settings, targets_digest
from calibration.priors import PRIORS, Prior, from_log, full_theta, pyabc_prior
from calibration.simulate import calibration_scenario, distance, simulate, theta_seed
from calibration.targets import Target, load_targets, observed_vector
from sim.executor import Executor, TaskFailed, make_executor

log = logging.getLogger("calibration")
# Perturbation kernel: covariance = population covariance x Silverman factor^2 (~0.4 in 11
# dimensions) x this scaling, i.e. ~1.6x the population covariance, near the 2x that Beaumont et
# al. (2009) derive for ABC-PMC. pyABC's default (scaling 1) collapsed the effective sample size
# to 6 of 300 by generation 3: a narrow kernel makes accepted particles in the tails of the
# proposal carry huge importance weights.
KERNEL_SCALING = 4.0
METHOD = (
    "ABC-SMC (pyABC) on log(parameter), log-normal priors, QuantileEpsilon(0.5), "
    f"MultivariateNormalTransition(scaling={KERNEL_SCALING:g})"
)


def _run_batch(item: tuple[bytes, int, int, int]) -> list[tuple[Any, bool, int]]:
    """Run one batch of ``simulate_one`` calls (a top-level function, for the executor).

    Args:
        item: (pickled simulate_one, batch size, first job id, seed of the batch).

    Returns:
        (particle, accepted, job id) per simulation.
    """
    blob, size, first, seed = item
    simulate_one = cloudpickle.loads(blob)
    np.random.seed(seed % 2**32)  # noqa: NPY002 - pyABC samples from the global generator
    random.seed(seed)
    out = []
    for j in range(size):
        particle = simulate_one()
        out.append((particle, bool(particle.accepted), first + j))
    return out


class ExecutorSampler(Sampler):
    """A pyABC sampler that evaluates batches of particles through a Werkpad executor.

    Args:
        executor: An open executor (``sim.executor.make_executor``).
        batch_size: Simulations per task.
        seed: Base seed of the batches.
        progress: Show a progress bar per generation on stderr.
    """

    def __init__(self, executor: Executor, batch_size: int = 10, seed: int = 1, progress: bool = False) -> None:
        super().__init__()
        self.executor = executor
        self.batch_size = batch_size
        self.seed = seed
        self.progress = progress

    def _items(self, blob: bytes, t: int) -> Iterator[tuple[bytes, int, int, int]]:
        for k in itertools.count():
            ss = np.random.SeedSequence([self.seed, t + 1, k])  # t = -1: the prior sample
            yield blob, self.batch_size, k * self.batch_size, int(ss.generate_state(1, dtype=np.uint64)[0])

    def sample_until_n_accepted(
        self,
        n: int,
        simulate_one: Callable[[], Any],
        t: int,
        *,
        max_eval: float = np.inf,
        all_accepted: bool = False,
        ana_vars: Any = None,
    ) -> Any:
        """Evaluate batches until the first ``n`` accepted particles in job order are known."""
        batches: dict[int, list[tuple[Any, bool, int]]] = {}
        bar = tqdm(total=n, desc=f"generation {t}", unit="accepted", file=sys.stderr, disable=not self.progress)
        results = self.executor.map(_run_batch, self._items(cloudpickle.dumps(simulate_one), t))
        try:
            for k, res in results:
                if isinstance(res, TaskFailed):
                    raise RuntimeError(f"a simulation failed: {res.error}\n{res.traceback}")
                batches[k] = res
                bar.update(min(sum(r[1] for r in res), n - bar.n))
                if _accepted_prefix(batches) >= n:
                    break
        finally:
            results.close()  # type: ignore[attr-defined]
            bar.close()
        return self._collect(batches, n)

    def _collect(self, batches: dict[int, list[tuple[Any, bool, int]]], n: int) -> Any:
        sample = self._create_empty_sample()
        self.nr_evaluations_ = sum(len(b) for b in batches.values())
        for k in itertools.count():
            for particle, accepted, _ in batches[k]:
                sample.append(particle)
                if accepted and sample.n_accepted == n:
                    return sample
        return sample  # pragma: no cover - unreachable


def _accepted_prefix(batches: dict[int, list[tuple[Any, bool, int]]]) -> int:
    """Accepted particles in the contiguous run of finished batches 0, 1, 2, ..."""
    total = 0
    for k in itertools.count():
        if k not in batches:
            return total
        total += sum(1 for r in batches[k] if r[1])
    return total  # pragma: no cover - unreachable


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
        progress: Show progress bars.
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


def _abc(s: FitSettings, sampler: Sampler) -> pyabc.ABCSMC:
    return pyabc.ABCSMC(
        models=AbcModel(dict(s.fixed), s.inflow_per_year, s.scenario, s.the_targets()),
        parameter_priors=pyabc_prior(s.priors),
        distance_function=AbcDistance(s.the_targets()),
        population_size=s.particles,
        sampler=sampler,
        eps=pyabc.QuantileEpsilon(alpha=0.5),
        transitions=pyabc.MultivariateNormalTransition(scaling=KERNEL_SCALING),
    )


def resume_settings(s: FitSettings) -> dict[str, Any]:
    """The settings a resumed calibration must share with the run in its database."""
    observed = s.observed or observed_vector(s.the_targets())
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
    abc.new(url, s.observed or observed_vector(s.the_targets()), meta_info=meta)
    return 0


def calibrate(s: FitSettings) -> pyabc.History:
    """Run (or resume) the ABC-SMC calibration until ``s.generations`` generations exist.

    Args:
        s: The settings.

    Returns:
        The pyABC history of the run.
    """
    np.random.seed(s.seed % 2**32)  # noqa: NPY002 - pyABC's own draws in this process
    with make_executor(s.workers, s.scheduler) as ex:
        sampler = ExecutorSampler(ex, s.batch_size, s.seed, s.progress)
        abc = _abc(s, sampler)
        done = _start_or_resume(abc, s)
        if done < s.generations:
            abc.run(max_nr_populations=s.generations - done)
        else:
            log.info("%s already holds %d generation(s); nothing to do", s.db, done)
    return abc.history


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
