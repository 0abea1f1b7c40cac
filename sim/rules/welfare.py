"""Welfare (bijstand): who receives it and what the municipality pays.

A housed status holder receives welfare unless in full-time work, in the education route
(study finance instead; assumption) or in a part-time job of ``costs.parttime_topup_hours``
or more. Part-time workers below that get a top-up in proportion to the hours they miss.
People still in COA (waiting for housing) receive no municipal welfare, nor do people of 65
or more (the national old-age pension, AOW, takes over).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from numba import njit

from sim.states import EDUCATION, JOB_FULL, JOB_PART, WAITING

if TYPE_CHECKING:
    from sim.model import MunicipalityModel


def update_welfare(model: MunicipalityModel, month: int) -> None:
    """Set the welfare flag of everyone and book the welfare paid this month."""
    ph, p = model.people, model.p
    topup_h = float(p["costs.parttime_topup_hours"])
    shares = _welfare_kernel(
        ph.n_active, month, ph.state, ph.job_hours, ph.housed_at, ph.age65_from, ph.welfare, topup_h
    )
    model.ledger.add("welfare_paid", month, shares * float(p["costs.welfare_eur_month"]))


@njit(cache=True)
def _welfare_kernel(n, month, state, job_hours, housed_at, age65_from, welfare, topup_h):
    """Welfare flags; returns the sum of benefit shares paid (1 full, less for part-time)."""
    paid = 0.0
    for i in range(n):
        s = state[i]
        part = s == JOB_PART
        on = housed_at[i] <= month and age65_from[i] > month and s not in (WAITING, EDUCATION, JOB_FULL)
        on = on and not (part and job_hours[i] >= topup_h)
        welfare[i] = on
        if on:
            paid += 1.0 - job_hours[i] / max(topup_h, 1e-9) if part else 1.0
    return paid
