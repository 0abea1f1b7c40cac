"""Housing and intake: the municipality takes over after the wait in COA.

At intake the person's client manager screens skills (mechanism 2) and health (mechanism 8)
with the lever shares, a volunteer mentor may be matched (mechanism 7), young people may be
placed in the education route (mechanism 6), and the course starts, at once under the 2021
law or after a delay under the 2013 law when people arranged their own course (mechanism 12).
Each lever share is compared with a person's fixed keyed draw, so raising a share adds
people without reshuffling who already had it (common random numbers).
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

import numpy as np
from numba import njit

from sim.rules.context import Derives, HasLedger, HasPeople, Refreshes, Stacked, columns
from sim.rules.segments import row, segment
from sim.states import EDUCATION, SEARCHING, WAITING

MIN_EDUCATION = 1  # secondary education or more for the education route (assumption)


class Context(Derives, HasPeople, HasLedger, Refreshes, Protocol):
    """What intake reads and writes: parameters, people, the ledger, the persons' ratios."""


class Columns(NamedTuple):
    """Person columns of intake: traits read, the rest set for each person taken in."""

    age0: np.ndarray
    edu: np.ndarray
    burden: np.ndarray
    state: np.ndarray
    months_in_state: np.ndarray
    screened: np.ndarray
    treated: np.ndarray
    mentor_until: np.ndarray
    course_from: np.ndarray
    course_active: np.ndarray
    phase_end: np.ndarray
    children: np.ndarray  # read: children housed with each person


class Draws(NamedTuple):
    """Each person's fixed draws compared with the lever shares (``people.fixed``)."""

    screen: np.ndarray
    hscreen: np.ndarray
    mentor: np.ndarray
    route: np.ndarray


class Levers(NamedTuple):
    """The intake levers in force (shares are chances per person taken in)."""

    screening: float  # guidance.screening_share
    health_screening: float  # health.screening_share
    mentor: float  # network.mentor_share (funded: less after the extra money stops)
    mentor_months: int  # network.mentor_months
    education_route: float  # learning.education_route_share
    education_max_age: float  # learning.education_max_age (years)
    education_months: int  # learning.education_months
    law2021: bool  # regime.law is 2021: the education route exists


def _exp_months(u: np.ndarray, mean: float) -> np.ndarray:
    """Whole months of an exponential wait with the given mean (0 if mean is 0)."""
    if mean <= 0:
        return np.zeros(len(u), dtype=np.int16)
    return np.floor(-mean * np.log1p(-u)).astype(np.int16)


def schedule_housing(ctx: Context, first: int, last: int) -> None:
    """Set the housing month of persons ``first..last-1`` who got their permit this month.

    A principal waits in COA an exponential time (``context.housing_wait_months``); a partner
    is housed with the principal: at once when the principal already has a home (a
    nareiziger joins the family there), else in the principal's housing month.
    """
    ph = ctx.people
    if last <= first:
        return
    ph.housed_at[first:last] = ph.entry[first:last] + ctx.derived(_housing_waits)[first:last]
    _join_principal(first, last, ph.head, ph.entry, ph.housed_at)


def _housing_waits(ctx: Context) -> np.ndarray:
    """Every person's wait in COA at the mean in force (months; used for those who arrive now).

    One pass over the whole column per parameter version: the same values as the arrivals'
    slice each month (an elementwise function does not depend on where an array starts).
    """
    return _exp_months(ctx.people.fixed["housing_wait"], float(ctx.p["context.housing_wait_months"]))


def _log_stay(ctx: Context) -> np.ndarray:
    """``log1p(-u)`` of every person's course-delay draw (the exponential wait of the course start)."""
    return np.log1p(-ctx.people.fixed["course_delay"])


@njit(cache=True, nogil=True, inline="always")
def _join_principal(first, last, head, entry, housed_at):
    """Partners among ``first..last-1`` are housed with their principal (who came first)."""
    for i in range(first, last):
        h = head[i]
        if h != i:
            housed_at[i] = max(entry[i], housed_at[h])


def intake(ctx: Context, month: int) -> tuple[int, int]:
    """Take in everyone whose housing month is now; charge screening, pay national money.

    Skills and health screening, a mentor, the education route or the course (see
    :func:`_intake_kernel`), then the persons' offer and language ratios. The course starts
    later under the 2013 law (``effects.regime2013_delay_months``) and for a parent with care
    duties (``household.care_course_delay_months``): exponential waits with those means.

    Returns:
        (adults housed, children housed with them) this month: the housing task met.
    """
    ph = ctx.people
    idx = _housed_in(ph.n_active, month, ph.housed_at)
    if len(idx) == 0:
        return 0, 0
    levers, (delay_mean, care_delay) = ctx.derived(_levers), ctx.derived(_course_delay)
    delay = np.floor(-(delay_mean + care_delay * ph.care[idx]) * ctx.derived(_log_stay)[idx]).astype(np.int16)
    draws, cols = columns(Draws, ph, fixed=True), columns(Columns, ph)
    n_screened, n_checked, n_edu, n_children = _intake_kernel(idx, month, delay, tuple(levers), draws, cols)
    c = ctx.derived(_costs)
    ctx.ledger.add("screening", month, n_screened * c.screening)
    ctx.ledger.add("health_screening", month, n_checked * c.health_screening)
    if c.funding_active:
        ctx.ledger.add("national_money", month, len(idx) * c.grant)
    ctx.ledger.add("education_route", month, n_edu * c.education_route)
    ctx.refresh_multipliers(idx)
    return len(idx), n_children


class Costs(NamedTuple):
    """Euros per person screened, health-screened and placed in the education route; national money."""

    screening: float  # costs.screening_eur
    health_screening: float  # costs.health_screening_eur
    education_route: float  # costs.education_route_eur
    funding_active: bool  # the extra national money flows this month
    grant: float  # funding.extra_per_person_eur + funding.guidance_grant_eur, per person taken in


def _costs(ctx: Derives) -> Costs:
    p = ctx.p
    grant = float(p["funding.extra_per_person_eur"]) + float(p["funding.guidance_grant_eur"])
    screening, health = float(p["costs.screening_eur"]), float(p["costs.health_screening_eur"])
    return Costs(screening, health, float(p["costs.education_route_eur"]), bool(p.funding_active), grant)


def _course_delay(ctx: Derives) -> tuple[float, float]:
    """Mean course delay (months) without care duties, and what care duties add to it.

    2021: the designed earlier start, realised in part (``law2021.earlier_start``).
    """
    p = ctx.p
    delay_mean = float(p["effects.regime2013_delay_months"])
    delay_mean *= 1.0 - float(p["law2021.earlier_start"]) if ctx.derived(_levers).law2021 else 1.0
    return delay_mean, float(p["household.care_course_delay_months"])


def _levers(ctx: Derives) -> Levers:
    p = ctx.p
    return Levers(
        screening=float(p["guidance.screening_share"]),
        health_screening=float(p["health.screening_share"]),
        mentor=p.now("network.mentor_share"),
        mentor_months=int(p["network.mentor_months"]),
        # the 2013 law had no education route; the 2021 law's reaches the lever's share as far as realised
        education_route=float(p["learning.education_route_share"]) * float(p["law2021.education_route"]),
        education_max_age=float(p["learning.education_max_age"]),
        education_months=int(p["learning.education_months"]),
        law2021=int(p["regime.law"]) == 2021,
    )


@njit(cache=True, nogil=True, inline="always")
def _housed_in(n, month, housed_at):
    """Persons (of the first ``n``) housed in ``month``, ascending."""
    out = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        if housed_at[i] == month:
            out[k] = i
            k += 1
    return out[:k]


@njit(cache=True, nogil=True, inline="always")
def _intake_kernel(idx, month, delay, levers, draws, cols):
    """Per person taken in: screening, mentor, then the education route or the course.

    Each lever share is compared with the person's fixed draw. Those still waiting start as
    job seekers; under the 2021 law young people with secondary education or more may enter
    the education route (the share ``learning.education_route_share``), the others' course
    starts after ``delay`` months.

    Args:
        idx: Persons housed this month.
        month: Calendar month.
        delay: Months until each one's course starts.
        levers: The intake levers (:class:`Levers`, as a plain tuple).
        draws: The fixed draws of every person (:class:`Draws`, as a plain tuple).
        cols: Person columns (:class:`Columns`, as a plain tuple), updated in place.

    Returns:
        (persons screened, persons health-screened, persons placed in the education route,
        children housed with the persons taken in).
    """
    levers, draws, cols = Levers(*levers), Draws(*draws), Columns(*cols)
    state, months_in_state, course_from = cols.state, cols.months_in_state, cols.course_from
    n_screened, n_checked, n_edu, n_children = 0, 0, 0, 0
    for k in range(len(idx)):
        i = idx[k]
        n_children += cols.children[i]
        cols.screened[i] = draws.screen[i] < levers.screening
        checked = draws.hscreen[i] < levers.health_screening
        cols.treated[i] = checked and cols.burden[i]
        cols.mentor_until[i] = month + levers.mentor_months if draws.mentor[i] < levers.mentor else 0
        n_screened += cols.screened[i]
        n_checked += checked
        if state[i] == WAITING:
            state[i], months_in_state[i] = SEARCHING, 0
        course_from[i] = month + delay[k]
        young = cols.age0[i] <= levers.education_max_age and cols.edu[i] >= MIN_EDUCATION
        if levers.law2021 and young and draws.route[i] < levers.education_route and state[i] == SEARCHING:
            state[i], months_in_state[i] = EDUCATION, 0
            course_from[i], cols.course_active[i], cols.phase_end[i] = month, True, month + levers.education_months
            n_edu += 1
    return n_screened, n_checked, n_edu, n_children


def admit_and_house_stacked(runs: Stacked, month: int) -> None:
    """The ``intake`` phase of every stacked run: admission, housing, intake and its money in three compiled calls.

    The same steps as :meth:`sim.model.MunicipalityModel.admit_and_house` for each run; each
    person's course delay is the same float operations as :func:`intake`'s numpy step.
    """
    ph, n_runs = runs.people, len(runs.models)
    housed, offsets = runs.scratch("intake.housed", np.int64), np.zeros(n_runs + 1, dtype=np.int64)
    waits = runs.concatenated(_housing_waits)
    _admit_stacked(runs.starts, runs.n_active, month, (ph.entry, ph.head, ph.housed_at), waits, housed, offsets)
    local = housed[: offsets[-1]]  # run r's persons taken in (indices in the run): local[offsets[r]:offsets[r + 1]]
    done = np.zeros((n_runs, 4), dtype=np.int64)
    draws, cols = columns(Draws, ph, fixed=True), columns(Columns, ph)
    delays = (runs.rates(_course_delay_pair), ph.care, runs.concatenated(_log_stay))
    _intake_stacked(runs.starts, month, (local, offsets), delays, runs.rates(_levers), draws, cols, done)
    _book_intake(runs, month, offsets, done)
    runs.refresh_multipliers(local, offsets, month)


class DelayPair(NamedTuple):
    """:func:`_course_delay` as a NamedTuple (for :meth:`Stacked.rates`)."""

    mean: float
    care: float


def _course_delay_pair(ctx: Derives) -> DelayPair:
    return DelayPair(*ctx.derived(_course_delay))


def _book_intake(runs: Stacked, month: int, offsets: np.ndarray, done: np.ndarray) -> None:
    """Ledger and calendar of each run's intake (nothing is booked for a run without one)."""
    ledger = runs.ledger
    items = tuple(ledger[item] for item in ("screening", "health_screening", "national_money", "education_route"))
    _book_stacked(month, offsets, done, runs.rates(_costs), items)
    for m, active in zip(runs.models, runs.n_active.tolist(), strict=True):
        m.people.n_active = active
    runs.calendar["housed_adults"][:, month], runs.calendar["housed_children"][:, month] = np.diff(offsets), done[:, 3]


@njit(cache=True, nogil=True)
def _book_stacked(month, offsets, done, costs, items):
    """Each run's intake money in ``month`` as :func:`intake` books it (items: runs x months, euros)."""
    screening, health_screening, education_route, funding_active, grant = costs
    screened, checked, national, education = items
    for r in range(len(offsets) - 1):
        taken = offsets[r + 1] - offsets[r]
        if taken > 0:
            screened[r, month] += done[r, 0] * screening[r]
            checked[r, month] += done[r, 1] * health_screening[r]
            if funding_active[r]:
                national[r, month] += taken * grant[r]
            education[r, month] += done[r, 2] * education_route[r]


@njit(cache=True, nogil=True)
def _admit_stacked(starts, n_active, month, cols, waits, housed, offsets):
    """Per run: admit the permits up to ``month``, schedule their housing, list who is housed now.

    ``n_active`` is updated; run ``r``'s persons housed now (indices in the run) are
    ``housed[offsets[r]:offsets[r + 1]]``.
    """
    entry, head, housed_at = cols
    k = 0
    for r in range(len(n_active)):
        lo, hi = starts[r], starts[r + 1]
        e, ha = entry[lo:hi], housed_at[lo:hi]
        first, last = n_active[r], np.searchsorted(e, month, side="right")
        n_active[r] = last
        if last > first:
            w = waits[lo:hi]
            for i in range(first, last):
                ha[i] = e[i] + w[i]
            _join_principal(first, last, head[lo:hi], e, ha)
        got = _housed_in(last, month, ha)
        housed[k : k + len(got)] = got
        k += len(got)
        offsets[r + 1] = k


@njit(cache=True, nogil=True)
def _intake_stacked(starts, month, taken, delays, levers, draws, cols, done):
    """:func:`_intake_kernel` of each run with persons taken in; ``done[r]``: its four counts."""
    local, offsets = taken
    (delay_mean, care_delay), care, log_stay = delays
    for r in range(len(offsets) - 1):
        a, b = offsets[r], offsets[r + 1]
        if b > a:
            lo, hi = starts[r], starts[r + 1]
            idx = local[a:b]
            delay = _course_delays(idx, delay_mean[r], care_delay[r], care[lo:hi], log_stay[lo:hi])
            got = _intake_kernel(idx, month, delay, row(levers, r), segment(draws, lo, hi), segment(cols, lo, hi))
            done[r, 0], done[r, 1], done[r, 2], done[r, 3] = got


@njit(cache=True, nogil=True, inline="always")
def _course_delays(idx, mean, care_delay, care, log_stay):
    """Months until each person's course starts: :func:`intake`'s ``floor(-(mean + care_delay x care) x log_stay)``."""
    out = np.empty(len(idx), dtype=np.int16)
    for k in range(len(idx)):
        i = idx[k]
        out[k] = np.int16(np.floor(-(mean + care_delay * (1.0 if care[i] else 0.0)) * log_stay[i]))
    return out
