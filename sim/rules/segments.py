"""Compiled helpers of the stacked runs: one replication's part of stacked columns and levers.

Stacked runs (``sim.stack``) keep R replications' people in one array per column, each
replication a segment ``starts[r] .. starts[r + 1]``, and their levers in one array per
field (element ``r`` of replication ``r``). A stacked kernel loops over the replications and
calls the rule's ordinary kernel on :func:`segment` of the columns and :func:`row` of the
levers and keys. Inside the segment everything is as in a run alone: indices start at 0
(so partner and head indices need no offset), the same values go through the same code, and
every draw uses that replication's keys. Both are compiled for each tuple type (one line of
source per field, see :func:`_tuple_source`) and cost nothing in compiled code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from numba.extending import overload


def segment(cols: tuple[Any, ...], lo: int, hi: int) -> tuple[Any, ...]:
    """``cols[k][lo:hi]`` for every column ``k``: views of one replication's people."""
    return tuple(c[lo:hi] for c in cols)


def row(arrays: tuple[Any, ...], r: int) -> tuple[Any, ...]:
    """``arrays[k][r]`` for every field ``k``: one replication's levers or keys."""
    return tuple(a[r] for a in arrays)


def _tuple_source(n: int, item: str, args: str) -> Callable[..., Any]:
    """A function of ``args`` returning the tuple of ``item`` formatted with k = 0 .. n - 1."""
    body = "".join(item.format(k=k) + ", " for k in range(n))
    namespace: dict[str, Any] = {}
    exec(f"def impl({args}):\n    return ({body})\n", namespace)  # noqa: S102 - generated from the arity only
    return namespace["impl"]


# The typing functions take the arguments unannotated: numba compares their signature with the
# implementation's, annotations included.
@overload(segment)
def _segment(cols, lo, hi):
    return _tuple_source(len(cols), "cols[{k}][lo:hi]", "cols, lo, hi")


@overload(row)
def _row(arrays, r):
    return _tuple_source(len(arrays), "arrays[{k}][r]", "arrays, r")
