"""Welfare (bijstand): who receives it and what the municipality pays.

A housed status holder receives welfare unless in full-time work, in the education route
(study finance instead; assumption) or in a part-time job of ``costs.parttime_topup_hours``
or more. Part-time workers below that get a top-up in proportion to the hours they miss.
People still in COA (waiting for housing) receive no municipal welfare.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.states import EDUCATION, JOB_FULL, JOB_PART, WAITING, lut

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

NO_WELFARE = lut(WAITING, EDUCATION, JOB_FULL)


def update_welfare(model: MunicipalityModel, month: int) -> None:
    """Set the welfare flag of everyone and book the welfare paid this month."""
    ph, p = model.people, model.p
    n = ph.n_active
    topup_h = float(p["costs.parttime_topup_hours"])
    part = ph.state[:n] == JOB_PART
    on = ~NO_WELFARE[ph.state[:n]] & ~(part & (ph.job_hours[:n] >= topup_h))
    ph.welfare[:n] = on
    share = np.where(part, 1.0 - ph.job_hours[:n] / max(topup_h, 1e-9), 1.0)
    paid = float(np.sum(share[on])) * float(p["costs.welfare_eur_month"])
    model.ledger.add("welfare_paid", month, paid)
