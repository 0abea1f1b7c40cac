"""Priors of the calibrated parameters: which uncertain parameters are fitted, and over what range.

Fourteen parameters of kind ``uncertain`` in ``sim/scenarios/baseline.toml`` are calibrated.
Each prior is log-normal with 95% of its mass in ``[low, high]``, a range that the evidence
(row ids) or a stated assumption allows; pyABC works on ``log(value)`` (parameter names
``log_<key>``), where the prior is normal. Why not uniform: a first run with uniform priors on
15 parameters collapsed to an effective sample size of 3 of 250 by generation 3, because the
Gaussian perturbation kernel leaks out of the prior box in every dimension and particles near
the box edges get huge importance weights; on the log scale there are no edges.
Values are clipped to the parameter's allowed range before a run.

Not calibrated (kept at their baseline values and documented uncertainty): the effects of
levers the 2014 cohort hardly met; the household composition (theme 9 sets it); the origin
factors of Iraq and Iran (small groups, 2-4% of the cohort; their defaults
already follow T1-032, T1-035); the region's vacancies and status holders (era_2014 sets them
to the national figures; the competition they imply lowers hiring by 1-3%, so the targets
cannot inform it) and
``effects.regime2013_delay_months`` (confounded with ``regime2013_quality``).

``behaviour.origin_factor.turkey`` is tied to ``other``: the CBS 2014 table has no Turkey
column and counts Turkey among "Other" (T1-006 .. T1-036).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.params import load_specs


@dataclass(frozen=True)
class Prior:
    """A log-normal prior on one uncertain parameter.

    Attributes:
        key: Dotted parameter key.
        low: 2.5% quantile (parameter unit).
        high: 97.5% quantile (parameter unit).
        grounds: Evidence row ids or the assumption behind the range.
    """

    @property
    def name(self) -> str:
        """PyABC's name of the parameter (its natural logarithm)."""
        return f"log_{self.key}"

    @property
    def log_mean(self) -> float:
        """Mean of ``log(value)``."""
        return (math.log(self.low) + math.log(self.high)) / 2.0

    @property
    def log_sd(self) -> float:
        """Standard deviation of ``log(value)`` (95% of the mass in [low, high])."""
        return (math.log(self.high) - math.log(self.low)) / (2.0 * 1.959964)

    key: str
    low: float
    high: float
    grounds: str


PRIORS: tuple[Prior, ...] = (
    Prior(
        "behaviour.job_hazard",
        0.02,
        0.80,
        "T1-047, T1-053: 19% at 3 y, 42% at 5 y need 1-10%/month offers; upper end doubled with households "
        "(partners with care duties in the cohort; the 0.40 fit left the accepted sets at the edge)",
    ),
    Prior("behaviour.course_search_factor", 0.1, 1.5, "T1-039, T1-037: ~1-4% work in the first 1.5 y"),
    Prior("behaviour.language_effect", 0.1, 2.0, "assumption: Dutch is the key (seeds 000, 001); log-ratio/level"),
    Prior("behaviour.separation_rate", 0.005, 0.05, "T1-100: 84% temporary contracts (mean 2-200 months)"),
    Prior("behaviour.language_gain", 0.04, 0.25, "T3-137, T3-138: A2 within ~2-4 years under the 2013 law"),
    Prior("behaviour.exam_monthly_pass", 0.05, 0.6, "T3-137, T3-138: 6% passed at ~2 y, 58% at ~4 y"),
    Prior("behaviour.exemption_at_term", 0.2, 0.8, "T3-139: 19% exempted at ~4 y"),
    Prior("effects.regime2013_quality", 0.4, 1.0, "T3-136: 32% met the duty in time; seed 000 poor quality"),
    Prior(
        "effects.regime2013_early_exam_ratio",
        0.05,
        1.0,
        "T3-137, T3-138, T3-140: 6% passed at ~2 y, 58% at ~4 y, 21% still within the term: a late, steep rise",
    ),
    Prior("behaviour.origin_factor.eritrea", 0.1, 1.5, "T1-004..T1-034: Eritrea lowest in the CBS table"),
    Prior("behaviour.origin_factor.afghanistan", 0.8, 5.0, "T1-003..T1-033: Afghanistan highest"),
    Prior("behaviour.origin_factor.other", 0.5, 3.0, "T1-006..T1-036 (Turkey tied to it)"),
    Prior(
        "behaviour.tightness_elasticity",
        0.1,
        1.5,
        "assumption: matching-function elasticities 0.3-0.7 (Petrongolo and Pissarides 2001), wide",
    ),
    Prior(
        "behaviour.welfare_other_exit",
        0.0005,
        0.02,
        "T1-056, T1-052: 84% on benefits at 2.5 y with 11% employed; 25% at 9 y with ~45% employed "
        "(a partner's earnings now count in the household's bijstand itself)",
    ),
    Prior(
        "behaviour.female_factor",
        0.15,
        1.0,
        "T9-345: under a quarter of female newcomers work within 5 y in NL; T9-347, T1-105, T1-102, T1-111: "
        "women's employment a third to a half of men's",
    ),
    Prior(
        "employers.no_dutch_share",
        0.02,
        0.35,
        "T6-210: about 90% of vacancies ask Dutch; T1-079, T1-080: 4-21% worked from COA (2022-2023)",
    ),
    Prior(
        "behaviour.idle_scarring",
        0.05,
        1.0,
        "assumption: duration dependence; CBS 2008 bijstand exits 22%/y (<1 y on it) vs 8%/y (>3 y) is "
        "<= ~0.4/y with selection; shapes the 5-8 y plateau (T1-053, T1-044, T1-054)",
    ),
)
TIED = {"behaviour.origin_factor.turkey": "behaviour.origin_factor.other"}


def prior_keys() -> list[str]:
    """Keys of the calibrated parameters, in a fixed order."""
    return [p.key for p in PRIORS]


def check_priors() -> None:
    """Every prior is an uncertain parameter and lies inside the parameter's allowed range.

    Raises:
        ValueError: A prior names an unknown or non-uncertain parameter or leaves its range.
    """
    specs = load_specs()
    for pr in PRIORS:
        spec = specs.get(pr.key)
        if spec is None or spec.kind != "uncertain":
            raise ValueError(f"{pr.key}: not an uncertain parameter of baseline.toml")
        assert spec.range is not None
        if not spec.range[0] <= pr.low < pr.high <= spec.range[1]:
            raise ValueError(f"{pr.key}: prior [{pr.low}, {pr.high}] outside the range {spec.range}")


def full_theta(values: dict[str, float]) -> dict[str, float]:
    """A parameter set with the tied parameters filled in (the dict ``sim.runner.run`` takes)."""
    out = {k: float(v) for k, v in values.items()}
    for key, source in TIED.items():
        if source in out:
            out[key] = out[source]
    return out


def from_log(pars: dict[str, float]) -> dict[str, float]:
    """PyABC's ``log_<key>`` values -> parameter values, clipped to each parameter's range."""
    specs = load_specs()
    out = {}
    for name, v in pars.items():
        key = name.removeprefix("log_")
        lo, hi = specs[key].range or (-math.inf, math.inf)
        out[key] = min(max(math.exp(float(v)), lo), hi)
    return out


def pyabc_prior(priors: tuple[Prior, ...] = PRIORS) -> object:
    """The prior as a ``pyabc.Distribution``: normal on ``log(value)``."""
    import pyabc

    return pyabc.Distribution(**{p.name: pyabc.RV("norm", p.log_mean, p.log_sd) for p in priors})
