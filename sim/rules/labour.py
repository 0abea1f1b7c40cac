"""Labour market: job offers, employers' hiring decisions, job endings and more hours.

Each month a job seeker gets an offer with a chance that multiplies the baseline hazard
(``behaviour.job_hazard`` at B1) by ratios for Dutch, state, sex, age, origin, guidance
(mechanism 1), skills screening (2), mediation (9), network (7), health (8), a Dutch diploma
(6) and work-first pressure (14). Candidates go to an employer of a sector (their own prior
sector when screened; an open employer when a mediator knows them) which hires those who meet
its language requirement and its openness, up to its vacancies (mechanisms 3, 9, 10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.agents.client_managers import person_ratios
from sim.agents.employers import SECTORS, hire_all
from sim.states import COURSE, DUAL, EDUCATION, JOB_FULL, JOB_PART, SEARCHING, VOLUNTEER, WAITING, State, lut

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

SEEKING = lut(WAITING, COURSE, DUAL, EDUCATION, SEARCHING, VOLUNTEER)
JOBS = lut(JOB_PART, JOB_FULL)
EDUCATION_SEARCH = 0.1  # students rarely look for work (assumption)
PRIOR_SECTOR_MATCH = 0.7  # a screened person is steered to their own sector (assumption)
FULLTIME_HOURS, MAX_HOURS = 32.0, 38.0
COACH_MONTHS = 6  # job coaching in the first months of a job (assumption)
SECTOR_WEIGHTS = np.array([s.vacancies for s in SECTORS]) / sum(s.vacancies for s in SECTORS)


def mediated(model: MunicipalityModel, idx: np.ndarray) -> np.ndarray:
    """Which of these persons have a job mediator this month (fixed keyed draw per person)."""
    share = float(model.p["employers.mediation_share"]) * model.funding_factor()
    housed = model.people.state[idx] != WAITING
    return housed & (model.people.fixed["mediation"][idx] < share)


def _state_factor(model: MunicipalityModel) -> np.ndarray:
    p = model.p
    table = np.zeros(len(State))
    table[[WAITING, COURSE]] = float(p["behaviour.course_search_factor"])
    table[DUAL] = float(p["effects.dual_ratio"])
    table[EDUCATION] = EDUCATION_SEARCH
    table[[SEARCHING, VOLUNTEER]] = 1.0
    return table


def offer_multiplier(model: MunicipalityModel, idx: np.ndarray) -> np.ndarray:
    """Job-offer ratio from traits that change rarely: sex, origin, health, screening, diploma.

    Stored per person in ``people.offer_mult``; refreshed at intake, at the end of the
    education route and whenever parameters change.
    """
    ph, p = model.people, model.p
    origin = np.array([float(p[k]) for k in model.origin_keys])
    m = origin[ph.origin[idx]] * np.where(ph.male[idx], 1.0, float(p["behaviour.female_factor"]))
    m *= _health_ratio(model, idx)
    m *= np.where(ph.screened[idx], float(p["effects.screening_ratio"]), 1.0)
    m *= np.where(ph.credential[idx], float(p["effects.credential_ratio"]), 1.0)
    return m


def offer_chance(model: MunicipalityModel, month: int, idx: np.ndarray, med: np.ndarray) -> np.ndarray:
    """Monthly chance of a job offer for the persons ``idx``.

    Args:
        model: The model.
        month: Calendar month.
        idx: Indices of job seekers.
        med: Whether each has a mediator.

    Returns:
        Probabilities in [0, 1].
    """
    ph, p = model.people, model.p
    log_lang = float(p["behaviour.language_effect"]) * (np.minimum(ph.lang[idx], 4.0) - 3.0)
    h = np.exp(log_lang)
    h *= ph.offer_mult[idx]
    h *= (_state_factor(model) * float(p["behaviour.job_hazard"]))[ph.state[idx]]
    h *= person_ratios(model, ph.n_active)[idx]
    h *= 1.0 + (float(p["effects.network_ratio"]) - 1.0) * ph.network[idx]
    h[med] *= float(p["effects.mediation_ratio"])
    h[ph.older_from[idx] <= month] *= float(p["behaviour.older_factor"])
    if float(p["learning.work_first"]) > 0:
        h *= _work_first_ratio(model, idx)
    return np.minimum(h, 1.0, out=h)


def _health_ratio(model: MunicipalityModel, idx: np.ndarray) -> np.ndarray:
    ph, p = model.people, model.p
    r = float(p["effects.health_ratio"])
    treated = r + (1.0 - r) * (1.0 - float(p["effects.health_treatment_ratio"]))
    return np.where(ph.burden[idx], np.where(ph.treated[idx], treated, r), 1.0)


def _work_first_ratio(model: MunicipalityModel, idx: np.ndarray) -> np.ndarray:
    ph, p = model.people, model.p
    extra = float(p["learning.work_first"]) * (float(p["effects.work_first_ratio"]) - 1.0)
    extra_i = np.where(ph.male[idx], extra, extra * float(p["effects.work_first_female_share"]))
    return np.where(ph.state[idx] == COURSE, 1.0 + extra_i, 1.0)


def post_vacancies(model: MunicipalityModel, month: int) -> None:
    """Every employer opens this month's vacancies (tightness scales the flow)."""
    p = model.p
    flow = float(p["context.vacancies_per_100"]) * float(p["context.inflow_per_year"]) / 100.0
    flow *= float(p["context.labour_tightness"])
    u = model.streams.uniform("vacancies", month, np.arange(len(model.employers), dtype=np.uint64))
    for e, ui in zip(model.employers, u, strict=True):
        expected = float(p["employers.municipal_places_per_year"]) / 12.0 if e.is_municipal else flow * e.share
        e.post_vacancies(expected, float(ui))


def _employer_choice(model: MunicipalityModel, month: int, cand: np.ndarray, med: np.ndarray) -> np.ndarray:
    """Index into ``model.employers`` each candidate applies to."""
    ph = model.people
    u_sec, u_own, u_any, u_emp = model.streams.uniforms(
        ("sector", "own_sector", "any_job", "employer"), month, ph.pid[cand]
    )
    prior = np.searchsorted(np.cumsum(SECTOR_WEIGHTS), ph.traits.sector_u[cand], side="right")
    sector = np.searchsorted(np.cumsum(SECTOR_WEIGHTS), u_sec, side="right")
    use_prior = ph.screened[cand] & (u_own < PRIOR_SECTOR_MATCH)
    sector = np.minimum(np.where(use_prior, prior, sector), len(SECTORS) - 1)
    pushed = u_any < float(model.p["learning.work_first"])
    if pushed.any():
        sector[pushed] = _feasible_sector(model, ph.lang[cand[pushed]], u_sec[pushed])
    open_emp = med | (u_emp < 0.5)
    return 2 * sector + np.where(open_emp, 0, 1)


def _feasible_sector(model: MunicipalityModel, lang: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Sector for someone who must take any job: among those whose requirement they meet."""
    strict = float(model.p["employers.language_strictness"])
    req = np.maximum(np.array([s.language for s in SECTORS]) + strict, 0.0)
    ok = lang[:, None] >= req[None, :]
    ok[~ok.any(axis=1), int(np.argmin(req))] = True
    w = ok * SECTOR_WEIGHTS[None, :]
    cum = np.cumsum(w, axis=1) / w.sum(axis=1, keepdims=True)
    return np.minimum((cum < u[:, None]).sum(axis=1), len(SECTORS) - 1)


def job_offers(model: MunicipalityModel, month: int) -> None:
    """Seekers get offers; the municipality, then the sector employers, decide whom to hire."""
    ph, p = model.people, model.p
    n = ph.n_active
    seekers = np.flatnonzero(SEEKING[ph.state[:n]] & (ph.hours[:n] > 0))
    med = mediated(model, seekers)
    model.ledger.add("mediation", month, np.count_nonzero(med) * float(p["costs.mediation_eur_month"]))
    hit = model.streams.uniform("job_offer", month, ph.pid[seekers]) < offer_chance(model, month, seekers, med)
    cand, med = seekers[hit], med[hit]
    if len(cand) == 0:
        return
    employer = _hiring_decisions(model, month, cand, med)
    hired = employer >= 0
    start_jobs(model, month, cand[hired], employer[hired])


def _hiring_decisions(model: MunicipalityModel, month: int, cand: np.ndarray, med: np.ndarray) -> np.ndarray:
    """Employer index hiring each candidate (-1: not hired): the municipality first, then sectors."""
    ph = model.people
    lang = ph.lang[cand]
    relief = np.where(med, float(model.p["effects.mediation_language_relief"]), 0.0)
    u_acc = model.streams.uniform("accept", month, ph.pid[cand])
    prio = ph.priority[cand]
    choice = _employer_choice(model, month, cand, med)
    out = np.full(len(cand), -1, dtype=np.int64)
    municipal = len(model.employers) - 1
    if model.employers[municipal].vacancies > 0:
        housed = np.flatnonzero(ph.state[cand] != WAITING)
        got = housed[model.employers[municipal].hire(lang[housed], relief[housed], u_acc[housed], prio[housed])]
        out[got] = municipal
        choice[got] = -1
    sector = hire_all(model.employers, choice, lang, relief, u_acc, prio)
    return np.where(sector >= 0, sector, out)


def start_jobs(model: MunicipalityModel, month: int, idx: np.ndarray, employer: np.ndarray) -> None:
    """Hired persons start a job; hours fit their budget (a coordinator protects the course).

    Args:
        model: The model.
        month: Calendar month.
        idx: Persons hired.
        employer: Index into ``model.employers`` per hired person.
    """
    if len(idx) == 0:
        return
    ph, p = model.people, model.p
    avail = ph.hours[idx]
    u, u_full, u_coach, u_prec = model.streams.uniforms(
        ("hours", "fulltime", "coach", "precarious"), month, ph.pid[idx]
    )
    ft_share = float(p["behaviour.fulltime_share_at_hire"]) * np.where(ph.credential[idx], 1.5, 1.0)
    full = (avail >= FULLTIME_HOURS) & (u_full < ft_share)
    hours = np.where(full, np.minimum(avail, MAX_HOURS), np.minimum(avail, 12.0 + 16.0 * u))
    if bool(p["guidance.coordinator"]):
        keep = np.maximum(avail - float(p["guidance.coordinator_min_course_hours"]), np.minimum(8.0, avail))
        hours = np.where(ph.course_active[idx], np.minimum(hours, keep), hours)
    ph.job_hours[idx] = hours
    ph.set_state(idx, JOB_PART)
    ph.state[idx[hours >= FULLTIME_HOURS]] = JOB_FULL
    ph.job_start[idx] = month
    ph.employer[idx] = employer
    coaching = np.array([e.job_coaching for e in model.employers])[employer]
    coach = float(p["employers.jobcoach_share"]) * model.funding_factor()
    ph.coached[idx] = coaching | (u_coach < coach)
    ph.precarious[idx] = u_prec < float(p["learning.work_first"])


def job_endings(model: MunicipalityModel, month: int) -> None:
    """Jobs end (mostly temporary contracts); coaching keeps more, work-first jobs fewer."""
    ph, p = model.people, model.p
    n = ph.n_active
    idx = np.flatnonzero(JOBS[ph.state[:n]] & (ph.job_start[:n] < month))
    rate = float(p["behaviour.separation_rate"]) * np.where(
        ph.coached[idx], float(p["effects.jobcoach_separation_ratio"]), 1.0
    )
    rate *= np.where(ph.precarious[idx], float(p["effects.work_first_separation_ratio"]), 1.0)
    out = idx[model.streams.uniform("separation", month, ph.pid[idx]) < rate]
    ph.job_hours[out] = 0.0
    ph.employer[out] = -1
    ph.coached[out] = False
    ph.set_state(out[ph.course_active[out]], COURSE)
    ph.set_state(out[~ph.course_active[out]], SEARCHING)


def more_hours(model: MunicipalityModel, month: int) -> None:
    """Part-time jobs become full-time, more often with better Dutch."""
    ph, p = model.people, model.p
    n = ph.n_active
    ok = (ph.state[:n] == JOB_PART) & (ph.hours[:n] >= FULLTIME_HOURS)
    if bool(p["guidance.coordinator"]):
        ok &= ~ph.course_active[:n]
    idx = np.flatnonzero(ok)
    rate = float(p["behaviour.upgrade_rate"]) * np.minimum(ph.lang[idx] / 3.0, 1.0)
    up = idx[model.streams.uniform("upgrade", month, ph.pid[idx]) < rate]
    ph.job_hours[up] = np.minimum(ph.hours[up], MAX_HOURS)
    ph.state[up] = JOB_FULL


def job_costs(model: MunicipalityModel, month: int) -> None:
    """Charge job coaching in the first months and the municipality's own jobs."""
    ph, p = model.people, model.p
    n = ph.n_active
    working = JOBS[ph.state[:n]]
    coached = working & ph.coached[:n] & (month - ph.job_start[:n] < COACH_MONTHS)
    municipal = working & (ph.employer[:n] == len(model.employers) - 1)
    model.ledger.add("job_coaching", month, np.count_nonzero(coached) * float(p["costs.jobcoach_eur_month"]))
    model.ledger.add("municipal_jobs", month, np.count_nonzero(municipal) * float(p["costs.municipal_place_eur_month"]))
