"""Per-agent Mesa reference: the engine's monthly rules, one ``step()`` per status holder.

This is the idiomatic Mesa way to write Werkpad: every status holder is a ``mesa.Agent``
with scalar attributes, and ``StatusHolder.step`` applies the month's rules to that one
person in plain Python, drawing from the model's ``random`` generator. It exists to measure
what the array-backed engine (``sim.model``) gains, so it is kept small and honest: the same
parameters, the same rules, the same order within a month, no shortcuts, no vectorisation.
``tests/scale/test_mesa_reference.py`` checks that its employment curve agrees with the
engine's over seeds (statistically, not draw for draw: the engine uses keyed streams), with
and without idle scarring.

What it models is checked, not promised: every parameter of ``sim/scenarios/baseline.toml``
is read here by name, or through the engine code it shares (:data:`READ_BY_ENGINE_CODE`), or
is listed in :data:`NOT_MODELLED`, and a scenario that sets a parameter of that list away from
its baseline value is refused (:func:`refuse_unmodelled`). A test fails when a new parameter
is in none of the three, so the reference cannot fall silently behind the engine.

Rules mirrored, in the engine's order (``sim/model.py`` ``step``, ``sim/rules/*.py``):
    population.draw_traits   traits at the permit (sex, origin, age, education, burden,
                             care hours, Dutch at permit, prior sector)
    intake.schedule_housing  exponential wait in COA
    intake.intake            skills/health screening, mentor, route (education route under
                             the 2021 law, course delay under 2013), national money
    learning.start_courses   the integration duty starts, course cost
    model.guidance           client status; dedicated or regular client manager
    health.dropout/recovery  burden -> inactivity -> back to course or search
    learning.finish_education, dual_tracks, allocate_hours, learn_language, exams
    network.build_network, start_volunteering
    labour.job_endings (back to COA if not yet housed), more_hours, post_vacancies, job_offers (offer chance with every
                             ratio incl. the labour market, employer choice, municipality first, requirement,
                             openness, the region's fill chance, vacancies), start_jobs, job_costs
    idle.idle_month          job offers x exp(-idle_scarring x years since last in a job, the
                             duty or COA)
    learning.allocate_hours, welfare.update_welfare (housed, under 65, not left for another income),
    model.record (outcome code)

Differences, all in who gets a scarce place, not in any person's chances: the engine fills
dual-track places, dedicated caseloads and vacancies in a fixed keyed priority order (and
dedicated managers take the newest clients first); here agents are stepped in a shuffled
order each month and the first to ask gets the place, with the month's dual-track places
set from last month's client count (less the tracks that go on this month).
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from sim.agents.client_managers import guidance_ratio
from sim.agents.employers import OPEN_FACTOR, RELUCTANT_FACTOR, SECTORS, employer_index
from sim.budget import Ledger
from sim.counts import CountTable
from sim.errors import ScenarioError
from sim.groups import group_code
from sim.households import (
    COUPLE,
    COUPLE_CHILDREN,
    NAREIZIGER,
    PARTNER_AGE_GAP,
    PRINCIPAL,
    SINGLE,
    SINGLE_PARENT,
    SINGLE_PARENT_MALE,
    TOGETHER,
    single_male_share,
)
from sim.outcomes import RunResult, cohort_counts
from sim.params import defaults
from sim.population import ORIGINS, inflow_schedule
from sim.region import fill_chance
from sim.rules.learning import EXAM_DEADLINE_WINDOW
from sim.scenarios import Scenario
from sim.states import (
    EXAM_EXEMPT,
    EXAM_NONE,
    EXAM_PASSED,
    EXCLUDED,
    IN_JOB,
    LEARNING,
    N_STATES,
    NOT_CLIENT,
    SEEKING,
    UNSEEN,
    State,
)
from sim.values import Params

WAITING, COURSE, DUAL, EDUCATION = State.WAITING, State.COURSE, State.DUAL, State.EDUCATION
SEARCHING, VOLUNTEER, JOB_PART, JOB_FULL = State.SEARCHING, State.VOLUNTEER, State.JOB_PART, State.JOB_FULL
HEALTH_INACTIVE = State.HEALTH_INACTIVE
NO_WELFARE = (WAITING, EDUCATION, JOB_FULL)
NEVER = 32000
# The engine's constants, repeated so this file reads on its own (sim/rules/*.py).
MIN_EDUCATION, TREATED_RECOVERY_RATIO = 1, 2.0
REFERENCE_COURSE_HOURS, EDUCATION_HOURS, MAX_LANGUAGE = 15.0, 24.0, 4.0
EDU_LANGUAGE, OLDER_LANGUAGE, BURDEN_LANGUAGE = (0.6, 1.0, 1.4), 0.7, 0.8
EDUCATION_SEARCH, PRIOR_SECTOR_MATCH, FULLTIME_HOURS, MAX_HOURS, COACH_MONTHS = 0.1, 0.7, 32.0, 38.0, 6


def pick(u: float, cum: list[float]) -> int:
    """Index of the first cumulative weight above ``u`` (a categorical draw)."""
    for i, c in enumerate(cum):
        if u < c:
            return i
    return len(cum) - 1


def cumulative(weights: list[float]) -> list[float]:
    """Normalised cumulative weights."""
    total = sum(weights)
    out, acc = [], 0.0
    for w in weights:
        acc += w / total
        out.append(acc)
    return out


def exp_months(u: float, mean: float) -> int:
    """Whole months of an exponential wait with the given mean."""
    return int(math.floor(-mean * math.log1p(-u))) if mean > 0 else 0


SECTOR_CUM = cumulative([s.vacancies for s in SECTORS])


class RefEmployer(mesa.Agent):
    """An employer of one sector (open or reluctant), or the municipality (sector -1)."""

    def __init__(self, model: ReferenceModel, sector: int, openness_factor: float, share: float) -> None:
        super().__init__(model)
        self.sector, self.openness_factor, self.share = sector, openness_factor, share
        self.job_coaching = sector >= 0 and SECTORS[sector].invests and openness_factor > 1
        self.vacancies = self.learn_work_places = 0

    def post_vacancies(self) -> None:
        p = self.model.p
        if self.sector < 0:
            expected = (
                float(p["employers.municipal_places_per_100_inflow"])
                * float(p["context.inflow_per_year"])
                / 100.0
                / 12.0
            )
        else:
            flow = float(p["region.vacancies_per_month"]) * float(p["context.labour_tightness"])
            expected = flow * self.share
        self.vacancies = int(math.floor(expected + self.random.random()))
        self.learn_work_places = int(math.ceil(12 * expected))

    def consider(self, lang: float, relief: float) -> bool:
        """Hire a candidate if a vacancy is open, the Dutch suffices and the employer is willing."""
        if self.vacancies <= 0:
            return False
        p = self.model.p
        if self.sector < 0:
            req, openness, fill = 0.0, 1.0, 1.0
        else:
            req = max(0.0, SECTORS[self.sector].language + float(p["employers.language_strictness"]))
            req = 0.0 if self.random.random() < float(p["employers.no_dutch_share"]) else req  # a job without Dutch
            openness = min(1.0, float(p["employers.openness"]) * self.openness_factor)
            fill = fill_chance(p)  # not taken by another of the region's status holders
        if lang + relief >= req and self.random.random() < openness and self.random.random() < fill:
            self.vacancies -= 1
            return True
        return False


class StatusHolder(mesa.Agent):
    """One status holder; ``step`` applies one month of the rules to this person."""

    def __init__(self, model: ReferenceModel, index: int, entry: int, principal: StatusHolder | None = None) -> None:
        super().__init__(model)
        self.index, self.entry = index, entry
        self.partner: StatusHolder | None = None
        self.codes = np.full(model.horizon, UNSEEN, dtype=np.uint8)  # outcome code per month
        if principal is None:
            self._draw_household(model)
        else:
            self._join(principal)
        self._draw_traits(model)
        self.state: int = WAITING
        self.months_in_state = 0
        wait = exp_months(self.random.random(), float(model.p["context.housing_wait_months"]))
        self.housed_at: int = entry + wait if principal is None else max(entry, principal.housed_at)
        self.out_of_view = False  # off bijstand by the partner's earnings: no client
        self.course_from, self.course_active, self.exam, self.dropped = NEVER, False, EXAM_NONE, False
        self.welfare = self.screened = self.treated = self.credential = self.ever_dual = False
        self.coached = self.precarious = False
        self.mentor_until, self.network, self.phase_end = 0, 0.0, NEVER
        self.job_hours, self.job_start, self.employer, self.manager = 0.0, NEVER, -1, -1
        self.course_hours = self.work_hours = 0.0
        self.u_welfare_exit = self.random.random()  # leaves bijstand for another income once past it
        self.last_active = entry  # last month in a job, the integration duty or COA (idle scarring)

    def _draw_household(self, model: ReferenceModel) -> None:
        """A principal: origin, household (sim.households), sex by household type, age."""
        p, r = model.p, self.random.random
        self.role, self.origin = PRINCIPAL, pick(r(), model.origin_cum)
        o = ORIGINS[self.origin]
        partner = r() < float(p[f"household.partner_share.{o}"])
        later = partner and r() < float(p[f"household.reunion_share.{o}"])
        comes = partner and (not later or r() < float(p["household.reunion_granted"]))
        kids = comes and r() < float(p["household.children_share"])
        parent = not comes and r() < float(p["household.single_parent_share"])
        self.hh_type = COUPLE_CHILDREN if kids else (COUPLE if comes else (SINGLE_PARENT if parent else SINGLE))
        n_kids = max(math.floor(float(p["household.children_per_family"]) + r()), 1) if kids or parent else 0
        self.children = 0 if later else n_kids  # children come with the partner who follows later
        self.partner_kids = n_kids if later else 0
        delay = math.floor(float(p[f"household.reunion_delay_months.{o}"]) * (0.5 + r()) + 0.5) if later else 0
        if comes:  # the partner arrives then (if within the horizon)
            model.pending.setdefault(self.entry + delay, []).append(self)
        self.partner_role = NAREIZIGER if later else TOGETHER
        male_share = (model.single_male, float(p["household.principal_male_share"]))[comes]
        self.male = r() < (SINGLE_PARENT_MALE if parent else male_share)
        band = pick(r(), model.age_cum)
        lo, hi = (18.0, 30.0, 45.0)[band], (30.0, 45.0, 64.0)[band]
        self.age0 = lo + (hi - lo) * r()

    def _join(self, principal: StatusHolder) -> None:
        """A partner: the principal's origin and household, the other sex, a nearby age."""
        self.role, self.origin, self.hh_type = principal.partner_role, principal.origin, principal.hh_type
        self.children, self.male = principal.partner_kids, not principal.male
        self.age0 = min(max(principal.age0 + PARTNER_AGE_GAP * (self.random.random() - 0.5), 18.0), 63.99)
        principal.partner, self.partner = self, principal

    def _draw_traits(self, model: ReferenceModel) -> None:
        p, r = model.p, self.random.random
        self.edu = pick(r(), model.edu_cum)
        self.burden = r() < float(p["population.health_burden_share"])
        share = float(p["population.care_duty_share_male" if self.male else "population.care_duty_share_female"])
        self.care = self.hh_type == SINGLE_PARENT or (self.hh_type == COUPLE_CHILDREN and r() < share)
        self.hours = float(p["population.hours_care" if self.care else "population.hours_full"])
        self.lang = 0.3 * r()
        self.sector_u = r()
        self.u_mediation = r()  # fixed draw: mediated while it is below the lever's share

    def set_state(self, state: int) -> None:
        self.state, self.months_in_state = state, 0

    def age(self, month: int) -> float:
        return self.age0 + (month - self.entry) / 12.0

    def step(self) -> None:
        """One month of this person's life, in the engine's rule order."""
        m = self.model.month
        if self.entry < m:
            self.months_in_state += 1
        if self.housed_at == m:
            self.intake(m)
        if self.course_from == m and not self.course_active and self.state != EDUCATION:
            self.start_course(m)
        self.guidance(m)
        self.health(m)
        self.learning(m)
        self.social(m)
        self.labour(m)
        self.allocate_hours()

    # ---------------------------------------------------------------- intake
    def intake(self, m: int) -> None:
        model, p, r = self.model, self.model.p, self.random.random
        self.screened = r() < float(p["guidance.screening_share"])
        checked = r() < float(p["health.screening_share"])
        self.treated = checked and self.burden
        if r() < p.now("network.mentor_share"):
            self.mentor_until = m + int(p["network.mentor_months"])
        model.ledger.add("screening", m, self.screened * float(p["costs.screening_eur"]))
        model.ledger.add("health_screening", m, checked * float(p["costs.health_screening_eur"]))
        if p.funding_active:
            grant = float(p["funding.extra_per_person_eur"]) + float(p["funding.guidance_grant_eur"])
            model.ledger.add("national_money", m, grant)
        self.choose_route(m)

    def choose_route(self, m: int) -> None:
        p, r = self.model.p, self.random.random
        if self.state == WAITING:
            self.set_state(SEARCHING)
        law2021 = int(p["regime.law"]) == 2021
        edu = law2021 and self.age0 <= float(p["learning.education_max_age"]) and self.edu >= MIN_EDUCATION
        route_share = float(p["learning.education_route_share"]) * float(p["law2021.education_route"])
        edu = r() < route_share and edu
        delay_2013 = float(p["effects.regime2013_delay_months"])  # 2021: the earlier start, realised in part
        law_delay = delay_2013 * (1.0 - float(p["law2021.earlier_start"])) if law2021 else delay_2013
        mean = law_delay + self.care * float(p["household.care_course_delay_months"])
        delay = exp_months(r(), mean)
        self.course_from = m + delay
        if edu and self.state == SEARCHING:
            self.set_state(EDUCATION)
            self.course_from, self.course_active = m, True
            self.phase_end = m + int(p["learning.education_months"])
            self.model.ledger.add("education_route", m, float(p["costs.education_route_eur"]))

    def start_course(self, m: int) -> None:
        self.course_active = True
        if self.state in (SEARCHING, VOLUNTEER):
            self.set_state(COURSE)
        if int(self.model.p["regime.law"]) == 2021:
            self.model.ledger.add("course", m, float(self.model.p["costs.course_eur"]))

    def guidance(self, m: int) -> None:
        """Clients keep or ask for a dedicated manager while one has room; others the regular team."""
        model = self.model
        client = self.housed_at <= m and self.state not in NOT_CLIENT and not self.out_of_view
        if not client:
            if self.manager > 0:
                model.dedicated_free += 1
            self.manager = -1
            return
        model.n_clients += 1
        if self.manager > 0 and model.dedicated_free < 0:
            model.dedicated_free += 1
            self.manager = 0
        if self.manager <= 0 and model.dedicated_free > 0:
            model.dedicated_free -= 1
            self.manager = 1
        self.manager = max(self.manager, 0)
        model.n_dedicated_clients += self.manager

    # ---------------------------------------------------------------- health
    def health(self, m: int) -> None:
        p, r = self.model.p, self.random.random
        if self.burden and self.state in LEARNING:
            rate = float(p["behaviour.dropout_rate"])
            rate *= float(p["effects.health_treatment_ratio"]) if self.treated else 1.0
            if r() < rate:
                self.set_state(HEALTH_INACTIVE)
                self.dropped = True
        if self.state == HEALTH_INACTIVE:
            rate = float(p["behaviour.recovery_rate"]) * (TREATED_RECOVERY_RATIO if self.treated else 1.0)
            if r() < rate:
                self.set_state(COURSE if self.course_active else SEARCHING)

    # ---------------------------------------------------------------- learning
    def learning(self, m: int) -> None:
        model, p = self.model, self.model.p
        if self.state == EDUCATION and self.phase_end <= m:
            self.credential, self.exam, self.course_active = True, EXAM_PASSED, False
            self.set_state(SEARCHING)
        if self.state == DUAL and self.phase_end <= m:  # its place was counted free at the month's start
            self.set_state(COURSE if self.course_active else SEARCHING)
        eligible = self.state == COURSE and not self.ever_dual
        if eligible and model.dual_free > 0 and self.lang >= float(p["learning.dual_min_language"]):
            model.dual_free -= 1
            self.set_state(DUAL)
            self.ever_dual, self.phase_end = True, m + int(p["learning.dual_months"])
        self.allocate_hours()
        self.learn_language(m)
        self.take_exam(m)

    def allocate_hours(self) -> None:
        p, s, avail = self.model.p, self.state, self.hours
        course_h = float(p["learning.course_hours"]) * (
            1.0 - float(p["learning.work_first"]) * float(p["effects.work_first_course_cut"])
        )
        work = self.job_hours if s in (JOB_PART, JOB_FULL) else 0.0
        course = min(course_h, avail) if s == COURSE else 0.0
        if s == DUAL:
            dual_c, dual_w = float(p["learning.dual_course_hours"]), float(p["learning.dual_work_hours"])
            scale = min(1.0, avail / max(dual_c + dual_w, 1e-9))
            course, work = dual_c * scale, dual_w * scale
        elif s == EDUCATION:
            course = min(EDUCATION_HOURS, avail)
        elif s in (JOB_PART, JOB_FULL) and self.course_active:
            course = min(course_h, max(avail - work, 0.0))
        self.course_hours, self.work_hours = course, work

    def learn_language(self, m: int) -> None:
        p = self.model.p
        quality = float(p["effects.regime2013_quality"])
        if int(p["regime.law"]) == 2021:  # the designed gain over 2013, realised in part
            quality += float(p["law2021.course_quality"]) * (1.0 - quality)
        ratio = EDU_LANGUAGE[self.edu] * (OLDER_LANGUAGE if self.age(m) >= 45 else 1.0)
        ratio *= BURDEN_LANGUAGE if self.burden and not self.treated else 1.0
        ratio *= float(p["effects.dual_language_synergy"]) if self.state == DUAL else 1.0
        gain = float(p["behaviour.language_gain"]) * quality / REFERENCE_COURSE_HOURS * self.course_hours * ratio
        gain += float(p["behaviour.work_language_gain"]) * min(self.work_hours / 24.0, 1.0)
        self.lang = min(self.lang + gain, MAX_LANGUAGE)

    def take_exam(self, m: int) -> None:
        if not self.course_active or self.state == EDUCATION:
            return
        p, r = self.model.p, self.random.random
        level = 2.0 + float(p["law2021.b1_target"]) if int(p["regime.law"]) == 2021 else 2.0
        if self.lang >= level:
            chance = float(p["behaviour.exam_monthly_pass"])
            term = int(p["regime.exam_term_months"])
            if int(p["regime.law"]) != 2021 and m - self.course_from < term - EXAM_DEADLINE_WINDOW:
                chance *= float(p["effects.regime2013_early_exam_ratio"])  # the exam put off (2013 law)
            if r() >= chance:
                return
            self.exam = EXAM_PASSED
        elif m - self.course_from == int(p["regime.exam_term_months"]):
            if r() >= float(p["behaviour.exemption_at_term"]):
                return
            self.exam = EXAM_EXEMPT
        else:
            return
        self.course_active = False
        if self.state == COURSE:
            self.set_state(SEARCHING)

    # ---------------------------------------------------------------- network
    def social(self, m: int) -> None:
        p, model = self.model.p, self.model
        mentored = self.mentor_until > m
        gain = float(p["effects.network_gain_mentor"]) if mentored else 0.0
        gain += float(p["effects.network_gain_volunteer"]) if self.state == VOLUNTEER else 0.0
        self.network += min(gain, 1.0) * (1.0 - self.network)
        if mentored:
            model.ledger.add("mentors", m, float(p["costs.mentor_eur_month"]))
        if self.state == SEARCHING and self.random.random() < float(p["network.volunteer_uptake"]):
            self.set_state(VOLUNTEER)

    # ---------------------------------------------------------------- labour
    def labour(self, m: int) -> None:
        if self.state in (JOB_PART, JOB_FULL) and self.job_start < m:
            self.job_ending()
        if self.state == JOB_PART and self.hours >= FULLTIME_HOURS:
            self.more_hours()
        if self.state in SEEKING and self.hours > 0:
            self.job_search(m)
        if self.state in IN_JOB or self.course_active or self.housed_at > m:
            self.last_active = m  # the idle clock restarts (rules.idle, after the month's hires)
        self.job_costs(m)

    def job_ending(self) -> None:
        p = self.model.p
        rate = float(p["behaviour.separation_rate"]) * float(p["context.job_loss_factor"])
        rate *= float(p["effects.jobcoach_separation_ratio"]) if self.coached else 1.0
        rate *= float(p["effects.work_first_separation_ratio"]) if self.precarious else 1.0
        if self.random.random() < rate:
            self.job_hours, self.employer, self.coached = 0.0, -1, False
            m = self.model.month
            self.set_state(WAITING if self.housed_at > m else (COURSE if self.course_active else SEARCHING))

    def more_hours(self) -> None:
        p = self.model.p
        if bool(p["guidance.coordinator"]) and self.course_active:
            return
        if self.random.random() < float(p["behaviour.upgrade_rate"]) * min(self.lang / 3.0, 1.0):
            self.job_hours = min(self.hours, MAX_HOURS)
            self.state = JOB_FULL

    def job_search(self, m: int) -> None:
        model, p = self.model, self.model.p
        share = p.now("employers.mediation_share")
        med = self.state != WAITING and self.u_mediation < share
        if med:
            model.ledger.add("mediation", m, float(p["costs.mediation_eur_month"]))
        if self.random.random() >= self.offer_chance(m, med):
            return
        relief = float(p["effects.mediation_language_relief"]) if med else 0.0
        municipal = model.employers[-1]
        if self.state != WAITING and municipal.consider(self.lang, relief):
            self.start_job(m, len(model.employers) - 1)
            return
        choice = self.choose_employer(med)
        if model.employers[choice].consider(self.lang, relief):
            self.start_job(m, choice)

    def offer_chance(self, m: int, med: bool) -> float:
        p, s = self.model.p, self.state
        h = float(p["behaviour.job_hazard"]) * math.exp(
            float(p["behaviour.language_effect"]) * (min(self.lang, 4.0) - 3.0)
        )
        if s in (WAITING, COURSE):
            h *= float(p["behaviour.course_search_factor"])
        elif s == DUAL:
            h *= float(p["effects.dual_ratio"])
        elif s == EDUCATION:
            h *= EDUCATION_SEARCH
        h *= 1.0 if self.male else float(p["behaviour.female_factor"])
        h *= float(p["behaviour.older_factor"]) if self.age(m) >= 45 else 1.0
        h *= float(p[f"behaviour.origin_factor.{ORIGINS[self.origin]}"])
        h *= float(p["context.labour_tightness"]) ** float(p["behaviour.tightness_elasticity"])
        h *= self.model.manager_ratio[self.manager + 1]
        h *= float(p["effects.screening_ratio"]) if self.screened else 1.0
        h *= float(p["effects.mediation_ratio"]) if med else 1.0
        h *= 1.0 + (float(p["effects.network_ratio"]) - 1.0) * self.network
        h *= self.health_ratio()
        h *= float(p["effects.credential_ratio"]) if self.credential else 1.0
        h *= math.exp(-float(p["behaviour.idle_scarring"]) / 12.0 * max(m - self.last_active, 0))
        if s == COURSE:
            extra = float(p["learning.work_first"]) * (float(p["effects.work_first_ratio"]) - 1.0)
            h *= 1.0 + (extra if self.male else extra * float(p["effects.work_first_female_share"]))
        return min(h, 1.0)

    def health_ratio(self) -> float:
        if not self.burden:
            return 1.0
        r = float(self.model.p["effects.health_ratio"])
        return r + (1.0 - r) * (1.0 - float(self.model.p["effects.health_treatment_ratio"])) if self.treated else r

    def choose_employer(self, med: bool) -> int:
        p, r = self.model.p, self.random.random
        u_sec = r()
        sector = pick(u_sec, SECTOR_CUM)
        if self.screened and r() < PRIOR_SECTOR_MATCH:
            sector = pick(self.sector_u, SECTOR_CUM)
        if r() < float(p["learning.work_first"]):
            sector = self.feasible_sector(u_sec)
        open_emp = med or r() < 0.5
        return int(employer_index(sector, not open_emp))

    def feasible_sector(self, u: float) -> int:
        strict = float(self.model.p["employers.language_strictness"])
        req = [max(s.language + strict, 0.0) for s in SECTORS]
        ok = [self.lang >= q for q in req]
        if not any(ok):
            ok[req.index(min(req))] = True
        return pick(u, cumulative([s.vacancies * k for s, k in zip(SECTORS, ok, strict=True)]))

    def start_job(self, m: int, employer: int) -> None:
        p, r = self.model.p, self.random.random
        avail = self.hours
        u_hours = r()
        ft_share = float(p["behaviour.fulltime_share_at_hire"]) * (1.5 if self.credential else 1.0)
        if avail >= FULLTIME_HOURS and r() < ft_share:
            hours = min(avail, MAX_HOURS)
        else:
            hours = min(avail, 12.0 + 16.0 * u_hours)
        if bool(p["guidance.coordinator"]) and self.course_active:
            keep = max(avail - float(p["guidance.coordinator_min_course_hours"]), min(8.0, avail))
            hours = min(hours, keep)
        self.job_hours, self.job_start, self.employer = hours, m, employer
        self.set_state(JOB_FULL if hours >= FULLTIME_HOURS else JOB_PART)
        coach = self.model.p.now("employers.jobcoach_share")
        self.coached = self.model.employers[employer].job_coaching or r() < coach
        self.precarious = r() < float(p["learning.work_first"])

    def job_costs(self, m: int) -> None:
        if self.state not in (JOB_PART, JOB_FULL):
            return
        p, ledger = self.model.p, self.model.ledger
        if self.coached and m - self.job_start < COACH_MONTHS:
            ledger.add("job_coaching", m, float(p["costs.jobcoach_eur_month"]))
        if self.employer == len(self.model.employers) - 1:
            ledger.add("municipal_jobs", m, float(p["costs.municipal_place_eur_month"]))

    # ---------------------------------------------------------------- welfare, record
    def counts_in_bijstand(self, m: int) -> bool:
        """Housed, under 65, not in COA or the education route: a member of a bijstand household."""
        return self.housed_at <= m and self.age(m) < 65.0 and self.state not in (WAITING, EDUCATION)

    def earnings(self, m: int) -> float:
        """Net earnings that count against bijstand this month (less the temporary release)."""
        p = self.model.p
        if self.state not in (JOB_PART, JOB_FULL):
            return 0.0
        earned = self.job_hours * float(p["costs.net_wage_eur_month_per_hour"])
        release = min(float(p["costs.earnings_release_share"]) * earned, float(p["costs.earnings_release_max_eur"]))
        return earned - (release if m - self.job_start < int(p["costs.earnings_release_months"]) else 0.0)

    def household_welfare(self, m: int) -> None:
        """A principal settles the household's bijstand: one norm, both partners' earnings, both flags."""
        p = self.model.p
        members = [h for h in (self, self.partner) if h is not None and h.counts_in_bijstand(m)]
        stay = (1.0 - float(p["behaviour.welfare_other_exit"])) ** (m - self.housed_at + 1)
        norm = float(p["costs.welfare_couple_eur_month" if len(members) == 2 else "costs.welfare_single_eur_month"])
        benefit = max(norm - sum(h.earnings(m) for h in members), 0.0)
        if not members or (self.housed_at <= m and self.u_welfare_exit > stay):  # left for another income
            benefit = 0.0
        for h in (self, self.partner):
            if h is not None:
                h.welfare = h in members and benefit > 0.0
                working = h.state in (JOB_PART, JOB_FULL)
                h.out_of_view = len(members) == 2 and benefit == 0.0 and not working and self.u_welfare_exit <= stay
        self.model.ledger.add("welfare_paid", m, benefit)

    def record(self, m: int) -> None:
        b1 = self.lang >= 3.0
        code = self.state + N_STATES * (self.welfare + 2 * (b1 + 2 * (self.exam + 3 * self.dropped)))
        self.codes[m] = EXCLUDED if self.age(m) >= 65.0 else code


# Parameters read through the engine code the reference shares (sim.population.inflow_schedule,
# sim.values.Params) rather than by name in this file.
READ_BY_ENGINE_CODE = (
    "context.inflow_per_year",  # sim.population.inflow_schedule, sim.region.fill_chance
    "context.inflow_months",
    "funding.end_month",
    "funding.funded_share",
    "funding.continue_share",
    "region.status_holders_per_year",  # sim.region.fill_chance
    "population.share_male",  # sim.households.single_male_share (the share of men among singles)
)
# Parameters the reference does not model: a scenario setting one away from its baseline value is refused.
NOT_MODELLED: tuple[str, ...] = ()


def refuse_unmodelled(scenario: Scenario) -> None:
    """Refuse a scenario that sets a parameter the reference does not model.

    Raises:
        ScenarioError: Naming the scenario and the parameter.
    """
    base = defaults()
    for values in (scenario.params(), *(v for _, v in scenario.changes)):
        for key in NOT_MODELLED:
            if key in values and values[key] != base[key]:
                raise ScenarioError(
                    f"{scenario.name}: the Mesa reference does not model '{key}'; leave it at its default"
                )


class ReferenceModel(mesa.Model):
    """The municipality, stepped monthly; status holders step one by one in shuffled order."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        refuse_unmodelled(scenario)
        super().__init__(seed=seed)
        self.scenario = scenario
        self.p = Params(scenario.params())
        self.p.update(scenario.changes_at(0))
        self.horizon = int(self.p["context.horizon_months"])
        self.arrivals = inflow_schedule(self.p)  # principals; partners come as their households say
        self.ledger = Ledger(self.horizon)
        self._population_tables()
        total = sum(s.vacancies for s in SECTORS)
        self.employers = [
            RefEmployer(self, i, f, 0.5 * s.vacancies / total)
            for i, s in enumerate(SECTORS)
            for f in (OPEN_FACTOR, RELUCTANT_FACTOR)
        ]
        self.employers.append(RefEmployer(self, -1, 1.0, 0.0))
        self.holders: list[StatusHolder] = []
        self.pending: dict[int, list[StatusHolder]] = {}  # month -> principals whose partner arrives then
        self.month, self.n_clients, self.dual_free, self.dedicated_free = -1, 0, 0, 0
        self.n_dedicated_clients = 0
        self.dual_rounding = self.random.random()  # dual places rounded up or down once per run

    def _population_tables(self) -> None:
        p = self.p
        weights = [float(p[f"population.origin_share.{o}"]) for o in ORIGINS]
        self.origin_cum = cumulative(weights if sum(weights) > 0 else [1.0] * len(ORIGINS))
        young, older = float(p["population.share_young"]), float(p["population.share_older"])
        self.age_cum = cumulative([young, max(0.0, 1 - young - older), older])
        low, high = float(p["population.share_low_education"]), float(p["population.share_high_education"])
        self.edu_cum = cumulative([low, max(0.0, 1 - low - high), high])
        self.single_male = single_male_share(
            p, ORIGINS, np.array(weights) if sum(weights) > 0 else np.ones(len(ORIGINS))
        )

    def step(self) -> None:
        self.month += 1
        t = self.month
        if t > 0:
            self.p.update(self.scenario.changes_at(t))
        self.p.set_month(t)
        for _ in range(int(self.arrivals[t])):
            self.holders.append(StatusHolder(self, len(self.holders), t))
        for h in self.pending.pop(t, []):  # partners due this month, with the principal or later
            self.holders.append(StatusHolder(self, len(self.holders), t, principal=h))
        self._managers()
        for e in self.employers:
            e.post_vacancies()
        places = self.p.now("learning.dual_places_per_100") * self.n_clients / 100.0
        places = min(places, sum(e.learn_work_places for e in self.employers))
        staying = sum(1 for h in self.holders if h.state == DUAL and h.phase_end > t)
        self.dual_free = math.floor(places + self.dual_rounding) - staying
        self.n_clients = self.n_dedicated_clients = 0
        self.agents_by_type[StatusHolder].shuffle_do("step")
        for h in self.holders:
            if h.role == PRINCIPAL:
                h.household_welfare(t)
        for h in self.holders:
            h.record(t)
        self._book_managers(t)

    def _managers(self) -> None:
        """Dedicated capacity this month (FTE x caseload) and the guidance ratios."""
        p = self.p
        fte = p.now_for_inflow("guidance.dedicated_fte_per_100_inflow")
        cap = float(p["guidance.dedicated_caseload"])
        n = math.ceil(fte - 1e-9)
        capacity = sum(int(round(min(1.0, fte - i) * cap)) for i in range(n))
        self.dedicated_free = capacity - self.n_dedicated_clients
        ratio = float(p["effects.guidance_ratio"])
        regular = guidance_ratio(float(p["guidance.regular_caseload"]), ratio)
        self.manager_ratio = (1.0, regular, guidance_ratio(cap, ratio))
        self.dedicated_fte = fte

    def _book_managers(self, t: int) -> None:
        cost = float(self.p["costs.cm_fte_eur_year"]) / 12.0
        regular = (self.n_clients - self.n_dedicated_clients) / float(self.p["guidance.regular_caseload"])
        self.ledger.add("client_managers_dedicated", t, self.dedicated_fte * cost)
        self.ledger.add("client_managers_regular", t, regular * cost)
        n_dual = sum(1 for h in self.holders if h.state == DUAL)
        self.ledger.add("dual_tracks", t, n_dual * float(self.p["costs.dual_place_eur_month"]))

    def run_model(self) -> None:
        while self.month < self.horizon - 1:
            self.step()

    def result(self, seed: int) -> RunResult:
        """The run's outcomes in the engine's result type (same cohort-aligned KPIs)."""
        origin = np.array([h.origin for h in self.holders], dtype=np.int64)
        male = np.array([h.male for h in self.holders], dtype=np.int64)
        entry = np.array([h.entry for h in self.holders], dtype=np.int64)
        history = np.column_stack([h.codes for h in self.holders]) if self.holders else np.zeros((self.horizon, 0))
        return RunResult(
            scenario=self.scenario.name,
            scenario_hash=self.scenario.hash,
            seed=seed,
            replication=0,
            count_table=CountTable.from_dense(cohort_counts(history.astype(np.uint8), entry, group_code(origin, male))),
            money=self.ledger.series(),
            calendar={},
        )


def run_reference(scenario: Scenario, seed: int) -> RunResult:
    """Run the per-agent reference over the scenario's horizon."""
    model = ReferenceModel(scenario, seed)
    model.run_model()
    mesa.Agent._ids.pop(model, None)  # Mesa 3.3 keeps every model in a class-level dict: let it go
    return model.result(seed)
