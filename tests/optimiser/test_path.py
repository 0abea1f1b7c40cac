"""The predicted front path and the first generation: constructed cases, no simulation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from optimise.design import OptimiseDesign, load_design
from optimise.path import front_path, spread
from optimise.search import anchors, first_generation, mix_key
from sim.params import Value

from .conftest import SMALL_SET, write_design

TWO = """
[optimise]
base = "baseline"
population = {population}
sampler_seed = {seed}
uncertainty = "none"

[set]
{fixed}
[levers]
"employers.mediation_share" = {{ range = [0.0, 1.0], step = 0.1 }}
"network.mentor_share" = {{ range = [0.0, 1.0], step = 0.25 }}

[[objective]]
metric = "programme_cost_per_year"
name = "cost"
direction = "min"

[[objective]]
metric = "employed_person_years"
name = "work"
direction = "max"

[[constraint]]
metric = "programme_cost_per_year"
name = "budget"
max = {budget}
"""


def _two(tmp_path: Path, budget: float = 1e9, population: int = 8, seed: int = 1) -> OptimiseDesign:
    text = TWO.format(population=population, seed=seed, fixed=SMALL_SET, budget=budget)
    return load_design(write_design(tmp_path, text, f"two{seed}"))


def _results(mixes: list[dict[str, Value]]) -> dict[str, list[float]]:
    """Cost 100 per 0.1 mediation, 50 per 0.25 mentors; work 30 per 0.1 mediation, 5 per 0.25 mentors."""
    cost = [1000 + 1000 * m["employers.mediation_share"] + 200 * m["network.mentor_share"] for m in mixes]
    work = [300 * m["employers.mediation_share"] + 20 * m["network.mentor_share"] for m in mixes]
    return {"cost": cost, "work": work, "budget": cost}


def _grid() -> list[dict[str, Value]]:
    return [
        {"employers.mediation_share": a, "network.mentor_share": b}
        for a in (0.0, 0.3, 0.6, 1.0)
        for b in (0.0, 0.5, 1.0)
    ]


def test_path_takes_the_best_gain_per_euro_first_and_stops_at_the_budget(tmp_path: Path) -> None:
    """Mediation gains 0.3 per euro, mentors 0.1: mediation to its top first, then mentors, within the budget."""
    mixes = _grid()
    path = front_path(_two(tmp_path, budget=2101.0), mixes, _results(mixes))
    med = [m["employers.mediation_share"] for m in path]
    ment = [m["network.mentor_share"] for m in path]
    assert med[0] == 0.0 and ment[0] == 0.0  # from the lowest mix
    assert med[:11] == pytest.approx(np.linspace(0.0, 1.0, 11))  # mediation first, step by step
    assert ment[:11] == [0.0] * 11
    assert ment[11:] == [0.25, 0.5]  # then mentors, up to what the budget allows (2,000 + 100 <= 2,101)
    assert max(_results(path)["cost"]) <= 2101.0


def test_path_needs_enough_mixes_and_two_objectives(tmp_path: Path) -> None:
    mixes = _grid()[:4]  # fewer than 1 + 2 x levers: no model yet
    assert front_path(_two(tmp_path), mixes, _results(mixes)) == []


def test_spread_skips_mixes_run_and_keeps_the_last() -> None:
    path: list[dict[str, Value]] = [{"x": i} for i in range(10)]
    done = {mix_key({"x": i}) for i in (0, 1, 9)}
    got = spread(path, done, mix_key, 3)
    assert [m["x"] for m in got] == [2, 5, 8]
    assert [m["x"] for m in spread(path, done, mix_key, 20)] == list(range(2, 9))


def test_first_generation_is_the_anchors_then_a_seeded_sobol_sample_on_the_grid(tmp_path: Path) -> None:
    one, again, other = _two(tmp_path), _two(tmp_path), _two(tmp_path, seed=2)
    first = first_generation(one)
    assert len(first) == one.population and first[: len(anchors(one))] == anchors(one)
    assert first == first_generation(again)  # the sampler seed decides it
    assert first != first_generation(other)
    assert len({mix_key(m) for m in first}) == len(first)  # each mix once
    for m in first:
        assert round(m["employers.mediation_share"] * 10, 9).is_integer()
        assert round(m["network.mentor_share"] * 4, 9).is_integer()
