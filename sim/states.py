"""Person states and the compact monthly code recorded for every person-month.

Each status holder is in exactly one :class:`State` a month. Besides the state, outcomes
need a few flags (welfare, B1, exam, dropout). They are packed into one small integer per
person-month (``combo``) so a whole run's outcomes are one ``np.bincount`` at the end.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from numba import njit


class State(IntEnum):
    """Mutually exclusive monthly states of a status holder."""

    WAITING = 0  # permit granted, waiting in COA for housing
    COURSE = 1  # integration / language course (municipal guidance)
    DUAL = 2  # dual learn-work track (course + placement)
    EDUCATION = 3  # education route (onderwijsroute, MBO/HO)
    SEARCHING = 4  # on welfare, looking for work, no course
    VOLUNTEER = 5  # volunteering while looking for work
    JOB_PART = 6  # paid job under 32 h a week
    JOB_FULL = 7  # paid job of 32 h a week or more
    HEALTH_INACTIVE = 8  # out of activity for health reasons


N_STATES = len(State)
# Plain-int aliases for hot loops (IntEnum attribute access is slow on Python 3.11).
WAITING, COURSE, DUAL, EDUCATION, SEARCHING, VOLUNTEER, JOB_PART, JOB_FULL, HEALTH_INACTIVE = range(N_STATES)
EXAM_NONE, EXAM_PASSED, EXAM_EXEMPT = 0, 1, 2

# Named sets of states. The compiled rules test them with the predicates below, which rely on
# the order of State (tests/core/test_states.py checks that each predicate equals its set).
SEEKING = frozenset({WAITING, COURSE, DUAL, EDUCATION, SEARCHING, VOLUNTEER})  # may get a job offer
LEARNING = frozenset({COURSE, DUAL, EDUCATION})  # in a course, dual track or education: can drop out
JOB_SEEKER = frozenset({SEARCHING, VOLUNTEER})  # looking for work without a course
IN_JOB = frozenset({JOB_PART, JOB_FULL})
NOT_CLIENT = frozenset({WAITING, EDUCATION, JOB_FULL})  # not on a client manager's caseload
# combo = state + N_STATES * (welfare + 2 * (b1 + 2 * (exam + 3 * dropped)))
N_COMBOS = N_STATES * 2 * 2 * 3 * 2
EXCLUDED = N_COMBOS  # not in the 18-64 outcome population this month
UNSEEN = 255  # not yet arrived


def encode(state: np.ndarray, welfare: np.ndarray, b1: np.ndarray, exam: np.ndarray, dropped: np.ndarray) -> np.ndarray:
    """Pack state and flags of many persons into uint8 codes."""
    code = dropped.astype(np.int16) * 3 + exam
    code = (code * 2 + b1) * 2 + welfare
    return (code * N_STATES + state).astype(np.uint8)


def decode(code: np.ndarray) -> dict[str, np.ndarray]:
    """Unpack codes (< ``N_COMBOS``) into state and flag arrays."""
    c = code.astype(np.int64)
    state, c = c % N_STATES, c // N_STATES
    welfare, c = c % 2, c // 2
    b1, c = c % 2, c // 2
    exam, dropped = c % 3, c // 3
    return {"state": state, "welfare": welfare, "b1": b1, "exam": exam, "dropped": dropped}


def lut(*states: int) -> np.ndarray:
    """Boolean lookup table over states: ``lut(A, B)[state_array]`` is ``state in (A, B)``.

    Indexing a small table is several times faster than ``np.isin`` on large arrays.
    """
    table = np.zeros(N_STATES, dtype=bool)
    table[list(states)] = True
    return table


@njit(cache=True, inline="always")
def is_seeking(s: int) -> bool:
    """``s in SEEKING``: the states WAITING..VOLUNTEER (one comparison, vectorises)."""
    return s <= VOLUNTEER


@njit(cache=True, inline="always")
def is_learning(s: int) -> bool:
    """``s in LEARNING``: the states COURSE..EDUCATION."""
    return (s >= COURSE) & (s <= EDUCATION)


@njit(cache=True, inline="always")
def is_job_seeker(s: int) -> bool:
    """``s in JOB_SEEKER``: SEARCHING or VOLUNTEER."""
    return (s == SEARCHING) | (s == VOLUNTEER)


@njit(cache=True, inline="always")
def in_job(s: int) -> bool:
    """``s in IN_JOB``: a part-time or full-time job."""
    return (s == JOB_PART) | (s == JOB_FULL)
