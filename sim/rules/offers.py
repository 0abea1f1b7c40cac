"""Compiled job-offer pass: who of the month's seekers gets an offer (see ``sim.rules.labour``).

A seeker gets an offer when their keyed draw is below their offer chance
(:func:`sim.rules.labour.offer_chance`). Computing that chance for everyone costs an ``exp``
and a dozen scattered multiplications per person, so the month runs in three passes:

1. :func:`_bound_pass`, for everyone, with no table look-ups (selects of scalars instead), so
   the compiler turns it into vector instructions: an upper bound of the chance, made of the
   same factors in the same order with the Dutch term replaced by a chord of ``exp`` above it
   (convexity) and a dedicated manager's ratio by the largest one. Every factor is
   non-negative and rounding is monotone, so a draw at or above the bound is no offer.
2. The few under their bound (about 4% of seekers) are gathered into a list.
3. Their exact chance, computed as before (:func:`_chance`), decides.

The decisions equal those of the exact chance for everyone, bit for bit.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from sim.rng import draw
from sim.rules.passes import marked
from sim.states import COURSE, WAITING, is_seeking

MAX_DUTCH = 4.0  # the Dutch term stops growing at B2
SAFETY = 1.0 + 1e-6  # the chord bound times this covers the rounding of exp and of the chord


class OfferLevers(NamedTuple):
    """Scalars of the job-offer chance (built by :func:`sim.rules.labour.offer_levers`)."""

    language_effect: float  # log offer ratio per CEFR level of Dutch
    network: float  # effects.network_ratio - 1: the extra at a full network
    mediation: float  # effects.mediation_ratio
    older: float  # behaviour.older_factor (45+)
    work_first: float  # learning.work_first pressure
    work_first_male: float  # extra offer ratio of men in the course under that pressure
    work_first_female: float  # the same for women
    mediation_share: float  # employers.mediation_share in force (funded)


class OfferColumns(NamedTuple):
    """Person columns the offer pass reads (``mediation``: the fixed draw against the share)."""

    state: np.ndarray
    hours: np.ndarray
    lang: np.ndarray
    offer_mult: np.ndarray
    cm: np.ndarray
    network: np.ndarray
    older_from: np.ndarray
    male: np.ndarray
    mediation: np.ndarray
    pid: np.ndarray


@njit(cache=True, nogil=True, inline="always")
def _dutch_term(lang, lv):
    """exp(language_effect x (Dutch - 3)), Dutch capped at B2 (4)."""
    return np.exp(lv.language_effect * (min(lang, MAX_DUTCH) - 3.0))


@njit(cache=True, nogil=True, inline="always")
def _chance(h, s, terms, mediated, older, male, lv):
    """The offer chance from the Dutch term ``h`` and a person's other terms, capped at 1.

    ``terms`` are the person's fixed-trait ratio, state factor (with the hazard), guidance
    ratio and network; scalars only, so the compiled loop keeps them in registers.
    """
    offer_mult, state_f, guidance_f, network = terms
    h *= offer_mult
    h *= state_f
    h *= guidance_f
    h *= 1.0 + lv.network * network
    h *= lv.mediation if mediated else 1.0  # a factor 1.0 where a ratio does not apply: exact, no branch
    h *= lv.older if older else 1.0
    pressed = (lv.work_first > 0) & (s == COURSE)
    h *= (1.0 + (lv.work_first_male if male else lv.work_first_female)) if pressed else 1.0
    return min(h, 1.0)


@njit(cache=True, nogil=True)
def offer(i, month, cols, state_table, cm_table, lv):
    """Offer chance of person ``i`` (see :func:`sim.rules.labour.offer_chance`).

    ``cols``, ``lv``: :class:`OfferColumns`, :class:`OfferLevers` (plain tuples will do).
    """
    cols, lv = OfferColumns(*cols), OfferLevers(*lv)
    s = cols.state[i]
    mediated = s != WAITING and cols.mediation[i] < lv.mediation_share
    terms = (cols.offer_mult[i], state_table[s], cm_table[cols.cm[i] + 1], cols.network[i])
    older = cols.older_from[i] <= month
    return _chance(_dutch_term(cols.lang[i], lv), s, terms, mediated, older, cols.male[i], lv)


@njit(cache=True, nogil=True, inline="always")
def _dutch_chords(effect):
    """Chords of the Dutch term over levels [k, k + 1], k = 0..3: the values at k and the rises, as scalars.

    Scalars, not arrays: this runs once per run and month, and five small arrays cost more
    than the five ``exp`` calls.
    """
    e0, e1, e2 = np.exp(effect * -3.0), np.exp(effect * -2.0), np.exp(effect * -1.0)
    e3, e4 = np.exp(effect * 0.0), np.exp(effect * 1.0)
    return (e0, e1, e2, e3), (e1 - e0, e2 - e1, e3 - e2, e4 - e3)


@njit(cache=True, nogil=True, inline="always")
def _dutch_bound(lang, at, rise):
    """A value at or above :func:`_dutch_term` (times SAFETY), from the chords; inf below 0."""
    x = min(lang, MAX_DUTCH)
    k = 3.0 if x >= 3.0 else (2.0 if x >= 2.0 else (1.0 if x >= 1.0 else 0.0))
    a = at[3] if x >= 3.0 else (at[2] if x >= 2.0 else (at[1] if x >= 1.0 else at[0]))
    b = rise[3] if x >= 3.0 else (rise[2] if x >= 2.0 else (rise[1] if x >= 1.0 else rise[0]))
    return (a + b * (x - k)) * SAFETY if x >= 0.0 else np.inf


@njit(cache=True, nogil=True, inline="always")
def _state_select(s, t):
    """``t[s]`` for a state 0..8 by selects (a table look-up keeps the loop scalar)."""
    v = t[0] if s == 0 else t[1]
    v = t[2] if s == 2 else v
    v = t[3] if s == 3 else v
    v = t[4] if s == 4 else v
    v = t[5] if s == 5 else v
    v = t[6] if s == 6 else v
    v = t[7] if s == 7 else v
    return t[8] if s == 8 else v


@njit(cache=True, nogil=True, inline="always")
def _bound_pass(n, month, cols, state_table, cm_table, lv, key, flag):
    """Per person: ``flag`` whether seeking and the draw is below the bound; returns the mediated seekers.

    Every table entry and lever is read into a scalar before the loop (the compiler cannot
    tell that the stores to ``flag`` leave them unchanged), so the loop has no look-ups.
    """
    state, hours, lang, offer_mult, cm = cols.state, cols.hours, cols.lang, cols.offer_mult, cols.cm
    network, older_from, male, u_med, pid = cols.network, cols.older_from, cols.male, cols.mediation, cols.pid
    st = state_table
    t = (st[0], st[1], st[2], st[3], st[4], st[5], st[6], st[7], st[8])
    at4, rise4 = _dutch_chords(lv.language_effect)
    g_none, g_regular, g_dedicated = cm_table[0], cm_table[1], cm_table[1:].max()
    net, med_r, old_r, wf_on = lv.network, lv.mediation, lv.older, lv.work_first > 0
    wf_m, wf_f, med_share = lv.work_first_male, lv.work_first_female, lv.mediation_share
    n_med = 0
    for i in range(n):
        s = state[i]
        seeking = is_seeking(s) & (hours[i] > 0)
        m = (s != WAITING) & (u_med[i] < med_share)
        n_med += seeking & m
        c = cm[i]
        h = _dutch_bound(lang[i], at4, rise4) * offer_mult[i]
        h *= _state_select(s, t)
        h *= g_none if c < 0 else (g_regular if c == 0 else g_dedicated)
        h *= 1.0 + net * network[i]
        h *= med_r if m else 1.0
        h *= old_r if older_from[i] <= month else 1.0
        h *= (1.0 + (wf_m if male[i] else wf_f)) if wf_on & (s == COURSE) else 1.0
        flag[i] = seeking & (draw(pid[i], key) < min(h, 1.0))
    return n_med


@njit(cache=True, nogil=True, inline="always")
def offers_kernel(n, month, cols, state_table, cm_table, lv, key):
    """Seekers whose keyed draw is below their offer chance; returns them, their mediation, and the mediated count.

    Args:
        n: Active persons (the prefix of the columns).
        month: Calendar month.
        cols: :class:`OfferColumns` as a plain tuple.
        state_table: Offer factor per state, the hazard included.
        cm_table: Guidance ratio by ``cm + 1`` (no manager, the regular team, each dedicated slot).
        lv: :class:`OfferLevers` as a plain tuple (see :func:`sim.rules.labour.offer_levers`).
        key: Stream key of "job_offer" this month.
    """
    cols, lv = OfferColumns(*cols), OfferLevers(*lv)
    state, lang, offer_mult, cm, network = cols.state, cols.lang, cols.offer_mult, cols.cm, cols.network
    older_from, male, u_med, pid = cols.older_from, cols.male, cols.mediation, cols.pid
    flag = np.empty(n, dtype=np.bool_)
    n_med = _bound_pass(n, month, cols, state_table, cm_table, lv, key, flag)
    near = marked(flag)
    cand = np.empty(len(near), dtype=np.int64)
    med = np.empty(len(near), dtype=np.bool_)
    k = 0
    for i in near:  # the exact chance, as in :func:`offer` (written out: a call per person costs reference counts)
        s = state[i]
        m = (s != WAITING) & (u_med[i] < lv.mediation_share)
        terms = (offer_mult[i], state_table[s], cm_table[cm[i] + 1], network[i])
        if draw(pid[i], key) < _chance(_dutch_term(lang[i], lv), s, terms, m, older_from[i] <= month, male[i], lv):
            cand[k], med[k] = i, m
            k += 1
    return cand[:k], med[:k], n_med
