"""Each rule against a closed-form or hand-computed expectation (agents: test_agents.py).

Rules are exercised on a real :class:`MunicipalityModel`; where a rule needs a particular
situation (a person in a course with 40 free hours, a part-time worker of 20 hours) the test
sets the person's columns directly and calls the rule function, so the expectation can be
computed by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.budget import ITEMS, Ledger
from sim.households import PRINCIPAL
from sim.model import MunicipalityModel
from sim.population import inflow_schedule
from sim.rules import learning, network, welfare
from sim.scenarios import Scenario, load_scenario
from sim.states import (
    COURSE,
    DUAL,
    EDUCATION,
    EXAM_EXEMPT,
    EXAM_NONE,
    EXAM_PASSED,
    HEALTH_INACTIVE,
    JOB_FULL,
    JOB_PART,
    SEARCHING,
    VOLUNTEER,
    WAITING,
)

from .helpers import AS_DESIGNED, JOB, SINGLES, step_months

# ----------------------------------------------------------------------------- housing


@pytest.mark.parametrize("mean", [1.0, 4.0, 10.0])
def test_housing_wait_mean_is_the_floored_exponential_mean(baseline: Scenario, mean: float) -> None:
    """wait = floor(Exp(mean)) is geometric: P(wait >= k) = q^k with q = exp(-1/mean).

    So E[wait] = q / (1 - q) and Var[wait] = q / (1 - q)^2; tolerance 4 standard errors.
    """
    s = baseline.with_overrides(
        {
            "context.inflow_per_year": 12000,
            "context.inflow_months": 1,
            "context.horizon_months": 12,
            "context.housing_wait_months": mean,
        }
    )
    model = MunicipalityModel(s, seed=5)
    model.step()
    ph = model.people
    principal = ph.role[: ph.n_active] == PRINCIPAL  # a partner is housed with the principal
    wait = (ph.housed_at[: ph.n_active] - ph.entry[: ph.n_active]).astype(float)[principal]
    q = math.exp(-1 / mean)
    n = len(wait)
    assert n == inflow_schedule(s.params())[0] > 500
    assert abs(wait.mean() - q / (1 - q)) < 4 * math.sqrt(q / (1 - q) ** 2 / n)
    assert abs((wait == 0).mean() - (1 - q)) < 4 * math.sqrt(q * (1 - q) / n)
    assert (wait >= 0).all()


def test_no_housing_wait_houses_everyone_at_permit(small: Scenario) -> None:
    model = MunicipalityModel(small.with_overrides({"context.housing_wait_months": 0.0}), seed=1)
    for t in step_months(model, 3):
        ph = model.people
        new = ph.entry[: ph.n_active] == t
        assert (ph.housed_at[: ph.n_active][new] == t).all()
        assert (ph.state[: ph.n_active] != WAITING).all()


# ---------------------------------------------------------------------------- learning


def _course_person(scenario: Scenario, seed: int = 1) -> tuple[MunicipalityModel, int]:
    """A model after 3 months with person 0 set to: in the course, 40 h free, secondary
    education, no burden, aged 25, Dutch 1.0, exam not yet due; the 2021 law as designed."""
    model = MunicipalityModel(scenario.with_overrides(AS_DESIGNED), seed)
    for _ in step_months(model, 3):
        pass
    ph = model.people
    i = 0
    ph.state[i], ph.course_active[i], ph.job_hours[i] = COURSE, True, 0.0
    ph.hours[i], ph.edu[i], ph.burden[i], ph.treated[i] = 40.0, 1, False, False
    ph.older_from[i] = 10_000
    ph.lang[i] = 1.0
    ph.course_from[i] = model.month
    ph.exam[i] = EXAM_NONE
    model.refresh_multipliers(np.array([i]))
    return model, i


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({}, 0.11),  # 15 h at the reference: exactly behaviour.language_gain
        ({"learning.course_hours": 8}, 0.11 * 8 / 15),
        ({"learning.course_hours": 30}, 0.11 * 30 / 15),
        ({"learning.course_hours": 30, "population.hours_full": 20}, 0.11 * 20 / 15),  # hours cap
        ({"regime.law": 2013}, 0.11 * 0.7),  # 2013 course quality
        ({"learning.work_first": 1.0}, 0.11 * (1 - 0.3)),  # work-first cuts 30% of the hours
        ({"behaviour.language_gain": 0.2, "learning.course_hours": 12}, 0.2 * 12 / 15),
    ],
)
def test_language_gain_per_month_in_course(small: Scenario, over: dict, expected: float) -> None:
    model, i = _course_person(small.with_overrides(over))
    model.people.hours[i] = float(model.p["population.hours_full"])
    learning.learning_month(model, model.month)
    assert model.people.lang[i] == pytest.approx(1.0 + expected, rel=1e-12)


def test_language_gain_multipliers_for_traits(small: Scenario) -> None:
    """Education 0.6/1.0/1.4, untreated burden 0.8, aged 45+ 0.7: multiplicative."""
    model, i = _course_person(small)
    ph = model.people
    ph.edu[i], ph.burden[i] = 0, True
    ph.older_from[i] = 0
    model.refresh_multipliers(np.array([i]))
    learning.learning_month(model, model.month)
    assert ph.lang[i] == pytest.approx(1.0 + 0.11 * 0.6 * 0.8 * 0.7)
    ph.lang[i], ph.edu[i], ph.treated[i] = 1.0, 2, True  # treated burden: no penalty
    model.refresh_multipliers(np.array([i]))
    learning.learning_month(model, model.month)
    assert ph.lang[i] == pytest.approx(1.0 + 0.11 * 1.4 * 0.7)


def test_language_gain_in_dual_track_and_on_the_job(small: Scenario) -> None:
    model, i = _course_person(small)
    ph = model.people
    ph.state[i] = DUAL
    learning.learning_month(model, model.month)
    # 8 course hours at synergy 1.5 plus 16 placement hours at 0.02 levels per 24 h
    assert ph.lang[i] == pytest.approx(1.0 + 8 * 0.11 / 15 * 1.5 + 16 * 0.02 / 24)
    assert ph.course_hours[i] == 8 and ph.work_hours[i] == 16
    # a 38-hour job while the integration duty runs: 2 course hours are left of 40
    ph.state[i], ph.job_hours[i], ph.lang[i] = JOB_FULL, 38.0, 1.0
    learning.learning_month(model, model.month)
    assert ph.course_hours[i] == pytest.approx(2.0)
    assert ph.lang[i] == pytest.approx(1.0 + 2 * 0.11 / 15 + 24 * 0.02 / 24)
    # a 20-hour job after the course: work only
    ph.state[i], ph.job_hours[i], ph.lang[i], ph.course_active[i] = JOB_PART, 20.0, 1.0, False
    learning.learning_month(model, model.month)
    assert ph.course_hours[i] == 0
    assert ph.lang[i] == pytest.approx(1.0 + 20 * 0.02 / 24)
    # Dutch is capped at B2
    ph.lang[i] = 3.999
    learning.learning_month(model, model.month)
    assert ph.lang[i] == 4.0


def test_dual_track_hours_scaled_to_the_hours_available(small: Scenario) -> None:
    model, i = _course_person(small)
    ph = model.people
    ph.state[i], ph.hours[i] = DUAL, 12.0  # 8 + 16 = 24 h wanted, 12 available
    learning.allocate_hours(model)
    assert ph.course_hours[i] == pytest.approx(4.0)
    assert ph.work_hours[i] == pytest.approx(8.0)


@pytest.mark.parametrize(("law", "level"), [(2021, 3.0), (2013, 2.0)])
def test_exam_level_by_regime(small: Scenario, law: int, level: float) -> None:
    """B1 under the 2021 law, A2 under 2013: at Dutch 2.5 only a 2013 candidate can pass."""
    model, i = _course_person(small.with_overrides({"regime.law": law, "behaviour.exam_monthly_pass": 1.0}))
    assert learning.exam_level(model) == level
    ph = model.people
    ph.lang[i] = 2.5
    learning.learning_month(model, model.month)
    assert ph.lang[i] < 3.0
    if law == 2013:
        assert ph.exam[i] == EXAM_PASSED and not ph.course_active[i] and ph.state[i] == SEARCHING
    else:
        assert ph.exam[i] == EXAM_NONE and ph.course_active[i] and ph.state[i] == COURSE
    ph.lang[i], ph.exam[i], ph.course_active[i], ph.state[i] = 3.0, EXAM_NONE, True, COURSE
    learning.learning_month(model, model.month)
    assert ph.exam[i] == EXAM_PASSED


@pytest.mark.parametrize(("u", "exempt"), [(0.10, True), (0.90, False)])
def test_exemption_at_the_exam_term(small: Scenario, u: float, exempt: bool) -> None:
    model, i = _course_person(small)
    ph = model.people
    term = int(model.p["regime.exam_term_months"])
    ph.course_from[i] = model.month - term
    ph.fixed["exemption"][i] = u  # the person's fixed draw vs behaviour.exemption_at_term = 0.45
    learning.learning_month(model, model.month)
    assert ph.exam[i] == (EXAM_EXEMPT if exempt else EXAM_NONE)
    assert ph.course_active[i] == (not exempt)


# ----------------------------------------------------------------------------- welfare


def test_welfare_flags_and_topup_formula(small: Scenario) -> None:
    """An adult alone: the single norm (1,320) less 52 a month per weekly hour of work; none
    in COA or the education route; full time (36 h) or 28 h part time earn more than the norm."""
    model = MunicipalityModel(small.with_overrides(SINGLES), seed=2)
    for _ in step_months(model, 30):
        pass
    ph = model.people
    n = ph.n_active
    cases = [
        (WAITING, 0.0, 0.0),
        (COURSE, 0.0, 1320.0),
        (DUAL, 0.0, 1320.0),
        (EDUCATION, 0.0, 0.0),
        (SEARCHING, 0.0, 1320.0),
        (VOLUNTEER, 0.0, 1320.0),
        (JOB_PART, 14.0, 1320.0 - 14 * 52.0),
        (JOB_PART, 21.0, 1320.0 - 21 * 52.0),
        (JOB_PART, 28.0, 0.0),
        (JOB_FULL, 36.0, 0.0),
        (HEALTH_INACTIVE, 0.0, 1320.0),
    ]
    k = np.arange(n) % len(cases)
    ph.state[:n] = np.array([c[0] for c in cases])[k]
    ph.job_hours[:n] = np.array([c[1] for c in cases])[k]
    ph.job_start[:n] = 0  # jobs older than the release months: earnings count in full (see the next tests)
    benefit = np.array([c[2] for c in cases])[k]
    ph.housed_at[:n] = 0  # everyone housed and under 65: the formula applies (no welfare in COA or from 65)
    ph.age65_from[:n] = model.month + 1
    model.p["behaviour.welfare_other_exit"] = 0.0  # no other exits: the formula alone (see the next test)
    before = model.ledger.items["welfare_paid"][model.month]
    welfare.update_welfare(model, model.month)
    np.testing.assert_array_equal(ph.welfare[:n], benefit > 0)
    paid = model.ledger.items["welfare_paid"][model.month] - before
    assert paid == pytest.approx(benefit.sum())


@pytest.mark.parametrize("rate", [0.0, 0.01, 0.05])
def test_other_welfare_exits_follow_a_geometric_waiting_time(small: Scenario, rate: float) -> None:
    """Searching, housed m months ago: still on welfare with chance (1 - rate) ** (m + 1);
    a higher rate only removes people (who leaves first does not change). Adults alone, so
    each household is one person (for a couple the principal's draw decides)."""
    model = MunicipalityModel(small.with_overrides(SINGLES), seed=5)
    for _ in step_months(model, 30):
        pass
    ph, n, t = model.people, model.people.n_active, model.month
    ph.state[:n] = SEARCHING
    ph.age65_from[:n] = t + 1
    months = np.arange(n) % 24
    ph.housed_at[:n] = t - months
    model.p["behaviour.welfare_other_exit"] = rate
    welfare.update_welfare(model, t)
    on = ph.welfare[:n].copy()
    for m in (0, 11, 23):
        expect = (1.0 - rate) ** (m + 1)
        got, k = on[months == m].mean(), (months == m).sum()
        assert abs(got - expect) <= 4.0 * math.sqrt(expect * (1 - expect) / k) + 1e-12, (m, got, expect)
    model.p["behaviour.welfare_other_exit"] = rate + 0.02
    welfare.update_welfare(model, t)
    assert not (ph.welfare[:n] & ~on).any() and (on & ~ph.welfare[:n]).any()


# ------------------------------------------------------------------------------- money


def test_ledger_totals() -> None:
    led = Ledger(3)
    assert set(led.items) == set(ITEMS)
    led.add("course", 0, 100.0)
    led.add("course", 0, 50.0)
    led.add("mentors", 1, 20.0)
    led.add("welfare_paid", 1, 1000.0)
    led.add("national_money", 2, 300.0)
    s = led.series()
    np.testing.assert_array_equal(s["programme_costs"], [150.0, 20.0, 0.0])
    np.testing.assert_array_equal(s["net_municipal_cost"], [150.0, 1020.0, -300.0])
    with pytest.raises(KeyError):
        led.add("no_such_item", 0, 1.0)


def test_money_items_match_their_unit_costs(baseline: Scenario) -> None:
    """Client managers cost FTE x 85,000 / 12 a month; every housed person brings the
    national money once while it flows; every course start costs 10,000 (2021 law)."""
    s = load_scenario("funding_ends").with_overrides({"context.horizon_months": 60})
    model = MunicipalityModel(s, seed=3)
    housed = np.zeros(60)
    course_starts = np.zeros(60)
    for t in step_months(model):
        ph = model.people
        housed[t] = np.count_nonzero(ph.housed_at[: ph.n_active] == t)
        course_starts[t] = np.count_nonzero(ph.course_from[: ph.n_active] == t)
    money = model.ledger.series()
    fte = model.calendar["dedicated_fte"]
    np.testing.assert_allclose(money["client_managers_dedicated"], fte * 85000 / 12)
    np.testing.assert_allclose(fte[:36], 7.5)  # 5 FTE per 100 adults housed a year x 150 / 100
    np.testing.assert_allclose(fte[36:], 7.5 * 0.2)
    grant = 4430 + 2370
    np.testing.assert_allclose(money["national_money"][:36], housed[:36] * grant)
    assert (money["national_money"][36:] == 0).all()
    assert money["course"].sum() > 0
    assert (money["course"] % 10000 == 0).all()
    assert money["course"].sum() <= course_starts.sum() * 10000
    law2013 = MunicipalityModel(baseline.with_overrides({"regime.law": 2013, "context.horizon_months": 24}), 3)
    law2013.run_model()
    assert law2013.ledger.series()["course"].sum() == 0  # the person pays under 2013


# ----------------------------------------------------------------------------- funding


@pytest.mark.parametrize(
    ("funded", "cont", "after"), [(0.8, 0.0, 0.2), (0.8, 0.5, 0.6), (0.5, 0.0, 0.5), (0.0, 0.0, 1.0), (1.0, 1.0, 1.0)]
)
def test_funding_factor_before_and_after_the_end_month(funded: float, cont: float, after: float) -> None:
    s = load_scenario("funding_ends").with_overrides(
        {"funding.funded_share": funded, "funding.continue_share": cont, "context.horizon_months": 48}
        | {"guidance.dedicated_fte_per_100_inflow": 4.0}
    )
    p = MunicipalityModel(s, seed=1).p
    fte, openness = float(p["guidance.dedicated_fte_per_100_inflow"]), float(p["employers.openness"])
    for t in (0, 1, 35):
        p.set_month(t)
        assert p.funding_active and p.funding_factor == 1.0
        assert p.now("guidance.dedicated_fte_per_100_inflow") == fte
    version = p.version
    for t in (36, 37, 47):
        p.set_month(t)
        assert not p.funding_active
        assert p.funding_factor == pytest.approx(after)
        assert p.now("guidance.dedicated_fte_per_100_inflow") == pytest.approx(fte * after)  # funded = true
        assert p.now("employers.openness") == openness  # not funded
    assert p.version == version + 1  # the switch bumps the version once: cached arrays follow it


def test_default_funding_never_ends(baseline: Scenario) -> None:
    p = MunicipalityModel(baseline, seed=1).p
    p.set_month(239)
    assert p.funding_active and p.funding_factor == 1.0


def test_coordinator_protects_course_hours_next_to_a_job() -> None:
    """With a coordinator a job leaves at least ``coordinator_min_course_hours`` (6) for the
    course while the integration duty runs (if the person has more than 8 + 6 hours); without
    one, full-time jobs leave almost nothing (40 - 32..38 hours) and stall the course."""
    over = {"context.inflow_per_year": 400, "context.horizon_months": 60, "learning.dual_places_per_100": 0.0}
    for coordinator in (True, False):
        s = load_scenario("baseline").with_overrides({**over, "guidance.coordinator": coordinator})
        model = MunicipalityModel(s, seed=5)
        low = 0
        seen = 0
        for _ in step_months(model):
            ph = model.people
            n = ph.n_active
            learning_job = JOB[ph.state[:n]] & ph.course_active[:n] & (ph.hours[:n] >= 14)
            seen += int(learning_job.sum())
            low += int((ph.course_hours[:n][learning_job] < 6 - 1e-9).sum())
        assert seen > 100
        if coordinator:
            assert low == 0
        else:
            assert low > 0


@pytest.mark.parametrize(("extra", "ended"), [(5, False), (5, True), (10_000, False), (-10, False), (-10, True)])
def test_dual_track_places_per_100_clients(extra: int, ended: bool) -> None:
    """Places = dual_places_per_100 x clients / 100 (x the funding factor after the money
    stops); free places go to eligible course participants in priority order; tracks that
    reached their end month close first; fewer places than tracks ends nobody's track early;
    every place in use costs 600 a month. ``extra`` sets the number of clients so that the
    places are the open tracks plus ``extra``."""
    s = load_scenario("dual_track").with_overrides(
        {"context.inflow_per_year": 600, "context.horizon_months": 48, "funding.end_month": 24}
    )
    model = MunicipalityModel(s, seed=3)
    for _ in step_months(model, 30 if ended else 12):
        pass
    ph = model.people
    n = ph.n_active
    t = model.month
    dual = np.flatnonzero(ph.state[:n] == DUAL)
    closing = dual[: len(dual) // 3]
    ph.phase_end[closing] = t  # these tracks end this month
    still = len(dual) - len(closing)
    eligible = np.flatnonzero((ph.state[:n] == COURSE) & ~ph.ever_dual[:n] & (ph.lang[:n] >= 0.8))
    assert still > 10 and len(eligible) > 10
    factor = 0.5 if ended else 1.0  # funded_share 0.5, nothing continued
    places = max(still + extra, 0)
    n_clients = math.ceil(places * 100 / (25.0 * factor))
    assert int(25.0 * n_clients / 100 * factor) == places
    before = model.ledger.items["dual_tracks"][t]
    learning.dual_tracks(model, t, n_clients)
    now = np.flatnonzero(ph.state[:n] == DUAL)
    assert not np.isin(closing, now).any()
    assert np.isin(np.setdiff1d(dual, closing), now).all()
    assert len(now) == max(still, min(places, still + len(eligible)))
    new = np.setdiff1d(now, dual)
    assert len(new) == max(0, min(extra, len(eligible)))
    if len(new):
        left = np.setdiff1d(eligible, new)
        assert len(left) == 0 or ph.priority[new].max() <= ph.priority[left].min()
        assert (ph.phase_end[new] == t + 12).all() and ph.ever_dual[new].all()
    assert model.ledger.items["dual_tracks"][t] - before == pytest.approx(len(now) * 600.0)


def test_network_builds_towards_one(small: Scenario) -> None:
    """A mentor adds 3% of what is missing a month: after k months 1 - 0.97^k; volunteering
    adds 8% more of it (11% a month together)."""
    model, i = _course_person(small)
    ph = model.people
    ph.mentor_until[i], ph.network[i] = model.month + 100, 0.0
    for _ in range(10):
        network.network_month(model, model.month)
    assert ph.network[i] == pytest.approx(1 - 0.97**10)
    ph.state[i], ph.network[i] = VOLUNTEER, 0.0
    for _ in range(5):
        network.network_month(model, model.month)
    assert ph.network[i] == pytest.approx(1 - 0.89**5)
    ph.mentor_until[i], ph.state[i], ph.network[i] = 0, COURSE, 0.5
    network.network_month(model, model.month)
    assert ph.network[i] == 0.5  # nothing builds without a mentor or volunteering


@pytest.mark.parametrize("months", [1, 6, 24])
def test_mentor_match_lasts_mentor_months_and_is_paid_each_month(months: int) -> None:
    """Everyone housed gets a mentor for ``network.mentor_months``; coordination is paid per mentored month."""
    over = {"network.mentor_share": 1.0, "network.mentor_months": months, "context.horizon_months": 36}
    model = MunicipalityModel(load_scenario("baseline").with_overrides(over), 4)
    model.run_model()
    ph, n = model.people, model.people.n_active
    housed = ph.housed_at[:n] <= 35
    assert housed.sum() > 50
    assert ((ph.mentor_until[:n] - ph.housed_at[:n])[housed] == months).all()
    month = np.arange(36)[:, None]
    mentored = ((ph.housed_at[:n] <= month) & (month < ph.mentor_until[:n])).sum(axis=1)
    cost = float(model.p["costs.mentor_eur_month"])
    np.testing.assert_allclose(model.ledger.series()["mentors"][:36], mentored * cost)
