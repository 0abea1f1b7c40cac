"""Priors of the calibrated parameters: which uncertain parameters are fitted, and over what range.

Fifteen parameters of kind ``uncertain`` in ``sim/scenarios/baseline.toml`` are calibrated.
Each prior is uniform on a range that the evidence (row ids) or a stated assumption allows;
uniform priors keep the posterior's shape the data's doing. Parameters the 2014 targets
cannot inform (e.g. the effects of levers the cohort hardly met, the gender ratio: CBS gives
no 2014 split by sex) keep their baseline values and their own documented uncertainty.

``behaviour.origin_factor.turkey`` is tied to ``other``: the CBS 2014 table has no Turkey
column and counts Turkey among "Other" (T1-006 .. T1-036).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.params import load_specs


@dataclass(frozen=True)
class Prior:
    """A uniform prior on one uncertain parameter.

    Attributes:
        key: Dotted parameter key.
        low: Lower bound (parameter unit).
        high: Upper bound (parameter unit).
        grounds: Evidence row ids or the assumption behind the range.
    """

    key: str
    low: float
    high: float
    grounds: str


PRIORS: tuple[Prior, ...] = (
    Prior("behaviour.job_hazard", 0.02, 0.40, "T1-047, T1-053: 19% at 3 y, 42% at 5 y need 1-10%/month offers"),
    Prior("behaviour.course_search_factor", 0.1, 1.5, "T1-039, T1-037: ~1-4% work in the first 1.5 y"),
    Prior("behaviour.language_effect", 0.1, 2.0, "assumption: Dutch is the key (seeds 000, 001); log-ratio/level"),
    Prior("behaviour.separation_rate", 0.005, 0.05, "T1-100: 84% temporary contracts (mean 2-200 months)"),
    Prior("behaviour.language_gain", 0.04, 0.25, "T3-137, T3-138: A2 within ~2-4 years under the 2013 law"),
    Prior("behaviour.exam_monthly_pass", 0.05, 0.6, "T3-137, T3-138: 6% passed at ~2 y, 58% at ~4 y"),
    Prior("behaviour.exemption_at_term", 0.2, 0.8, "T3-139: 19% exempted at ~4 y"),
    Prior("effects.regime2013_quality", 0.4, 1.0, "T3-136: 32% met the duty in time; seed 000 poor quality"),
    Prior("effects.regime2013_delay_months", 0.0, 12.0, "assumption: finding and financing a course (seed 000)"),
    Prior("behaviour.origin_factor.eritrea", 0.1, 1.5, "T1-004..T1-034: Eritrea lowest in the CBS table"),
    Prior("behaviour.origin_factor.afghanistan", 0.8, 5.0, "T1-003..T1-033: Afghanistan highest"),
    Prior("behaviour.origin_factor.iraq", 0.5, 3.0, "T1-002..T1-032"),
    Prior("behaviour.origin_factor.iran", 0.3, 3.0, "T1-005..T1-035"),
    Prior("behaviour.origin_factor.other", 0.5, 3.0, "T1-006..T1-036 (Turkey tied to it)"),
    Prior("context.vacancies_per_100", 5.0, 40.0, "assumption: from binding in the slack 2014 market to never"),
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


def pyabc_prior() -> object:
    """The prior as a ``pyabc.Distribution`` of uniform random variables."""
    import pyabc

    return pyabc.Distribution(**{p.key: pyabc.RV("uniform", p.low, p.high - p.low) for p in PRIORS})
