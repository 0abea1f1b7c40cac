"""Households: who lives with whom, and who follows later (family reunion, theme 9).

Each adult status holder with a permit of their own (a *principal*) forms a household: alone
(single), alone with children (single parent), or with a partner, with or without children.
The partner travels along (same permit month) or stayed behind and follows later as a
*nareiziger* once family reunion is granted, after a delay that depends on the origin (Syrians
8 months, others 11, T9-339); a refused partner never comes (31%, T9-341) and the principal
stays alone. The partner is an adult the model follows like any other; children are counted
(housing task, care duties) but not followed.

The composition is drawn per principal from keyed streams (``sim.rng``) by the principal's id,
so the same principal has the same household in every scenario and at any inflow; a partner's
id is the principal's with :data:`PARTNER_BIT` set. ``context.inflow_per_year`` counts adults
housed a year (principals and partners): principals arrive at that rate divided by the
expected adults per principal (:func:`adults_per_principal`).

Sex: the principal of a couple is a man with ``household.principal_male_share`` (men travel
first, their wives with young children follow, T9-346) and the partner is of the other sex;
a single parent is a woman with chance 1 - :data:`SINGLE_PARENT_MALE`; singles are men with
the chance that makes the share of men among all adults ``population.share_male``
(:func:`single_male_share`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.params import Value
from sim.rng import Streams, uniforms_of_runs

SINGLE, COUPLE, COUPLE_CHILDREN, SINGLE_PARENT = 0, 1, 2, 3
HOUSEHOLD_TYPES = ("single", "couple", "couple_children", "single_parent")
PRINCIPAL, TOGETHER, NAREIZIGER = 0, 1, 2  # a person's role in the household
PARTNER_BIT = np.uint64(1 << 62)  # partner id = principal id | PARTNER_BIT
SINGLE_PARENT_MALE = 0.1  # share of men among single parents (assumption: mostly mothers, T9-335)
PARTNER_AGE_GAP = 10.0  # a partner's age is the principal's +- half this (years; assumption)
STREAMS = ("hh_partner", "hh_later", "hh_granted", "hh_delay", "hh_children", "hh_kids_n", "hh_single_parent")


def _origin_params(p: dict[str, Value], name: str, origins: tuple[str, ...]) -> np.ndarray:
    return np.array([float(p[f"household.{name}.{o}"]) for o in origins])


def composition(p: dict[str, Value], origins: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Per origin: chance of a partner who comes (together or granted later), of a single parent.

    Returns:
        ``partner_here`` (a partner who will be in the Netherlands), ``together`` (the partner
        travels along), ``single_parent`` (no partner here, children), each by origin.
    """
    partner = _origin_params(p, "partner_share", origins)
    later = _origin_params(p, "reunion_share", origins)
    granted = float(p["household.reunion_granted"])
    here = partner * ((1.0 - later) + later * granted)
    single_parent = (1.0 - here) * float(p["household.single_parent_share"])
    return {"partner_here": here, "together": partner * (1.0 - later), "single_parent": single_parent}


def adults_per_principal(p: dict[str, Value], origins: tuple[str, ...], weights: np.ndarray) -> float:
    """Expected adults a principal brings into the housing task: 1 plus a partner who comes."""
    w = weights / weights.sum()
    return float(1.0 + np.dot(w, composition(p, origins)["partner_here"]))


def single_male_share(p: dict[str, Value], origins: tuple[str, ...], weights: np.ndarray) -> float:
    """Share of men among single principals so that men are ``population.share_male`` of all adults.

    Every couple here has one man; single parents are men with :data:`SINGLE_PARENT_MALE`.
    Clipped to [0, 1] when the household mix cannot reach the share.
    """
    w = weights / weights.sum()
    c = composition(p, origins)
    couples, parents = float(np.dot(w, c["partner_here"])), float(np.dot(w, c["single_parent"]))
    singles = 1.0 - couples - parents
    men = float(p["population.share_male"]) * (1.0 + couples) - couples - parents * SINGLE_PARENT_MALE
    return float(np.clip(men / singles, 0.0, 1.0)) if singles > 0 else 0.0


@dataclass
class Households:
    """The household of each principal (arrays in principal order; runs x principals when drawn).

    Attributes:
        hh_type: SINGLE, COUPLE, COUPLE_CHILDREN or SINGLE_PARENT (as the household will be here).
        partner_entry: Permit month of the partner in the Netherlands (-1: no partner comes).
        partner_later: Whether the partner follows later (a nareiziger).
        children: Number of children (0 without).
    """

    hh_type: np.ndarray
    partner_entry: np.ndarray
    partner_later: np.ndarray
    children: np.ndarray


def draw_households(
    p: dict[str, Value], runs: Sequence[Streams], origins: tuple[str, ...], principals: tuple[np.ndarray, ...]
) -> Households:
    """Draw every principal's household from keyed streams (by the principal's id), for several runs at once.

    The runs share the parameters and the principals (ids and permit months); each draws from
    its own streams. Every step is elementwise, so row ``r`` is the households run ``r`` draws alone.

    Args:
        p: Parameter values at month 0.
        runs: Each run's keyed streams.
        origins: Origin names (``sim.population.ORIGINS``).
        principals: The principals' ids and permit months (length n), and each run's origin
            indices (runs x n).

    Returns:
        The households, runs x principals.
    """
    pid, entry, origin = principals
    ORIGINS = origins  # noqa: N806
    u = dict(zip(STREAMS, uniforms_of_runs(runs, STREAMS, -1, pid), strict=True))
    partner = u["hh_partner"] < _origin_params(p, "partner_share", ORIGINS)[origin]
    later = partner & (u["hh_later"] < _origin_params(p, "reunion_share", ORIGINS)[origin])
    comes = partner & (~later | (u["hh_granted"] < float(p["household.reunion_granted"])))
    delay_mean = _origin_params(p, "reunion_delay_months", ORIGINS)[origin]
    delay = np.floor(delay_mean * (0.5 + u["hh_delay"]) + 0.5).astype(np.int32)
    partner_entry = np.where(comes, entry + np.where(later, delay, 0), -1).astype(np.int32)
    kids = comes & (u["hh_children"] < float(p["household.children_share"]))
    parent = ~comes & (u["hh_single_parent"] < float(p["household.single_parent_share"]))
    hh_type = np.select([kids, comes, parent], [COUPLE_CHILDREN, COUPLE, SINGLE_PARENT], SINGLE).astype(np.int8)
    mean_kids = float(p["household.children_per_family"])
    n_kids = np.maximum(np.floor(mean_kids + u["hh_kids_n"]), 1.0)  # whole numbers, mean_kids on average
    children = np.where(kids | parent, n_kids, 0).astype(np.int8)
    return Households(hh_type, partner_entry, comes & later, children)
