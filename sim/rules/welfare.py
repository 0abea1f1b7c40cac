"""Welfare (bijstand): who receives it and what the municipality pays.

A housed status holder receives welfare unless in full-time work, in the education route
(study finance instead; assumption) or in a part-time job of ``costs.parttime_topup_hours``
or more. Part-time workers below that get a top-up in proportion to the hours they miss.
People still in COA (waiting for housing) receive no municipal welfare, nor do people of 65
or more (the national old-age pension, AOW, takes over).

Other exits: each month after housing, a person leaves bijstand for another income with
chance ``behaviour.welfare_other_exit`` (a partner's income under the household means test,
study finance, another benefit, moving away; the model has no households), and does not
return. Whether that exit has happened comes from the person's fixed draw ``u``: off
welfare from the first month ``m`` since housing with ``u > (1 - rate) ** (m + 1)``, a
geometric waiting time (``P(left by m) = 1 - (1 - rate) ** (m + 1)``), so a higher rate moves
everyone's exit earlier and never reshuffles who leaves first.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from numba import njit

from sim.states import EDUCATION, JOB_FULL, JOB_PART, WAITING

if TYPE_CHECKING:
    from sim.model import MunicipalityModel


def update_welfare(model: MunicipalityModel, month: int) -> None:
    """Set the welfare flag of everyone and book the welfare paid this month."""
    ph, p = model.people, model.p
    topup_h = float(p["costs.parttime_topup_hours"])
    rate = float(p["behaviour.welfare_other_exit"])
    log_stay = math.log1p(-rate) if rate < 1.0 else -math.inf  # log of the monthly chance to stay
    args = (ph.state, ph.job_hours, ph.housed_at, ph.age65_from, ph.welfare, topup_h, ph.log_u_exit, log_stay)
    shares = _welfare_kernel(ph.n_active, month, *args)
    model.ledger.add("welfare_paid", month, shares * float(p["costs.welfare_eur_month"]))


@njit(cache=True, inline="always")
def _welfare_person(month, s, h, housed, age65, log_u, topup_h, log_stay):
    """(on welfare, benefit share) of one person; the share is 0.0 when not on welfare.

    Written with selects rather than branches (states and flags are mixed, so branches
    mispredict); every term is a pure function of the person's values, so computing all of
    them gives the same flag as the short-circuit form. ``log_u`` is the log of the person's
    fixed exit draw and ``log_stay`` is ``log(1 - behaviour.welfare_other_exit)``: still
    eligible while ``log_u <= (m + 1) * log_stay``.
    """
    part = s == JOB_PART
    on = (housed <= month) & (age65 > month) & (s != WAITING) & (s != EDUCATION) & (s != JOB_FULL)
    on = on & (log_u <= (month - housed + 1) * log_stay) & (not (part & (h >= topup_h)))
    share = 1.0 - h / max(topup_h, 1e-9) if part else 1.0
    return on, (share if on else 0.0)


@njit(cache=True, nogil=True)
def _welfare_kernel(n, month, state, job_hours, housed_at, age65_from, welfare, topup_h, log_u, log_stay):
    """Welfare flags; returns the sum of benefit shares paid (1 full, less for part-time).

    The flags and shares come from a vectorised pass (:func:`_shares_pass`); the shares are
    then added in person order (adding 0.0 for people off welfare leaves the sum unchanged
    bit for bit: it is never negative). The additions are a chain the processor cannot
    overlap, so they get a loop of their own.
    """
    share = np.empty(n)
    _shares_pass(n, month, state, job_hours, housed_at, age65_from, welfare, topup_h, log_u, log_stay, share)
    paid = 0.0
    for i in range(n):
        paid += share[i]
    return paid


@njit(cache=True, nogil=True)
def _shares_pass(n, month, state, job_hours, housed_at, age65_from, welfare, topup_h, log_u, log_stay, share):
    """Per person: the welfare flag and the benefit share (see :func:`_welfare_person`)."""
    for i in range(n):
        on, paid = _welfare_person(
            month, state[i], job_hours[i], housed_at[i], age65_from[i], log_u[i], topup_h, log_stay
        )
        welfare[i] = on
        share[i] = paid
