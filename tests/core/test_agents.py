"""Agents: client managers (guidance ratio, caseload caps, hand-back) and employers
(vacancies, hiring within vacancies and language requirements) against hand-computed
expectations."""

from __future__ import annotations

import numpy as np
import pytest

from sim.agents.client_managers import INTENSIVE_REF, REGULAR_REF, assign_caseloads, guidance_ratio
from sim.agents.employers import SECTORS, hire_all
from sim.model import MunicipalityModel
from sim.scenarios import load_scenario

from .helpers import JOB, step_months

# ---------------------------------------------------------------------------- guidance


def test_guidance_ratio_at_reference_caseloads() -> None:
    assert REGULAR_REF == 250 and INTENSIVE_REF == 40
    assert guidance_ratio(250, 1.45) == pytest.approx(1.0)
    assert guidance_ratio(40, 1.45) == pytest.approx(1.45)
    assert guidance_ratio(600, 1.45) == 1.0  # no worse than regular above 250
    # log-linear: at the geometric midpoint sqrt(250 * 40) = 100, half the effect
    assert guidance_ratio(100, 1.45) == pytest.approx(1.225)
    assert guidance_ratio(100, 3.0) == pytest.approx(2.0)
    # extrapolated below 40 to at most 1.5 times the effect
    assert guidance_ratio(10, 1.45) == pytest.approx(1 + 0.45 * 1.5)
    assert guidance_ratio(0.5, 1.45) == pytest.approx(1 + 0.45 * 1.5)


def test_guidance_ratio_is_monotone_in_caseload() -> None:
    loads = np.linspace(1, 600, 2000)
    for r in (1.0, 1.45, 3.0):
        vals = np.array([guidance_ratio(c, r) for c in loads])
        assert (np.diff(vals) <= 1e-12).all()
        assert vals.min() >= 1.0 - 1e-12
        assert vals.max() <= 1 + 1.5 * (r - 1) + 1e-12


# -------------------------------------------------------------------- client managers


def test_dedicated_caseload_caps_and_hand_back_when_fte_shrinks() -> None:
    """2 FTE per 100 a year at 400 a year: 8 FTE x 50 clients until month 36, then 1.6 FTE (2 agents:
    50 + 30 places). Managers fill every free place; after the cut the surplus goes back to the regular team."""
    s = load_scenario("funding_ends").with_overrides(
        {"context.inflow_per_year": 400, "context.horizon_months": 48, "guidance.dedicated_fte_per_100_inflow": 2.0}
    )
    model = MunicipalityModel(s, seed=4)
    prev_cm = None
    for t in step_months(model):
        ph = model.people
        n = ph.n_active
        cm = ph.cm[:n]
        clients = (ph.housed_at[:n] <= t) & (cm >= 0)
        caps = [a.capacity for a in model.dedicated]
        assert caps == ([50] * 8 if t < 36 else [50, 30])
        per_slot = np.bincount(cm[cm >= 0], minlength=len(caps) + 1)
        for agent in model.dedicated:
            assert agent.clients == per_slot[agent.slot] <= agent.capacity
        assert model.regular.clients == per_slot[0]
        n_clients = int(model.calendar["clients"][t])
        assert clients.sum() == n_clients
        assert model.calendar["clients_dedicated"][t] == min(sum(caps), n_clients)
        if t == 36:
            moved = (prev_cm[:n] > 0) & (cm == 0)
            assert moved.sum() >= 400 - 80 - 20  # most of the 400 dedicated clients handed back
            assert (cm[prev_cm[:n] > 2] <= 0).all()  # nobody left with a released manager
        prev_cm = np.concatenate([cm, np.full(len(ph.cm) - n, -1)]).copy()
    assert model.calendar["clients"][35] > 400  # the caps did bind


def test_dedicated_managers_fill_free_places_with_the_newest_clients() -> None:
    """Once full, managers keep their clients; places that are free go to the newest clients."""
    s = load_scenario("dedicated_client_managers").with_overrides(
        {"guidance.dedicated_fte_per_100_inflow": 0.25, "context.inflow_per_year": 400, "context.horizon_months": 24}
    )
    model = MunicipalityModel(s, seed=2)
    for _ in step_months(model, 12):
        pass
    ph = model.people
    n = ph.n_active
    assert np.count_nonzero(ph.cm[:n] == 1) == 50
    clients = ph.cm[:n] >= 0
    ph.cm[:n] = -1  # every place free again
    assign_caseloads(model, clients)
    ded = ph.entry[:n][ph.cm[:n] == 1]
    reg = ph.entry[:n][ph.cm[:n] == 0]
    assert len(ded) == 50 and len(reg) == clients.sum() - 50
    assert ded.min() >= reg.max()


# --------------------------------------------------------------------------- employers


def test_employers_hire_within_vacancies_and_language_requirement() -> None:
    """Vacancies bind (a tiny region); every hire is counted by exactly one employer, no employer
    goes below zero open vacancies, and every hired person meets the employer's requirement."""
    s = load_scenario("baseline").with_overrides(
        {
            "region.vacancies_per_month": 12,
            "employers.no_dutch_share": 0.0,  # every vacancy asks its sector's Dutch (see the next tests)
            "context.inflow_per_year": 300,
            "context.horizon_months": 72,
            "employers.municipal_places_per_100_inflow": 12,
        }
    )
    model = MunicipalityModel(s, seed=6)
    req = np.array([e.language_requirement() for e in model.employers])
    bound = 0
    before = np.zeros(len(req), dtype=np.int64)
    for t in step_months(model):
        ph = model.people
        n = ph.n_active
        new = np.flatnonzero(ph.job_start[:n] == t)
        total = np.array([e.hires for e in model.employers])
        hires, before = total - before, total
        assert all(e.vacancies >= 0 for e in model.employers)
        assert hires.sum() == model.calendar["hires"][t] <= model.calendar["vacancies"][t]
        assert model.calendar["vacancies"][t] == hires.sum() + sum(e.vacancies for e in model.employers)
        np.testing.assert_array_equal(np.bincount(ph.employer[new], minlength=len(req)), hires)
        assert (ph.lang[new] >= req[ph.employer[new]]).all()
        assert JOB[ph.state[new]].all()
        bound += sum(e.vacancies == 0 and h > 0 for e, h in zip(model.employers, hires, strict=True))
    assert bound > 0  # vacancies were binding for some employer in some month
    assert req[-1] == 0.0 and req[:-1].min() == min(sec.language for sec in SECTORS)


def test_mediation_relief_lowers_the_requirement_by_at_most_the_relief() -> None:
    s = load_scenario("baseline").with_overrides(
        {
            "employers.mediation_share": 1.0,
            "employers.no_dutch_share": 0.0,
            "context.inflow_per_year": 300,
            "context.horizon_months": 60,
        }
    )
    model = MunicipalityModel(s, seed=6)
    req = np.array([e.language_requirement() for e in model.employers])
    below = 0
    for t in step_months(model):
        ph = model.people
        new = np.flatnonzero(ph.job_start[: ph.n_active] == t)
        gap = req[ph.employer[new]] - ph.lang[new]
        assert (gap <= 0.5 + 1e-12).all()
        below += int((gap > 0).sum())
    assert below > 0  # the relief was used


def test_vacancies_without_dutch_hire_people_below_the_requirement_also_in_coa() -> None:
    """With a share of vacancies that ask no Dutch, some hires are below their sector's level,
    some in their first months and in COA (T1-079, T1-080); without it none are."""
    base = {"context.inflow_per_year": 1200, "context.horizon_months": 36, "context.housing_wait_months": 9.0}
    below = {}
    for share in (0.0, 0.3):
        model = MunicipalityModel(
            load_scenario("baseline").with_overrides(base | {"employers.no_dutch_share": share}), 3
        )
        req = np.array([e.language_requirement() for e in model.employers])
        n_below = n_coa = 0
        for t in step_months(model):
            ph = model.people
            new = np.flatnonzero(ph.job_start[: ph.n_active] == t)
            n_below += int((ph.lang[new] < req[ph.employer[new]]).sum())
            n_coa += int((ph.housed_at[new] > t).sum())
        below[share] = (n_below, n_coa)
    assert below[0.0] == (0, 0)
    assert below[0.3][0] > 10 and below[0.3][1] > 0


def test_hire_all_equals_each_employers_own_decision() -> None:
    """The vectorised hiring gives the same hires as calling Employer.hire per employer."""
    model = MunicipalityModel(load_scenario("baseline"), seed=1)
    emps = model.employers[:-1]
    rng = np.random.default_rng(0)
    for _ in range(20):
        m = 400
        vac = rng.integers(0, 8, len(emps))
        choice = rng.integers(-1, len(emps), m)
        lang = rng.uniform(0, 4, m)
        relief = np.where(rng.uniform(size=m) < 0.3, 0.5, 0.0)
        u_acc = rng.uniform(size=m)
        prio = rng.uniform(size=m)
        u_vac = rng.uniform(size=m)
        u_nd = rng.uniform(size=m)
        for e, v in zip(emps, vac, strict=True):
            e.vacancies, e.hires = int(v), 0
        got = hire_all(emps, choice, lang, relief, u_acc, prio, u_vac, u_nd)
        left = [e.vacancies for e in emps]
        expected = np.full(m, -1)
        for j, e in enumerate(emps):
            e.vacancies = int(vac[j])
            mine = np.flatnonzero(choice == j)
            expected[mine[e.hire(lang[mine], relief[mine], u_acc[mine], prio[mine], u_vac[mine], u_nd[mine])]] = j
            assert e.vacancies == left[j] >= 0
        np.testing.assert_array_equal(got, expected)
        for j, e in enumerate(emps):
            hired = got == j
            assert hired.sum() <= vac[j]
            needs = hired & (u_nd >= e.no_dutch_share())  # not a vacancy without Dutch
            assert (lang[needs] + relief[needs] >= e.language_requirement()).all()
            assert (u_acc[hired] < e.openness()).all()
            assert (u_vac[hired] < e.fill_chance()).all()


def test_vacancies_posted_are_the_expected_flow_rounded_at_random() -> None:
    """Each employer posts floor(expected + u): floor or ceil of its share of the region's
    vacancies a month x tightness (the municipality: places a year / 12, here 10 per 100 of 300), and on average
    exactly the expected number, whatever the inflow. Tightness follows era_2014's changes."""
    s = load_scenario("era_2014").with_overrides(
        {
            "context.inflow_per_year": 300,
            "employers.municipal_places_per_100_inflow": 10,
            "region.vacancies_per_month": 60,
        }
    )
    model = MunicipalityModel(s, seed=7)
    shares = np.array([e.share for e in model.employers])
    assert shares.sum() == pytest.approx(1.0) and shares[-1] == 0
    tightness = {0: 0.3, 24: 0.4, 36: 0.55, 48: 0.65, 60: 0.7, 72: 0.5, 84: 0.85, 96: 1.0}
    posted, expected = [], []
    level = 0.3
    for t in step_months(model):
        level = tightness.get(t, level)
        want = np.append((60 * level * shares)[:-1], 30 / 12)
        got = np.array([e.vacancies for e in model.employers])
        hires = model.calendar["hires"][t]
        total = got.sum() + hires  # open after hiring plus those filled = posted
        assert total == model.calendar["vacancies"][t]
        assert np.floor(want).sum() <= total <= np.ceil(want).sum()
        posted.append(total)
        expected.append(want.sum())
    # mean over 120 months: 17 independent roundings a month, variance <= 17 / 4 each month
    assert abs(np.mean(posted) - np.mean(expected)) < 4 * np.sqrt(17 / 4 / len(posted))
