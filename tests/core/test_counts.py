"""The sparse count table (sim.counts) against the dense counts it replaces."""

from __future__ import annotations

import numpy as np

from sim.counts import CountTable, count_history
from sim.outcomes import _M, _shares_from, _shares_of, cohort_counts
from sim.states import EXCLUDED, N_COMBOS


def _history(rng: np.random.Generator, months: int, persons: int) -> tuple[np.ndarray, np.ndarray]:
    entry = np.sort(rng.integers(0, months, persons))
    history = rng.integers(0, N_COMBOS, (months, persons)).astype(np.uint8)
    history[rng.random((months, persons)) < 0.1] = EXCLUDED
    return history, entry


def test_count_history_equals_the_dense_counts() -> None:
    """Both tables equal the dense counts by group and by household type, for any months recorded."""
    rng = np.random.default_rng(5)
    history, entry = _history(rng, 30, 400)
    group, hh = rng.integers(0, 14, 400).astype(np.int8), rng.integers(0, 4, 400).astype(np.int8)
    starts = np.searchsorted(entry, np.arange(31), side="left")
    for last in (0, 1, 17, 30):
        cut = history.copy()
        cut[last:] = EXCLUDED  # months not yet recorded
        a, b = count_history(history, (group, hh), (14, 4), starts, last)
        np.testing.assert_array_equal(a.dense(), cohort_counts(cut, entry, group))
        np.testing.assert_array_equal(b.dense(), cohort_counts(cut, entry, hh)[:, :4])
        assert len(np.unique(a.index)) == len(a.index) and (a.values > 0).all()


def test_sums_give_the_dense_shares_bit_for_bit() -> None:
    """Shares from the table's sums equal the shares of the dense counts (whole numbers: exact)."""
    rng = np.random.default_rng(6)
    dense = rng.integers(0, 50, (24, 14, N_COMBOS)) * (rng.random((24, 14, N_COMBOS)) < 0.05)
    dense[3] = 0  # a month with nobody
    table = CountTable.from_dense(dense)
    np.testing.assert_array_equal(table.dense(), dense)
    got, want = _shares_from(*table.sums(_M)), _shares_of(dense)
    assert got.tobytes() == want.tobytes()
    assert table.total() == dense.sum() and table.total(np.array([0, 5])) == dense[:, :, [0, 5]].sum()
