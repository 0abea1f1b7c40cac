"""The benchmark workload: N people over 120 months, and how many person-months that is.

"N people over 120 months" means the baseline scenario with ``context.inflow_per_year`` =
N / 10 over a 120-month horizon: N people receive a permit, evenly spread over the ten years
(as the national picture: everyone granted asylum 2014-2024), and each is simulated from
their permit month to the horizon. The person-months simulated are therefore
``sum over months of the people who have arrived`` (about N x 60), counted from the persons
the run's seed draws (principals by the inflow schedule, their partners by their households,
``sim.population.draw_traits``), not from the engine, so the engine and the Mesa reference are
measured on the same work.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.population import draw_traits
from sim.rng import Streams
from sim.scenarios import Scenario, load_scenario

HORIZON_MONTHS = 120


def people_scenario(people: int, base: str = "baseline") -> Scenario:
    """The scenario ``base`` with ``people`` arriving evenly over 120 months."""
    if people % 10:
        raise ValueError(f"people must be a multiple of 10 (inflow per year = people / 10), got {people}")
    return load_scenario(base).with_overrides(
        {"context.inflow_per_year": people // 10, "context.horizon_months": HORIZON_MONTHS}
    )


def person_months(scenario: Scenario, seeds: Sequence[int] = (1,)) -> float:
    """Person-months a run of the scenario simulates (arrived people, summed over months).

    The principals are fixed by the inflow schedule; the partners who come are drawn, so this
    is the mean over the runs' seeds.
    """
    p = scenario.params()
    horizon = int(p["context.horizon_months"])
    return float(np.mean([(horizon - draw_traits(p, Streams(s)).entry).sum() for s in seeds]))
