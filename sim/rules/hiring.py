"""Compiled kernels of the hiring month: employer choice, hiring decisions, job starts.

``sim.rules.labour`` calls these for the few hundred candidates who got a job offer in a
month. Each is the documented rule of ``labour`` written as one loop, with the same keyed
draws (:func:`sim.rng.draw` is bit-identical to ``Streams.uniform``) and the same floating
point operations in the same order, so results equal the vectorised numpy version exactly;
the gain is fewer Python and numpy calls on small arrays (a month of a 1,000-person run has
about ten candidates).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from sim.agents.employers import employer_index, fill_vacancies
from sim.rng import draw
from sim.states import JOB_FULL, JOB_PART, WAITING

FULLTIME_HOURS, MAX_HOURS = 32.0, 38.0  # hours a week: a full-time job, the most a job takes


class StartLevers(NamedTuple):
    """The levers of a job start (built by ``sim.rules.labour``)."""

    fulltime_share: float  # behaviour.fulltime_share_at_hire (x1.5 with a Dutch diploma)
    protected_hours: float  # guidance.coordinator_min_course_hours
    coach_share: float  # employers.jobcoach_share in force (funded)
    work_first: float  # learning.work_first: the chance the job is precarious
    coordinator: bool  # guidance.coordinator


class StartColumns(NamedTuple):
    """Person columns a job start reads and sets."""

    hours: np.ndarray
    credential: np.ndarray
    course_active: np.ndarray
    state: np.ndarray
    months_in_state: np.ndarray
    job_hours: np.ndarray
    job_start: np.ndarray
    employer: np.ndarray
    coached: np.ndarray
    precarious: np.ndarray
    pid: np.ndarray


@njit(cache=True, nogil=True, inline="always")
def _sector_of(cum, u):
    """``np.searchsorted(cum, u, side="right")``: how many cumulative shares are <= u."""
    k = 0
    while k < len(cum) and cum[k] <= u:
        k += 1
    return k


@njit(cache=True, nogil=True, inline="always")
def choice_kernel(cand, med, pid, sector_u, screened, keys, cum, own_match, work_first):
    """Employer each candidate applies to (:func:`employer_index` of a sector, open or reluctant).

    Args:
        cand: Candidates (person indices).
        med: Whether a mediator knows each candidate (then the open employer).
        pid: Person ids (keyed draws).
        sector_u: Each person's fixed draw of their prior sector.
        screened: Skills screened at intake (then often steered to the prior sector).
        keys: Stream keys of the draws "sector", "own_sector", "any_job", "employer".
        cum: Cumulative vacancy shares of the sectors.
        own_match: Chance a screened person is steered to their own sector.
        work_first: Chance a candidate is pushed to any feasible job (``learning.work_first``).

    Returns:
        (choice per candidate, pushed per candidate, the candidate's "sector" draw); the
        sector of a pushed candidate is redrawn among feasible ones by the caller.
    """
    m = len(cand)
    choice = np.empty(m, dtype=np.int64)
    pushed = np.zeros(m, dtype=np.bool_)
    u_sec = np.empty(m)
    for k in range(m):
        i = cand[k]
        u_sec[k] = draw(pid[i], keys[0])
        own = screened[i] and draw(pid[i], keys[1]) < own_match
        s = min(_sector_of(cum, sector_u[i] if own else u_sec[k]), len(cum) - 1)
        pushed[k] = draw(pid[i], keys[2]) < work_first
        reluctant = not med[k] and draw(pid[i], keys[3]) >= 0.5
        choice[k] = employer_index(s, reluctant)
    return choice, pushed, u_sec


@njit(cache=True, nogil=True, inline="always")
def hiring_kernel(cand, med, choice, state, lang, pid, priority, terms, counts, relief, keys, municipal):
    """Employer hiring each candidate (-1: not hired): the municipality first, then sectors.

    A candidate qualifies with Dutch (plus a mediator's ``relief``) at the employer's
    requirement (none when a keyed draw falls below its share of vacancies without Dutch), a
    keyed draw below its openness and another below its fill chance (the vacancy is not taken
    by another of the region's status holders; 1 for the municipality) (``terms``: the four
    per employer); each employer fills its vacancies in priority order (:func:`fill_vacancies`;
    ``counts``: vacancies and hires per employer, updated in place). The municipality hires
    only people already housed, before the sector employers. ``keys``: stream keys of
    "accept", "vacancy" and "no_dutch" this month.
    """
    req, openness, fill, no_dutch = terms
    vacancies, hires = counts
    m = len(cand)
    out = np.full(m, -1, dtype=np.int64)
    level, u, u_vac, u_nd, prio = np.empty(m), np.empty(m), np.empty(m), np.empty(m), np.empty(m)
    for k in range(m):
        i = cand[k]
        level[k] = lang[i] + (relief if med[k] else 0.0)
        u[k] = draw(pid[i], keys[0])
        u_vac[k] = draw(pid[i], keys[1])
        u_nd[k] = draw(pid[i], keys[2])
        prio[k] = priority[i]
    ok = np.empty(m, dtype=np.int64)
    if vacancies[municipal] > 0:
        n = 0
        for k in range(m):
            if state[cand[k]] != WAITING and level[k] >= req[municipal] and u[k] < openness[municipal]:
                ok[n] = k
                n += 1
        fill_vacancies(ok[:n], np.full(m, municipal, dtype=np.int64), prio, vacancies, hires, out)
    n = 0
    for k in range(m):
        c = choice[k]
        need = 0.0 if u_nd[k] < no_dutch[c] else req[c]
        if out[k] < 0 and level[k] >= need and u[k] < openness[c] and u_vac[k] < fill[c]:
            ok[n] = k
            n += 1
    fill_vacancies(ok[:n], choice, prio, vacancies, hires, out)
    return out


@njit(cache=True, nogil=True, inline="always")
def start_kernel(idx, employer, month, keys, levers, coaching, cols):
    """Hired persons start a job whose hours fit their budget.

    Args:
        idx: Persons hired.
        employer: Employer index per hired person.
        month: Calendar month.
        keys: Stream keys of "hours", "fulltime", "coach", "precarious".
        levers: :class:`StartLevers` as a plain tuple.
        coaching: Whether each employer coaches whom it hires.
        cols: :class:`StartColumns` as a plain tuple, updated in place.
    """
    levers, cols = StartLevers(*levers), StartColumns(*cols)
    key_hours, key_fulltime, key_coach, key_precarious = keys[0], keys[1], keys[2], keys[3]
    hours, pid, course_active = cols.hours, cols.pid, cols.course_active
    for k in range(len(idx)):
        i = idx[k]
        avail = hours[i]
        ft_share = levers.fulltime_share * (1.5 if cols.credential[i] else 1.0)
        if avail >= FULLTIME_HOURS and draw(pid[i], key_fulltime) < ft_share:
            h = min(avail, MAX_HOURS)
        else:
            h = min(avail, 12.0 + 16.0 * draw(pid[i], key_hours))
        if levers.coordinator and course_active[i]:
            h = min(h, max(avail - levers.protected_hours, min(8.0, avail)))
        cols.job_hours[i] = h
        cols.state[i] = JOB_FULL if h >= FULLTIME_HOURS else JOB_PART
        cols.months_in_state[i] = 0
        cols.job_start[i] = month
        cols.employer[i] = employer[k]
        cols.coached[i] = coaching[employer[k]] or draw(pid[i], key_coach) < levers.coach_share
        cols.precarious[i] = draw(pid[i], key_precarious) < levers.work_first
