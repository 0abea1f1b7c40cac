"""Rules see what they use: a rule runs on a stand-in with only its context; packs stay valid."""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

from sim.model import MunicipalityModel
from sim.rules import health, network
from sim.rules.context import pack
from sim.scenarios import Scenario


class _Stand:
    """Only what the health and network rules' contexts list, copied from a model."""

    def __init__(self, model: MunicipalityModel) -> None:
        self.p, self.people = model.p, copy.deepcopy(model.people)
        self.streams, self.ledger = model.streams, copy.deepcopy(model.ledger)
        self._derived: dict[Any, Any] = {}

    def derived(self, fn: Callable[[Any], Any], *key: Hashable) -> Any:
        return self._derived.setdefault((fn, *key), fn(self))


def test_rules_run_on_their_narrow_context_alone(baseline: Scenario) -> None:
    model = MunicipalityModel(baseline.with_overrides({"context.horizon_months": 36}), 5)
    for _ in range(24):
        model.step()
    stand = _Stand(model)
    health.health_month(stand, 24)
    network.network_month(stand, 24)
    health.health_month(model, 24)
    network.network_month(model, 24)
    for column in ("state", "months_in_state", "dropped", "network"):
        np.testing.assert_array_equal(getattr(stand.people, column), getattr(model.people, column), column)
    assert stand.ledger.series()["mentors"][24] == model.ledger.series()["mentors"][24] > 0


def test_cached_packs_are_the_people_s_columns_after_a_run(baseline: Scenario) -> None:
    scenario = baseline.with_overrides({"context.horizon_months": 48, "learning.education_route_share": 0.5})
    model = MunicipalityModel(scenario, 2)
    model.run_model()
    packs = model.people.packs
    assert len(packs) >= 6
    for (cls, fixed), got in packs.items():
        want = pack(cls, model.people, fixed)
        assert all(a is b for a, b in zip(got, want, strict=True)), cls.__name__


def test_derived_values_follow_the_parameter_version(baseline: Scenario) -> None:
    """``derived`` computes once per parameter version, again after any change, and keys apart."""
    model = MunicipalityModel(baseline.with_overrides({"context.horizon_months": 12}), 3)
    calls: list[float] = []

    def rate(m: Any) -> float:
        calls.append(float(m.p["behaviour.job_hazard"]))
        return calls[-1]

    first = model.derived(rate)
    assert model.derived(rate) == first and len(calls) == 1
    assert model.derived(rate, "other") == first and len(calls) == 2  # an extra key is its own entry
    model.p["behaviour.job_hazard"] = 2 * first
    assert model.derived(rate) == 2 * first and len(calls) == 3
    model.p.set_month(int(model.p["funding.end_month"]))  # the money stops: a new version
    assert model.derived(rate) == 2 * first and len(calls) == 4
