"""Recording outcomes while the model runs: cohort-aligned counts, optionally full paths.

Each month every active person's state and flags are packed into one code (``sim.states``)
and written to the run's code history (months x persons, one byte each; EXCLUDED for persons
aged 65 or more). The outcome store a run returns is ``counts[months since permit, group,
code]`` (group = origin x sex) and the same by household type, kept as their non-zero cells
(:class:`sim.counts.CountTable`): ``sim.outcomes`` turns them into shares and KPIs. The
counts are made from the history when asked for (at the end of a run, or mid-run in tests),
by :func:`sim.counts.count_history`.
With ``keep_paths`` the history is kept for the person view with the Dutch level of every
person-month (``sim.outcomes.person_path``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.agents.status_holders import StatusHolders
from sim.counts import CountTable, count_history
from sim.groups import N_GROUPS
from sim.households import HOUSEHOLD_TYPES
from sim.rules.context import Stacked
from sim.rules.segments import segment
from sim.states import EXCLUDED, N_STATES, UNSEEN

N_HOUSEHOLD_TYPES = len(HOUSEHOLD_TYPES)
LANGUAGE_SCALE = 50.0  # language stored as uint8 = level x 50 (0.02 CEFR resolution)


class Recorder:
    """Outcome store of one run.

    Args:
        months: Calendar months in the run.
        n_persons: Persons who arrive during the run.
        keep_paths: Also keep every person-month's Dutch level (and the code history for the
            person view, where not-yet-arrived months read UNSEEN).
    """

    def __init__(self, months: int, n_persons: int, keep_paths: bool) -> None:
        # Only arrived persons' months are ever read, so without paths the history needs no fill.
        shape = (months, n_persons)
        self.history = np.full(shape, UNSEEN, dtype=np.uint8) if keep_paths else np.empty(shape, dtype=np.uint8)
        self.language = np.zeros((months, n_persons) if keep_paths else (0, 0), dtype=np.uint8)
        self.keep_paths = keep_paths
        self._months = months
        self._tables: tuple[CountTable, CountTable] | None = None
        self._counted = 0  # months counted
        self.months_done = np.zeros(1, dtype=np.int64)  # months recorded (one element; stacked runs share one)
        self._rows = (np.zeros(0, dtype=np.int8), np.zeros(0, dtype=np.int8))  # each person's group, household type
        self._starts = np.zeros(months + 1, dtype=np.int64)  # nobody until a month is recorded

    @property
    def _recorded(self) -> int:
        """Calendar months recorded so far."""
        return int(self.months_done[0])

    def share_months(self, people: StatusHolders, months: np.ndarray) -> None:
        """Count the months recorded in ``months[0]``, which stacked runs set once for every run.

        Args:
            people: The run's persons (their groups, household types and permit months).
            months: A one-element int64 array shared by the runs' recorders.
        """
        self._note(people)
        self.months_done = months

    def _note(self, people: StatusHolders) -> None:
        """The persons' rows (group, household type) and where each permit month starts."""
        self._rows = (people.group, people.hh_type)
        self._starts = np.searchsorted(people.entry, np.arange(self._months + 1), side="left")

    def record(self, people: StatusHolders, month: int) -> None:
        """Write this month's code (and Dutch level if asked) of every active person."""
        ph = people
        _record_kernel(
            ph.n_active, month, ph.state, ph.welfare, ph.lang, ph.exam, ph.dropped, ph.age65_from,
            self.history, self.language, self.keep_paths,
        )  # fmt: skip
        self.recorded(people, month)

    def recorded(self, people: StatusHolders, month: int) -> None:
        """Note that ``people``'s codes of ``month`` are in the history (written by :meth:`record`)."""
        if self._recorded == 0:
            self._note(people)
        self.months_done[0] = month + 1

    def tables(self) -> tuple[CountTable, CountTable]:
        """Person-months by months since permit, code and group / household type, of the months recorded so far."""
        if self._tables is None or self._counted < self._recorded:
            n_rows = (N_GROUPS, N_HOUSEHOLD_TYPES)
            self._tables = count_history(self.history, self._rows, n_rows, self._starts, self._recorded)
            self._counted = self._recorded
        return self._tables

    @property
    def counts(self) -> np.ndarray:
        """Person-months by months since permit, group and code, of the months recorded so far (dense)."""
        return self.tables()[0].dense()

    @property
    def hh_counts(self) -> np.ndarray:
        """Person-months by months since permit, household type and code (as :attr:`counts`)."""
        return self.tables()[1].dense()


@njit(cache=True, nogil=True, inline="always")
def _record_kernel(n, month, state, welfare, lang, exam, dropped, age65_from, history, language, keep):
    """Each active person's code this month (EXCLUDED from 65); the Dutch level when asked."""
    for i in range(n):
        b1 = lang[i] >= 3.0
        code = (((dropped[i] * 3 + exam[i]) * 2 + b1) * 2 + welfare[i]) * N_STATES + state[i]
        history[month, i] = EXCLUDED if age65_from[i] <= month else code
        if keep:
            language[month, i] = min(lang[i], 5.0) * LANGUAGE_SCALE


RECORD_COLUMNS = ("state", "welfare", "lang", "exam", "dropped", "age65_from")  # what a code is made of


def record_stacked(runs: Stacked, month: int) -> None:
    """:meth:`Recorder.record` of every stacked run in one compiled call (histories in ``runs.history``)."""
    cols = tuple(getattr(runs.people, name) for name in RECORD_COLUMNS)
    _record_stacked(runs.starts, runs.n_active, month, cols, runs.history)
    runs.recorded_months[0] = month + 1  # every run's recorder counts its months here (Recorder.share_months)
    runs.calendar["active"][:, month] = runs.n_active


@njit(cache=True, nogil=True)
def _record_stacked(starts, n_active, month, cols, history):
    """:func:`_record_kernel` on each run's segment and its columns of ``history`` (no paths kept)."""
    no_language = np.zeros((0, 0), dtype=np.uint8)
    for r in range(len(n_active)):
        lo, hi = starts[r], starts[r + 1]
        state, welfare, lang, exam, dropped, age65_from = segment(cols, lo, hi)
        _record_kernel(
            n_active[r], month, state, welfare, lang, exam, dropped, age65_from, history[:, lo:hi], no_language, False
        )
