"""Labour market: job offers, employers' hiring decisions, job endings and more hours.

Each month a job seeker gets an offer with a chance that multiplies the baseline hazard
(``behaviour.job_hazard`` at B1) by ratios for Dutch, state, sex, age, origin, guidance
(mechanism 1), skills screening (2), mediation (9), network (7), health (8), a Dutch diploma
(6), work-first pressure (14), the labour market (tightness to the power
``behaviour.tightness_elasticity``; 1 at the 2023 level) and time out of work
(``behaviour.idle_scarring``, see ``sim.rules.idle``). Candidates go to an employer of a
sector (their own prior sector when screened; an open employer when a mediator knows them)
which hires those who meet its language requirement and its openness, up to its vacancies
(mechanisms 3, 9, 10). A share of the vacancies asks no Dutch at all (``employers.no_dutch_share``,
T6-210: about 90% ask Dutch): a candidate who goes for one needs no language level, so people
can find work in their first months, in COA too (T1-079..T1-082).

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

from typing import TYPE_CHECKING, NamedTuple, Protocol

import numpy as np
from numba import njit

from sim.agents.client_managers import ratio_table
from sim.agents.employers import SECTORS, employer_index
from sim.population import ORIGINS
from sim.region import fill_chance
from sim.rng import draw
from sim.rules import hiring, offers
from sim.rules.context import Derives, HasEmployers, HasLedger, HasPeople, HasStreams, Stacked, columns
from sim.rules.segments import row, segment
from sim.states import COURSE, DUAL, EDUCATION, JOB_FULL, JOB_PART, SEARCHING, VOLUNTEER, WAITING, State, in_job

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
HIRE_STREAMS = ("accept", "vacancy", "no_dutch")
ORIGIN_KEYS = tuple(f"behaviour.origin_factor.{o}" for o in ORIGINS)


class Context(Derives, HasPeople, HasStreams, HasLedger, HasEmployers, Protocol):
    """What the labour rules read and write (the offers' guidance ratios also read the managers)."""


class MultiplierColumns(NamedTuple):
    """Person traits behind the fixed-trait offer ratio."""

    origin: np.ndarray
    male: np.ndarray
    burden: np.ndarray
    treated: np.ndarray
    screened: np.ndarray
    credential: np.ndarray


class MultiplierRatios(NamedTuple):
    """Offer ratios of the fixed traits (the origin's come separately, one per origin)."""

    market: float  # context.labour_tightness ** behaviour.tightness_elasticity
    female: float
    burden: float  # untreated health burden
    treated: float  # treated burden
    screening: float
    diploma: float


class JobColumns(NamedTuple):
    """Person columns of job endings and more hours."""

    state: np.ndarray
    months_in_state: np.ndarray
    job_start: np.ndarray
    job_hours: np.ndarray
    employer: np.ndarray
    coached: np.ndarray
    precarious: np.ndarray
    course_active: np.ndarray
    hours: np.ndarray
    lang: np.ndarray
    pid: np.ndarray
    housed_at: np.ndarray


class JobRates(NamedTuple):
    """Monthly chances of a job ending and of a part-time job becoming full-time."""

    separation: float
    coached: float  # separation ratio with a job coach
    precarious: float  # separation ratio of a job taken under work-first pressure
    upgrade: float  # at B1
    coordinator: bool  # guidance.coordinator: no more hours while the course runs


def _state_factor(ctx: Derives) -> np.ndarray:
    p = ctx.p
    table = np.zeros(len(State))
    table[[WAITING, COURSE]] = float(p["behaviour.course_search_factor"])
    table[DUAL] = float(p["effects.dual_ratio"])
    table[EDUCATION] = EDUCATION_SEARCH
    table[[SEARCHING, VOLUNTEER]] = 1.0
    return table


def offer_multiplier(ctx: Context, idx: np.ndarray, column: np.ndarray | None = None) -> np.ndarray:
    """Job-offer ratio from what changes rarely: traits, screening, diploma, labour market.

    The ratios are sex, origin, health, screening, a Dutch diploma and the labour market
    (``context.labour_tightness ** behaviour.tightness_elasticity``). Stored per person in
    ``people.offer_fixed`` (the offer rules read ``offer_mult``, this times the idle ratio of
    ``sim.rules.idle``); refreshed at intake, at the end of the education route and whenever
    parameters change.

    Returns:
        The ratios of ``idx`` in order, or ``column`` with them written at ``idx`` if given.
    """
    origin, ratios = ctx.derived(_multiplier_terms)
    out = np.empty(len(idx)) if column is None else column
    cols = columns(MultiplierColumns, ctx.people)
    _multiplier_kernel(np.asarray(idx), cols, origin, tuple(ratios), out, column is not None)
    return out


def offer_multiplier_stacked(runs: Stacked, local: np.ndarray, offsets: np.ndarray) -> None:
    """:func:`offer_multiplier` into ``offer_fixed`` of run ``r``'s persons ``local[offsets[r]:offsets[r + 1]]``."""
    cols, origin = columns(MultiplierColumns, runs.people), runs.stacked(_origin_ratios)
    out = runs.people.offer_fixed
    _multiplier_stacked(runs.starts, local, offsets, cols, origin, runs.rates(_other_ratios), out)


def _origin_ratios(ctx: Derives) -> np.ndarray:
    return ctx.derived(_multiplier_terms)[0]


def _other_ratios(ctx: Derives) -> MultiplierRatios:
    return ctx.derived(_multiplier_terms)[1]


@njit(cache=True, nogil=True)
def _multiplier_stacked(starts, local, offsets, cols, origin, ratios, out):
    """:func:`_multiplier_kernel` of each run's persons (indices in the run) on its segment."""
    for r in range(len(offsets) - 1):
        if offsets[r + 1] > offsets[r]:
            lo, hi = starts[r], starts[r + 1]
            idx = local[offsets[r] : offsets[r + 1]]
            _multiplier_kernel(idx, segment(cols, lo, hi), origin[r], row(ratios, r), out[lo:hi], True)


def _multiplier_terms(ctx: Derives) -> tuple[np.ndarray, MultiplierRatios]:
    """Origin ratios (in the order of ``ORIGINS``), and the other fixed-trait ratios."""
    p = ctx.p
    origin = np.array([float(p[k]) for k in ORIGIN_KEYS])
    market = float(p["context.labour_tightness"]) ** float(p["behaviour.tightness_elasticity"])
    r = float(p["effects.health_ratio"])
    treated = r + (1.0 - r) * (1.0 - float(p["effects.health_treatment_ratio"]))
    female, screening = float(p["behaviour.female_factor"]), float(p["effects.screening_ratio"])
    return origin, MultiplierRatios(market, female, r, treated, screening, float(p["effects.credential_ratio"]))


@njit(cache=True, nogil=True, inline="always")
def _multiplier_kernel(idx, cols, origin, ratios, out, at_person):
    """Per person: market x origin x sex x health x screening x diploma ratio, in that order.

    Written to ``out[k]`` for ``idx[k]``, or to ``out[idx[k]]`` when ``at_person``.
    ``cols``, ``ratios``: :class:`MultiplierColumns`, :class:`MultiplierRatios` as plain tuples.
    """
    cols, ratios = MultiplierColumns(*cols), MultiplierRatios(*ratios)
    for k in range(len(idx)):
        i = idx[k]
        m = ratios.market * origin[cols.origin[i]]
        m *= 1.0 if cols.male[i] else ratios.female
        m *= (ratios.treated if cols.treated[i] else ratios.burden) if cols.burden[i] else 1.0
        m *= ratios.screening if cols.screened[i] else 1.0
        m *= ratios.diploma if cols.credential[i] else 1.0
        out[i if at_person else k] = m


def offer_levers(ctx: Derives) -> offers.OfferLevers:
    """Scalars of the job-offer chance (see :func:`offer_chance`)."""
    p = ctx.p
    extra = float(p["learning.work_first"]) * (float(p["effects.work_first_ratio"]) - 1.0)
    return offers.OfferLevers(
        language_effect=float(p["behaviour.language_effect"]),
        network=float(p["effects.network_ratio"]) - 1.0,
        mediation=float(p["effects.mediation_ratio"]),
        older=float(p["behaviour.older_factor"]),
        work_first=float(p["learning.work_first"]),
        work_first_male=extra,
        work_first_female=extra * float(p["effects.work_first_female_share"]),
        mediation_share=p.now("employers.mediation_share"),
    )


def offer_chance(model: MunicipalityModel, month: int, idx: np.ndarray) -> np.ndarray:
    """Monthly chance of a job offer for the persons ``idx`` (for inspection and tests).

    The chance is ``behaviour.job_hazard`` x exp(language_effect x (Dutch - 3)) x the ratios
    of fixed traits and time out of work (``offer_mult``), state, guidance, network,
    mediation, age 45+ and work-first pressure (men fully, women in part), capped at 1.
    """
    state_table, cm_table = _offer_tables(model)
    cols, levers = columns(offers.OfferColumns, model.people), tuple(offer_levers(model))
    return np.array([offers.offer(i, month, cols, state_table, cm_table, levers) for i in idx], dtype=np.float64)


def _work_first_ratio(ctx: Context, idx: np.ndarray) -> np.ndarray:
    ph, p = ctx.people, ctx.p
    extra = float(p["learning.work_first"]) * (float(p["effects.work_first_ratio"]) - 1.0)
    extra_i = np.where(ph.male[idx], extra, extra * float(p["effects.work_first_female_share"]))
    return np.where(ph.state[idx] == COURSE, 1.0 + extra_i, 1.0)


def post_vacancies(ctx: Context, month: int) -> None:
    """Every employer opens this month's vacancies (tightness scales the region's flow).

    :meth:`Employer.post_vacancies` for all employers at once: ``floor(expected + u)``
    vacancies and ``ceil(12 x expected)`` learn-work places. A sector employer stands for the
    region's employers of its kind, so it posts its share of ``region.vacancies_per_month``
    x ``context.labour_tightness``; the municipality posts its own places
    (``employers.municipal_places_per_100_inflow`` x the inflow / 100 / 12: the same share of
    its status holders in a municipality of any size).
    """
    table = ctx.employer_table
    table.vacancies[:] = ctx.derived(_vacancies)[month]
    table.learn_work_places[:] = ctx.derived(_vacancy_flow)[1]


def post_vacancies_stacked(runs: Stacked, month: int) -> None:
    """The ``vacancies`` phase of every stacked run: :func:`post_vacancies` and the calendar's count.

    The employer tables are stacked (``runs.vacancies``, runs x employers), so one numpy step
    sets every run's vacancies and places.
    """
    runs.vacancies[:] = runs.stacked(_vacancies)[:, month]
    runs.learn_work_places[:] = runs.stacked(_learn_work_places)
    runs.calendar["vacancies"][:, month] = runs.vacancies.sum(axis=1)


def _learn_work_places(ctx: Context) -> np.ndarray:
    return ctx.derived(_vacancy_flow)[1]


def _vacancies(ctx: Context) -> np.ndarray:
    """Every month's vacancies of every employer at the flow in force (months x employers).

    Elementwise over all months at once: the same values as month by month.
    """
    expected, _ = ctx.derived(_vacancy_flow)
    return np.floor(expected + ctx.derived(_vacancy_draws))


def _vacancy_flow(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Vacancies each employer expects a month, and its learn-work places (ceil of 12 x that)."""
    p, table = ctx.p, ctx.employer_table
    flow = float(p["region.vacancies_per_month"]) * float(p["context.labour_tightness"])
    municipal = p.for_inflow("employers.municipal_places_per_100_inflow") / 12.0
    expected = np.where(table.municipal, municipal, flow * table.share)
    return expected, np.ceil(12 * expected)


def _vacancy_draws(ctx: Context) -> np.ndarray:
    """Every month's keyed draw of every employer rounding its vacancies (months x employers)."""
    ids = np.arange(len(ctx.employers), dtype=np.uint64)
    return ctx.streams.uniform_grid("vacancies", int(ctx.p["context.horizon_months"]), ids)


def _employer_choice(ctx: Context, month: int, cand: np.ndarray, med: np.ndarray) -> np.ndarray:
    """Index into the employers each candidate applies to (see :func:`hiring.choice_kernel`)."""
    ph, streams = ctx.people, ctx.streams
    keys = streams.keys(CHOICE_STREAMS, month)
    work_first = float(ctx.p["learning.work_first"])
    choice, pushed, u_sec = hiring.choice_kernel(
        cand, med, ph.pid, ph.traits.sector_u, ph.screened, keys, SECTOR_CUM, PRIOR_SECTOR_MATCH, work_first
    )
    if work_first > 0 and pushed.any():
        sector = _feasible_sector(ctx, ph.lang[cand[pushed]], u_sec[pushed])
        choice[pushed] = employer_index(sector, choice[pushed] & 1)  # same open or reluctant, feasible sector
    return choice


def _feasible_sector(ctx: Derives, lang: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Sector for someone who must take any job: among those whose requirement they meet."""
    req, easiest = ctx.derived(_sector_requirements)
    ok = lang[:, None] >= req[None, :]
    ok[~ok.any(axis=1), easiest] = True
    w = ok * SECTOR_WEIGHTS[None, :]
    cum = np.cumsum(w, axis=1) / w.sum(axis=1, keepdims=True)
    return np.minimum((cum < u[:, None]).sum(axis=1), len(SECTORS) - 1)


def _sector_requirements(ctx: Derives) -> tuple[np.ndarray, int]:
    """Each sector's Dutch requirement with the strictness in force, and the sector asking least."""
    strict = float(ctx.p["employers.language_strictness"])
    req = np.maximum(np.array([s.language for s in SECTORS]) + strict, 0.0)
    return req, int(np.argmin(req))


def _offer_tables(model: MunicipalityModel) -> tuple[np.ndarray, np.ndarray]:
    """The state factors times the hazard, and the guidance ratios (see :func:`offer_chance`).

    The guidance ratios come from the client-manager agents, which ``sync_managers`` sets each
    month from the parameters in force (dedicated FTE after the extra money, caseloads): a
    function of the parameter version, so the cache needs no other key.
    """
    return _state_factor(model) * float(model.p["behaviour.job_hazard"]), ratio_table(model)


def job_offers(model: MunicipalityModel, month: int) -> int:
    """Seekers get offers; the municipality, then the sector employers, decide whom to hire.

    Returns:
        The number of people hired.
    """
    ph, p = model.people, model.p
    state_table, cm_table = model.derived(_offer_tables)
    levers, key = tuple(model.derived(offer_levers)), model.streams.key("job_offer", month)
    cols = columns(offers.OfferColumns, ph)
    cand, med, n_med = offers.offers_kernel(ph.n_active, month, cols, state_table, cm_table, levers, key)
    model.ledger.add("mediation", month, n_med * float(p["costs.mediation_eur_month"]))
    return _hire(model, month, cand, med)


def _hire(model: MunicipalityModel, month: int, cand: np.ndarray, med: np.ndarray) -> int:
    """The employers' decisions on the candidates, and the jobs of those hired; returns how many."""
    if len(cand) == 0:
        return 0
    employer = _hiring_decisions(model, month, cand, med)
    hired = employer >= 0
    start_jobs(model, month, cand[hired], employer[hired])
    return int(np.count_nonzero(hired))


def _hiring_decisions(ctx: Context, month: int, cand: np.ndarray, med: np.ndarray) -> np.ndarray:
    """Employer index hiring each candidate (-1: not hired): the municipality first, then sectors."""
    ph, p, table = ctx.people, ctx.p, ctx.employer_table
    choice = _employer_choice(ctx, month, cand, med)
    strictness, open_ = float(p["employers.language_strictness"]), float(p["employers.openness"])
    out = hiring.hiring_kernel(
        cand, med, choice, ph.state, ph.lang, ph.pid, ph.priority,
        table.terms(strictness, open_, ctx.derived(_fill), float(p["employers.no_dutch_share"])),
        (table.vacancies, table.hires), float(p["effects.mediation_language_relief"]),
        ctx.streams.keys(HIRE_STREAMS, month), len(table.vacancies) - 1,
    )  # fmt: skip
    return out


def _fill(ctx: Derives) -> float:
    return fill_chance(ctx.p)


def start_jobs(ctx: Context, month: int, idx: np.ndarray, employer: np.ndarray) -> None:
    """Hired persons start a job; hours fit their budget (a coordinator protects the course).

    A full-time job (``behaviour.fulltime_share_at_hire``, 1.5 times with a diploma) for those
    with 32 or more hours, otherwise 12-28 hours; a coordinator keeps
    ``guidance.coordinator_min_course_hours`` for the course; coached by the employer or a
    job coach; precarious under work-first pressure. See :func:`hiring.start_kernel`.

    Args:
        ctx: The model (parameters, people, streams, employers).
        month: Calendar month.
        idx: Persons hired.
        employer: Index into the employers per hired person.
    """
    if len(idx) == 0:
        return
    keys = ctx.streams.keys(START_STREAMS, month)
    levers, cols = tuple(ctx.derived(_start_levers)), columns(hiring.StartColumns, ctx.people)
    hiring.start_kernel(idx, employer, month, keys, levers, ctx.employer_table.coaching, cols)


def _start_levers(ctx: Derives) -> hiring.StartLevers:
    p = ctx.p
    return hiring.StartLevers(
        fulltime_share=float(p["behaviour.fulltime_share_at_hire"]),
        protected_hours=float(p["guidance.coordinator_min_course_hours"]),
        coach_share=p.now("employers.jobcoach_share"),
        work_first=float(p["learning.work_first"]),
        coordinator=bool(p["guidance.coordinator"]),
    )


def _job_rates(ctx: Derives) -> JobRates:
    p = ctx.p
    return JobRates(
        separation=float(p["behaviour.separation_rate"]) * float(p["context.job_loss_factor"]),
        coached=float(p["effects.jobcoach_separation_ratio"]),
        precarious=float(p["effects.work_first_separation_ratio"]),
        upgrade=float(p["behaviour.upgrade_rate"]),
        coordinator=bool(p["guidance.coordinator"]),
    )


def jobs_month(ctx: Context, month: int) -> None:
    """Jobs end and part-time jobs become full-time.

    Jobs end mostly as temporary contracts run out; coaching keeps more, work-first jobs
    fewer. Part-time jobs become full-time more often with better Dutch.
    """
    ph, streams = ctx.people, ctx.streams
    keys = (streams.key("separation", month), streams.key("upgrade", month))
    _jobs_kernel(ph.n_active, month, columns(JobColumns, ph), tuple(ctx.derived(_job_rates)), keys)


def jobs_month_stacked(runs: Stacked, month: int) -> None:
    """:func:`jobs_month` of every stacked run in one compiled call."""
    keys = runs.keys(("separation", "upgrade"), month)
    _jobs_stacked(runs.starts, runs.n_active, month, columns(JobColumns, runs.people), runs.rates(_job_rates), keys)


@njit(cache=True, nogil=True)
def _jobs_stacked(starts, n_active, month, cols, rates, keys):
    """:func:`_jobs_kernel` on each run's segment with its rates and keys."""
    for r in range(len(n_active)):
        _jobs_kernel(n_active[r], month, segment(cols, starts[r], starts[r + 1]), row(rates, r), row(keys, r))


@njit(cache=True, nogil=True, inline="always")
def _jobs_kernel(n, month, cols, rates, keys):
    """Per worker: job ending (back to COA, the course or job search), then more hours.

    Only workers can change, so the loop runs over them (:func:`_workers`, a pass without
    branches): a branch per person on the state mispredicts. ``cols``, ``rates``:
    :class:`JobColumns`, :class:`JobRates` as plain tuples; ``keys``: stream keys of
    "separation" and "upgrade" this month.
    """
    cols, rates = JobColumns(*cols), JobRates(*rates)
    state, months_in_state, job_start, job_hours = cols.state, cols.months_in_state, cols.job_start, cols.job_hours
    employer, coached, precarious, course_active = cols.employer, cols.coached, cols.precarious, cols.course_active
    hours, lang, pid, housed_at = cols.hours, cols.lang, cols.pid, cols.housed_at
    separation, coached_r, precarious_r, upgrade = rates.separation, rates.coached, rates.precarious, rates.upgrade
    coordinator, (key_sep, key_up) = rates.coordinator, keys
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


@njit(cache=True, nogil=True, inline="always")
def _workers(n, state):
    """Persons (of the first ``n``) in a job, ascending."""
    idx = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        idx[k] = i
        k += in_job(state[i])
    return idx[:k]


def job_costs(ctx: Context, month: int) -> None:
    """Charge job coaching in the first months and the municipality's own jobs."""
    ph, p = ctx.people, ctx.p
    municipal = len(ctx.employers) - 1
    coached, own = _job_cost_kernel(ph.n_active, month, ph.state, ph.coached, ph.job_start, ph.employer, municipal)
    ctx.ledger.add("job_coaching", month, coached * float(p["costs.jobcoach_eur_month"]))
    ctx.ledger.add("municipal_jobs", month, own * float(p["costs.municipal_place_eur_month"]))


class JobCosts(NamedTuple):
    """Euros a month of a coached worker and of a municipal job, and the municipality's employer slot."""

    coaching: float
    municipal_job: float
    municipal: int


def _job_costs(ctx: Context) -> JobCosts:
    p = ctx.p
    return JobCosts(
        float(p["costs.jobcoach_eur_month"]), float(p["costs.municipal_place_eur_month"]), len(ctx.employers) - 1
    )


def job_costs_stacked(runs: Stacked, month: int) -> None:
    """:func:`job_costs` of every stacked run in one compiled call."""
    ph, costs = runs.people, runs.rates(_job_costs)
    counts = np.empty((len(runs.n_active), 2), dtype=np.int64)
    cols = (ph.state, ph.coached, ph.job_start, ph.employer)
    _job_costs_stacked(runs.starts, runs.n_active, month, cols, costs[2], counts)
    runs.book("job_coaching", month, counts[:, 0] * costs[0])
    runs.book("municipal_jobs", month, counts[:, 1] * costs[1])


@njit(cache=True, nogil=True)
def _job_costs_stacked(starts, n_active, month, cols, municipal, counts):
    """:func:`_job_cost_kernel` on each run's segment; ``counts`` (coached, municipal) per run."""
    for r in range(len(n_active)):
        state, coached, job_start, employer = segment(cols, starts[r], starts[r + 1])
        counts[r, 0], counts[r, 1] = _job_cost_kernel(
            n_active[r], month, state, coached, job_start, employer, municipal[r]
        )


@njit(cache=True, nogil=True, inline="always")
def _job_cost_kernel(n, month, state, coached, job_start, employer, municipal):
    """Count coached workers in their first months and workers in municipal jobs (no branches)."""
    n_coached, n_own = 0, 0
    for i in range(n):
        working = in_job(state[i])
        n_coached += working & coached[i] & (month - job_start[i] < COACH_MONTHS)
        n_own += working & (employer[i] == municipal)
    return n_coached, n_own
