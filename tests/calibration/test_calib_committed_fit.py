"""The committed posterior fits the targets within the stated tolerances (reruns the fit check).

Reruns the posterior predictive of the committed report (same draws, same seeds) and checks
it against the observed targets; does not rerun the calibration. Targets the model cannot
reach for structural reasons (README, "Structural gaps") are strict expected failures, so the
day the engine reaches them this test says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from calibration.posterior import POSTERIOR_PATH
from calibration.report import HERE, fit_table, predictive
from calibration.targets import load_targets

pytestmark = pytest.mark.skipif(not POSTERIOR_PATH.is_file(), reason="no committed posterior")

STRUCTURAL: dict[str, str] = {}  # none since other welfare exits (behaviour.welfare_other_exit)
# None since the fit of 4 Dec 2026 (ABC-SMC with MCMC moves, the 2020 job-loss shock): every
# headline target is within its tolerance. A target a later fit misses goes here with its figure.
KNOWN_MISSES: dict[str, str] = {}
HEADLINE = [t.name for t in load_targets() if not t.origins]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    values, _ = predictive()
    return fit_table(values).set_index("target")


def test_rerun_reproduces_the_committed_fit_table(table):
    committed = pd.read_csv(HERE / "fit_table.csv").set_index("target")
    np.testing.assert_allclose(table["simulated_pct"], committed.loc[table.index, "simulated_pct"], atol=0.05)


@pytest.mark.parametrize("name", HEADLINE)
def test_headline_target_within_tolerance(table, name, request):
    reason = STRUCTURAL.get(name) or KNOWN_MISSES.get(name)
    if reason:
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))
    row = table.loc[name]
    assert abs(row["error_pp"]) <= row["tolerance_pp"], row.to_dict()
