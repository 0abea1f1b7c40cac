"""Idle scarring: job offers fall with time out of work (duration dependence).

The longer someone has been out of work and out of the integration course, the smaller their
chance of a job offer: employers read the gap, skills and contacts erode, people lose heart.
In the Netherlands the chance of leaving bijstand falls with time on it (CBS 2008, "Korter in
de bijstand, makkelijker eruit": 22% a year for those on it less than a year, 8% for those
on it more than three years; selection included, so at most about 0.4 a year). This is what
lets the 2014 cohort's employment plateau after 5 years (T1-053, T1-044, T1-054) while Dutch
and the labour market still improve: those still without work by then are mostly long idle.

Data flow. Each person's ``last_active`` is the last month they ended in a job, with the
integration duty running or still in COA; :func:`idle_month` sets it after each month's
hires. The job-offer ratio the offer rules read, ``people.offer_mult``, is the ratio of fixed
traits (``people.offer_fixed``, :func:`sim.rules.labour.offer_multiplier`) times
``exp(-behaviour.idle_scarring x years idle)`` (:func:`apply_ratio`), years idle counted up to
the month of the offer. So the offer rules need no change, and with ``idle_scarring`` 0 (the
default) the ratio is exactly 1 and every decision is as before, bit for bit.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

import numpy as np
from numba import njit

from sim.rules.context import Derives, HasPeople, Stacked, columns
from sim.rules.segments import segment
from sim.states import in_job

IDLE_TABLE_EXTRA = 240  # months idle before the run's start the table covers (20 years); longer is clipped


class Context(Derives, HasPeople, Protocol):
    """What the idle rule reads: parameters and the status holders."""


class Columns(NamedTuple):
    """Person columns of the idle rule (``last_active`` and ``offer_mult`` updated)."""

    state: np.ndarray
    course_active: np.ndarray
    housed_at: np.ndarray
    last_active: np.ndarray
    offer_fixed: np.ndarray
    offer_mult: np.ndarray


def monthly_scarring(ctx: Derives) -> float:
    """``behaviour.idle_scarring`` per month (log offer ratio per idle month)."""
    return float(ctx.p["behaviour.idle_scarring"]) / 12.0


def ratio_table(ctx: Derives) -> np.ndarray:
    """Idle ratios ``exp(-behaviour.idle_scarring / 12 x k)`` for k = 0 .. horizon + 240 idle months.

    Built once per parameter set, so the per-person passes look ratios up instead of
    computing an exponential each, and every pass uses the same values.
    """
    return ctx.derived(_table)


def _table(ctx: Derives) -> np.ndarray:
    months = int(ctx.p["context.horizon_months"]) + IDLE_TABLE_EXTRA + 2
    return np.exp(-monthly_scarring(ctx) * np.arange(months, dtype=np.float64))


def apply_ratio(ctx: Context, idx: np.ndarray, month: int) -> None:
    """Set ``offer_mult`` of persons ``idx``: their fixed-trait ratio times the idle ratio at ``month``.

    The idle ratio is ``exp(-behaviour.idle_scarring / 12 x months idle)``, months idle being
    ``month - last_active`` (at least 0); with scarring 0 it is exactly 1.

    Args:
        ctx: The model (parameters and status holders).
        idx: Persons (indices).
        month: Calendar month of the offers the ratio is for.
    """
    ph = ctx.people
    _apply_kernel(np.asarray(idx), month, ph.last_active, ph.offer_fixed, ph.offer_mult, ratio_table(ctx))


def apply_ratio_stacked(runs: Stacked, local: np.ndarray, offsets: np.ndarray, month: int) -> None:
    """:func:`apply_ratio` of run ``r``'s persons ``local[offsets[r]:offsets[r + 1]]`` (indices in the run)."""
    ph = runs.people
    cols = (ph.last_active, ph.offer_fixed, ph.offer_mult)
    _apply_stacked(runs.starts, local, offsets, month, cols, runs.stacked(_table))


@njit(cache=True, nogil=True)
def _apply_stacked(starts, local, offsets, month, cols, tables):
    """:func:`_apply_kernel` of each run's persons on its segment with its table."""
    for r in range(len(offsets) - 1):
        if offsets[r + 1] > offsets[r]:
            last_active, offer_fixed, offer_mult = segment(cols, starts[r], starts[r + 1])
            idx = local[offsets[r] : offsets[r + 1]]
            _apply_kernel(idx, month, last_active, offer_fixed, offer_mult, tables[r])


@njit(cache=True, nogil=True, inline="always")
def _apply_kernel(idx, month, last_active, offer_fixed, offer_mult, table):
    """Per person of ``idx``: ``offer_mult = offer_fixed x table[months idle]``."""
    for k in range(len(idx)):
        i = idx[k]
        offer_mult[i] = offer_fixed[i] * table[_idle(month - last_active[i], len(table))]


@njit(cache=True, nogil=True, inline="always")
def _idle(months, n):
    """Months idle clipped to the table (0 .. n - 1)."""
    return min(max(months, 0), n - 1)


def idle_month(ctx: Context, month: int) -> None:
    """Restart the clock of everyone in a job, the duty or COA; set next month's offer ratios.

    Called after this month's hires: ``last_active`` becomes ``month`` for those persons,
    and ``offer_mult`` is set for the offers of month ``month + 1``. Nothing else changes
    when scarring is 0 (the ratios stay the fixed-trait ratios).
    """
    ph = ctx.people
    on = monthly_scarring(ctx) > 0.0
    _idle_kernel(ph.n_active, month, columns(Columns, ph), ratio_table(ctx), on)


def idle_month_stacked(runs: Stacked, month: int) -> None:
    """:func:`idle_month` of every stacked run in one compiled call (each run its own table)."""
    on = runs.stacked(monthly_scarring) > 0.0
    _idle_stacked(runs.starts, runs.n_active, month, columns(Columns, runs.people), runs.stacked(_table), on)


@njit(cache=True, nogil=True)
def _idle_stacked(starts, n_active, month, cols, tables, on):
    """:func:`_idle_kernel` on each run's segment with its ratio table and switch."""
    for r in range(len(n_active)):
        _idle_kernel(n_active[r], month, segment(cols, starts[r], starts[r + 1]), tables[r], on[r])


@njit(cache=True, nogil=True, inline="always")
def _idle_kernel(n, month, cols, table, on):
    """Per person: restart the clock when active; with scarring on, next month's offer ratio.

    ``cols``: :class:`Columns` as a plain tuple.
    """
    cols = Columns(*cols)
    state, course_active, housed_at, last_active = cols.state, cols.course_active, cols.housed_at, cols.last_active
    offer_fixed, offer_mult = cols.offer_fixed, cols.offer_mult
    size = len(table)
    for i in range(n):
        s = state[i]
        if in_job(s) | course_active[i] | (housed_at[i] > month):
            last_active[i] = month
        if on:
            offer_mult[i] = offer_fixed[i] * table[_idle(month + 1 - last_active[i], size)]
