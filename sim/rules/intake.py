"""Housing and intake: the municipality takes over after the wait in COA.

At intake the person's client manager screens skills (mechanism 2) and health (mechanism 8)
with the lever shares, a volunteer mentor may be matched (mechanism 7), young people may be
placed in the education route (mechanism 6), and the course starts, at once under the 2021
law or after a delay under the 2013 law when people arranged their own course (mechanism 12).
Each lever share is compared with a person's fixed keyed draw, so raising a share adds
people without reshuffling who already had it (common random numbers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.states import EDUCATION, SEARCHING, WAITING

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

MENTOR_MONTHS = 12  # assumption: buddy programmes usually run a year
MIN_EDUCATION = 1  # secondary education or more for the education route (assumption)


def _exp_months(u: np.ndarray, mean: float) -> np.ndarray:
    """Whole months of an exponential wait with the given mean (0 if mean is 0)."""
    if mean <= 0:
        return np.zeros(len(u), dtype=np.int16)
    return np.floor(-mean * np.log1p(-u)).astype(np.int16)


def schedule_housing(model: MunicipalityModel, first: int, last: int) -> None:
    """Set the housing month of persons ``first..last-1`` who got their permit this month."""
    ph = model.people
    if last <= first:
        return
    u = ph.fixed["housing_wait"][first:last]
    wait = _exp_months(u, float(model.p["context.housing_wait_months"]))
    ph.housed_at[first:last] = ph.entry[first:last] + wait


def intake(model: MunicipalityModel, month: int) -> None:
    """Take in everyone whose housing month is now; charge screening, pay national money."""
    ph, p = model.people, model.p
    idx = np.flatnonzero(ph.housed_at[: ph.n_active] == month)
    if len(idx) == 0:
        return
    u = {k: ph.fixed[k][idx] for k in ("screen", "hscreen", "mentor")}
    ph.screened[idx] = u["screen"] < float(p["guidance.screening_share"])
    health_checked = u["hscreen"] < float(p["health.screening_share"])
    ph.treated[idx] = health_checked & ph.burden[idx]
    mentor = u["mentor"] < float(p["network.mentor_share"]) * model.funding_factor()
    ph.mentor_until[idx] = np.where(mentor, month + MENTOR_MONTHS, 0)
    model.ledger.add("screening", month, ph.screened[idx].sum() * float(p["costs.screening_eur"]))
    model.ledger.add("health_screening", month, health_checked.sum() * float(p["costs.health_screening_eur"]))
    if model.funding_active():
        grant = float(p["funding.extra_per_person_eur"]) + float(p["funding.guidance_grant_eur"])
        model.ledger.add("national_money", month, len(idx) * grant)
    _choose_route(model, month, idx)
    model.refresh_multipliers(idx)


def _choose_route(model: MunicipalityModel, month: int, idx: np.ndarray) -> None:
    """Education route for some young people (2021 law); a course for the others."""
    ph, p = model.people, model.p
    waiting = idx[ph.state[idx] == WAITING]
    ph.set_state(waiting, SEARCHING)
    law2021 = int(p["regime.law"]) == 2021
    u = ph.fixed["route"][idx]
    young = ph.age0[idx] <= float(p["learning.education_max_age"])
    edu = law2021 & young & (ph.edu[idx] >= MIN_EDUCATION)
    edu &= u < float(p["learning.education_route_share"])
    delay_mean = 0.0 if law2021 else float(p["effects.regime2013_delay_months"])
    delay = _exp_months(ph.fixed["course_delay"][idx], delay_mean)
    ph.course_from[idx] = month + delay
    start_education(model, month, idx[edu & (ph.state[idx] == SEARCHING)])


def start_education(model: MunicipalityModel, month: int, idx: np.ndarray) -> None:
    """Place persons in the education route and charge its trajectory cost."""
    ph, p = model.people, model.p
    ph.set_state(idx, EDUCATION)
    ph.course_from[idx] = month
    ph.course_active[idx] = True
    ph.phase_end[idx] = month + int(p["learning.education_months"])
    model.ledger.add("education_route", month, len(idx) * float(p["costs.education_route_eur"]))
