"""The calibration's model and distance: parameter set -> summary statistics -> one number.

Data flow: a parameter set (the calibrated keys) is completed with the tied parameters
(:func:`calibration.priors.full_theta`), the ``era_2014`` scenario is run once with it
(:func:`sim.runner.run`, the same entry point every face uses), and each target of
:mod:`calibration.targets` is measured in the run. Those simulated shares are the summary
statistics; :func:`distance` compares them with the observed ones.

Distance: the weighted root-mean-square of the errors, each divided by its target's
tolerance::

    d = sqrt( sum_i w_i * ((sim_i - obs_i) / tol_i)^2 / sum_i w_i )

so d = 1 means "on average at the edge of the tolerance" (3 pp for employment, 5 pp for
benefits, the exam and one origin cell). Weights: evidence confidence times block factor
(see :mod:`calibration.targets`). A target the run could not measure (nobody reached the
month) counts as the largest error, 1 (100 pp).

The run's seed is a stable hash of the parameter values, so a parameter set always gives the
same statistics, whatever worker or process evaluates it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from calibration.priors import full_theta
from calibration.targets import Target, extract_many, load_targets
from sim.runner import run
from sim.scenarios import Scenario, load_scenario

SCENARIO = "era_2014"


@lru_cache(maxsize=4)
def calibration_scenario(name: str = SCENARIO, inflow_per_year: int | None = None) -> Scenario:
    """The scenario calibration runs (``era_2014``), optionally with another cohort size.

    Args:
        name: Scenario name or path.
        inflow_per_year: Cohort size (persons); None keeps the scenario's.
    """
    scenario = load_scenario(name)
    if inflow_per_year is not None:  # the levers are per 100 adults housed a year: they follow the size
        scenario = scenario.with_overrides({"context.inflow_per_year": inflow_per_year})
    return scenario


def theta_seed(theta: dict[str, float], base: int = 0) -> int:
    """A stable seed from parameter values (same values -> same seed, in any process)."""
    bits = np.array([theta[k] for k in sorted(theta)], dtype=np.float64).view(np.uint32)
    ss = np.random.SeedSequence([int(base), *bits.tolist()])
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def simulate(
    theta: dict[str, float], seed: int, scenario: Scenario | None = None, targets: tuple[Target, ...] | None = None
) -> dict[str, float]:
    """Summary statistics of one run: simulated value of every target by name.

    Args:
        theta: Calibrated parameter values (tied parameters are added).
        seed: Seed of the run.
        scenario: The scenario (default: ``era_2014``).
        targets: The targets (default: all).

    Returns:
        ``{target name: simulated share}`` (fractions; NaN where unmeasurable).
    """
    targets = targets or load_targets()
    result = run(scenario or calibration_scenario(), seed, theta=dict(full_theta(theta)))
    values = extract_many(targets, result)
    return {t.name: float(v) for t, v in zip(targets, values, strict=True)}


def errors(sim: dict[str, float], obs: dict[str, float], targets: tuple[Target, ...] | None = None) -> np.ndarray:
    """Scaled errors ``(sim - obs) / tolerance`` per target (1.0 for an unmeasurable one)."""
    targets = targets or load_targets()
    out = np.empty(len(targets))
    for i, t in enumerate(targets):
        s = sim.get(t.name, np.nan)
        out[i] = (s - obs[t.name]) / t.tolerance if np.isfinite(s) else 1.0 / t.tolerance
    return out


def distance(sim: dict[str, float], obs: dict[str, float], targets: tuple[Target, ...] | None = None) -> float:
    """Weighted RMS of tolerance-scaled errors (see the module docstring)."""
    targets = targets or load_targets()
    w = np.array([t.weight for t in targets])
    e = errors(sim, obs, targets)
    return float(np.sqrt(np.sum(w * e**2) / np.sum(w)))
