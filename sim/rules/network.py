"""Social network: mentors and volunteering build a network that helps find work (mechanism 7).

The network is a 0..1 stock. A volunteer mentor adds ``effects.network_gain_mentor`` of
what is missing each month the match lasts; volunteering adds ``network_gain_volunteer``.
It raises the job-offer chance up to ``effects.network_ratio`` at a full network. Because
it builds slowly, mentoring shows little employment effect within a year, as found in
Germany (T4-172), and more later (T4-173).
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

import numpy as np
from numba import njit

from sim.rng import draw
from sim.rules.context import Derives, HasLedger, HasPeople, HasStreams, Stacked, columns
from sim.rules.segments import row, segment
from sim.states import SEARCHING, VOLUNTEER


class Context(Derives, HasPeople, HasStreams, HasLedger, Protocol):
    """What the network rule reads and writes: parameters, people, streams, the ledger."""


class Columns(NamedTuple):
    """Person columns of the network rule (``state``, ``months_in_state``, ``network`` updated)."""

    state: np.ndarray
    months_in_state: np.ndarray
    mentor_until: np.ndarray
    network: np.ndarray
    pid: np.ndarray


class Rates(NamedTuple):
    """Network gain a month with a mentor and while volunteering; monthly start of volunteering."""

    gain_mentor: float
    gain_volunteer: float
    uptake: float


def network_month(ctx: Context, month: int) -> None:
    """Grow networks of mentored and volunteering persons; some job seekers start volunteering."""
    ph = ctx.people
    key = ctx.streams.key("volunteer", month)
    mentored = _network_kernel(ph.n_active, month, columns(Columns, ph), key, tuple(ctx.derived(_rates)))
    ctx.ledger.add("mentors", month, mentored * float(ctx.p["costs.mentor_eur_month"]))


def network_month_stacked(runs: Stacked, month: int) -> None:
    """:func:`network_month` of every stacked run in one compiled call."""
    (keys,) = runs.keys(("volunteer",), month)
    mentored = np.empty(len(runs.n_active), dtype=np.int64)
    cols = columns(Columns, runs.people)
    _network_stacked(runs.starts, runs.n_active, month, cols, keys, runs.rates(_rates), mentored)
    runs.book("mentors", month, mentored * runs.stacked(_mentor_cost))


@njit(cache=True, nogil=True)
def _network_stacked(starts, n_active, month, cols, keys, rates, mentored):
    """:func:`_network_kernel` on each run's segment with its key and rates; ``mentored`` per run."""
    for r in range(len(n_active)):
        seg = segment(cols, starts[r], starts[r + 1])
        mentored[r] = _network_kernel(n_active[r], month, seg, keys[r], row(rates, r))


def _mentor_cost(ctx: Derives) -> float:
    return float(ctx.p["costs.mentor_eur_month"])


def _rates(ctx: Derives) -> Rates:
    p = ctx.p
    return Rates(
        float(p["effects.network_gain_mentor"]),
        float(p["effects.network_gain_volunteer"]),
        float(p["network.volunteer_uptake"]),
    )


@njit(cache=True, nogil=True, inline="always")
def _network_kernel(n, month, cols, key, rates):
    """Per person: network growth, then the start of volunteering; returns mentored count.

    The volunteering draw is made for everyone and combined without a branch (see
    ``rules.health``); it is a pure function of id and key, so no decision changes.
    ``cols``, ``rates``: :class:`Columns`, :class:`Rates` as plain tuples.
    """
    cols, rates = Columns(*cols), Rates(*rates)
    state, mentor_until, network, pid = cols.state, cols.mentor_until, cols.network, cols.pid
    g_mentor, g_volunteer, uptake = rates.gain_mentor, rates.gain_volunteer, rates.uptake
    mentored = 0
    for i in range(n):
        mentor = mentor_until[i] > month
        gain = g_mentor if mentor else 0.0
        mentored += mentor
        if state[i] == VOLUNTEER:
            gain += g_volunteer
        network[i] += min(gain, 1.0) * (1.0 - network[i])
        if (state[i] == SEARCHING) & (draw(pid[i], key) < uptake):
            state[i], cols.months_in_state[i] = VOLUNTEER, 0
    return mentored
