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
from numba import njit

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
    """Take in everyone whose housing month is now; charge screening, pay national money.

    Skills and health screening, a mentor, the education route or the course (see
    :func:`_intake_kernel`), then the persons' offer and language ratios.
    """
    ph, p = model.people, model.p
    idx = _housed_in(ph.n_active, month, ph.housed_at)
    if len(idx) == 0:
        return
    law2021 = int(p["regime.law"]) == 2021
    delay_mean = 0.0 if law2021 else float(p["effects.regime2013_delay_months"])
    delay = _exp_months(ph.fixed["course_delay"][idx], delay_mean)
    shares = model.derived(_intake_shares)
    fixed = tuple(ph.fixed[k] for k in ("screen", "hscreen", "mentor", "route"))
    cols = (
        ph.state, ph.months_in_state, ph.screened, ph.treated, ph.mentor_until, ph.course_from, ph.course_active,
        ph.phase_end,
    )  # fmt: skip
    n_screened, n_checked, n_edu = _intake_kernel(
        idx, month, delay, shares, law2021, int(p["learning.education_months"]), fixed, ph.age0, ph.edu, ph.burden, cols
    )
    model.ledger.add("screening", month, n_screened * float(p["costs.screening_eur"]))
    model.ledger.add("health_screening", month, n_checked * float(p["costs.health_screening_eur"]))
    if p.funding_active:
        grant = float(p["funding.extra_per_person_eur"]) + float(p["funding.guidance_grant_eur"])
        model.ledger.add("national_money", month, len(idx) * grant)
    model.ledger.add("education_route", month, n_edu * float(p["costs.education_route_eur"]))
    model.refresh_multipliers(idx)


def _intake_shares(model: MunicipalityModel) -> np.ndarray:
    """[screening, health screening, mentor (after the money stops), education route shares, max age]."""
    p = model.p
    return np.array(
        [
            float(p["guidance.screening_share"]),
            float(p["health.screening_share"]),
            p.now("network.mentor_share"),
            float(p["learning.education_route_share"]),
            float(p["learning.education_max_age"]),
        ]
    )


@njit(cache=True, nogil=True)
def _housed_in(n, month, housed_at):
    """Persons (of the first ``n``) housed in ``month``, ascending."""
    out = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        if housed_at[i] == month:
            out[k] = i
            k += 1
    return out[:k]


@njit(cache=True, nogil=True)
def _intake_kernel(idx, month, delay, shares, law2021, edu_months, fixed, age0, edu, burden, cols):
    """Per person taken in: screening, mentor, then the education route or the course.

    Each lever share is compared with the person's fixed draw (``fixed``: screen, hscreen,
    mentor, route). Those still waiting start as job seekers; under the 2021 law young
    people with secondary education or more may enter the education route (the share
    ``learning.education_route_share``), the others' course starts after ``delay`` months.

    Args:
        idx: Persons housed this month.
        month: Calendar month.
        delay: Months until each one's course starts.
        shares: [screening share, health screening share, mentor share (after the money
            stops), education route share, education route maximum age (years)].
        law2021: Whether the 2021 law applies (the education route exists).
        edu_months: Months of the education route.
        fixed: The fixed draws screen, hscreen, mentor and route of every person.
        age0: Age at permit (years).
        edu: Education level.
        burden: Health burden.
        cols: (state, months_in_state, screened, treated, mentor_until, course_from,
            course_active, phase_end), updated in place.

    Returns:
        (persons screened, persons health-screened, persons placed in the education route).
    """
    u_screen, u_hscreen, u_mentor, u_route = fixed
    state, months_in_state, screened, treated, mentor_until, course_from, course_active, phase_end = cols
    n_screened, n_checked, n_edu = 0, 0, 0
    for k in range(len(idx)):
        i = idx[k]
        screened[i] = u_screen[i] < shares[0]
        checked = u_hscreen[i] < shares[1]
        treated[i] = checked and burden[i]
        mentor_until[i] = month + MENTOR_MONTHS if u_mentor[i] < shares[2] else 0
        n_screened += screened[i]
        n_checked += checked
        if state[i] == WAITING:
            state[i], months_in_state[i] = SEARCHING, 0
        course_from[i] = month + delay[k]
        young = age0[i] <= shares[4] and edu[i] >= MIN_EDUCATION
        if law2021 and young and u_route[i] < shares[3] and state[i] == SEARCHING:
            state[i], months_in_state[i] = EDUCATION, 0
            course_from[i], course_active[i], phase_end[i] = month, True, month + edu_months
            n_edu += 1
    return n_screened, n_checked, n_edu
