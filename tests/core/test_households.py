"""Households (sim.households) and household bijstand (sim.rules.welfare) against their rules."""

from __future__ import annotations

import numpy as np
import pytest

from sim import households as hh
from sim.model import MunicipalityModel
from sim.params import defaults
from sim.population import ORIGINS, draw_traits, inflow_schedule, origin_weights
from sim.rng import Streams
from sim.rules import welfare
from sim.scenarios import Scenario
from sim.states import COURSE, EDUCATION, JOB_FULL, JOB_PART, SEARCHING

from .helpers import step_months


def _within(successes: float, n: int, prob: float, z: float = 4.0) -> bool:
    return abs(successes - n * prob) <= z * np.sqrt(n * prob * (1 - prob)) + 1


@pytest.fixture(scope="module")
def people():
    """A large population: 2,000 principals a month for 24 months, partners followed to month 240."""
    p = defaults() | {"context.horizon_months": 240}
    counts = np.zeros(240, dtype=np.int64)
    counts[:24] = 2000
    return p, draw_traits(p, Streams(3), counts)


def test_household_composition_follows_the_shares_by_origin(people) -> None:
    p, t = people
    principal = t.role == hh.PRINCIPAL
    for k, o in enumerate(ORIGINS):
        mine = principal & (t.origin == k)
        n = int(mine.sum())
        partner = float(p[f"household.partner_share.{o}"])
        later = float(p[f"household.reunion_share.{o}"])
        here = partner * (1 - later + later * float(p["household.reunion_granted"]))
        couples = np.isin(t.hh_type[mine], (hh.COUPLE, hh.COUPLE_CHILDREN))
        assert _within(couples.sum(), n, here), (o, couples.mean(), here)
        with_kids = t.hh_type[mine] == hh.COUPLE_CHILDREN
        assert _within(with_kids.sum(), int(couples.sum()), float(p["household.children_share"]))
        # a partner here for every couple, together or later, none for the others
        assert (t.partner[mine] >= 0).sum() == couples.sum()


def test_nareizigers_come_after_their_delay_and_partners_are_the_other_sex(people) -> None:
    p, t = people
    q = np.flatnonzero(t.role != hh.PRINCIPAL)
    head = t.head[q]
    assert (t.male[q] != t.male[head]).all() and (t.origin[q] == t.origin[head]).all()
    assert (t.hh_type[q] == t.hh_type[head]).all()
    together = t.role[q] == hh.TOGETHER
    assert (t.entry[q][together] == t.entry[head][together]).all()
    late = q[~together]
    for k, o in enumerate(ORIGINS):
        mine = late[t.origin[late] == k]
        if len(mine) < 200:
            continue
        delay = (t.entry[mine] - t.entry[t.head[mine]]).astype(float)
        mean = float(p[f"household.reunion_delay_months.{o}"])
        assert abs(delay.mean() - mean) < 0.3, (o, delay.mean(), mean)  # rounded uniform 0.5..1.5 x mean
    share_men = t.male[t.role == hh.PRINCIPAL][np.isin(t.hh_type[t.role == hh.PRINCIPAL], (1, 2))].mean()
    assert abs(share_men - float(p["household.principal_male_share"])) < 0.02


def test_adults_a_year_and_the_share_of_men_are_the_inflows() -> None:
    """The principals' schedule brings context.inflow_per_year adults a year with their partners."""
    p = defaults() | {"context.inflow_per_year": 6000, "context.horizon_months": 240, "context.inflow_months": 120}
    t = draw_traits(p, Streams(7))
    per_principal = hh.adults_per_principal(p, ORIGINS, origin_weights(p))
    assert inflow_schedule(p).sum() == pytest.approx(60000 / per_principal, abs=2)
    assert len(t) == pytest.approx(60000, rel=0.01)  # every partner arrives before month 240
    assert t.male.mean() == pytest.approx(float(p["population.share_male"]), abs=0.01)
    assert 0.0 <= hh.single_male_share(p, ORIGINS, origin_weights(p)) <= 1.0


def test_children_and_care_duties(people) -> None:
    p, t = people
    families = t.role == hh.PRINCIPAL
    kids = np.where(t.partner >= 0, t.children + t.children[np.maximum(t.partner, 0)], t.children)[families]
    with_kids = np.isin(t.hh_type[families], (hh.COUPLE_CHILDREN, hh.SINGLE_PARENT))
    assert (kids[~with_kids] == 0).all() and (kids[with_kids] >= 1).all()
    assert kids[with_kids].mean() == pytest.approx(float(p["household.children_per_family"]), abs=0.05)
    assert t.care[t.hh_type == hh.SINGLE_PARENT].all()
    assert not t.care[np.isin(t.hh_type, (hh.SINGLE, hh.COUPLE))].any()
    mothers = (t.hh_type == hh.COUPLE_CHILDREN) & ~t.male
    assert _within(t.care[mothers].sum(), int(mothers.sum()), float(p["population.care_duty_share_female"]))


# ------------------------------------------------------------------------ household bijstand


def _couples_model(small: Scenario) -> tuple[MunicipalityModel, np.ndarray, np.ndarray]:
    """A model after 30 months, every adult housed and searching, no other exits; its couples."""
    model = MunicipalityModel(small, seed=4)
    for _ in step_months(model, 30):
        pass
    ph, n = model.people, model.people.n_active
    ph.state[:n], ph.job_hours[:n], ph.job_start[:n] = SEARCHING, 0.0, 0
    ph.housed_at[:n], ph.age65_from[:n] = 0, model.month + 1
    model.p["behaviour.welfare_other_exit"] = 0.0
    k = int(np.searchsorted(ph.couple_partners, n))
    assert k > 20
    return model, ph.couple_heads[:k], ph.couple_partners[:k]


def _paid(model: MunicipalityModel) -> float:
    before = model.ledger.items["welfare_paid"][model.month]
    welfare.update_welfare(model, model.month)
    return model.ledger.items["welfare_paid"][model.month] - before


def test_a_couple_gets_one_couple_norm_and_either_partners_earnings_count(small: Scenario) -> None:
    model, heads, partners = _couples_model(small)
    ph, n = model.people, model.people.n_active
    alone = n - 2 * len(heads)
    assert _paid(model) == pytest.approx(alone * 1320.0 + len(heads) * 1890.0)  # one norm per household
    # the partner works 20 h (old job: no release): 1,890 - 20 x 52 for the household, both on welfare
    ph.state[partners], ph.job_hours[partners] = JOB_PART, 20.0
    assert _paid(model) == pytest.approx(alone * 1320.0 + len(heads) * (1890.0 - 1040.0))
    assert ph.welfare[heads].all() and ph.welfare[partners].all()
    # a new job: 25% of the earnings stay, at most 250 a month, for 6 months
    ph.job_start[partners] = model.month - 2
    assert _paid(model) == pytest.approx(alone * 1320.0 + len(heads) * (1890.0 - 1040.0 + 250.0))
    # the principal works full time (38 h): the household leaves bijstand; the partner out of view
    ph.job_start[partners] = 0
    ph.state[heads], ph.job_hours[heads] = JOB_FULL, 38.0
    ph.state[partners], ph.job_hours[partners] = COURSE, 0.0
    assert _paid(model) == pytest.approx(alone * 1320.0)
    assert not ph.welfare[heads].any() and not ph.welfare[partners].any()
    assert ph.out_of_view[partners].all() and not ph.out_of_view[heads].any()


def test_a_partner_who_does_not_count_leaves_the_single_norm(small: Scenario) -> None:
    model, heads, partners = _couples_model(small)
    ph, n = model.people, model.people.n_active
    alone = n - 2 * len(heads)
    ph.state[partners] = EDUCATION  # study finance: not in the bijstand household
    assert _paid(model) == pytest.approx((alone + len(heads)) * 1320.0)
    assert ph.welfare[heads].all() and not ph.welfare[partners].any()
    ph.state[partners], ph.housed_at[partners] = SEARCHING, model.month + 1  # not housed yet
    assert _paid(model) == pytest.approx((alone + len(heads)) * 1320.0)


def test_out_of_view_partners_are_no_clients(small: Scenario) -> None:
    """A partner kept off bijstand by the other's earnings loses the client manager (T9-346)."""
    s = small.with_overrides({"guidance.dedicated_fte_per_100_inflow": 4.0})
    model = MunicipalityModel(s, seed=8)
    seen = 0
    out_before = model.people.out_of_view.copy()
    for _ in step_months(model, 40):
        ph, n = model.people, model.people.n_active
        off = out_before[:n]
        assert (ph.cm[:n][off & (ph.state[:n] != JOB_PART)] == -1).all()
        seen += int(off.sum())
        out_before = ph.out_of_view.copy()
    assert seen > 0


def test_nareizigers_are_housed_with_their_principal(small: Scenario) -> None:
    model = MunicipalityModel(small.with_overrides({"context.housing_wait_months": 6.0}), seed=2)
    for _ in step_months(model):
        pass
    ph, n = model.people, model.people.n_active
    late = np.flatnonzero(ph.role[:n] == hh.NAREIZIGER)
    head = ph.head[late]
    assert len(late) > 10
    np.testing.assert_array_equal(ph.housed_at[late], np.maximum(ph.entry[late], ph.housed_at[head]))
    assert (ph.housed_at[late] == ph.entry[late]).any() and (ph.housed_at[late] > ph.entry[late]).any()


def test_housing_task_counts_adults_and_children(small: Scenario) -> None:
    model = MunicipalityModel(small, seed=1)
    for _ in step_months(model):
        pass
    ph, n = model.people, model.people.n_active
    housed = ph.housed_at[:n] < model.horizon
    assert model.calendar["housed_adults"].sum() == housed.sum()
    assert model.calendar["housed_children"].sum() == ph.children[:n][housed].sum() > 0


def test_parents_with_care_duties_start_the_course_later(small: Scenario) -> None:
    """2021 law as designed (no delay without care duties); with them an exponential wait of mean 3, floored."""
    s = small.with_overrides({"learning.education_route_share": 0.0, "law2021.earlier_start": 1.0})
    model = MunicipalityModel(s, seed=6)
    for _ in step_months(model):
        pass
    ph, n = model.people, model.people.n_active
    housed = ph.housed_at[:n] < model.horizon
    wait = (ph.course_from[:n] - ph.housed_at[:n])[housed].astype(float)
    care = ph.care[:n][housed]
    assert (wait[~care] == 0).all()
    q = np.exp(-1 / 3.0)
    expected, sd = q / (1 - q), np.sqrt(q) / (1 - q)
    assert abs(wait[care].mean() - expected) < 4 * sd / np.sqrt(care.sum()), (wait[care].mean(), expected)
