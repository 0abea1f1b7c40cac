"""The ``dual_tracks`` phase of stacked runs: :func:`sim.rules.learning.dual_tracks` of every run at once.

Each run's places are one numpy step over the runs (the same float operations as the run's
own Python arithmetic: ``per100 x clients / 100``, at most the learn-work places, plus the
run's rounding draw, floored); then one compiled call runs each run's dual-track kernel on
its segment with its places and its priority ranks, and the ledger is booked for all runs.
Bit for bit each run alone (``tests/core/test_stacked.py``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numba import njit

from sim.rules.context import Stacked, columns
from sim.rules.learning import DualColumns, _dual_kernel
from sim.rules.segments import segment


def dual_tracks_stacked(runs: Stacked, month: int) -> None:
    """:func:`sim.rules.learning.dual_tracks` of every stacked run (clients from each run's guidance)."""
    per100, rounding, min_lang, months, cost = runs.rates(_dual_rates)
    clients = runs.calendar["clients"][:, month]  # each run's clients this month (guidance), whole numbers
    places = np.minimum(per100 * clients / 100.0, runs.learn_work_places.sum(axis=1))
    whole = np.floor(places + rounding).astype(np.int64)
    n_dual = np.zeros(len(clients), dtype=np.int64)
    cols, rank = columns(DualColumns, runs.people), runs.concatenated(_priority_rank)
    _dual_stacked(runs.starts, runs.n_active, month, cols, min_lang, whole, rank, month + months, n_dual)
    runs.book("dual_tracks", month, n_dual * cost)


class DualRates(NamedTuple):
    """What a run's dual-track month needs besides its people and clients."""

    per100: float  # learning.dual_places_per_100 in force (less after the extra money stops)
    rounding: float  # the run's keyed draw rounding the places (drawn once a run)
    min_language: float  # learning.dual_min_language (CEFR)
    months: int  # learning.dual_months: how long a track lasts
    cost: float  # costs.dual_place_eur_month (euros a person a month)


def _dual_rates(ctx: Any) -> DualRates:
    p = ctx.p
    return DualRates(
        per100=p.now("learning.dual_places_per_100"),
        rounding=ctx.streams.scalar("dual_places", -1),
        min_language=float(p["learning.dual_min_language"]),
        months=int(p["learning.dual_months"]),
        cost=float(p["costs.dual_place_eur_month"]),
    )


def _priority_rank(ctx: Any) -> np.ndarray:
    """Each person's place in the run's priority order (fixed for the run)."""
    return ctx.priority_rank


@njit(cache=True, nogil=True)
def _dual_stacked(starts, n_active, month, cols, min_lang, places, rank, end, n_dual):
    """:func:`sim.rules.learning._dual_kernel` on each run's segment; ``n_dual``: each run's persons in one."""
    for r in range(len(n_active)):
        lo, hi = starts[r], starts[r + 1]
        n_dual[r] = _dual_kernel(n_active[r], month, segment(cols, lo, hi), min_lang[r], places[r], rank[lo:hi], end[r])
