"""The front's building blocks: non-domination (property-based) and the epsilon gap."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from optimise.front import epsilon_gap, non_dominated, pareto_rows

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


def _front(cost: list[float], work: list[float], half: float = 1.0) -> pd.DataFrame:
    df = pd.DataFrame({"cost": cost, "work": work})
    for n in ("cost", "work"):
        df[f"{n}_diff_lo"], df[f"{n}_diff_hi"] = -half, half
    return df


def test_epsilon_gap_measures_shortfall_in_noise_units() -> None:
    a = _front([1.0, 2.0, 3.0], [10.0, 12.0, 14.0])
    assert epsilon_gap(a, a, ["cost", "work"], [False, True]) == 0.0
    worse = _front([1.5, 2.5], [10.0, 12.0])  # each point of `worse` is dominated by one of `a`
    assert epsilon_gap(a, worse, ["cost", "work"], [False, True]) == 0.0
    better = _front([0.5, 1.5], [10.0, 12.0])  # cheaper by half a noise unit: `a` covers it to within 0.5
    assert epsilon_gap(a, better, ["cost", "work"], [False, True]) == 0.5
    assert epsilon_gap(worse, a, ["cost", "work"], [False, True]) == 2.0  # a's (3, 14) is 2 units of work beyond
    far = _front([1.0], [30.0])  # much more work at the same cost: `a` misses it by 16 units
    assert epsilon_gap(a, far, ["cost", "work"], [False, True]) == 16.0


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
