"""Health burden: dropout from course or education, and return to activity (mechanism 8).

About 41% of status holders carry a psychological burden (T7-213). An untreated burden
makes dropping out of a course, dual track or education likely (T3-155); health screening
at intake finds the burden so care is arranged, which lowers dropout and speeds recovery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.states import COURSE, DUAL, EDUCATION, HEALTH_INACTIVE, SEARCHING, lut

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

LEARNING = lut(COURSE, DUAL, EDUCATION)
TREATED_RECOVERY_RATIO = 2.0  # assumption: care doubles the chance of return


def dropout(model: MunicipalityModel, month: int) -> None:
    """Persons with a health burden who are learning may drop out into inactivity."""
    ph, p = model.people, model.p
    n = ph.n_active
    at_risk = np.flatnonzero(ph.burden[:n] & LEARNING[ph.state[:n]])
    if len(at_risk) == 0:
        return
    rate = float(p["behaviour.dropout_rate"])
    rate_i = np.where(ph.treated[at_risk], rate * float(p["effects.health_treatment_ratio"]), rate)
    out = at_risk[model.streams.uniform("dropout", month, ph.pid[at_risk]) < rate_i]
    ph.set_state(out, HEALTH_INACTIVE)
    ph.dropped[out] = True


def recovery(model: MunicipalityModel, month: int) -> None:
    """Inactive persons return to the course (duty not met) or to job search."""
    ph, p = model.people, model.p
    n = ph.n_active
    idx = np.flatnonzero(ph.state[:n] == HEALTH_INACTIVE)
    if len(idx) == 0:
        return
    rate = float(p["behaviour.recovery_rate"])
    rate_i = np.where(ph.treated[idx], rate * TREATED_RECOVERY_RATIO, rate)
    back = idx[model.streams.uniform("recovery", month, ph.pid[idx]) < rate_i]
    ph.set_state(back[ph.course_active[back]], COURSE)
    ph.set_state(back[~ph.course_active[back]], SEARCHING)
