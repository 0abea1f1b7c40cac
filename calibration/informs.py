"""Which calibrated parameters a set of targets can inform: the parameters a quick calibration fits.

A municipality's handful of figures (say employment at 12 and 24 months) says nothing about
the exam pass rate; fitting all seventeen parameters to them would only add noise to the ABC.
``sim calibrate --quick`` therefore fits the parameters that move the targets' metrics in the
model's mechanics, and holds the others at the shipped posterior's mean (the 2014 cohort's
best values). The map follows the model's rules (``sim/rules``) and the shipped Morris
ranking (``calibration/sensitivity_ranking.csv``: the job offer, language and tightness
parameters drive employment; the exam parameters drive the exam and the B1 level):

* employment (``employed``, ``fulltime``): job offers, their language and course factors,
  separations, tightness, idle scarring, vacancies without Dutch; ``female_factor`` for a
  figure by sex; an origin factor for a figure of that origin;
* benefits (``welfare``, ``welfare_main``): the other exits from bijstand and the job offers;
* exam and language (``exam_passed``, ``exempt``, ``b1``, ``in_course``): language gain,
  exam pass rate, exemption at the term, the 2013 law's course quality and its exam put off.

Metrics outside the map (``dropped_out``, ``volunteering``, ...) inform none of the
calibrated parameters; a quick calibration to only such figures is refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from calibration.priors import PRIORS, Prior
from calibration.targets import Target

B = "behaviour."
EMPLOYMENT = tuple(
    B + k
    for k in (
        "job_hazard",
        "course_search_factor",
        "language_effect",
        "separation_rate",
        "tightness_elasticity",
        "idle_scarring",
    )
) + ("employers.no_dutch_share",)
EXAM = (
    B + "language_gain",
    B + "exam_monthly_pass",
    "effects.regime2013_quality",
    "effects.regime2013_early_exam_ratio",
)
BY_METRIC: dict[str, tuple[str, ...]] = {
    "employed": EMPLOYMENT,
    "fulltime": EMPLOYMENT,
    "welfare": (B + "welfare_other_exit", B + "job_hazard"),
    "welfare_main": (B + "welfare_other_exit", B + "job_hazard"),
    "exam_passed": EXAM,
    "exempt": (B + "exemption_at_term", B + "exam_monthly_pass", "effects.regime2013_early_exam_ratio"),
    "b1": (B + "language_gain", "effects.regime2013_quality"),
    "in_course": (B + "language_gain", "effects.regime2013_quality"),
}
ORIGIN_FACTOR = {o: f"{B}origin_factor.{o.lower()}" for o in ("Eritrea", "Afghanistan", "Other", "Turkey")}
EMPLOYMENT_METRICS = ("employed", "fulltime", "welfare", "welfare_main")


def informed_keys(target: Target) -> set[str]:
    """The calibrated parameters one target can inform (see the module docstring)."""
    keys = set(BY_METRIC.get(target.metric, ()))
    if target.metric in EMPLOYMENT_METRICS:
        if target.sex != "all":
            keys.add(B + "female_factor")
        keys |= {ORIGIN_FACTOR[o] for o in target.origins if o in ORIGIN_FACTOR}
    return keys


def informed_priors(targets: Sequence[Target]) -> tuple[Prior, ...]:
    """The priors of the parameters the fitted targets (weight > 0) inform, in the order of ``PRIORS``.

    Turkey's factor is tied to Other's (:data:`calibration.priors.TIED`), so a Turkey figure
    fits Other's prior.
    """
    keys: set[str] = set()
    for t in targets:
        if t.weight > 0:
            keys |= informed_keys(t)
    if ORIGIN_FACTOR["Turkey"] in keys:
        keys.add(ORIGIN_FACTOR["Other"])
    return tuple(p for p in PRIORS if p.key in keys)
