"""Helpers shared by the core tests (plain functions; fixtures live in ``conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from sim.model import MunicipalityModel
from sim.states import JOB_FULL, JOB_PART, N_STATES, lut

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "scenarios"
JOB = lut(JOB_PART, JOB_FULL)
SMALL = {"context.inflow_per_year": 240, "context.inflow_months": 24, "context.horizon_months": 48}


def step_months(model: MunicipalityModel, months: int | None = None) -> Iterator[int]:
    """Step a model month by month, yielding the calendar month just simulated."""
    last = model.horizon if months is None else min(months, model.horizon)
    while model.month < last - 1:
        model.step()
        yield model.month


def state_counts(model: MunicipalityModel) -> np.ndarray:
    """Persons per state among the active."""
    ph = model.people
    return np.bincount(ph.state[: ph.n_active], minlength=N_STATES)


def unhoused(model: MunicipalityModel) -> np.ndarray:
    """Mask over active persons still waiting in COA this month."""
    ph = model.people
    return ph.housed_at[: ph.n_active] > model.month
