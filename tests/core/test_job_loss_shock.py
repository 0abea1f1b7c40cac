"""A dated job-loss shock (``context.job_loss_factor``), as the era scenarios set for 2020.

The factor multiplies the monthly chance that a job ends. Checks: it is exactly a change of
that chance (a factor of 2 gives the same run as twice the separation rate); set by dated
changes it leaves every month before its start untouched and changes the months after; it
lowers employment; and the era scenarios set it from March to December 2020 only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.fingerprint import result_digest
from sim.outcomes import METRICS
from sim.runner import run, run_replications
from sim.scenarios import Scenario, load_scenario

KEY = "context.job_loss_factor"
START, END = 30, 42  # months of the shock in the test scenario


@pytest.fixture(scope="module")
def cohort() -> Scenario:
    """One yearly cohort of 300 adults, followed five years."""
    return load_scenario("baseline").with_overrides(
        {"context.inflow_per_year": 300, "context.inflow_months": 12, "context.horizon_months": 60}
    )


def _dated(tmp_path: Path, factor: float) -> Scenario:
    text = f"""[meta]
title = "Shock"
description = "A job-loss shock from month {START} to month {END}."

[set]
"context.inflow_per_year" = 300
"context.inflow_months" = 12
"context.horizon_months" = 60

[[change]]
month = {START}
set = {{ "{KEY}" = {factor} }}
[[change]]
month = {END}
set = {{ "{KEY}" = 1.0 }}
"""
    path = tmp_path / f"shock_{factor}.toml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(str(path))


def test_the_factor_is_a_change_of_the_job_ending_chance(cohort: Scenario) -> None:
    rate = float(cohort.params()["behaviour.separation_rate"])
    for seed in (1, 2):
        doubled_factor = run(cohort.with_overrides({KEY: 2.0}), seed)
        doubled_rate = run(cohort.with_overrides({"behaviour.separation_rate": 2.0 * rate}), seed)
        assert result_digest(doubled_factor) == result_digest(doubled_rate)
        assert result_digest(doubled_factor) != result_digest(run(cohort, seed))


def test_a_dated_shock_leaves_the_months_before_it_alone(tmp_path: Path) -> None:
    calm, shocked = _dated(tmp_path, 1.0), _dated(tmp_path, 3.0)
    for seed in (1, 2):
        a = run(calm, seed, keep_paths=True).paths["history"]
        b = run(shocked, seed, keep_paths=True).paths["history"]
        np.testing.assert_array_equal(a[:START], b[:START])
        assert (a[START:END] != b[START:END]).any()


def test_a_shock_lowers_employment(cohort: Scenario) -> None:
    """Mean share employed at 48 months since the permit over 8 seeds: lower with the factor at 3 all along."""
    col = list(METRICS).index("employed")

    def employed(s: Scenario) -> float:
        return float(np.mean([r.shares()[48, 0, col] for r in run_replications([s], 8, 3)[s.name]]))

    assert employed(cohort.with_overrides({KEY: 3.0})) < employed(cohort) - 0.02


@pytest.mark.parametrize(("name", "start", "end"), [("era_2014", 74, 84), ("era_2020", 2, 12)])
def test_the_eras_set_the_2020_shock_from_march_to_december(name: str, start: int, end: int) -> None:
    scenario = load_scenario(name)
    assert float(scenario.params()[KEY]) == 1.0
    dated = {month: values[KEY] for month, values in scenario.changes if KEY in values}
    assert dated == {start: 2.0, end: 1.0}
