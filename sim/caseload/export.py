"""Write a caseload file from a model run: the synthetic example and the restart test use it.

:func:`caseload_frame` describes the people housed in the municipality at the end of a month
(aged 18-64, past COA) in the caseload file format (:mod:`sim.caseload.columns`): what the
model knows beyond the file (exact Dutch, age, fixed draws) is left out, as a municipality's
file would leave it out. Only simulated people are ever written; a real file is never.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.caseload.columns import DUTCH_LEVELS, STATE_NAMES, TEMPLATE_COLUMNS
from sim.households import HOUSEHOLD_TYPES
from sim.population import ORIGINS
from sim.states import WAITING

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

EXAM_NAMES = ("none", "passed", "exempt")


def exported(model: MunicipalityModel, month: int) -> np.ndarray:
    """Indices of the people a caseload file at the end of ``month`` holds (housed, 18-64)."""
    ph = model.people
    n = ph.n_active
    keep = (ph.housed_at[:n] <= month) & (ph.state[:n] != WAITING) & (ph.age65_from[:n] > month)
    return np.flatnonzero(keep)


def caseload_frame(model: MunicipalityModel, month: int) -> pd.DataFrame:
    """The model's housed people at the end of ``month`` as a caseload file (one row per adult).

    Args:
        model: A model stepped up to and including ``month``.
        month: The calendar month the file describes (its end).

    Returns:
        The rows in the file format, ``local_id`` 1..n in the model's order.
    """
    ph = model.people
    idx = exported(model, month)
    local = np.full(len(ph), -1, dtype=np.int64)
    local[idx] = np.arange(1, len(idx) + 1)
    partner = ph.partner[idx]
    partner_local = np.where(partner >= 0, local[np.maximum(partner, 0)], -1)
    age = ph.age0[idx] + (month - ph.entry[idx]) / 12.0
    return pd.DataFrame(
        {
            "local_id": local[idx],
            "partner_id": [str(p) if p > 0 else "" for p in partner_local],
            "months_since_permit": month - ph.entry[idx].astype(np.int64),
            "sex": np.where(ph.male[idx], "male", "female"),
            "age_band": np.select([age < 30.0, age < 45.0], ["18-29", "30-44"], "45-64"),
            "origin": np.array(ORIGINS)[ph.origin[idx]],
            "household": np.array(HOUSEHOLD_TYPES)[ph.hh_type[idx]],
            "dutch_level": np.array([lv.upper() if lv != "none" else lv for lv in DUTCH_LEVELS])[
                np.clip(np.floor(ph.lang[idx]).astype(np.int64), 0, 4)
            ],
            "exam": np.array(EXAM_NAMES)[ph.exam[idx]],
            "state": [STATE_NAMES[int(s)] for s in ph.state[idx]],
            "bijstand": np.where(ph.welfare[idx], "yes", "no"),
        },
        columns=list(TEMPLATE_COLUMNS),
    )


def model_at(model: MunicipalityModel, month: int) -> MunicipalityModel:
    """Step ``model`` up to and including calendar ``month``; returns it."""
    while model.month < month:
        model.step()
    return model
