"""Inflow schedule and traits (sim.population) against closed-form expectations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sim.params import defaults
from sim.population import ORIGINS, draw_traits, inflow_schedule
from sim.rng import Streams
from sim.scenarios import load_scenario

SINGLES = {f"household.partner_share.{o}": 0.0 for o in ORIGINS} | {"household.single_parent_share": 0.0}


def _p(**kw: float) -> dict:
    """Defaults with every principal alone (then principals are the whole inflow), plus ``context.*`` values."""
    p = defaults() | SINGLES
    p.update({f"context.{k}": v for k, v in kw.items()})
    return p


def test_inflow_schedule_even_when_rate_is_whole() -> None:
    counts = inflow_schedule(_p(inflow_per_year=120, horizon_months=24))
    np.testing.assert_array_equal(counts, np.full(24, 10))


def test_inflow_schedule_default_baseline() -> None:
    counts = inflow_schedule(defaults() | SINGLES)
    assert len(counts) == 120
    assert counts.sum() == 1500  # 150 a year for 10 years
    assert set(counts.tolist()) == {12, 13}  # 12.5 a month: alternately 12 and 13


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    per_year=st.integers(1, 60000),
    horizon=st.integers(12, 240),
    months=st.integers(0, 240),
)
def test_inflow_schedule_sums_and_spacing(per_year: int, horizon: int, months: int) -> None:
    counts = inflow_schedule(_p(inflow_per_year=per_year, horizon_months=horizon, inflow_months=months))
    active = min(months or horizon, horizon)
    rate = per_year / 12
    assert counts.shape == (horizon,)
    assert counts.dtype.kind == "i"
    assert (counts[active:] == 0).all()
    # total is the whole number of arrivals in `active` months at the yearly rate
    assert counts.sum() == int(np.floor(rate * active + 1e-9))
    # evenly spaced: each month floor(rate) or ceil(rate), cumulative never more than 1 behind
    assert set(np.unique(counts[:active])) <= {int(np.floor(rate)), int(np.ceil(rate))}
    cum = np.cumsum(counts[:active])
    assert (np.abs(cum - rate * np.arange(1, active + 1)) < 1 + 1e-6).all()


def _traits(n_per_month: int = 500, months: int = 24, **over: float):
    p = defaults() | SINGLES
    p.update(over)
    return p, draw_traits(p, Streams(4), np.full(months, n_per_month))


def _within_binomial(successes: int, n: int, prob: float, z: float = 4.0) -> bool:
    return abs(successes - n * prob) <= z * np.sqrt(n * prob * (1 - prob)) + 1


def test_traits_follow_the_shares() -> None:
    p, tr = _traits()
    n = len(tr)
    assert n == 12_000
    assert (np.diff(tr.entry) >= 0).all()
    assert len(np.unique(tr.pid)) == n
    assert _within_binomial(int(tr.male.sum()), n, p["population.share_male"])
    assert _within_binomial(int(tr.burden.sum()), n, p["population.health_burden_share"])
    w = np.array([p[f"population.origin_share.{o}"] for o in ORIGINS])
    observed = np.bincount(tr.origin, minlength=len(ORIGINS))
    assert stats.chisquare(observed, w / w.sum() * n).pvalue > 1e-3
    edu = np.bincount(tr.edu, minlength=3)
    low, high = p["population.share_low_education"], p["population.share_high_education"]
    assert stats.chisquare(edu, np.array([low, 1 - low - high, high]) * n).pvalue > 1e-3
    assert ((tr.age0 >= 18) & (tr.age0 < 64)).all()
    assert _within_binomial(int((tr.age0 < 30).sum()), n, p["population.share_young"])
    assert _within_binomial(int((tr.age0 >= 45).sum()), n, p["population.share_older"])
    assert set(np.unique(tr.hours)) == {p["population.hours_full"]}  # alone, no children: no care duties
    assert ((tr.lang0 >= 0) & (tr.lang0 < 0.3)).all()


def test_traits_of_a_person_do_not_depend_on_others() -> None:
    base = np.full(12, 20)
    more = base.copy()
    more[5] += 1
    a = draw_traits(defaults(), Streams(2), base)
    b = draw_traits(defaults(), Streams(2), more)
    common = np.isin(b.pid, a.pid)
    assert common.sum() == len(a) and len(b) in (len(a) + 1, len(a) + 2)  # the newcomer (and a partner)
    fields = (
        "pid",
        "entry",
        "origin",
        "male",
        "age0",
        "edu",
        "burden",
        "hours",
        "lang0",
        "sector_u",
        "hh_type",
        "role",
    )
    for field in fields:
        np.testing.assert_array_equal(getattr(b, field)[common], getattr(a, field), err_msg=field)


class _Recording(dict):
    """Parameter values that note every key read."""

    def __init__(self, values: dict) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> object:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: object = None) -> object:
        self.read.add(key)
        return super().get(key, default)


@pytest.mark.parametrize("name", ["baseline", "era_2014", "integrated"])
def test_traits_are_drawn_only_from_the_trait_parameters(name: str) -> None:
    """Stacked runs draw together the traits of runs with equal trait_values (sim.stack.runs._arrivals):
    a key read from outside TRAIT_PREFIXES would make that unsafe, so no key is."""
    from sim.model import month0_params
    from sim.population import TRAIT_PREFIXES, draw_traits_of_runs, inflow_schedule
    from sim.rng import Streams

    p = _Recording(month0_params(load_scenario(name), None))
    draw_traits_of_runs(p, [Streams(1), Streams(2)], inflow_schedule(p))
    assert p.read, "nothing was read: the recording does not see the reads"
    assert {k for k in p.read if not k.startswith(TRAIT_PREFIXES)} == set()


def test_trait_values_tell_runs_apart_by_a_trait_parameter_only() -> None:
    from sim.model import month0_params
    from sim.population import trait_values

    base = load_scenario("baseline")
    p = month0_params(base, None)
    behaviour = month0_params(base, {"behaviour.language_gain": 0.5 * float(p["behaviour.language_gain"])})
    assert trait_values(behaviour) == trait_values(p)
    older = month0_params(base.with_overrides({"population.share_older": 0.3}), None)
    assert trait_values(older) != trait_values(p)
