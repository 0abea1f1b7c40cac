"""Learning: course starts, the hours budget, dual tracks, education, Dutch and the exam.

Mechanisms 3-6, 12 and 14. A person's weekly hours are bounded: course hours plus work or
placement hours never exceed the hours they have (mechanism 4; care duties lower them). A
job takes its hours first and the course gets what is left, so a full-time job stalls the
language course unless a coordinator protects some course hours (mechanism 11). Dutch grows
with course hours, faster inside a dual track where language meets work (mechanism 5), and
slowly on the job alone (mechanism 3). Work-first pressure cuts course hours (mechanism 14).
The exam is B1 under the 2021 law and A2 under the 2013 law (mechanism 12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.states import (
    COURSE,
    DUAL,
    EDUCATION,
    EXAM_EXEMPT,
    EXAM_PASSED,
    JOB_FULL,
    JOB_PART,
    SEARCHING,
    VOLUNTEER,
    State,
    lut,
)

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

REFERENCE_COURSE_HOURS = 15.0  # hours a week behind behaviour.language_gain
EDUCATION_HOURS = 24.0  # study hours a week in the education route (assumption)
EDU_LANGUAGE = np.array([0.6, 1.0, 1.4])  # gain ratio by education (assumption; SCP literacy)
OLDER_LANGUAGE, BURDEN_LANGUAGE = 0.7, 0.8  # gain ratio aged 45+, untreated burden (assumption)
MAX_LANGUAGE = 4.0  # B2
JOB_STATES = lut(JOB_PART, JOB_FULL)
SEEKING_ONLY = lut(SEARCHING, VOLUNTEER)


def exam_level(model: MunicipalityModel) -> float:
    """Language level of the integration exam: B1 (2021 law) or A2 (2013 law)."""
    return 3.0 if int(model.p["regime.law"]) == 2021 else 2.0


def start_courses(model: MunicipalityModel, month: int) -> None:
    """Start the integration duty of those whose course month has come; charge the course."""
    ph = model.people
    n = ph.n_active
    due = np.flatnonzero((ph.course_from[:n] == month) & ~ph.course_active[:n])
    due = due[ph.state[due] != EDUCATION]
    ph.course_active[due] = True
    seek = due[SEEKING_ONLY[ph.state[due]]]
    ph.set_state(seek, COURSE)
    if int(model.p["regime.law"]) == 2021:
        model.ledger.add("course", month, len(due) * float(model.p["costs.course_eur"]))


def allocate_hours(model: MunicipalityModel) -> None:
    """Set this month's course and work hours of everyone within their hours budget."""
    ph, p = model.people, model.p
    n = ph.n_active
    state, avail = ph.state[:n], ph.hours[:n]
    wf_cut = float(p["learning.work_first"]) * float(p["effects.work_first_course_cut"])
    course_h = float(p["learning.course_hours"]) * (1.0 - wf_cut)
    table = np.zeros(len(State))
    table[COURSE], table[EDUCATION] = course_h, EDUCATION_HOURS
    np.minimum(table[state], avail, out=ph.course_hours[:n])
    np.copyto(ph.work_hours[:n], ph.job_hours[:n])  # 0 for everyone not in a job
    dual = np.flatnonzero(state == DUAL)
    if len(dual):
        dual_c, dual_w = float(p["learning.dual_course_hours"]), float(p["learning.dual_work_hours"])
        scale = np.minimum(1.0, avail[dual] / max(dual_c + dual_w, 1e-9))
        ph.course_hours[dual], ph.work_hours[dual] = dual_c * scale, dual_w * scale
    working = np.flatnonzero((ph.job_hours[:n] > 0) & ph.course_active[:n])
    ph.course_hours[working] = np.minimum(course_h, np.maximum(avail[working] - ph.job_hours[working], 0.0))


def language_multiplier(model: MunicipalityModel, idx: np.ndarray) -> np.ndarray:
    """Language-gain ratio of persons from education and an untreated health burden."""
    ph = model.people
    return EDU_LANGUAGE[ph.edu[idx]] * np.where(ph.burden[idx] & ~ph.treated[idx], BURDEN_LANGUAGE, 1.0)


def learn_language(model: MunicipalityModel, month: int) -> None:
    """Dutch grows with course hours (more in a dual track) and a little through work."""
    ph, p = model.people, model.p
    n = ph.n_active
    quality = 1.0 if int(p["regime.law"]) == 2021 else float(p["effects.regime2013_quality"])
    rate = float(p["behaviour.language_gain"]) * quality / REFERENCE_COURSE_HOURS
    gain = ph.course_hours[:n] * ph.lang_mult[:n]
    gain *= rate
    older = np.flatnonzero(ph.older_from[:n] <= month)
    gain[older] *= OLDER_LANGUAGE
    dual = np.flatnonzero(ph.state[:n] == DUAL)
    gain[dual] *= float(p["effects.dual_language_synergy"])
    work_gain = float(p["behaviour.work_language_gain"])
    gain += np.minimum(ph.work_hours[:n], 24.0) * (work_gain / 24.0)
    gain += ph.lang[:n]
    np.minimum(gain, MAX_LANGUAGE, out=ph.lang[:n])


def exams(model: MunicipalityModel, month: int) -> None:
    """Pass the exam at the required level, or get an exemption at the term."""
    ph, p = model.people, model.p
    n = ph.n_active
    idx = np.flatnonzero(ph.course_active[:n] & (ph.state[:n] != EDUCATION))
    if len(idx) == 0:
        return
    ready = ph.lang[idx] >= exam_level(model)
    passed = idx[ready & (model.streams.uniform("exam", month, ph.pid[idx]) < float(p["behaviour.exam_monthly_pass"]))]
    at_term = idx[~ready & (month - ph.course_from[idx] == int(p["regime.exam_term_months"]))]
    exempt = at_term[ph.fixed["exemption"][at_term] < float(p["behaviour.exemption_at_term"])]
    ph.exam[passed] = EXAM_PASSED
    ph.exam[exempt] = EXAM_EXEMPT
    done = np.concatenate([passed, exempt])
    ph.course_active[done] = False
    ph.set_state(done[ph.state[done] == COURSE], SEARCHING)


def dual_tracks(model: MunicipalityModel, month: int, n_clients: int) -> None:
    """End finished dual tracks; fill free places with eligible course participants."""
    ph, p = model.people, model.p
    n = ph.n_active
    ended = np.flatnonzero((ph.state[:n] == DUAL) & (ph.phase_end[:n] <= month))
    ph.set_state(ended[ph.course_active[ended]], COURSE)
    ph.set_state(ended[~ph.course_active[ended]], SEARCHING)
    places = float(p["learning.dual_places_per_100"]) * n_clients / 100.0 * model.funding_factor()
    places = min(places, sum(e.learn_work_places for e in model.employers))
    free = int(places) - int(np.count_nonzero(ph.state[:n] == DUAL))
    if free > 0:
        ok = (ph.state[:n] == COURSE) & ~ph.ever_dual[:n]
        ok &= ph.lang[:n] >= float(p["learning.dual_min_language"])
        cand = np.flatnonzero(ok)
        chosen = cand[np.argsort(ph.priority[cand], kind="stable")[:free]]
        ph.set_state(chosen, DUAL)
        ph.ever_dual[chosen] = True
        ph.phase_end[chosen] = month + int(p["learning.dual_months"])
    n_dual = int(np.count_nonzero(ph.state[:n] == DUAL))
    model.ledger.add("dual_tracks", month, n_dual * float(p["costs.dual_place_eur_month"]))


def finish_education(model: MunicipalityModel, month: int) -> None:
    """Education route completed: a recognised diploma; the integration duty is met."""
    ph = model.people
    n = ph.n_active
    done = np.flatnonzero((ph.state[:n] == EDUCATION) & (ph.phase_end[:n] <= month))
    ph.credential[done] = True
    model.refresh_multipliers(done)
    ph.exam[done] = EXAM_PASSED
    ph.course_active[done] = False
    ph.set_state(done, SEARCHING)
