"""Health burden: dropout from course or education, and return to activity (mechanism 8).

About 41% of status holders carry a psychological burden (T7-213). An untreated burden
makes dropping out of a course, dual track or education likely (T3-155); health screening
at intake finds the burden so care is arranged, which lowers dropout and speeds recovery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numba import njit

from sim.rng import draw
from sim.rules.passes import marked
from sim.states import COURSE, DUAL, EDUCATION, HEALTH_INACTIVE, SEARCHING

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

TREATED_RECOVERY_RATIO = 2.0  # assumption: care doubles the chance of return
DROP, RETURN = 1, 2  # a person's change this month (bits)


def health_month(model: MunicipalityModel, month: int) -> None:
    """Dropout of burdened learners into inactivity, then return of the inactive."""
    ph = model.people
    _health_kernel(
        ph.n_active,
        ph.state,
        ph.months_in_state,
        ph.burden,
        ph.treated,
        ph.dropped,
        ph.course_active,
        ph.pid,
        model.streams.key("dropout", month),
        model.streams.key("recovery", month),
        model.derived(_health_rates),
    )


def _health_rates(model: MunicipalityModel) -> np.ndarray:
    """[dropout untreated, dropout treated, recovery untreated, recovery treated] a month."""
    p = model.p
    drop, rec = float(p["behaviour.dropout_rate"]), float(p["behaviour.recovery_rate"])
    return np.array([drop, drop * float(p["effects.health_treatment_ratio"]), rec, rec * TREATED_RECOVERY_RATIO])


@njit(cache=True, nogil=True)
def _health_kernel(n, state, months_in_state, burden, treated, dropped, course_active, pid, key_drop, key_rec, rates):
    """Per person: dropout of a burdened learner, then return from inactivity.

    A vectorised pass marks who drops out and who returns (:func:`_health_pass`); only they
    are updated after it (see ``sim.rules.passes``).
    """
    change = np.empty(n, dtype=np.int8)
    _health_pass(n, state, burden, treated, pid, key_drop, key_rec, rates, change)
    for i in marked(change):
        if change[i] & DROP:
            state[i], months_in_state[i], dropped[i] = HEALTH_INACTIVE, 0, True
        if change[i] & RETURN:
            state[i], months_in_state[i] = (COURSE if course_active[i] else SEARCHING), 0


@njit(cache=True, nogil=True)
def _health_pass(n, state, burden, treated, pid, key_drop, key_rec, rates, change):
    """``change``: DROP if a burdened learner drops out, plus RETURN if back from inactivity.

    Both draws are made for everyone (pure functions of id and key, so no decision changes)
    and combined without branches; the rates are read into scalars first.
    """
    drop, drop_treated, recover, recover_treated = rates[0], rates[1], rates[2], rates[3]
    for i in range(n):
        s = state[i]
        t = treated[i]
        at_risk = burden[i] & ((s == COURSE) | (s == DUAL) | (s == EDUCATION))
        out = at_risk & (draw(pid[i], key_drop) < (drop_treated if t else drop))
        inactive = out | (s == HEALTH_INACTIVE)
        back = inactive & (draw(pid[i], key_rec) < (recover_treated if t else recover))
        change[i] = (DROP if out else 0) | (RETURN if back else 0)
