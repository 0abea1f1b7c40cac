"""Place a caseload's people in the model at month 0, with histories consistent with the file.

The file describes the people at its date, the end of calendar month -1: a person ``m`` months
past the permit has permit month ``-1 - m``, is housed (before month 0) and is in the file's
state, Dutch level, exam and bijstand. What the file cannot tell is drawn from keyed streams by
the person's place in the file (id ``CASELOAD_BIT | k``), so (scenario, seed, file, past) decide
a run exactly; what depends on policy is drawn under the past scenario (the model's ``p`` while
:func:`place` runs: the run's own scenario, or a comparison's baseline); these draws are fixed
for the run:

- traits: education, a health burden (certain for ``health_inactive``), care duties (not for a
  full-time job), the prior sector, children, the exact age within the band or birth year;
- the Dutch level within the whole level (uniform; B2 is 4.0, the model's top);
- the housing month (the COA wait, at most month -1) and what intake did then with the levers
  of the scenario: skills and health screening, a mentor (and the network the mentor built),
  the course start (a later start is still to come for a job seeker without the exam);
- the months left of a dual track or the education route (uniform over their length), the
  start of a job (uniform since housing; its hours: full time, or 12-28 a week) and the last
  month of a job, course or COA of someone idle (uniform since housing);
- no Dutch diploma, no job coach, no earlier dual track or health dropout unless the state says
  so, the employer unknown (not the municipality);
- bijstand: the household's exit to another income (``behaviour.welfare_other_exit``) is drawn
  given what the file says: on bijstand means not yet left, off bijstand when the rules would
  pay means left. A partner with no row in the file is not in the model (the household gets
  the single norm).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import households
from sim.caseload import donors
from sim.caseload.columns import AGE_BANDS
from sim.caseload.reader import Caseload
from sim.params import Value
from sim.population import TRAIT_STREAMS, Traits, _care, _categorical
from sim.rng import Streams
from sim.rules import welfare
from sim.rules.context import columns
from sim.rules.hiring import FULLTIME_HOURS, MAX_HOURS
from sim.states import (
    COURSE,
    DUAL,
    EDUCATION,
    EXAM_NONE,
    HEALTH_INACTIVE,
    JOB_FULL,
    JOB_PART,
    SEARCHING,
    VOLUNTEER,
)

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

CASELOAD_BIT = np.uint64(1 << 61)  # caseload person id = CASELOAD_BIT | place in the file's used rows
START_STREAMS = ("cl_lang", "cl_phase", "cl_job_start", "cl_job_hours", "cl_idle", "cl_kids")
_BAND_LO = np.array([lo for lo, _ in AGE_BANDS.values()])
_BAND_HI = np.array([hi for _, hi in AGE_BANDS.values()])


def order(cl: Caseload) -> np.ndarray:
    """The file's rows in the model's order: by permit month (longest since the permit first), then file order."""
    return np.lexsort((np.arange(len(cl)), -cl.months.astype(np.int64)))


def traits(p: dict[str, Value], streams: Streams, cl: Caseload) -> Traits:
    """The fixed traits of the caseload's people, sorted by permit month (see :func:`order`).

    Args:
        p: Parameter values at month 0.
        streams: The run's keyed streams.
        cl: The caseload.

    Returns:
        Traits whose permit months are all before month 0; ``head`` and ``partner`` index them.
    """
    o = order(cl)
    where = np.empty(len(o), dtype=np.int64)
    where[o] = np.arange(len(o))
    pid = CASELOAD_BIT | o.astype(np.uint64)
    u = dict(zip(TRAIT_STREAMS, streams.uniforms(TRAIT_STREAMS, -1, pid), strict=True))
    months, male, hh_type = cl.months[o], cl.male[o], cl.hh_type[o]
    partner = np.where(cl.partner[o] >= 0, where[np.maximum(cl.partner[o], 0)], -1).astype(np.int32)
    idx = np.arange(len(o), dtype=np.int32)
    head = np.where((partner >= 0) & (partner < idx), partner, idx).astype(np.int32)
    role = np.where(head == idx, households.PRINCIPAL, households.TOGETHER).astype(np.int8)
    role[(head != idx) & (months != months[head])] = households.NAREIZIGER
    low, high = float(p["population.share_low_education"]), float(p["population.share_high_education"])
    care = _care(p, male, hh_type, u["care"]) & (cl.state[o] != JOB_FULL)
    kids = np.maximum(np.floor(float(p["household.children_per_family"]) + streams.uniform("cl_kids", -1, pid)), 1)
    with_kids = np.isin(hh_type, (households.COUPLE_CHILDREN, households.SINGLE_PARENT)) & (head == idx)
    return Traits(
        pid=pid,
        entry=(-1 - months).astype(np.int32),
        origin=cl.origin[o],
        male=male,
        age0=_age_now(cl.age_band[o], cl.age_years[o], u["age"]) - months / 12.0,
        edu=_categorical(u["edu"], np.array([low, max(0.0, 1 - low - high), high])),
        burden=(u["burden"] < float(p["population.health_burden_share"])) | (cl.state[o] == HEALTH_INACTIVE),
        hours=np.where(care, float(p["population.hours_care"]), float(p["population.hours_full"])),
        lang0=_language(cl.dutch[o], cl.exam[o] != EXAM_NONE, exam_level(p), streams.uniform("cl_lang", -1, pid)),
        sector_u=u["sector"],
        hh_type=hh_type,
        role=role,
        head=head,
        partner=partner,
        children=np.where(with_kids, kids, 0).astype(np.int8),
        care=care,
    )


def _age_now(age_band: np.ndarray, age_years: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Age in years at the file date: uniform within the band, or within the year from the birth year."""
    band = np.maximum(age_band, 0)
    from_band = _BAND_LO[band] + (_BAND_HI[band] - _BAND_LO[band]) * u
    return np.where(age_band >= 0, from_band, age_years + u)


def _language(level: np.ndarray, met: np.ndarray, exam: float, u: np.ndarray) -> np.ndarray:
    """Dutch on the CEFR scale within the whole level reached; B2 or higher is 4.0.

    Uniform within the level, except for someone who met the exam: the course ended then and
    Dutch grows slowly at work, so they are drawn near where the exam left them (from the exam
    level when it lies within theirs, density falling as ``u**2``).
    """
    lo = np.where(met & (level <= exam) & (exam < level + 1), exam, level)
    within = np.where(met, lo + (level + 1 - lo) * u**2, level + u)
    return np.where(level >= 4, 4.0, within)


def exam_level(p: dict[str, Value]) -> float:
    """The exam's Dutch level under the scenario's law (as ``sim.rules.learning.exam_level``)."""
    return 2.0 + float(p["law2021.b1_target"]) if int(p["regime.law"]) == 2021 else 2.0


def merge(first: Traits, then: Traits) -> Traits:
    """One population: ``first`` (the caseload) then ``then`` (the inflow), indices shifted."""
    n = len(first)
    shifted = {"head": then.head + n, "partner": np.where(then.partner >= 0, then.partner + n, -1)}
    cols = {}
    for name in Traits.__dataclass_fields__:
        b = shifted.get(name, getattr(then, name))
        cols[name] = np.concatenate([getattr(first, name), b.astype(getattr(first, name).dtype)])
    return Traits(**cols)


def place(model: MunicipalityModel, cl: Caseload) -> None:
    """Set the caseload's people (the first ``len(cl)`` persons) as the file says at month -1.

    Called once the model has its people and before its first step; afterwards the caseload's
    people are active and housed, so month 0 takes in only the inflow.
    """
    ph, n = model.people, len(cl)
    o = order(cl)
    pid = ph.pid[:n]
    u = dict(zip(START_STREAMS, model.streams.uniforms(START_STREAMS, -1, pid), strict=True))
    ph.state[:n] = cl.state[o]
    ph.exam[:n] = cl.exam[o]
    ph.dropped[:n] = ph.state[:n] == HEALTH_INACTIVE
    _housing_and_intake(model, n)
    _course(model, n, u)
    _jobs(model, n, u)
    _idle_since(model, n, u)
    model.caseload_matches = donors.apply(model, cl, cl.bijstand[o])
    _bijstand(model, n, cl.bijstand[o])
    ph.n_active = n


def _since_housing(model: MunicipalityModel, n: int, u: np.ndarray) -> np.ndarray:
    """A month uniform between the housing month and month -1 (both included)."""
    housed = model.people.housed_at[:n].astype(np.int64)
    return (housed + np.floor(u * (-housed))).astype(np.int16)


def _housing_and_intake(model: MunicipalityModel, n: int) -> None:
    """Housing before month 0 (a partner with the principal) and what intake did then."""
    ph, p = model.people, model.p
    fixed = {k: v[:n] for k, v in ph.fixed.items()}
    mean = float(p["context.housing_wait_months"])
    wait = np.floor(-mean * np.log1p(-fixed["housing_wait"])) if mean > 0 else np.zeros(n)
    housed = np.minimum(ph.entry[:n] + wait, -1)
    housed = np.maximum(housed, housed[ph.head[:n]])  # a partner is housed with the principal
    ph.housed_at[:n] = np.minimum(np.maximum(housed, ph.entry[:n]), -1)
    ph.screened[:n] = fixed["screen"] < float(p["guidance.screening_share"])
    ph.treated[:n] = ph.burden[:n] & (fixed["hscreen"] < float(p["health.screening_share"]))
    months = int(p["network.mentor_months"])
    mentored = fixed["mentor"] < p.now("network.mentor_share")
    until = np.where(mentored, ph.housed_at[:n] + months, 0)
    ph.mentor_until[:n] = until
    gain = min(float(p["effects.network_gain_mentor"]), 1.0)
    had = np.clip(np.minimum(until, 0) - ph.housed_at[:n], 0, months) * mentored
    ph.network[:n] = 1.0 - (1.0 - gain) ** had


def _course(model: MunicipalityModel, n: int, u: dict[str, np.ndarray]) -> None:
    """The integration duty: running, met, or (a job seeker without the exam) still to start."""
    ph, p = model.people, model.p
    s, housed = ph.state[:n], ph.housed_at[:n].astype(np.int64)
    law2021 = int(p["regime.law"]) == 2021
    base = float(p["effects.regime2013_delay_months"]) * ((1.0 - float(p["law2021.earlier_start"])) if law2021 else 1.0)
    mean = base + float(p["household.care_course_delay_months"]) * ph.care[:n]
    wait = np.floor(-mean * np.log1p(-ph.fixed["course_delay"][:n])).astype(np.int64)
    start = housed + wait
    met = ph.exam[:n] != EXAM_NONE
    learning = np.isin(s, (COURSE, DUAL, EDUCATION))
    seeking = np.isin(s, (SEARCHING, VOLUNTEER))
    ph.course_active[:n] = learning | (~met & ~seeking & (start <= -1))
    # a job seeker without the exam waits for the course still: the exponential wait, memoryless, from month 0 on
    ph.course_from[:n] = np.where(seeking & ~met, wait, np.where(learning, np.minimum(start, -1), start))
    ph.course_from[:n] = np.where(met, np.minimum(start, -1), ph.course_from[:n])
    dual, edu = s == DUAL, s == EDUCATION
    ph.ever_dual[:n] = dual
    left_dual = np.floor(u["cl_phase"] * int(p["learning.dual_months"]))
    left_edu = np.floor(u["cl_phase"] * int(p["learning.education_months"]))
    ph.phase_end[:n] = np.where(dual, left_dual, np.where(edu, left_edu, ph.phase_end[:n]))


def _jobs(model: MunicipalityModel, n: int, u: dict[str, np.ndarray]) -> None:
    """Jobs: full time (all hours up to the maximum) or part time (12-28 hours), started since housing."""
    ph = model.people
    s = ph.state[:n]
    full, part = s == JOB_FULL, s == JOB_PART
    ph.hours[:n] = np.where(full, np.maximum(ph.hours[:n], FULLTIME_HOURS), ph.hours[:n])
    part_hours = np.minimum(ph.hours[:n], 12.0 + 16.0 * u["cl_job_hours"])
    ph.job_hours[:n] = np.where(full, np.minimum(ph.hours[:n], MAX_HOURS), np.where(part, part_hours, 0.0))
    ph.job_start[:n] = np.where(full | part, _since_housing(model, n, u["cl_job_start"]), ph.job_start[:n])


def _idle_since(model: MunicipalityModel, n: int, u: dict[str, np.ndarray]) -> None:
    """Last month in a job, the duty or COA: month -1 for those in one, else uniform since housing."""
    ph = model.people
    active = np.isin(ph.state[:n], (JOB_PART, JOB_FULL)) | ph.course_active[:n]
    ph.last_active[:n] = np.where(active, -1, _since_housing(model, n, u["cl_idle"]))


def _bijstand(model: MunicipalityModel, n: int, on: np.ndarray) -> None:
    """Draw each household's exit to another income given the file's bijstand, set the flags.

    A household the rules would pay at month -1 has not left yet if the file says it is on
    bijstand (the exit draw below the chance of staying that long) and has left if it says it
    is not (the draw above it): the person's keyed draw is rescaled into that part.
    """
    ph = model.people
    log_u = ph.log_u_exit[:n].copy()
    ph.log_u_exit[:n] = -np.inf  # never left: who would the rules pay at month -1?
    heads, partners = ph.couple_heads, ph.couple_partners
    inside = partners < n
    welfare._welfare_kernel(n, -1, columns(welfare.Columns, ph), (heads[inside], partners[inside]), tuple(
        welfare._rates(model)
    ))  # fmt: skip
    head = ph.head[:n]
    paid, household_on = _household_any(ph.welfare[:n], head), _household_any(on, head)
    rate = float(model.p["behaviour.welfare_other_exit"])
    stay = np.exp(-ph.housed_at[:n][head].astype(np.float64) * np.log1p(-min(rate, 1.0 - 1e-12)))
    u = np.exp(log_u[head])
    conditioned = np.where(household_on, u * stay, stay + u * (1.0 - stay))
    ph.log_u_exit[:n] = np.where(paid | household_on, np.log(np.maximum(conditioned, 1e-300)), log_u[head])
    ph.fixed["welfare_exit"][:n] = np.exp(ph.log_u_exit[:n])
    ph.welfare[:n] = on
    ph.out_of_view[:n] = False


def _household_any(flag: np.ndarray, head: np.ndarray) -> np.ndarray:
    """Per person: whether anyone in their household (same head) has the flag."""
    out = flag.copy()
    np.logical_or.at(out, head, flag)
    return out[head]
