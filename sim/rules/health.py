"""Health burden: dropout from course or education, and return to activity (mechanism 8).

About 41% of status holders carry a psychological burden (T7-213). An untreated burden
makes dropping out of a course, dual track or education likely (T3-155); health screening
at intake finds the burden so care is arranged, which lowers dropout and speeds recovery.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

import numpy as np
from numba import njit

from sim.rng import draw
from sim.rules.context import Derives, HasPeople, HasStreams, Stacked, columns
from sim.rules.passes import marked
from sim.rules.segments import row, segment
from sim.states import COURSE, HEALTH_INACTIVE, SEARCHING, is_learning

TREATED_RECOVERY_RATIO = 2.0  # assumption: care doubles the chance of return
DROP, RETURN = 1, 2  # a person's change this month (bits)


class Context(Derives, HasPeople, HasStreams, Protocol):
    """What the health rule reads: parameters, the status holders and the random streams."""


class Columns(NamedTuple):
    """Person columns of the health rule (``state``, ``months_in_state``, ``dropped`` updated)."""

    state: np.ndarray
    months_in_state: np.ndarray
    burden: np.ndarray
    treated: np.ndarray
    dropped: np.ndarray
    course_active: np.ndarray
    pid: np.ndarray


class Rates(NamedTuple):
    """Monthly chances of dropping out (burdened learners) and of returning (the inactive)."""

    drop: float
    drop_treated: float
    recover: float
    recover_treated: float


def health_month(ctx: Context, month: int) -> None:
    """Dropout of burdened learners into inactivity, then return of the inactive."""
    keys = (ctx.streams.key("dropout", month), ctx.streams.key("recovery", month))
    _health_kernel(ctx.people.n_active, columns(Columns, ctx.people), keys, tuple(ctx.derived(_health_rates)))


def health_month_stacked(runs: Stacked, month: int) -> None:
    """:func:`health_month` of every stacked replication in one compiled call."""
    keys = runs.keys(("dropout", "recovery"), month)
    _health_stacked(runs.starts, runs.n_active, columns(Columns, runs.people), keys, runs.rates(_health_rates))


@njit(cache=True, nogil=True)
def _health_stacked(starts, n_active, cols, keys, rates):
    """:func:`_health_kernel` on each replication's segment with its keys and rates."""
    for r in range(len(n_active)):
        _health_kernel(n_active[r], segment(cols, starts[r], starts[r + 1]), row(keys, r), row(rates, r))


def _health_rates(ctx: Derives) -> Rates:
    """The rates from ``behaviour.dropout_rate``, ``recovery_rate`` and the treatment ratios."""
    p = ctx.p
    drop, rec = float(p["behaviour.dropout_rate"]), float(p["behaviour.recovery_rate"])
    return Rates(drop, drop * float(p["effects.health_treatment_ratio"]), rec, rec * TREATED_RECOVERY_RATIO)


@njit(cache=True, nogil=True, inline="always")
def _health_kernel(n, cols, keys, rates):
    """Per person: dropout of a burdened learner, then return from inactivity.

    A vectorised pass marks who drops out and who returns (:func:`_health_pass`); only they
    are updated after it (see ``sim.rules.passes``). ``keys``: stream keys of "dropout" and
    "recovery" this month. ``cols``, ``rates``: :class:`Columns`, :class:`Rates` as plain tuples.
    """
    cols, rates = Columns(*cols), Rates(*rates)
    change = np.empty(n, dtype=np.int8)
    _health_pass(n, cols.state, cols.burden, cols.treated, cols.pid, keys, rates, change)
    state, months_in_state = cols.state, cols.months_in_state
    for i in marked(change):
        if change[i] & DROP:
            state[i], months_in_state[i], cols.dropped[i] = HEALTH_INACTIVE, 0, True
        if change[i] & RETURN:
            state[i], months_in_state[i] = (COURSE if cols.course_active[i] else SEARCHING), 0


@njit(cache=True, nogil=True, inline="always")
def _health_pass(n, state, burden, treated, pid, keys, rates, change):
    """``change``: DROP if a burdened learner drops out, plus RETURN if back from inactivity.

    Both draws are made for everyone (pure functions of id and key, so no decision changes)
    and combined without branches; the rates are read into scalars first.
    """
    drop, drop_treated, recover, recover_treated = rates.drop, rates.drop_treated, rates.recover, rates.recover_treated
    key_drop, key_rec = keys
    for i in range(n):
        s = state[i]
        t = treated[i]
        at_risk = burden[i] & is_learning(s)
        out = at_risk & (draw(pid[i], key_drop) < (drop_treated if t else drop))
        inactive = out | (s == HEALTH_INACTIVE)
        back = inactive & (draw(pid[i], key_rec) < (recover_treated if t else recover))
        change[i] = (DROP if out else 0) | (RETURN if back else 0)
