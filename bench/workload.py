"""The benchmark workload: N people over 120 months, and how many person-months that is.

"N people over 120 months" means the baseline scenario with ``context.inflow_per_year`` =
N / 10 over a 120-month horizon: N people receive a permit, evenly spread over the ten years
(as the national picture: everyone granted asylum 2014-2024), and each is simulated from
their permit month to the horizon. The person-months simulated are therefore
``sum over months of the people who have arrived`` (about N x 60.5), counted from the
inflow schedule, not from the engine, so the engine and the Mesa reference are measured on
exactly the same work. The labour market scales with the inflow as in every scenario.
"""

from __future__ import annotations

import numpy as np

from sim.population import inflow_schedule
from sim.scenarios import Scenario, load_scenario

HORIZON_MONTHS = 120


def people_scenario(people: int, base: str = "baseline") -> Scenario:
    """The scenario ``base`` with ``people`` arriving evenly over 120 months."""
    if people % 10:
        raise ValueError(f"people must be a multiple of 10 (inflow per year = people / 10), got {people}")
    return load_scenario(base).with_overrides(
        {"context.inflow_per_year": people // 10, "context.horizon_months": HORIZON_MONTHS}
    )


def person_months(scenario: Scenario) -> int:
    """Person-months a run of the scenario simulates (arrived people, summed over months)."""
    return int(np.cumsum(inflow_schedule(scenario.params())).sum())
