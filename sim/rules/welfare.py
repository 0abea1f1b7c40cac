"""Welfare (bijstand): a household benefit; who is on it and what the municipality pays.

Bijstand is paid to a household, not to an adult (Participatiewet): a household of two adults
gets one couple norm (``costs.welfare_couple_eur_month``, 100% of the net minimum wage), a
household of one adult the single norm (``costs.welfare_single_eur_month``, 70%; a single
parent too, child benefits come from elsewhere). The net earnings of either partner
(``costs.net_wage_eur_month_per_hour`` x job hours a week) are deducted, less the temporary
earnings release in the first ``costs.earnings_release_months`` of a job
(``costs.earnings_release_share`` of the earnings, at most ``costs.earnings_release_max_eur``).
So one partner's job changes the household's benefit, and a person is *on welfare* when they
are in a household that receives bijstand, as CBS counts it.

An adult counts in the household's bijstand when housed in the municipality (not in COA),
under 65 (the old-age pension takes over) and not in the education route (study finance,
assumption). A partner who has not arrived yet, or does not count, leaves the single norm.

Other exits: each month after housing, a household leaves bijstand for another income with
chance ``behaviour.welfare_other_exit`` (study finance, another benefit, moving away) and does
not return. Whether that has happened comes from the principal's fixed draw ``u``: off from
the first month ``m`` since the principal's housing with ``u > (1 - rate) ** (m + 1)``, a
geometric waiting time, so a higher rate moves every exit earlier and never reshuffles who
leaves first. For a single adult this is the rule the model had before households.

An adult who is not working in a household kept off bijstand by the partner's earnings is no
longer a client of the municipality (``people.out_of_view``; T9-346: once the husband's job
ends the household's benefit, the wife may disappear from the municipality's view).
"""

from __future__ import annotations

import math
from typing import NamedTuple, Protocol

import numpy as np
from numba import njit

from sim.rules.context import Derives, HasLedger, HasPeople, Stacked, columns
from sim.rules.segments import row, segment
from sim.states import EDUCATION, JOB_FULL, JOB_PART, WAITING


class Context(Derives, HasPeople, HasLedger, Protocol):
    """What the welfare rule reads and writes: parameters, people, the ledger."""


class Columns(NamedTuple):
    """Person columns of the welfare rule (``welfare`` and ``out_of_view`` are set)."""

    state: np.ndarray
    job_hours: np.ndarray
    job_start: np.ndarray
    housed_at: np.ndarray
    age65_from: np.ndarray
    partner: np.ndarray
    log_u_exit: np.ndarray
    welfare: np.ndarray
    out_of_view: np.ndarray


class Rates(NamedTuple):
    """Norms, earnings and the exit rate in force (euros a month)."""

    single_norm: float  # costs.welfare_single_eur_month
    couple_norm: float  # costs.welfare_couple_eur_month
    wage: float  # costs.net_wage_eur_month_per_hour: net earnings per weekly hour of work
    release_share: float  # costs.earnings_release_share
    release_max: float  # costs.earnings_release_max_eur
    release_months: int  # costs.earnings_release_months
    log_stay: float  # log(1 - behaviour.welfare_other_exit): log of the monthly chance to stay


def update_welfare(ctx: Context, month: int) -> None:
    """Set everyone's welfare flag (their household's) and book the bijstand paid this month."""
    ph = ctx.people
    n = ph.n_active
    couples = int(ph.couple_partners.searchsorted(n))  # couples whose partner has arrived
    pairs = (ph.couple_heads[:couples], ph.couple_partners[:couples])
    paid = _welfare_kernel(n, month, columns(Columns, ph), pairs, tuple(ctx.derived(_rates)))
    ctx.ledger.add("welfare_paid", month, paid)


def update_welfare_stacked(runs: Stacked, month: int) -> None:
    """:func:`update_welfare` of every stacked run in one compiled call."""
    ph, paid = runs.people, np.empty(len(runs.n_active))
    couples = (ph.couple_starts, ph.couple_heads, ph.couple_partners)
    _welfare_stacked(runs.starts, runs.n_active, month, columns(Columns, ph), couples, runs.rates(_rates), paid)
    runs.book("welfare_paid", month, paid)


@njit(cache=True, nogil=True)
def _welfare_stacked(starts, n_active, month, cols, couples, rates, paid):
    """:func:`_welfare_kernel` on each run's segment with its couples and rates; ``paid`` per run.

    ``couples``: where each run's couples start, and the principals and partners (indices in
    the run, ordered by the partner's arrival) of all runs.
    """
    couple_starts, heads, partners = couples
    for r in range(len(n_active)):
        n = n_active[r]
        lo, hi = couple_starts[r], couple_starts[r + 1]
        here = lo + np.searchsorted(partners[lo:hi], n)  # couples whose partner has arrived
        pairs = (heads[lo:here], partners[lo:here])
        paid[r] = _welfare_kernel(n, month, segment(cols, starts[r], starts[r + 1]), pairs, row(rates, r))


def _rates(ctx: Derives) -> Rates:
    p = ctx.p
    rate = float(p["behaviour.welfare_other_exit"])
    return Rates(
        single_norm=float(p["costs.welfare_single_eur_month"]),
        couple_norm=float(p["costs.welfare_couple_eur_month"]),
        wage=float(p["costs.net_wage_eur_month_per_hour"]),
        release_share=float(p["costs.earnings_release_share"]),
        release_max=float(p["costs.earnings_release_max_eur"]),
        release_months=int(p["costs.earnings_release_months"]),
        log_stay=math.log1p(-rate) if rate < 1.0 else -math.inf,
    )


@njit(cache=True, nogil=True, inline="always")
def _welfare_kernel(n, month, cols, pairs, rates):
    """Welfare flags of the first ``n`` persons; returns the bijstand paid (euros).

    A vectorised pass over everyone (:func:`_person_pass`) settles every adult without a
    partner here; the couples (``pairs``: principals and their partners who have arrived)
    are settled after it. The benefits are added in person order, then couple by couple
    (adding 0.0 leaves a sum unchanged bit for bit).
    """
    cols, rates = Columns(*cols), Rates(*rates)
    deducted = np.empty(n)
    counts = np.empty(n, dtype=np.bool_)
    benefit = np.empty(n)
    _person_pass(n, month, cols, rates, deducted, counts, benefit)
    paid = 0.0
    for i in range(n):
        paid += benefit[i]
    heads, partners = pairs
    for k in range(len(heads)):
        paid += _couple(heads[k], partners[k], month, cols, rates, deducted, counts)
    return paid


@njit(cache=True, inline="always")
def _household_stays(month, housed, log_u, log_stay):
    """The household has not left bijstand for another income (see the module docstring)."""
    return log_u <= (month - housed + 1) * log_stay


@njit(cache=True, nogil=True, inline="always")
def _person_pass(n, month, cols, rates, deducted, counts, benefit):
    """Per person: counts in a bijstand household, deductible earnings, and (alone) benefit and flag.

    Selects rather than branches, so the loop vectorises.
    """
    state, job_hours, job_start, housed_at, age65_from = (
        cols.state,
        cols.job_hours,
        cols.job_start,
        cols.housed_at,
        cols.age65_from,
    )
    partner, log_u, welfare, out_of_view = cols.partner, cols.log_u_exit, cols.welfare, cols.out_of_view
    for i in range(n):
        s = state[i]
        housed = housed_at[i]
        c = (housed <= month) & (age65_from[i] > month) & (s != WAITING) & (s != EDUCATION)
        working = (s == JOB_PART) | (s == JOB_FULL)
        earned = job_hours[i] * rates.wage if working else 0.0
        release = min(rates.release_share * earned, rates.release_max)
        d = earned - (release if month - job_start[i] < rates.release_months else 0.0)
        alone = (partner[i] < 0) | (partner[i] >= n)
        b = max(rates.single_norm - d, 0.0) if c & _household_stays(month, housed, log_u[i], rates.log_stay) else 0.0
        b = b if alone else 0.0
        deducted[i] = d
        counts[i] = c
        benefit[i] = b
        welfare[i] = b > 0.0
        out_of_view[i] = False


@njit(cache=True, inline="always")
def _couple(h, q, month, cols, rates, deducted, counts):
    """The bijstand of principal ``h`` and partner ``q``; sets both flags.

    The couple norm when both count, the single norm when one does, less their earnings.
    """
    state, housed_at, log_u, welfare, out_of_view = (
        cols.state,
        cols.housed_at,
        cols.log_u_exit,
        cols.welfare,
        cols.out_of_view,
    )
    members = counts[h] + counts[q]
    norm = rates.couple_norm if members == 2 else rates.single_norm
    earned = (deducted[h] if counts[h] else 0.0) + (deducted[q] if counts[q] else 0.0)
    stays = _household_stays(month, housed_at[h], log_u[h], rates.log_stay) & (members > 0)
    b = max(norm - earned, 0.0) if stays else 0.0
    welfare[h] = counts[h] & (b > 0.0)
    welfare[q] = counts[q] & (b > 0.0)
    by_partner = stays & (members == 2) & (b == 0.0)  # the partner's earnings end the household's bijstand
    out_of_view[h] = by_partner & (state[h] != JOB_PART) & (state[h] != JOB_FULL)
    out_of_view[q] = by_partner & (state[q] != JOB_PART) & (state[q] != JOB_FULL)
    return b
