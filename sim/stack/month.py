"""The phases of a month (:data:`sim.model.MONTH`) that stacked runs make in one call.

A phase missing here runs on each model in turn (on its views of the stacked columns), so
every phase can be stacked on its own and the month's order never changes. A stacked phase
must leave every run exactly as its phase alone would (``tests/core/test_stacked.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numba import njit

from sim.recording import record_stacked
from sim.rules import (
    dual_stacked,
    guidance_stacked,
    health,
    idle,
    intake,
    labour,
    learning,
    network,
    offers_stacked,
    welfare,
)
from sim.rules.context import Stacked


def age(runs: Stacked, month: int) -> None:
    """Months in state + 1 for everyone active (the ``ageing`` phase)."""
    _age_stacked(runs.starts, runs.n_active, runs.people.months_in_state)


@njit(cache=True, nogil=True)
def _age_stacked(starts, n_active, months_in_state):
    """``months_in_state[:n_active] += 1`` of each run's segment."""
    for r in range(len(n_active)):
        for i in range(starts[r], starts[r] + n_active[r]):
            months_in_state[i] += 1


def levers(runs: Stacked, month: int) -> None:
    """:meth:`~sim.model.MunicipalityModel.begin_month` of the runs whose levers can change this month.

    A run's month changes nothing unless it is month 0, a month of one of its dated changes or
    the month its extra money stops (``funding.end_month`` in force): in every other month
    ``Params.set_month`` finds the funding state it already has, so the call is skipped.
    ``runs.lever_months`` (runs x months) marks those months: month 0 and the dated changes
    from the start (:func:`lever_months`), the end in force after each call (month 0 in force,
    or a change that moved it).
    """
    for r in np.flatnonzero(runs.lever_months[:, month]).tolist():
        m = runs.models[r]
        m.begin_month(month)
        end = int(m.p["funding.end_month"])
        if month < end < runs.lever_months.shape[1]:
            runs.lever_months[r, end] = True


def lever_months(models: Sequence[Any], horizon: int) -> np.ndarray:
    """Month 0 and each run's dated changes (runs x months); :func:`levers` adds the money's end in force."""
    out = np.zeros((len(models), horizon), dtype=np.bool_)
    out[:, 0] = True
    for r, m in enumerate(models):
        out[r, [c for c, _ in m.scenario.changes if 0 <= c < horizon]] = True
    return out


CHANGES_PARAMETERS = frozenset({"levers"})  # stacked phases that may change a run's parameters
STACKED: dict[str, Callable[[Stacked, int], None]] = {
    "levers": levers,
    "ageing": age,
    "intake": lambda runs, t: intake.admit_and_house_stacked(runs, t),
    "courses": lambda runs, t: learning.start_courses_stacked(runs, t),
    "health": lambda runs, t: health.health_month_stacked(runs, t),
    "guidance": lambda runs, t: guidance_stacked.guidance_stacked(runs, t),
    "dual_tracks": lambda runs, t: dual_stacked.dual_tracks_stacked(runs, t),
    "learning": lambda runs, t: learning.learning_month_stacked(runs, t),
    "network": lambda runs, t: network.network_month_stacked(runs, t),
    "jobs": lambda runs, t: labour.jobs_month_stacked(runs, t),
    "vacancies": lambda runs, t: labour.post_vacancies_stacked(runs, t),
    "offers": lambda runs, t: offers_stacked.job_offers_stacked(runs, t),
    "idle": lambda runs, t: idle.idle_month_stacked(runs, t),
    "job_costs": lambda runs, t: labour.job_costs_stacked(runs, t),
    "hours": lambda runs, t: learning.allocate_hours_stacked(runs, t),
    "welfare": lambda runs, t: welfare.update_welfare_stacked(runs, t),
    "recording": lambda runs, t: record_stacked(runs, t),
    "education": lambda runs, t: learning.finish_education_stacked(runs, t),
}
