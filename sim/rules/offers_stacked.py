"""The ``offers`` phase of stacked runs: offers, employer choice, hiring and job starts of every run.

:func:`sim.rules.labour.job_offers` of each stacked run (``sim.stack``), in three compiled
calls for all runs and one numpy step: the offers kernel on each run's segment; the employer
each candidate applies to (:func:`hiring.choice_kernel`); the work-first sector step of the
pushed candidates of every run at once (the numpy rows of :func:`labour._feasible_sector`,
each row computed alone, with its run's requirements); then each run's hiring decisions
(:func:`hiring.hiring_kernel`, its employers' vacancies and hires a row of the stacked
runs x employers arrays) and job starts (:func:`hiring.start_kernel`). Every call is the
run's own kernel on its segment with its keys and levers, so each run is bit for bit its run
alone (``tests/core/test_stacked.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from sim.agents.employers import SECTORS, Terms, employer_index
from sim.rules import hiring, offers
from sim.rules.context import Derives, Stacked, columns
from sim.rules.labour import (
    CHOICE_STREAMS,
    HIRE_STREAMS,
    PRIOR_SECTOR_MATCH,
    SECTOR_CUM,
    SECTOR_WEIGHTS,
    START_STREAMS,
    _fill,
    _offer_tables,
    _sector_requirements,
    _start_levers,
    offer_levers,
)
from sim.rules.segments import row, segment


class Candidates:
    """This month's candidates of every run: run ``r``'s ``count[r]`` at ``starts[r]`` (indices in the run).

    The per-person arrays are the runs' work arrays (:meth:`Stacked.scratch`), written before
    they are read: each kernel writes run ``r``'s first ``count[r]`` places, and the choice
    kernel clears ``pushed`` everywhere first.

    Args:
        runs: The stacked runs (room for every person as a candidate).
    """

    def __init__(self, runs: Stacked) -> None:
        self.cand, self.med = runs.scratch("offers.cand", np.int64), runs.scratch("offers.med", np.bool_)
        self.choice, self.pushed = runs.scratch("offers.choice", np.int64), runs.scratch("offers.pushed", np.bool_)
        self.u_sec = runs.scratch("offers.u_sec", np.float64)
        n_runs = len(runs.models)
        self.count, self.n_med = np.zeros(n_runs, dtype=np.int64), np.zeros(n_runs, dtype=np.int64)


def job_offers_stacked(runs: Stacked, month: int) -> None:
    """:func:`sim.rules.labour.job_offers` of every stacked run; sets each run's ``calendar["hires"]``."""
    got = Candidates(runs)
    _offers(runs, month, got)
    runs.book("mediation", month, got.n_med * runs.stacked(_mediation_cost))
    hires = np.zeros(len(runs.models), dtype=np.int64)
    if got.count.any():
        _choose(runs, month, got)
        _hire(runs, month, got, hires)
    runs.calendar["hires"][:, month] = hires


def _offers(runs: Stacked, month: int, got: Candidates) -> None:
    """Every run's offers kernel: its candidates and whether a mediator knows them."""
    (keys,) = runs.keys(("job_offer",), month)
    tables = runs.per_version(_offer_tables, _stack_offer_tables)
    cols = columns(offers.OfferColumns, runs.people)
    out = (got.cand, got.med, got.count, got.n_med)
    _offers_stacked(runs.starts, runs.n_active, month, cols, tables, runs.rates(offer_levers), keys, out)


def _mediation_cost(ctx: Derives) -> float:
    return float(ctx.p["costs.mediation_eur_month"])


def _stack_offer_tables(tables: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each run's state table stacked, and its guidance ratios concatenated with where each run's start."""
    cm = [c for _, c in tables]
    return np.stack([s for s, _ in tables]), np.concatenate(cm), np.concatenate([[0], np.cumsum([len(c) for c in cm])])


@njit(cache=True, nogil=True)
def _offers_stacked(starts, n_active, month, cols, tables, levers, keys, out):
    """:func:`offers.offers_kernel` on each run's segment with its tables, levers and key.

    ``out``: candidates and their mediation (run ``r``'s ``count[r]`` at ``starts[r]``, indices
    in the run), the count and the mediated count per run.
    """
    state_tables, cm_tables, cm_starts = tables
    cand, med, count, n_med = out
    for r in range(len(n_active)):
        lo = starts[r]
        cm = cm_tables[cm_starts[r] : cm_starts[r + 1]]
        seg = segment(cols, lo, starts[r + 1])
        c, m, n_med[r] = offers.offers_kernel(n_active[r], month, seg, state_tables[r], cm, row(levers, r), keys[r])
        cand[lo : lo + len(c)], med[lo : lo + len(c)] = c, m
        count[r] = len(c)


def _choose(runs: Stacked, month: int, got: Candidates) -> None:
    """The employer each run's candidates apply to (:func:`sim.rules.labour._employer_choice`)."""
    ph = runs.people
    cols = (ph.pid, runs.concatenated(_sector_u), ph.screened)
    work_first = runs.per_version(_work_first, np.array)
    out = (got.choice, got.pushed, got.u_sec)
    keys = runs.keys(CHOICE_STREAMS, month)
    if _choose_stacked(runs.starts, got.count, got.cand, got.med, cols, keys, work_first, out):
        pushed = np.flatnonzero(got.pushed)  # only within each run's candidates (the kernel clears the rest)
        run_of = np.searchsorted(runs.starts, pushed, side="right") - 1
        lang = ph.lang[runs.starts[run_of] + got.cand[pushed]]
        sector = _feasible_sectors(runs, run_of, lang, got.u_sec[pushed])
        got.choice[pushed] = employer_index(sector, got.choice[pushed] & 1)


def _sector_u(ctx: Any) -> np.ndarray:
    """Each person's fixed draw of their prior sector (a trait, not a person column)."""
    return ctx.people.traits.sector_u


def _work_first(ctx: Derives) -> float:
    """``learning.work_first``: the chance a candidate must take any feasible job."""
    return float(ctx.p["learning.work_first"])


def _feasible_sectors(runs: Stacked, run_of: np.ndarray, lang: np.ndarray, u: np.ndarray) -> np.ndarray:
    """:func:`sim.rules.labour._feasible_sector` of pushed candidates of several runs, a row each.

    The same numpy steps on rows of candidates, each row with its run's requirements: row by
    row the values of the per-run call (numpy sums the eight sectors of a row the same way
    whatever the number of rows; ``tests/core/test_stacked.py`` runs work first stacked).
    """
    req, easiest = runs.per_version(_sector_requirements, _stack_requirements)
    ok = lang[:, None] >= req[run_of]
    none = np.flatnonzero(~ok.any(axis=1))
    ok[none, easiest[run_of[none]]] = True
    w = ok * SECTOR_WEIGHTS[None, :]
    cum = np.cumsum(w, axis=1) / w.sum(axis=1, keepdims=True)
    return np.minimum((cum < u[:, None]).sum(axis=1), len(SECTORS) - 1)


def _stack_requirements(values: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, np.ndarray]:
    return np.stack([req for req, _ in values]), np.array([easiest for _, easiest in values])


@njit(cache=True, nogil=True)
def _choose_stacked(starts, count, cand, med, cols, keys, work_first, out):
    """:func:`hiring.choice_kernel` on each run's candidates; ``pushed`` False outside them.

    Returns:
        Whether any candidate is pushed (work first).
    """
    choice, pushed, u_sec = out
    pushed[:] = False
    any_pushed = False
    for r in range(len(count)):
        lo, n = starts[r], count[r]
        if n == 0:
            continue
        pid, sector_u, screened = segment(cols, lo, starts[r + 1])
        c, p, u = hiring.choice_kernel(
            cand[lo : lo + n], med[lo : lo + n], pid, sector_u, screened, row(keys, r), SECTOR_CUM,
            PRIOR_SECTOR_MATCH, work_first[r],
        )  # fmt: skip
        choice[lo : lo + n], pushed[lo : lo + n], u_sec[lo : lo + n] = c, p, u
        any_pushed |= p.any()
    return any_pushed


def _hire(runs: Stacked, month: int, got: Candidates, hires: np.ndarray) -> None:
    """Each run's hiring decisions and job starts (:func:`sim.rules.labour._hire`); ``hires`` per run."""
    ph = runs.people
    hire_cols = (ph.state, ph.lang, ph.pid, ph.priority)
    terms = runs.per_version(_terms, _stack_terms)
    counts = (runs.vacancies, runs.employer_hires)
    relief = runs.per_version(_relief, np.array)
    start = (runs.keys(START_STREAMS, month), runs.rates(_start_levers), runs.stacked(_coaching))
    start_cols = columns(hiring.StartColumns, ph)
    chosen, keys = (got.cand, got.med, got.choice), runs.keys(HIRE_STREAMS, month)
    _hire_stacked(
        runs.starts, got.count, chosen, hire_cols, terms, counts, relief, keys, start, start_cols, month, hires
    )


def _terms(ctx: Any) -> Terms:
    """The employers' requirement, openness, fill chance and share without Dutch in force."""
    p = ctx.p
    strictness, open_ = float(p["employers.language_strictness"]), float(p["employers.openness"])
    return ctx.employer_table.terms(strictness, open_, ctx.derived(_fill), float(p["employers.no_dutch_share"]))


def _stack_terms(values: list[Terms]) -> tuple[np.ndarray, ...]:
    return tuple(np.stack(field) for field in zip(*values, strict=True))


def _relief(ctx: Derives) -> float:
    return float(ctx.p["effects.mediation_language_relief"])


def _coaching(ctx: Any) -> np.ndarray:
    return ctx.employer_table.coaching


@njit(cache=True, nogil=True)
def _hire_stacked(starts, count, chosen, hire_cols, terms, counts, relief, keys, start, start_cols, month, hires):
    """Each run's :func:`hiring.hiring_kernel` on its candidates, then :func:`hiring.start_kernel` of those hired."""
    cand, med, choice = chosen
    req, openness, fill, no_dutch = terms
    vacancies, employer_hires = counts
    start_keys, start_levers, coaching = start
    municipal = vacancies.shape[1] - 1
    for r in range(len(count)):
        lo, hi, n = starts[r], starts[r + 1], count[r]
        if n == 0:
            continue
        c = cand[lo : lo + n]
        state, lang, pid, priority = segment(hire_cols, lo, hi)
        employer = hiring.hiring_kernel(
            c, med[lo : lo + n], choice[lo : lo + n], state, lang, pid, priority,
            (req[r], openness[r], fill[r], no_dutch[r]), (vacancies[r], employer_hires[r]), relief[r],
            row(keys, r), municipal,
        )  # fmt: skip
        hired = employer >= 0
        hires[r] = np.count_nonzero(hired)
        if hires[r] > 0:
            levers = row(start_levers, r)
            cols = segment(start_cols, lo, hi)
            hiring.start_kernel(c[hired], employer[hired], month, row(start_keys, r), levers, coaching[r], cols)
