"""The per-agent Mesa reference (bench/) runs the same rules as the engine: same curves, statistically.

The two are not draw-for-draw identical (the engine draws from keyed streams and fills scarce
places in a keyed priority order; the reference draws from Mesa's ``random`` and serves agents in
shuffled order), so the test compares means over seeds. One cohort of 300 people (permits in the
first year) is followed 72 months, 12 seeds each. Tolerance: the mean employed share at 24, 36
and 60 months since permit agrees within 3 percentage points (the standard error of each mean
is about 0.5-1 point), and other outcomes within the bounds below.
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.mesa_reference import ReferenceModel, StatusHolder, run_reference
from sim.runner import replication_seed, run
from sim.scenarios import Scenario, load_scenario

SEEDS = [replication_seed(7, k) for k in range(12)]
TOLERANCE = {  # kpi: largest allowed difference of the means (share points, or relative for money)
    "employed_share_m24": 0.03,
    "employed_share_m36": 0.03,
    "employed_share_m60": 0.03,
    "welfare_share_m24": 0.03,
    "b1_share_m36": 0.04,
    "exam_passed_share_m36": 0.04,
}


@pytest.fixture(scope="module")
def cohort() -> Scenario:
    return load_scenario("baseline").with_overrides(
        {"context.inflow_per_year": 300, "context.inflow_months": 12, "context.horizon_months": 72}
    )


@pytest.fixture(scope="module")
def kpis(cohort: Scenario) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    engine = [run(cohort, s).kpis()["all"] for s in SEEDS]
    reference = [run_reference(cohort, s).kpis()["all"] for s in SEEDS]
    keys = [*TOLERANCE, "net_municipal_cost_eur"]
    return {k: (np.array([e[k] for e in engine]), np.array([r[k] for r in reference])) for k in keys}


@pytest.mark.parametrize("kpi", list(TOLERANCE))
def test_reference_agrees_with_engine(kpis: dict[str, tuple[np.ndarray, np.ndarray]], kpi: str) -> None:
    engine, reference = kpis[kpi]
    assert abs(engine.mean() - reference.mean()) <= TOLERANCE[kpi], (engine.mean(), reference.mean())


def test_employment_curve_rises_in_both(kpis: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    for i in (0, 1):
        curve = [kpis[f"employed_share_m{m}"][i].mean() for m in (24, 36, 60)]
        assert curve[0] < curve[1] < curve[2]


def test_money_agrees_within_five_percent(kpis: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    engine, reference = kpis["net_municipal_cost_eur"]
    assert abs(engine.mean() / reference.mean() - 1) < 0.05


def test_reference_is_one_mesa_agent_per_person_with_its_own_step(cohort: Scenario) -> None:
    model = ReferenceModel(cohort, 1)
    model.step()
    holders = model.agents_by_type[StatusHolder]
    assert len(holders) == int(model.arrivals[0]) and all(isinstance(h, StatusHolder) for h in holders)
