"""Inflow and the traits of arriving status holders, with their households.

The municipality houses ``context.inflow_per_year`` adults a year: principals (an asylum
permit of their own) spread evenly over the months of arrival, and the partners who come
with them or later (``sim.households``). Each person's traits are drawn from keyed streams
(``sim.rng``) by their stable id, so adding one person changes nobody else's traits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numba import njit

from sim import households
from sim.params import Value
from sim.rng import Streams, uniforms_of_runs

ORIGINS = ("syria", "eritrea", "afghanistan", "iraq", "iran", "turkey", "other")
ORIGIN_LABELS = ("Syria", "Eritrea", "Afghanistan", "Iraq", "Iran", "Turkey", "Other")
EDU_LOW, EDU_MID, EDU_HIGH = 0, 1, 2
ID_STRIDE = 1 << 20  # person id = entry month * ID_STRIDE + rank within the month


# The only parameters traits and households are drawn from (draw_traits reads no other key:
# tests/core/test_population.py records every key it reads).
TRAIT_PREFIXES = ("context.", "household.", "population.")


def trait_values(p: dict[str, Value]) -> str:
    """The values a run's traits are drawn from (:data:`TRAIT_PREFIXES`), as one comparable key.

    Two runs whose parameters give the same key draw the same traits from the same seed,
    whatever else differs (a posterior draw of behaviour, a lever): their traits can be drawn
    together (:func:`draw_traits_of_runs`).
    """
    return repr(sorted((k, v) for k, v in p.items() if k.startswith(TRAIT_PREFIXES)))


def origin_weights(p: dict[str, Value]) -> np.ndarray:
    """Weights of the origin mix (``population.origin_share.*``; equal weights if all are 0)."""
    weights = np.array([float(p[f"population.origin_share.{o}"]) for o in ORIGINS])
    return weights if weights.sum() > 0 else np.ones(len(ORIGINS))


def inflow_schedule(p: dict[str, Value]) -> np.ndarray:
    """Number of principals (adults with a permit of their own) arriving per calendar month.

    ``context.inflow_per_year`` counts every adult housed (principals and the partners who
    come with them or later, ``sim.households``), so principals arrive at that rate divided by
    the expected adults per principal, spread as evenly as integers allow over the months of
    arrival (deterministic, so every scenario and replication sees the same inflow size).

    Args:
        p: Parameter values (uses ``context.inflow_per_year``, ``inflow_months``,
            ``horizon_months`` and the household composition).

    Returns:
        int64 array of length ``horizon_months``.
    """
    horizon = int(p["context.horizon_months"])
    months = int(p["context.inflow_months"]) or horizon
    months = min(months, horizon)
    per_principal = households.adults_per_principal(p, ORIGINS, origin_weights(p))
    rate = float(p["context.inflow_per_year"]) / 12.0 / per_principal
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
    hh_type: np.ndarray  # int8 household type (sim.households: SINGLE .. SINGLE_PARENT)
    role: np.ndarray  # int8 PRINCIPAL, TOGETHER (partner travelling along) or NAREIZIGER
    head: np.ndarray  # int32 index of the household's principal (the person's own for a principal)
    partner: np.ndarray  # int32 index of the partner in the run (-1: none, or arrives after the horizon)
    children: np.ndarray  # int8 children housed together with this adult
    care: np.ndarray  # bool care duties for children (fewer hours, a later course)

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
    out: np.ndarray = _category_kernel(u.ravel(), cum)
    return out.reshape(u.shape)


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
    """Draw every person's traits and household from keyed streams.

    Principals arrive by ``counts``; each brings a household (:func:`sim.households.draw_households`)
    and a partner who arrives within the horizon becomes a person too (id: the principal's
    with ``PARTNER_BIT``; the same origin, the other sex, an age near the principal's). Persons
    are sorted by permit month, principals before partners within a month.

    Args:
        p: Parameter values at month 0.
        streams: The run's keyed streams.
        counts: Principals arriving per month; defaults to :func:`inflow_schedule`.

    Returns:
        Traits of all persons who will arrive during the horizon.
    """
    return draw_traits_of_runs(p, [streams], counts)[0]


def draw_traits_of_runs(p: dict[str, Value], runs: Sequence[Streams], counts: np.ndarray | None = None) -> list[Traits]:
    """:func:`draw_traits` of several runs with the same parameters and arrivals, the principals in one pass.

    The principals (ids, permit months) are the same in every run; their draws, origins,
    households, sexes and ages are made for all runs at once as runs x principals arrays
    (elementwise steps, so each row is what the run draws alone). The partners who come
    differ per run and are drawn and sorted in per run.

    Args:
        p: Parameter values at month 0.
        runs: Each run's keyed streams.
        counts: Principals arriving per month; defaults to :func:`inflow_schedule`.

    Returns:
        Each run's traits, in the order of ``runs``.
    """
    counts = inflow_schedule(p) if counts is None else np.asarray(counts, dtype=np.int64)
    pid, entry = _ids(counts)
    u = dict(zip(TRAIT_STREAMS, uniforms_of_runs(runs, TRAIT_STREAMS, -1, pid), strict=True))
    origin = _categorical(u["origin"], origin_weights(p))
    hh = households.draw_households(p, runs, ORIGINS, (pid, entry, origin))
    principals = _Principals(pid, entry, origin, u["sex"] < _principal_male_share(p, hh.hh_type), _age(p, u), hh)
    comes = (hh.partner_entry >= 0) & (hh.partner_entry < int(p["context.horizon_months"]))
    kids_p = np.where(comes & hh.partner_later, 0, hh.children)
    return [_with_partners(p, s, principals, r, comes[r], kids_p[r], u) for r, s in enumerate(runs)]


class _Principals(NamedTuple):
    """The principals of several runs: ids and permit months (n), the rest runs x n."""

    pid: np.ndarray
    entry: np.ndarray
    origin: np.ndarray
    male: np.ndarray
    age: np.ndarray
    hh: households.Households


def _with_partners(
    p: dict[str, Value],
    streams: Streams,
    pr: _Principals,
    r: int,
    comes: np.ndarray,
    kids_p: np.ndarray,
    u: dict[str, np.ndarray],
) -> Traits:
    """Run ``r``'s principals with the partners who come, drawn from its streams, as one population."""
    hh = pr.hh
    q = np.flatnonzero(comes)  # principals whose partner arrives in the run
    qid = pr.pid[q] | households.PARTNER_BIT
    uq = _draws(streams, qid)
    origin, male, age_p = pr.origin[r], pr.male[r], pr.age[r]
    age_q = np.clip(age_p[q] + households.PARTNER_AGE_GAP * (uq["age"] - 0.5), 18.0, 63.99)
    later = hh.partner_later[r][q]
    hh_type, children = hh.hh_type[r], hh.children[r]
    parts = {
        "pid": (pr.pid, qid),
        "entry": (pr.entry, hh.partner_entry[r][q]),
        "origin": (origin, origin[q]),
        "male": (male, ~male[q]),
        "age0": (age_p, age_q),
        "hh_type": (hh_type, hh_type[q]),
        "role": (np.zeros(len(pr.pid), np.int8), np.where(later, households.NAREIZIGER, households.TOGETHER)),
        "children": (kids_p, np.where(later, children[q], 0)),
        "u": ({k: v[r] for k, v in u.items()}, uq),
    }
    return _assemble(p, parts, q)


def _draws(streams: Streams, pid: np.ndarray) -> dict[str, np.ndarray]:
    return dict(zip(TRAIT_STREAMS, streams.uniforms(TRAIT_STREAMS, -1, pid), strict=True))


def _age(p: dict[str, Value], u: dict[str, np.ndarray]) -> np.ndarray:
    young, older = float(p["population.share_young"]), float(p["population.share_older"])
    age_band = _categorical(u["age_band"], np.array([young, max(0.0, 1 - young - older), older]))
    lo = np.array([18.0, 30.0, 45.0])[age_band]
    hi = np.array([30.0, 45.0, 64.0])[age_band]
    return lo + (hi - lo) * u["age"]


def _principal_male_share(p: dict[str, Value], hh_type: np.ndarray) -> np.ndarray:
    """Chance a principal is a man, by household type (see ``sim.households``)."""
    single = households.single_male_share(p, ORIGINS, origin_weights(p))
    by_type = np.array(
        [single, float(p["household.principal_male_share"]), float(p["household.principal_male_share"]), 0.0]
    )
    by_type[households.SINGLE_PARENT] = households.SINGLE_PARENT_MALE
    return by_type[hh_type]


def _assemble(p: dict[str, Value], parts: dict[str, tuple], q: np.ndarray) -> Traits:
    """Principals and partners in one population, sorted by permit month then id."""
    cols = {k: np.concatenate(v) for k, v in parts.items() if k != "u"}
    u = {k: np.concatenate([parts["u"][0][k], parts["u"][1][k]]) for k in TRAIT_STREAMS}
    order = np.lexsort((cols["pid"], cols["entry"]))
    where = np.empty(len(order), dtype=np.int32)
    where[order] = np.arange(len(order), dtype=np.int32)
    n_p = len(parts["pid"][0])
    head_unsorted = np.concatenate([np.arange(n_p), q]).astype(np.int32)
    partner_unsorted = np.full(len(order), -1, dtype=np.int64)
    partner_unsorted[q] = n_p + np.arange(len(q))
    partner_unsorted[n_p:] = q
    head = where[head_unsorted][order]
    partner = np.where(partner_unsorted >= 0, where[np.maximum(partner_unsorted, 0)], -1)[order].astype(np.int32)
    c = {k: v[order] for k, v in cols.items()}
    u = {k: v[order] for k, v in u.items()}
    low, high = float(p["population.share_low_education"]), float(p["population.share_high_education"])
    care = _care(p, c["male"], c["hh_type"], u["care"])
    return Traits(
        pid=c["pid"],
        entry=c["entry"].astype(np.int32),
        origin=c["origin"],
        male=c["male"],
        age0=c["age0"],
        edu=_categorical(u["edu"], np.array([low, max(0.0, 1 - low - high), high])),
        burden=u["burden"] < float(p["population.health_burden_share"]),
        hours=np.where(care, float(p["population.hours_care"]), float(p["population.hours_full"])),
        lang0=0.3 * u["lang0"],
        sector_u=u["sector"],
        hh_type=c["hh_type"].astype(np.int8),
        role=c["role"].astype(np.int8),
        head=head,
        partner=partner,
        children=c["children"].astype(np.int8),
        care=care,
    )


def _care(p: dict[str, Value], male: np.ndarray, hh_type: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Care duties: a single parent always; in a couple with children the mother and the father by their shares."""
    share = np.where(male, float(p["population.care_duty_share_male"]), float(p["population.care_duty_share_female"]))
    return (hh_type == households.SINGLE_PARENT) | ((hh_type == households.COUPLE_CHILDREN) & (u < share))


TRAIT_STREAMS = ("sex", "origin", "age_band", "age", "edu", "burden", "care", "lang0", "sector")
