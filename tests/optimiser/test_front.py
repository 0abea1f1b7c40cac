"""The front's building blocks: non-domination (property-based) and the epsilon gap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from optimise.front import compare_fronts, epsilon_gap, non_dominated, pareto_rows

points = arrays(np.float64, st.tuples(st.integers(1, 30), st.integers(1, 3)), elements=st.integers(-5, 5).map(float))


def _dominates(a: np.ndarray, b: np.ndarray) -> bool:
    return bool((a <= b).all() and (a < b).any())


@settings(max_examples=200, deadline=None)
@given(points, st.data())
def test_non_dominated_is_exactly_the_set_no_point_dominates(values: np.ndarray, data: st.DataObject) -> None:
    maximise = data.draw(st.lists(st.booleans(), min_size=values.shape[1], max_size=values.shape[1]))
    v = np.where(maximise, -values, values)
    keep = non_dominated(values, maximise)
    for i in range(len(v)):
        dominated = any(_dominates(v[j], v[i]) for j in range(len(v)) if j != i)
        assert keep[i] == (not dominated)
    assert keep.any()  # a finite set always has a non-dominated point


WOBBLE = np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0])  # per-replication noise of a point (6 replications)


def _front(*points: tuple[float, float, float]) -> pd.DataFrame:
    """Points (mean cost, mean work, noise size), with per-replication values."""
    rows = [{"cost_reps": list(c + k * WOBBLE), "work_reps": list(w + 0 * WOBBLE)} for c, w, k in points]
    df = pd.DataFrame(rows)
    df["cost"], df["work"] = [p[0] for p in points], [p[1] for p in points]
    return df


def _gap(a: pd.DataFrame, b: pd.DataFrame) -> float:
    return epsilon_gap(a, b, ["cost", "work"], [False, True], noise="paired")


def test_epsilon_gap_measures_shortfall_in_paired_noise_units() -> None:
    a = _front((10.0, 5.0, 0.0), (12.0, 6.0, 0.0))
    assert _gap(a, a) == 0.0
    near = _front((10.2, 5.0, 1.0))  # 0.2 dearer with noise: the paired interval half-width is 0.90
    half = stats.t.ppf(0.95, 5) * WOBBLE.std(ddof=1) / np.sqrt(6)
    assert _gap(a, near) <= 0  # a has a point at least as good
    assert _gap(near, a.iloc[:1]) == pytest.approx(0.2 / half)  # within the noise
    assert _gap(near, a) == np.inf  # a's second point has more work, exactly
    cheap = _front((5.0, 5.0, 1.0))  # much cheaper for the same work: a misses it by far
    assert _gap(a, cheap) == pytest.approx(5.0 / half)
    more = _front((12.0, 7.0, 0.0))  # more work at the same cost, exactly (no noise): infinitely many units
    assert _gap(a, more) == np.inf


def test_epsilon_gap_in_replication_units_uses_the_covered_points_own_interval() -> None:
    """The replication unit is the 90% half-width of the covered point's mean, not of a paired difference."""
    names, maximise = ["cost", "work"], [False, True]
    half = stats.t.ppf(0.95, 5) * WOBBLE.std(ddof=1) / np.sqrt(6)
    noisy = _front((10.0, 5.0, 3.0))  # cost noise 3: its interval half-width is 3 * half
    dearer = _front((12.0, 5.0, 3.0))  # 2 dearer, the same noise pattern: the paired difference is exact
    assert epsilon_gap(dearer, noisy, names, maximise) == pytest.approx(2.0 / (3 * half))  # within the interval
    assert epsilon_gap(dearer, noisy, names, maximise, noise="paired") == np.inf  # but surely worse, paired
    exact = _front((10.0, 5.0, 0.0))
    assert epsilon_gap(dearer, exact, names, maximise) == np.inf  # no noise in the covered point: no slack
    assert epsilon_gap(noisy, dearer, names, maximise) <= 0  # the cheaper point covers the dearer one


def test_compare_fronts_reports_both_units() -> None:
    names, maximise = ["cost", "work"], [False, True]
    a, b = _front((10.0, 5.0, 3.0)), _front((12.0, 5.0, 3.0))
    got = compare_fronts(b, a, names, maximise)
    assert got["stable"] == 1.0 and got["stable_paired"] == 0.0
    assert got["a_covers_b"] == pytest.approx(epsilon_gap(b, a, names, maximise))
    assert got["paired_b_covers_a"] <= 0


def test_pareto_rows_drops_infeasible_failed_and_repeated_mixes() -> None:
    trials = pd.DataFrame(
        {
            "trial": [0, 1, 2, 3, 4],
            "state": ["COMPLETE", "COMPLETE", "COMPLETE", "FAIL", "COMPLETE"],
            "mix_key": ["a", "b", "c", "d", "a"],
            "feasible": [True, False, True, False, True],
            "cost": [1.0, 0.0, 2.0, 0.0, 1.0],
            "work": [1.0, 9.0, 3.0, 9.0, 1.0],
        }
    )
    front = pareto_rows(trials, ["cost", "work"], [False, True])
    assert front["trial"].tolist() == [0, 2]
