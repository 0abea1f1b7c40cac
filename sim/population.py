"""Inflow and the traits of arriving status holders.

The municipality houses ``context.inflow_per_year`` adults a year, spread evenly over the
months of arrival (deterministic, so every scenario and replication sees the same inflow
size). Each person's traits are drawn from keyed streams (``sim.rng``) by their stable id,
so adding one person changes nobody else's traits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from sim.params import Value
from sim.rng import Streams

ORIGINS = ("syria", "eritrea", "afghanistan", "iraq", "iran", "turkey", "other")
ORIGIN_LABELS = ("Syria", "Eritrea", "Afghanistan", "Iraq", "Iran", "Turkey", "Other")
EDU_LOW, EDU_MID, EDU_HIGH = 0, 1, 2
ID_STRIDE = 1 << 20  # person id = entry month * ID_STRIDE + rank within the month


def inflow_schedule(p: dict[str, Value]) -> np.ndarray:
    """Number of arrivals per calendar month (permit granted), as evenly as integers allow.

    Args:
        p: Parameter values (uses ``context.inflow_per_year``, ``inflow_months``,
            ``horizon_months``).

    Returns:
        int64 array of length ``horizon_months``.
    """
    horizon = int(p["context.horizon_months"])
    months = int(p["context.inflow_months"]) or horizon
    months = min(months, horizon)
    rate = float(p["context.inflow_per_year"]) / 12.0
    cum = np.floor(rate * np.arange(months + 1) + 1e-9).astype(np.int64)
    counts = np.zeros(horizon, dtype=np.int64)
    counts[:months] = np.diff(cum)
    return counts


@dataclass
class Traits:
    """Fixed traits of all persons, sorted by entry month (arrays of equal length)."""

    pid: np.ndarray  # uint64 stable id
    entry: np.ndarray  # int32 calendar month of the permit
    origin: np.ndarray  # int8 index into ORIGINS
    male: np.ndarray  # bool
    age0: np.ndarray  # float64 age in years at permit
    edu: np.ndarray  # int8 EDU_LOW / EDU_MID / EDU_HIGH
    burden: np.ndarray  # bool psychological health burden
    hours: np.ndarray  # float64 hours a week available for course + work
    lang0: np.ndarray  # float64 Dutch at permit (CEFR scale, A1 = 1)
    sector_u: np.ndarray  # float64 uniform: prior sector draw

    def __len__(self) -> int:
        return len(self.pid)


def _ids(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    entry = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    starts = np.cumsum(counts) - counts
    rank = np.arange(len(entry)) - np.repeat(starts, counts)
    pid = entry.astype(np.uint64) * np.uint64(ID_STRIDE) + rank.astype(np.uint64)
    return pid, entry


def _categorical(u: np.ndarray, weights: np.ndarray) -> np.ndarray:
    cum = np.cumsum(weights) / np.sum(weights)
    return _category_kernel(u, cum)


@njit(cache=True, nogil=True)
def _category_kernel(u, cum):
    """``min(searchsorted(cum, u, side="right"), len(cum) - 1)`` as int8, without a search.

    For non-decreasing ``cum`` the search finds how many shares are <= the draw: counted here.
    """
    out = np.empty(len(u), dtype=np.int8)
    last = len(cum) - 1
    for i in range(len(u)):
        k = 0
        for j in range(len(cum)):
            k += cum[j] <= u[i]
        out[i] = min(k, last)
    return out


def draw_traits(p: dict[str, Value], streams: Streams, counts: np.ndarray | None = None) -> Traits:
    """Draw every person's traits from keyed streams.

    Args:
        p: Parameter values at month 0.
        streams: The run's keyed streams.
        counts: Arrivals per month; defaults to :func:`inflow_schedule`.

    Returns:
        Traits of all persons who will arrive during the horizon.
    """
    counts = inflow_schedule(p) if counts is None else np.asarray(counts, dtype=np.int64)
    pid, entry = _ids(counts)
    u = {name: streams.uniform(name, -1, pid) for name in TRAIT_STREAMS}
    weights = np.array([float(p[f"population.origin_share.{o}"]) for o in ORIGINS])
    if weights.sum() <= 0:
        weights = np.ones(len(ORIGINS))
    male = u["sex"] < float(p["population.share_male"])
    young, older = float(p["population.share_young"]), float(p["population.share_older"])
    age_band = _categorical(u["age_band"], np.array([young, max(0.0, 1 - young - older), older]))
    lo = np.array([18.0, 30.0, 45.0])[age_band]
    hi = np.array([30.0, 45.0, 64.0])[age_band]
    low, high = float(p["population.share_low_education"]), float(p["population.share_high_education"])
    care_share = np.where(male, p["population.care_duty_share_male"], p["population.care_duty_share_female"])
    care = u["care"] < care_share
    return Traits(
        pid=pid,
        entry=entry,
        origin=_categorical(u["origin"], weights),
        male=male,
        age0=lo + (hi - lo) * u["age"],
        edu=_categorical(u["edu"], np.array([low, max(0.0, 1 - low - high), high])),
        burden=u["burden"] < float(p["population.health_burden_share"]),
        hours=np.where(care, float(p["population.hours_care"]), float(p["population.hours_full"])),
        lang0=0.3 * u["lang0"],
        sector_u=u["sector"],
    )


TRAIT_STREAMS = ("sex", "origin", "age_band", "age", "edu", "burden", "care", "lang0", "sector")
