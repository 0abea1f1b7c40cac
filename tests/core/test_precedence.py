"""What a scenario sets wins over a posterior draw; the draw fills only what it leaves open.

Metamorphic: for every uncertain parameter the posterior draws, a scenario that sets it changes
the run, unless it sets exactly the value the draw had; the run's ``theta`` (its provenance)
lists only the keys taken from the draw. Small runs: 300 people of seven equal origins under the
2013 law (so every calibrated parameter has something to act on), 60 months.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim.posterior import draw_keys, draw_thetas
from sim.runner import run
from sim.scenarios import Scenario, from_dict, load_scenario
from werkpad.cli import main

ORIGINS = ("syria", "eritrea", "afghanistan", "iraq", "iran", "turkey", "other")
SEED = 11


@pytest.fixture(scope="module")
def draw() -> dict[str, float]:
    thetas = draw_thetas(1, 3)
    if thetas is None:
        pytest.skip("no calibrated posterior")
    return thetas[0]


@pytest.fixture(scope="module")
def base() -> Scenario:
    small = {"context.inflow_per_year": 300, "context.inflow_months": 12, "context.horizon_months": 60}
    mix = {f"population.origin_share.{o}": 1.0 for o in ORIGINS}
    return load_scenario("era_2014").with_overrides({**small, **mix}, name="base")


@pytest.fixture(scope="module")
def reference(base: Scenario, draw: dict[str, float]) -> np.ndarray:
    return run(base, SEED, theta=draw).counts


def _far_value(key: str, drawn: float) -> float:
    from sim.params import load_specs

    lo, hi = load_specs()[key].range or (0.0, 1.0)
    return lo if abs(drawn - lo) > abs(hi - drawn) else hi


def test_every_uncertain_parameter_the_scenario_sets_wins(
    base: Scenario, draw: dict[str, float], reference: np.ndarray
) -> None:
    unchanged = []
    under_2021 = base.with_overrides({"regime.law": 2021}, name="base2021")  # where the 2021 law's effects act
    reference_2021 = run(under_2021, SEED, theta=draw).counts
    for key, drawn in draw.items():
        law = key.startswith("law2021.")
        own = (under_2021 if law else base).with_overrides({key: _far_value(key, drawn)}, name="own")
        result = run(own, SEED, theta=draw)
        if np.array_equal(result.counts, reference_2021 if law else reference):
            unchanged.append(key)
        assert key not in result.theta and set(result.theta) == set(draw) - {key}
    assert unchanged == [], f"the draw replaced what the scenario set: {unchanged}"


def test_setting_the_drawn_value_reproduces_the_run_exactly(
    base: Scenario, draw: dict[str, float], reference: np.ndarray
) -> None:
    for key, drawn in draw.items():
        same = base.with_overrides({key: drawn}, name="same")
        assert np.array_equal(run(same, SEED, theta=draw).counts, reference), key


def test_a_change_at_month_0_wins_and_a_later_change_keeps_the_draw_until_its_month(
    base: Scenario, draw: dict[str, float]
) -> None:
    key = "behaviour.job_hazard"
    at = {
        m: from_dict({"change": [{"month": m, "set": {key: 0.001}}]}, f"c{m}", f"<c{m}>").open_theta(draw)
        for m in (0, 24)
    }
    assert key not in at[0] and at[24][key] == draw[key]
    keys = draw_keys([draw], [base, base.with_overrides({key: 0.05}, name="own")])
    assert keys["base"]["set_by_scenario"] == [] and keys["own"]["set_by_scenario"] == [key]
    assert key in keys["base"]["from_draw"] and key not in keys["own"]["from_draw"]


@pytest.mark.parametrize("point", [[], ["--point-estimate"]])
def test_compare_honours_an_overlay_that_sets_an_uncertain_parameter(
    tmp_path, capsys: pytest.CaptureFixture[str], draw: dict[str, float], point: list[str]
) -> None:
    overlay = tmp_path / "slow_jobs.toml"
    overlay.write_text('[set]\n"behaviour.job_hazard" = 0.001\n')
    args = ["compare", "baseline", str(overlay), "--reps", "2", "--months", "40", "--json", *point]
    assert main(args) == 0
    table = json.loads(capsys.readouterr().out)
    assert table["scenarios"]["slow_jobs"]["kpis"]["employed_share_m36"]["diff"] < -0.05
    assert table["uncertain_parameters"]["slow_jobs"]["set_by_scenario"] == ["behaviour.job_hazard"]
    assert "behaviour.job_hazard" in table["uncertain_parameters"]["baseline"]["from_draw"]
