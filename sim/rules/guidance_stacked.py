"""The ``guidance`` phase of stacked runs: :meth:`sim.model.MunicipalityModel.guidance` of every run.

Every run first syncs its client managers (Mesa agents; nothing happens while its parameters
keep their version). The runs without dedicated managers (every client to the regular team)
are one compiled call of the regular rule on each run's segment; a run with dedicated
managers assigns its caseloads itself (:meth:`MunicipalityModel.assign_dedicated`). The
money and the calendar are then booked for all runs at once, with each run's own values and
the same float operations, so every run is bit for bit its run alone
(``tests/core/test_stacked.py``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numba import njit

from sim.agents.client_managers import _dedicated_kernel, _regular_kernel, settle_dedicated, sync_managers
from sim.rules.context import Stacked
from sim.rules.segments import segment
from sim.states import NOT_CLIENT, lut

NOT_CLIENT_TABLE = lut(*NOT_CLIENT)  # as sim.model's


class GuidanceRates(NamedTuple):
    """A run's managers as the month's bookkeeping needs them (set by ``sync_managers``)."""

    regular_only: bool  # no dedicated managers: every client to the regular team
    regular_caseload: float  # guidance.regular_caseload: clients per regular FTE
    dedicated_fte: float  # the dedicated managers' FTE together (0 without them)
    cost_month: float  # costs.cm_fte_eur_year / 12: euros a month an FTE


def _guidance_rates(m: Any) -> GuidanceRates:
    """A function of the parameters alone: ``sync_managers`` sets the managers from them."""
    return GuidanceRates(
        regular_only=not m.dedicated,
        regular_caseload=m.regular.caseload_cap,
        dedicated_fte=sum(a.fte for a in m.dedicated),
        cost_month=float(m.p["costs.cm_fte_eur_year"]) / 12.0,
    )


def guidance_stacked(runs: Stacked, month: int) -> None:
    """Every run's client managers and caseloads this month; sets each model's ``n_clients``."""
    runs.per_version(sync_managers, _nothing)  # each run's managers synced when its parameters change
    regular_only, caseload, dedicated, cost_month = runs.rates(_guidance_rates)
    clients = np.zeros(len(runs.models), dtype=np.int64)
    ph = runs.people
    cols = (ph.housed_at, ph.state, ph.out_of_view, ph.cm)
    _regular_stacked(runs.starts, runs.n_active, month, cols, NOT_CLIENT_TABLE, regular_only, clients)
    regular_fte = clients / caseload
    in_dedicated = np.zeros(len(runs.models), dtype=np.int64)
    which = np.flatnonzero(~regular_only)
    if len(which):
        _assign_dedicated(runs, month, which, clients, (regular_fte, in_dedicated))
    _settle(runs, clients, regular_fte, regular_only)
    runs.book("client_managers_dedicated", month, dedicated * cost_month)
    runs.book("client_managers_regular", month, regular_fte * cost_month)
    for name, values in (("clients", clients), ("clients_dedicated", in_dedicated), ("dedicated_fte", dedicated)):
        runs.calendar[name][:, month] = values


def _assign_dedicated(runs: Stacked, month: int, which: np.ndarray, clients: np.ndarray, out: tuple) -> None:
    """:meth:`MunicipalityModel.assign_dedicated` of the runs ``which`` (with dedicated managers), compiled in one call.

    Each run's :func:`sim.agents.client_managers._dedicated_kernel` on its segment with its
    managers' capacities; a run where a manager is over capacity then applies the general rule
    itself (:meth:`MunicipalityModel.over_capacity`).

    Args:
        runs: The stacked runs.
        month: Calendar month.
        which: The runs with dedicated managers.
        clients: Each run's clients this month (set for ``which``).
        out: Each run's regular FTE and clients of dedicated managers (set for ``which``).
    """
    regular_fte, in_dedicated = out
    caps, cap_starts = runs.per_version(_dedicated_caps, _with_starts)
    finals = np.zeros(len(caps) + len(runs.models), dtype=np.int64)  # run r's slots: finals[cap_starts[r] + r:]
    ph = runs.people
    cols = (ph.housed_at, ph.state, ph.out_of_view, ph.cm)
    order = (runs.concatenated(_priority_rank), runs.stacked(_cohort_starts))
    got = np.zeros(len(runs.models), dtype=np.int64)
    _dedicated_stacked(
        runs.starts, runs.n_active, month, which, cols, NOT_CLIENT_TABLE, order, (caps, cap_starts), finals, got
    )
    for r in which.tolist():
        m = runs.models[r]
        if got[r] < 0:
            clients[r] = m.over_capacity(month)
        else:
            clients[r] = got[r]
            settle_dedicated(m, finals[cap_starts[r] + r : cap_starts[r + 1] + r + 1])
        regular_fte[r] = m.regular.fte
        in_dedicated[r] = sum(a.clients for a in m.dedicated)


def _dedicated_caps(m: Any) -> np.ndarray:
    """Each dedicated manager's capacity (``sync_managers`` sets them from the parameters)."""
    return m.dedicated_caps


def _with_starts(values: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The arrays concatenated, and where each starts (length + 1)."""
    return np.concatenate(values), np.concatenate(([0], np.cumsum([len(v) for v in values])))


def _priority_rank(m: Any) -> np.ndarray:
    return m.priority_rank


def _cohort_starts(m: Any) -> np.ndarray:
    return m.cohort_starts


@njit(cache=True, nogil=True)
def _dedicated_stacked(starts, n_active, month, which, cols, not_client, order, caps, finals, got):
    """:func:`sim.agents.client_managers._dedicated_kernel` of each run of ``which`` on its segment."""
    housed_at, state, out_of_view, cm = cols
    rank, cohort_starts = order
    caps_all, cap_starts = caps
    for r in which:
        lo, hi, a, b = starts[r], starts[r + 1], cap_starts[r], cap_starts[r + 1]
        got[r] = _dedicated_kernel(
            n_active[r], month, housed_at[lo:hi], state[lo:hi], not_client, out_of_view[lo:hi], cm[lo:hi],
            rank[lo:hi], cohort_starts[r], caps_all[a:b], finals[a + r : b + r + 1],
        )  # fmt: skip


def _nothing(values: list[None]) -> None:
    return None


def _settle(runs: Stacked, clients: np.ndarray, regular_fte: np.ndarray, regular_only: np.ndarray) -> None:
    """Each model's clients this month, and its regular team's clients and FTE (runs without dedicated managers)."""
    for m, n, fte, only in zip(runs.models, clients.tolist(), regular_fte.tolist(), regular_only.tolist(), strict=True):
        m.n_clients = n
        if only:
            m.regular.clients, m.regular.fte = n, fte


@njit(cache=True, nogil=True)
def _regular_stacked(starts, n_active, month, cols, not_client, regular_only, clients):
    """:func:`sim.agents.client_managers._regular_kernel` on the segment of each run without dedicated managers."""
    for r in range(len(n_active)):
        if regular_only[r]:
            housed_at, state, out_of_view, cm = segment(cols, starts[r], starts[r + 1])
            clients[r] = _regular_kernel(n_active[r], month, housed_at, state, not_client, out_of_view, cm)
