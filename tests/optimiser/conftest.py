"""Shared pieces of the optimiser tests: small designs that run in seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimise.design import OptimiseDesign, load_design

SMALL_SET = '"context.inflow_per_year" = 150\n"context.horizon_months" = 48\n'

ONE_LEVER = """
[optimise]
base = "baseline"
reps = 4
seed = 3
trials = {trials}
population = 8
sampler_seed = 2
uncertainty = "none"

[set]
{fixed}
[levers]
"employers.municipal_places_per_100_inflow" = {{ range = [0, 20], step = 2 }}

[[objective]]
metric = "programme_cost_per_year"
name = "cost"
direction = "min"

[[objective]]
metric = "employed_person_years"
direction = "max"

[[constraint]]
metric = "programme_cost_per_year"
name = "budget"
max = {budget}
"""

THREE_LEVERS = """
[optimise]
base = "funding_ends"
from_month = 24
reps = 3
seed = 5
trials = {trials}
population = 6
sampler_seed = {sampler_seed}
uncertainty = "none"

[set]
{fixed}"funding.continue_share" = 1.0

[levers]
"guidance.dedicated_fte_per_100_inflow" = {{ range = [0.0, 8.0], step = 1.0 }}
"employers.mediation_share" = {{ range = [0.0, 1.0], step = 0.1 }}
"guidance.coordinator" = [false, true]

[[objective]]
metric = "net_cost_per_year"
from_year = 3
direction = "min"

[[objective]]
metric = "employed_person_years"
direction = "max"

[[constraint]]
metric = "programme_cost_per_year"
from_year = 3
name = "budget"
max = {budget}

[[report]]
metric = "employed_share_m36"
"""


def write_design(folder: Path, text: str, name: str = "design") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def three_levers(tmp_path: Path) -> OptimiseDesign:
    """Three levers (one on/off) from month 24 of 'funding_ends', a budget that excludes part of the space."""
    text = THREE_LEVERS.format(trials=18, sampler_seed=1, fixed=SMALL_SET, budget=2_600_000)
    return load_design(write_design(tmp_path, text, "three"))
