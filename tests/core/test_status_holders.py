"""Populations made at once (``StatusHolders.stacked``) are each population made alone, value for value.

Stacked runs (``sim.stack``) make every run's person columns in one set of numpy steps over all
runs' traits and take them as the stacked columns; each run's population is views of them. A
column that depended on where a person sits among all runs (an index, a running count, a step
that is not person by person) would differ from the population made alone, and so would a
column the stacked construction forgot.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.agents.status_holders import StatusHolders, person_columns
from sim.model import month0_params, person_draws
from sim.population import Traits, draw_traits
from sim.rng import Streams
from sim.scenarios import load_scenario


def population_inputs(name: str, per_year: int, seed: int, months: int = 36) -> tuple:
    """One run's traits and fixed draws, as its model draws them (1 a year for 12 months: often nobody)."""
    s = load_scenario(name).with_overrides({"context.inflow_per_year": per_year, "context.horizon_months": months})
    streams = Streams(seed)
    traits = draw_traits(month0_params(s, None), streams)
    return (traits, *person_draws(streams, traits))


def assert_same_population(got: StatusHolders, alone: StatusHolders) -> None:
    """The same attributes, every array equal with the same dtype, every other value equal; the fixed draws too."""
    assert list(vars(got)) == list(vars(alone))
    for name, value in vars(alone).items():
        other = getattr(got, name)
        if isinstance(value, np.ndarray):
            assert other.dtype == value.dtype, name
            np.testing.assert_array_equal(other, value, err_msg=name)
        elif name not in ("traits", "fixed"):  # compared below (the traits field by field)
            assert other == value, name
    for f in fields(Traits):
        np.testing.assert_array_equal(getattr(got.traits, f.name), getattr(alone.traits, f.name), err_msg=f.name)
    assert list(got.fixed) == list(alone.fixed)
    for name, draws in alone.fixed.items():
        np.testing.assert_array_equal(got.fixed[name], draws, err_msg=name)
    assert len(got) == len(alone) and got.n_active == 0 and got.packs == {}


def make_stacked(inputs: list[tuple]) -> tuple[StatusHolders, list[StatusHolders]]:
    return StatusHolders.stacked([i[0] for i in inputs], [i[1] for i in inputs], [i[2] for i in inputs])


def test_a_run_of_one_a_year_for_a_year_can_have_nobody() -> None:
    """The strategy below reaches empty populations (the edge of the slicing)."""
    assert any(len(population_inputs("baseline", 1, seed, 12)[0]) == 0 for seed in range(20))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(1, 60), min_size=1, max_size=5),
    months=st.sampled_from([12, 36]),
    seed=st.integers(0, 2**31 - 1),
    name=st.sampled_from(["baseline", "work_first", "era_2014"]),
)
def test_each_population_of_the_stack_is_the_population_made_alone(
    sizes: list[int], months: int, seed: int, name: str
) -> None:
    inputs = [population_inputs(name, per_year, seed + k, months) for k, per_year in enumerate(sizes)]
    whole, parts = make_stacked(inputs)
    assert len(whole) == sum(len(i[0]) for i in inputs)
    for (traits, priority, fixed), part in zip(inputs, parts, strict=True):
        alone = StatusHolders(traits, priority, fixed)
        assert_same_population(part, alone)
        for column in person_columns(alone):  # a view of the whole's column, not a copy
            assert np.shares_memory(getattr(part, column), getattr(whole, column)) or len(alone) == 0


def test_a_part_written_is_the_whole_written() -> None:
    """The rules update a population's columns in place: the stacked columns must see it."""
    whole, parts = make_stacked([population_inputs("baseline", 40, 1), population_inputs("baseline", 40, 2)])
    parts[1].state[3] = 7
    assert whole.state[len(parts[0]) + 3] == 7


def test_the_whole_has_no_couples_of_its_own() -> None:
    """A couple's indices are within its own run: the whole's would point across runs, so it keeps none."""
    whole, parts = make_stacked([population_inputs("baseline", 80, 5), population_inputs("baseline", 80, 6)])
    assert len(whole.couple_heads) == 0 and len(whole.couple_partners) == 0
    assert any(len(p.couple_heads) for p in parts)


def test_a_model_with_a_caseload_refuses_people_made_already() -> None:
    from sim.model import MunicipalityModel

    traits, priority, fixed = population_inputs("baseline", 20, 3)
    people = StatusHolders(traits, priority, fixed)
    with pytest.raises(ValueError, match="caseload"):
        MunicipalityModel(load_scenario("baseline"), 3, caseload=object(), people=people)  # type: ignore[arg-type]
