"""Recording outcomes while the model runs: cohort-aligned counts, optionally full paths.

Each month every active person's state and flags are packed into one code (``sim.states``)
and counted in ``counts[months since permit, group, code]`` (group = origin x sex), skipping
persons aged 65 or more. This is the only outcome store a run needs; ``sim.outcomes`` turns
it into shares and KPIs. With ``keep_paths`` the codes and Dutch levels of every
person-month are kept too, for the person view (``sim.outcomes.person_path``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.agents.status_holders import StatusHolders
from sim.outcomes import N_GROUPS
from sim.states import EXCLUDED, N_COMBOS, N_STATES, UNSEEN

LANGUAGE_SCALE = 50.0  # language stored as uint8 = level x 50 (0.02 CEFR resolution)


class Recorder:
    """Outcome store of one run.

    Args:
        months: Calendar months in the run.
        n_persons: Persons who arrive during the run.
        keep_paths: Also keep every person-month's code and Dutch level.
    """

    def __init__(self, months: int, n_persons: int, keep_paths: bool) -> None:
        # Zeroed by writing, not np.zeros: fresh zero pages would each fault on the first
        # scattered count inside the compiled loop, which costs several times more.
        self.counts = np.empty((months, N_GROUPS, N_COMBOS), dtype=np.int64)
        self.counts.fill(0)
        shape = (months, n_persons) if keep_paths else (0, 0)
        self.history = np.full(shape, UNSEEN, dtype=np.uint8)
        self.language = np.zeros(shape, dtype=np.uint8)
        self.keep_paths = keep_paths

    def record(self, people: StatusHolders, month: int) -> None:
        """Count this month's codes of every active person (and keep paths if asked)."""
        ph = people
        _record_kernel(
            ph.n_active, month, ph.state, ph.welfare, ph.lang, ph.exam, ph.dropped, ph.entry, ph.group,
            ph.age65_from, self.counts, self.history, self.language, self.keep_paths,
        )  # fmt: skip


@njit(cache=True)
def _record_kernel(
    n, month, state, welfare, lang, exam, dropped, entry, group, age65_from, counts, history, language, keep
):
    """Count each active person's code this month; keep paths when asked."""
    for i in range(n):
        b1 = lang[i] >= 3.0
        code = (((dropped[i] * 3 + exam[i]) * 2 + b1) * 2 + welfare[i]) * N_STATES + state[i]
        if age65_from[i] <= month:
            code = EXCLUDED
        else:
            counts[month - entry[i], group[i], code] += 1
        if keep:
            history[month, i] = code
            language[month, i] = min(lang[i], 5.0) * LANGUAGE_SCALE
