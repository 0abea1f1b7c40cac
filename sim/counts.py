"""A run's person-month counts kept as their non-zero cells (:class:`CountTable`).

A run's outcome store is ``counts[months since permit, row, code]`` (rows: the origin x sex
groups, or the household types). Dense it is 120 x 14 x 216 int64 (2.9 MB) for a 120-month
run, of which a 1,000-person run fills about 4%: allocating, zeroing and page-faulting the
dense arrays was most of the cost of counting many small runs (issue #13). The table keeps
the non-zero cells only, in C order; :meth:`CountTable.dense` gives the same array as
before, and :meth:`CountTable.sums` the per-metric sums every share is made of (whole
numbers in float64, exact in any order, so the shares are bit for bit those of the dense
counts).

:func:`count_history` makes both tables of a run from its code history in one pass, with
the months since permit as the outer loop: each month's row of counts (one row per group)
stays in the first-level cache and is emptied into the table when it is complete.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.states import N_COMBOS


class CountTable:
    """A (months, rows, codes) int64 count array kept as its non-zero cells.

    Args:
        shape: The dense array's shape (months since permit, rows, codes).
        index: Flat (C-order) indices of the non-zero cells (int32), each once, in any order
            (:func:`count_history`: by months since permit, then in the order first counted).
        values: Their counts (int64).
    """

    __slots__ = ("shape", "index", "values")

    def __init__(self, shape: tuple[int, int, int], index: np.ndarray, values: np.ndarray) -> None:
        self.shape = shape
        self.index = index
        self.values = values

    def __reduce__(self) -> tuple:
        """Pickled with the counts as int32 when they fit (any run that fits in memory): a third fewer bytes."""
        values = self.values
        if len(values) and (values.min() >= 0) and (values.max() <= np.iinfo(np.int32).max):
            values = values.astype(np.int32)
        return _unpickled, (self.shape, self.index, values)

    @classmethod
    def from_dense(cls, counts: np.ndarray) -> CountTable:
        """The table of a dense (months, rows, codes) count array."""
        flat = np.ascontiguousarray(counts).ravel()
        nz = np.flatnonzero(flat)
        months, rows, codes = counts.shape
        return cls((months, rows, codes), nz.astype(np.int32), flat[nz].astype(np.int64))

    def dense(self) -> np.ndarray:
        """The dense int64 array (months, rows, codes)."""
        out = np.zeros(self.shape, dtype=np.int64)
        out.ravel()[self.index] = self.values
        return out

    def total(self, codes: np.ndarray | None = None) -> int:
        """Person-months counted (with one of ``codes`` only, when given)."""
        if codes is None:
            return int(self.values.sum())
        wanted = np.zeros(self.shape[2], dtype=np.bool_)
        wanted[codes] = True
        return int(_total_kernel(self.index, self.values, self.shape[2], wanted))

    def sums(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per (month, row): the counts times ``weights`` and their total, in float64.

        Args:
            weights: (codes, metrics) 0/1 weights (``sim.outcomes._M``).

        Returns:
            ``(num, den)``: num (months, rows, metrics) is the dense counts ``@ weights``, den
            (months, rows) their sum over codes; both whole numbers, so the same values as the
            dense float64 products.
        """
        months, rows, codes = self.shape
        num = np.zeros((months, rows, weights.shape[1]))
        den = np.zeros((months, rows))
        _sums_kernel(self.index, self.values, codes, weights, num.reshape(months * rows, -1), den.ravel())
        return num, den


def _unpickled(shape: tuple[int, int, int], index: np.ndarray, values: np.ndarray) -> CountTable:
    """A pickled :class:`CountTable` again, its counts int64."""
    return CountTable(shape, index, values.astype(np.int64, copy=False))


@njit(cache=True, nogil=True)
def _total_kernel(index, values, codes, wanted):
    """The sum of the counts of the cells whose code is ``wanted`` (whole numbers: exact in any order)."""
    total = 0
    for j in range(len(index)):
        code = index[j] % N_COMBOS if codes == N_COMBOS else index[j] % codes  # constant: no division
        total += values[j] if wanted[code] else 0
    return total


@njit(cache=True, nogil=True)
def _sums_kernel(index, values, codes, weights, num, den):
    """Add each non-zero cell's count to its (month, row) total and its weighted metrics."""
    for j in range(len(index)):
        cell, code = divmod(index[j], codes)
        v = float(values[j])
        den[cell] += v
        for k in range(weights.shape[1]):
            num[cell, k] += v * weights[code, k]


def count_history(
    history: np.ndarray, rows: tuple[np.ndarray, np.ndarray], n_rows: tuple[int, int], starts: np.ndarray, last: int
) -> tuple[CountTable, CountTable]:
    """The counts of calendar months ``0 .. last - 1`` by each of two row codes (EXCLUDED skipped).

    Args:
        history: (months, persons) uint8 codes; a person's months before the permit are not read.
        rows: Two row codes per person (the group and the household type).
        n_rows: How many values each row code has.
        starts: ``starts[e]`` is the first person (sorted by permit month) with permit month
            ``e`` or later (length months + 1).
        last: Calendar months recorded.

    Returns:
        One table per row code, each (months, rows, N_COMBOS).
    """
    months = history.shape[0]
    # A run of stacked runs has its history as a view with the whole stack's row stride; the
    # kernel reads it diagonally (one permit month after another, a row each), one cache line
    # per few persons from the shared cache. A contiguous copy of its recorded rows (read row
    # by row) is read from the core's own cache instead: 28% less time for a 1,500-person run.
    recorded = np.ascontiguousarray(history[:last])
    ia, va, ib, vb = _count_kernel(recorded, rows[0], rows[1], n_rows[0], n_rows[1], starts, last)
    return CountTable((months, n_rows[0], N_COMBOS), ia, va), CountTable((months, n_rows[1], N_COMBOS), ib, vb)


@njit(cache=True, nogil=True)
def _count_kernel(history, row_a, row_b, n_a, n_b, starts, last):
    """Both tables' non-zero cells (index, values of each), months since permit ``s`` in the outer loop.

    The persons with permit month ``e`` are one block, all ``s`` months since permit in
    calendar month ``e + s``. For each ``s`` every block adds to one row of counts per table
    (``n_a`` x N_COMBOS and ``n_b`` x N_COMBOS cells, in cache); the cells it touches first
    are noted (without a branch), and then emptied into the table in that order.
    """
    block_a = np.zeros(n_a * N_COMBOS, dtype=np.int64)
    block_b = np.zeros(n_b * N_COMBOS, dtype=np.int64)
    seen_a = np.empty(len(block_a) + 1, dtype=np.int64)  # cells touched first, in order (+1: a spare slot)
    seen_b = np.empty(len(block_b) + 1, dtype=np.int64)
    table_a = (np.empty(4096, dtype=np.int32), np.empty(4096, dtype=np.int64), 0)
    table_b = (np.empty(4096, dtype=np.int32), np.empty(4096, dtype=np.int64), 0)
    for s in range(last):
        na = nb = 0
        for e in range(last - s):
            row = history[e + s]
            for i in range(starts[e], starts[e + 1]):
                code = row[i]
                if code < N_COMBOS:
                    a, b = row_a[i] * N_COMBOS + code, row_b[i] * N_COMBOS + code
                    seen_a[na], seen_b[nb] = a, b
                    na += block_a[a] == 0
                    nb += block_b[b] == 0
                    block_a[a] += 1
                    block_b[b] += 1
        table_a = _drain(block_a, seen_a[:na], s * len(block_a), table_a)
        table_b = _drain(block_b, seen_b[:nb], s * len(block_b), table_b)
    return (
        table_a[0][: table_a[2]].copy(),
        table_a[1][: table_a[2]].copy(),
        table_b[0][: table_b[2]].copy(),
        table_b[1][: table_b[2]].copy(),
    )


@njit(cache=True, nogil=True)
def _drain(block, cells, offset, table):
    """``table`` (index, values, cells used) with ``block``'s ``cells`` (at ``offset + k``) appended and zeroed."""
    index, values, n = table
    if n + len(cells) > len(index):  # grow: at least double
        size = max(2 * len(index), n + len(cells))
        index, values = _grown(index, size), _grown(values, size)
    for k in cells:
        index[n] = offset + k
        values[n] = block[k]
        block[k] = 0
        n += 1
    return index, values, n


@njit(cache=True, nogil=True)
def _grown(a, size):
    """A copy of ``a`` with room for ``size`` items."""
    out = np.empty(size, dtype=a.dtype)
    out[: len(a)] = a
    return out
