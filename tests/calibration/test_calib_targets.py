"""Targets: copied evidence rows, weights, tolerances and extraction from a run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sim
from calibration.cbs2014 import OBSERVED_PATH
from calibration.priors import PRIORS, check_priors, full_theta
from calibration.simulate import calibration_scenario, distance, simulate
from calibration.targets import load_targets, observed_vector
from sim.params import load_specs


def test_observed_rows_are_verbatim_copies_of_the_evidence_file():
    ours = pd.read_csv(OBSERVED_PATH, dtype=str).set_index("id")
    evidence = pd.read_csv(Path(sim.__file__).parent / "data" / "evidence.csv", dtype=str).set_index("id")
    for col in ("value", "source", "url_or_id", "confidence", "years_since_permit"):
        assert (ours[col].fillna("") == evidence.loc[ours.index, col].fillna("")).all(), col


def test_required_targets_are_present_with_weights_and_tolerances():
    targets = {t.name: t for t in load_targets()}
    for m in (12, 18, 24, 30, 36, 60, 96):
        assert targets[f"employed_m{m}"].tolerance == 0.03
    for name in ("welfare_main_m12", "welfare_m18", "welfare_m30", "welfare_main_m108"):
        assert targets[name].tolerance == 0.05 and targets[name].weight > 0
    assert {"exam_passed_m27", "exam_passed_m51", "exempt_m51"} <= set(targets)
    origin = [t for t in targets.values() if t.origins]
    assert len(origin) == 36 and {t.month for t in origin} == {3, 6, 12, 18, 24, 30}
    assert targets["employed_m30_Other"].origins == ("Turkey", "Other")
    assert targets["employed_m30"].weight == 1.0 and targets["employed_m36"].weight == 0.6  # H vs M
    assert targets["welfare_main_m108"].metric == "welfare_main" and targets["welfare_m30"].metric == "welfare"


def test_priors_are_uncertain_parameters_within_their_ranges():
    check_priors()
    assert 8 <= len(PRIORS) <= 20  # a handful of CBS series cannot inform many more
    specs = load_specs()
    assert all(specs[p.key].kind == "uncertain" for p in PRIORS)
    assert full_theta({"behaviour.origin_factor.other": 1.7})["behaviour.origin_factor.turkey"] == 1.7


def test_simulate_measures_every_target_and_distance_is_zero_on_itself(small_cohort):
    scenario = calibration_scenario("era_2014", small_cohort)
    sim = simulate({"behaviour.job_hazard": 0.15}, seed=3, scenario=scenario)
    assert set(sim) == set(observed_vector())
    values = np.array(list(sim.values()))
    assert np.isfinite(values).all() and ((values >= 0) & (values <= 1)).all()
    assert distance(sim, sim) == 0.0
    assert distance(sim, observed_vector()) > 0.0


def test_era_scenarios_load_and_differ_in_regime():
    era14 = calibration_scenario("era_2014").params()
    assert era14["regime.law"] == 2013 and era14["context.inflow_months"] == 12
