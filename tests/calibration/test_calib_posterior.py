"""The posterior artefact API: loading, seeded draws, point estimate, absence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from calibration.posterior import (
    credible_intervals,
    draw_thetas,
    load_posterior,
    point_estimate,
    read_meta,
    write_posterior,
)
from sim.extrapolation import PRIORS, prior_draws


@pytest.fixture
def posterior(tmp_path):
    df = pd.DataFrame({"behaviour.job_hazard": [0.1, 0.2, 0.3], "behaviour.separation_rate": [0.01, 0.02, 0.03]})
    path = tmp_path / "posterior.csv"
    write_posterior(df, np.array([1.0, 2.0, 1.0]), {"note": "test"}, path)
    return path


def test_load_normalises_weights_and_writes_provenance(posterior):
    df, w = load_posterior(posterior)
    assert list(df.columns) == ["behaviour.job_hazard", "behaviour.separation_rate"]
    np.testing.assert_allclose(w, [0.25, 0.5, 0.25])
    assert read_meta(posterior.with_suffix(".json"))["note"] == "test"


def test_draws_are_deterministic_given_the_seed_and_follow_the_weights(posterior):
    a = draw_thetas(2000, seed=5, path=posterior)
    b = draw_thetas(2000, seed=5, path=posterior)
    c = draw_thetas(2000, seed=6, path=posterior)
    assert a == b and a != c
    assert a is not None and len(a) == 2000
    share_mid = np.mean([t["behaviour.job_hazard"] == 0.2 for t in a])
    assert abs(share_mid - 0.5) < 0.05


def test_draws_leave_the_global_generators_alone(posterior):
    state = np.random.get_state()[1].copy()  # noqa: NPY002 - checking the legacy global state
    draw_thetas(10, seed=1, path=posterior)
    assert (np.random.get_state()[1] == state).all()  # noqa: NPY002


def test_point_estimate_is_the_weighted_mean(posterior):
    pe = point_estimate(posterior)
    assert pe["behaviour.job_hazard"] == pytest.approx(0.2)
    thetas = draw_thetas(3, seed=1, point_estimate=True, path=posterior)
    law = prior_draws(1, seed=1, point_estimate=True)[0]  # the 2021 law's shares: their prior's mean
    assert law == dict.fromkeys(PRIORS, 0.5)
    assert thetas == [{**pe, **law}] * 3
    ci = credible_intervals(0.9, posterior)
    assert ci.loc["behaviour.job_hazard", "lo"] <= 0.2 <= ci.loc["behaviour.job_hazard", "hi"]


def test_no_posterior_means_none(tmp_path):
    assert draw_thetas(3, seed=1, path=tmp_path / "missing.csv") is None
    with pytest.raises(FileNotFoundError):
        load_posterior(tmp_path / "missing.csv")
