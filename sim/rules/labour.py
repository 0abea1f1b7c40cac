"""Labour market: job offers, employers' hiring decisions, job endings and more hours.

Each month a job seeker gets an offer with a chance that multiplies the baseline hazard
(``behaviour.job_hazard`` at B1) by ratios for Dutch, state, sex, age, origin, guidance
(mechanism 1), skills screening (2), mediation (9), network (7), health (8), a Dutch diploma
(6), work-first pressure (14), the labour market (tightness to the power
``behaviour.tightness_elasticity``; 1 at the 2023 level) and time out of work
(``behaviour.idle_scarring``, see ``sim.rules.idle``). Candidates go to an employer of a
sector (their own prior sector when screened; an open employer when a mediator knows them)
which hires those who meet its language requirement and its openness, up to its vacancies
(mechanisms 3, 9, 10).

The labour market is regional (mechanism 15): a sector employer stands for the employers of
its kind in the municipality's labour-market region, whose vacancy flow
(``region.vacancies_per_month`` x ``context.labour_tightness``) does not depend on the
municipality's own inflow. The municipality's status holders are a small share of the
applicants there; the region's status holders compete for its vacancies
(``region.status_holders_per_year``), so a qualified candidate finds the vacancy still free
with the urn-ball chance of :func:`sim.region.fill_chance`. Every person's chances depend on the region,
not on how many status holders the municipality houses: results in shares do not depend on
its size, money grows in proportion to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numba import njit

from sim.agents.client_managers import ratio_table
from sim.agents.employers import SECTORS
from sim.region import fill_chance
from sim.rng import draw
from sim.rules import hiring, offers
from sim.states import COURSE, DUAL, EDUCATION, JOB_FULL, JOB_PART, SEARCHING, VOLUNTEER, WAITING, State

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

EDUCATION_SEARCH = 0.1  # students rarely look for work (assumption)
PRIOR_SECTOR_MATCH = 0.7  # a screened person is steered to their own sector (assumption)
FULLTIME_HOURS, MAX_HOURS = hiring.FULLTIME_HOURS, hiring.MAX_HOURS
COACH_MONTHS = 6  # job coaching in the first months of a job (assumption)
SECTOR_WEIGHTS = np.array([s.vacancies for s in SECTORS]) / sum(s.vacancies for s in SECTORS)
SECTOR_CUM = np.cumsum(SECTOR_WEIGHTS)
CHOICE_STREAMS = ("sector", "own_sector", "any_job", "employer")
START_STREAMS = ("hours", "fulltime", "coach", "precarious")
HIRE_STREAMS = ("accept", "vacancy")


def _state_factor(model: MunicipalityModel) -> np.ndarray:
    p = model.p
    table = np.zeros(len(State))
    table[[WAITING, COURSE]] = float(p["behaviour.course_search_factor"])
    table[DUAL] = float(p["effects.dual_ratio"])
    table[EDUCATION] = EDUCATION_SEARCH
    table[[SEARCHING, VOLUNTEER]] = 1.0
    return table


def offer_multiplier(model: MunicipalityModel, idx: np.ndarray, column: np.ndarray | None = None) -> np.ndarray:
    """Job-offer ratio from what changes rarely: traits, screening, diploma, labour market.

    The ratios are sex, origin, health, screening, a Dutch diploma and the labour market
    (``context.labour_tightness ** behaviour.tightness_elasticity``). Stored per person in
    ``people.offer_fixed`` (the offer rules read ``offer_mult``, this times the idle ratio of
    ``sim.rules.idle``); refreshed at intake, at the end of the education route and whenever
    parameters change.

    Returns:
        The ratios of ``idx`` in order, or ``column`` with them written at ``idx`` if given.
    """
    ph = model.people
    origin, ratios = model.derived(_multiplier_terms)
    out = np.empty(len(idx)) if column is None else column
    cols = (ph.origin, ph.male, ph.burden, ph.treated, ph.screened, ph.credential)
    _multiplier_kernel(np.asarray(idx), *cols, origin, ratios, out, column is not None)
    return out


def _multiplier_terms(model: MunicipalityModel) -> tuple[np.ndarray, np.ndarray]:
    """Origin ratios, and [labour market, female, burden, treated burden, screening, diploma] ratios."""
    p = model.p
    origin = np.array([float(p[k]) for k in model.origin_keys])
    market = float(p["context.labour_tightness"]) ** float(p["behaviour.tightness_elasticity"])
    r = float(p["effects.health_ratio"])
    treated = r + (1.0 - r) * (1.0 - float(p["effects.health_treatment_ratio"]))
    female, screening = float(p["behaviour.female_factor"]), float(p["effects.screening_ratio"])
    return origin, np.array([market, female, r, treated, screening, float(p["effects.credential_ratio"])])


@njit(cache=True, nogil=True)
def _multiplier_kernel(idx, origin_of, male, burden, treated, screened, credential, origin, ratios, out, at_person):
    """Per person: market x origin x sex x health x screening x diploma ratio, in that order.

    Written to ``out[k]`` for ``idx[k]``, or to ``out[idx[k]]`` when ``at_person``.
    """
    for k in range(len(idx)):
        i = idx[k]
        m = ratios[0] * origin[origin_of[i]]
        m *= 1.0 if male[i] else ratios[1]
        m *= (ratios[3] if treated[i] else ratios[2]) if burden[i] else 1.0
        m *= ratios[4] if screened[i] else 1.0
        m *= ratios[5] if credential[i] else 1.0
        out[i if at_person else k] = m


def offer_levers(model: MunicipalityModel) -> np.ndarray:
    """Scalars of the job-offer chance (see :func:`offer_chance`), packed for compiled code."""
    p = model.p
    extra = float(p["learning.work_first"]) * (float(p["effects.work_first_ratio"]) - 1.0)
    return np.array(
        [
            float(p["behaviour.language_effect"]),
            float(p["effects.network_ratio"]) - 1.0,
            float(p["effects.mediation_ratio"]),
            float(p["behaviour.older_factor"]),
            float(p["learning.work_first"]),
            extra,
            extra * float(p["effects.work_first_female_share"]),
            p.now("employers.mediation_share"),
        ]
    )


def offer_chance(model: MunicipalityModel, month: int, idx: np.ndarray) -> np.ndarray:
    """Monthly chance of a job offer for the persons ``idx`` (for inspection and tests).

    The chance is ``behaviour.job_hazard`` x exp(language_effect x (Dutch - 3)) x the ratios
    of fixed traits and time out of work (``offer_mult``), state, guidance, network,
    mediation, age 45+ and work-first pressure (men fully, women in part), capped at 1.
    """
    ph = model.people
    tables = (_state_factor(model) * float(model.p["behaviour.job_hazard"]), ratio_table(model))
    out = np.empty(len(idx))
    for j, i in enumerate(idx):
        out[j] = offers.offer(
            i,
            month,
            ph.state,
            ph.lang,
            ph.offer_mult,
            ph.cm,
            ph.network,
            ph.older_from,
            ph.male,
            ph.fixed["mediation"],
            *tables,
            offer_levers(model),
        )
    return out


def _work_first_ratio(model: MunicipalityModel, idx: np.ndarray) -> np.ndarray:
    ph, p = model.people, model.p
    extra = float(p["learning.work_first"]) * (float(p["effects.work_first_ratio"]) - 1.0)
    extra_i = np.where(ph.male[idx], extra, extra * float(p["effects.work_first_female_share"]))
    return np.where(ph.state[idx] == COURSE, 1.0 + extra_i, 1.0)


def post_vacancies(model: MunicipalityModel, month: int) -> None:
    """Every employer opens this month's vacancies (tightness scales the region's flow).

    :meth:`Employer.post_vacancies` for all employers at once: ``floor(expected + u)``
    vacancies and ``ceil(12 x expected)`` learn-work places. A sector employer stands for the
    region's employers of its kind, so it posts its share of ``region.vacancies_per_month``
    x ``context.labour_tightness``; the municipality posts its own places
    (``employers.municipal_places_per_year`` / 12). Neither depends on the inflow.
    """
    table = model.employer_table
    expected, places = model.derived(_vacancy_flow)
    table.vacancies[:] = np.floor(expected + model.derived(_vacancy_draws)[month])
    table.learn_work_places[:] = places


def _vacancy_flow(model: MunicipalityModel) -> tuple[np.ndarray, np.ndarray]:
    """Vacancies each employer expects a month, and its learn-work places (ceil of 12 x that)."""
    p, table = model.p, model.employer_table
    flow = float(p["region.vacancies_per_month"]) * float(p["context.labour_tightness"])
    municipal = float(p["employers.municipal_places_per_year"]) / 12.0
    expected = np.where(table.municipal, municipal, flow * table.share)
    return expected, np.ceil(12 * expected)


def _vacancy_draws(model: MunicipalityModel) -> np.ndarray:
    """Every month's keyed draw of every employer rounding its vacancies (months x employers)."""
    ids = np.arange(len(model.employers), dtype=np.uint64)
    return model.streams.uniform_grid("vacancies", model.horizon, ids)


def _employer_choice(model: MunicipalityModel, month: int, cand: np.ndarray, med: np.ndarray) -> np.ndarray:
    """Index into ``model.employers`` each candidate applies to (see :func:`hiring.choice_kernel`)."""
    ph, streams = model.people, model.streams
    keys = streams.keys(CHOICE_STREAMS, month)
    work_first = float(model.p["learning.work_first"])
    choice, pushed, u_sec = hiring.choice_kernel(
        cand, med, ph.pid, ph.traits.sector_u, ph.screened, keys, SECTOR_CUM, PRIOR_SECTOR_MATCH, work_first
    )
    if work_first > 0 and pushed.any():
        sector = _feasible_sector(model, ph.lang[cand[pushed]], u_sec[pushed])
        choice[pushed] = 2 * sector + (choice[pushed] & 1)
    return choice


def _feasible_sector(model: MunicipalityModel, lang: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Sector for someone who must take any job: among those whose requirement they meet."""
    strict = float(model.p["employers.language_strictness"])
    req = np.maximum(np.array([s.language for s in SECTORS]) + strict, 0.0)
    ok = lang[:, None] >= req[None, :]
    ok[~ok.any(axis=1), int(np.argmin(req))] = True
    w = ok * SECTOR_WEIGHTS[None, :]
    cum = np.cumsum(w, axis=1) / w.sum(axis=1, keepdims=True)
    return np.minimum((cum < u[:, None]).sum(axis=1), len(SECTORS) - 1)


def _offer_tables(model: MunicipalityModel) -> tuple[np.ndarray, np.ndarray]:
    """The state factors times the hazard, and the guidance ratios (see :func:`offer_chance`)."""
    return _state_factor(model) * float(model.p["behaviour.job_hazard"]), ratio_table(model)


def job_offers(model: MunicipalityModel, month: int) -> int:
    """Seekers get offers; the municipality, then the sector employers, decide whom to hire.

    Returns:
        The number of people hired.
    """
    ph, p = model.people, model.p
    tables = model.derived(_offer_tables, len(model.dedicated))
    levers = model.derived(offer_levers)
    cols = (
        ph.state, ph.hours, ph.lang, ph.offer_mult, ph.cm, ph.network, ph.older_from, ph.male, ph.fixed["mediation"],
        ph.pid,
    )  # fmt: skip
    cand, med, n_med = offers.offers_kernel(
        ph.n_active, month, cols, *tables, levers, model.streams.key("job_offer", month)
    )
    model.ledger.add("mediation", month, n_med * float(p["costs.mediation_eur_month"]))
    if len(cand) == 0:
        return 0
    employer = _hiring_decisions(model, month, cand, med)
    hired = employer >= 0
    start_jobs(model, month, cand[hired], employer[hired])
    return int(np.count_nonzero(hired))


def _hiring_decisions(model: MunicipalityModel, month: int, cand: np.ndarray, med: np.ndarray) -> np.ndarray:
    """Employer index hiring each candidate (-1: not hired): the municipality first, then sectors."""
    ph, p, table = model.people, model.p, model.employer_table
    choice = _employer_choice(model, month, cand, med)
    strictness, open_ = float(p["employers.language_strictness"]), float(p["employers.openness"])
    out = hiring.hiring_kernel(
        cand, med, choice, ph.state, ph.lang, ph.pid, ph.priority, table.terms(strictness, open_, model.derived(_fill)),
        (table.vacancies, table.hires), float(p["effects.mediation_language_relief"]),
        model.streams.keys(HIRE_STREAMS, month), len(table.vacancies) - 1,
    )  # fmt: skip
    return out


def _fill(model: MunicipalityModel) -> float:
    return fill_chance(model.p)


def start_jobs(model: MunicipalityModel, month: int, idx: np.ndarray, employer: np.ndarray) -> None:
    """Hired persons start a job; hours fit their budget (a coordinator protects the course).

    A full-time job (``behaviour.fulltime_share_at_hire``, 1.5 times with a diploma) for those
    with 32 or more hours, otherwise 12-28 hours; a coordinator keeps
    ``guidance.coordinator_min_course_hours`` for the course; coached by the employer or a
    job coach; precarious under work-first pressure. See :func:`hiring.start_kernel`.

    Args:
        model: The model.
        month: Calendar month.
        idx: Persons hired.
        employer: Index into ``model.employers`` per hired person.
    """
    if len(idx) == 0:
        return
    ph, p, streams = model.people, model.p, model.streams
    keys = streams.keys(START_STREAMS, month)
    levers = model.derived(_start_levers)
    cols = (
        ph.hours, ph.credential, ph.course_active, ph.state, ph.months_in_state, ph.job_hours, ph.job_start,
        ph.employer, ph.coached, ph.precarious,
    )  # fmt: skip
    hiring.start_kernel(
        idx, employer, month, ph.pid, keys, levers, bool(p["guidance.coordinator"]), model.employer_table.coaching, cols
    )


def _start_levers(model: MunicipalityModel) -> np.ndarray:
    """[full-time share at hire, protected course hours, job-coach share now, work-first]."""
    p = model.p
    return np.array(
        [
            float(p["behaviour.fulltime_share_at_hire"]),
            float(p["guidance.coordinator_min_course_hours"]),
            p.now("employers.jobcoach_share"),
            float(p["learning.work_first"]),
        ]
    )


def _job_rates(model: MunicipalityModel) -> np.ndarray:
    """[separation rate, coached ratio, work-first ratio, upgrade rate]."""
    p = model.p
    return np.array(
        [
            float(p["behaviour.separation_rate"]),
            float(p["effects.jobcoach_separation_ratio"]),
            float(p["effects.work_first_separation_ratio"]),
            float(p["behaviour.upgrade_rate"]),
        ]
    )


def jobs_month(model: MunicipalityModel, month: int) -> None:
    """Jobs end and part-time jobs become full-time.

    Jobs end mostly as temporary contracts run out; coaching keeps more, work-first jobs
    fewer. Part-time jobs become full-time more often with better Dutch.
    """
    ph, p = model.people, model.p
    rates = model.derived(_job_rates)
    _jobs_kernel(
        ph.n_active, month, ph.state, ph.months_in_state, ph.job_start, ph.job_hours, ph.employer, ph.coached,
        ph.precarious, ph.course_active, ph.hours, ph.lang, ph.pid, ph.housed_at, rates,
        bool(p["guidance.coordinator"]), model.streams.key("separation", month), model.streams.key("upgrade", month),
    )  # fmt: skip


@njit(cache=True, nogil=True)
def _jobs_kernel(
    n,
    month,
    state,
    months_in_state,
    job_start,
    job_hours,
    employer,
    coached,
    precarious,
    course_active,
    hours,
    lang,
    pid,
    housed_at,
    rates,
    coordinator,
    key_sep,
    key_up,
):
    """Per worker: job ending (back to COA, the course or job search), then more hours.

    Only workers can change, so the loop runs over them (:func:`_workers`, a pass without
    branches): a branch per person on the state mispredicts.
    """
    separation, coached_r, precarious_r, upgrade = rates[0], rates[1], rates[2], rates[3]
    for i in _workers(n, state):
        s = state[i]
        if job_start[i] < month:
            r = separation * (coached_r if coached[i] else 1.0)
            r *= precarious_r if precarious[i] else 1.0
            if draw(pid[i], key_sep) < r:
                job_hours[i], employer[i], coached[i] = 0.0, -1, False
                s = WAITING if housed_at[i] > month else (COURSE if course_active[i] else SEARCHING)
                state[i], months_in_state[i] = s, 0
        can_grow = s == JOB_PART and hours[i] >= FULLTIME_HOURS and not (coordinator and course_active[i])
        if can_grow and draw(pid[i], key_up) < upgrade * min(lang[i] / 3.0, 1.0):
            job_hours[i] = min(hours[i], MAX_HOURS)
            state[i] = JOB_FULL


@njit(cache=True, nogil=True)
def _workers(n, state):
    """Persons (of the first ``n``) in a job, ascending."""
    idx = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        s = state[i]
        idx[k] = i
        k += (s == JOB_PART) | (s == JOB_FULL)
    return idx[:k]


def job_costs(model: MunicipalityModel, month: int) -> None:
    """Charge job coaching in the first months and the municipality's own jobs."""
    ph, p = model.people, model.p
    municipal = len(model.employers) - 1
    coached, own = _job_cost_kernel(ph.n_active, month, ph.state, ph.coached, ph.job_start, ph.employer, municipal)
    model.ledger.add("job_coaching", month, coached * float(p["costs.jobcoach_eur_month"]))
    model.ledger.add("municipal_jobs", month, own * float(p["costs.municipal_place_eur_month"]))


@njit(cache=True, nogil=True)
def _job_cost_kernel(n, month, state, coached, job_start, employer, municipal):
    """Count coached workers in their first months and workers in municipal jobs (no branches)."""
    n_coached, n_own = 0, 0
    for i in range(n):
        s = state[i]
        working = (s == JOB_PART) | (s == JOB_FULL)
        n_coached += working & coached[i] & (month - job_start[i] < COACH_MONTHS)
        n_own += working & (employer[i] == municipal)
    return n_coached, n_own
