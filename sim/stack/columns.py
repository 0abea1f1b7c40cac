"""One array per person column for stacked replications, each population a view into it.

:class:`StackedColumns` concatenates the person columns of R populations (every
one-dimensional per-person array of :class:`~sim.agents.status_holders.StatusHolders` and
every fixed draw) and makes each population's column a view of its segment
``starts[r] .. starts[r + 1]``. A rule run on one population (its view) and a stacked rule
run on the whole array then read and write the same memory, so rules can be stacked one at
a time. The columns are only ever updated in place (``tests/core/test_context.py`` checks
that no rule rebinds one), so the views stay valid for the runs' life.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.agents.status_holders import StatusHolders

NOT_PERSON_COLUMNS = frozenset({"couple_heads", "couple_partners"})  # per couple, not per person


def person_columns(people: StatusHolders) -> list[str]:
    """Names of the population's per-person columns (one-dimensional arrays of its length)."""
    n = len(people)
    return [
        name
        for name, value in vars(people).items()
        if isinstance(value, np.ndarray) and value.shape == (n,) and name not in NOT_PERSON_COLUMNS
    ]


class StackedColumns:
    """Person columns of several populations concatenated; each population keeps a view.

    Args:
        populations: The populations, in replication order; their columns are replaced by
            views of the stacked arrays (same values) and their packs are dropped.

    Attributes:
        starts: ``starts[r]`` is the first index of population ``r``, ``starts[R]`` the total.
        fixed: The fixed draws by name, stacked likewise.
        couple_starts: Population ``r``'s couples are ``couple_starts[r] .. couple_starts[r + 1]``
            of ``couple_heads`` and ``couple_partners`` (indices within the population).
        packs: Packs of these columns (``sim.rules.context.columns``).
    """

    def __init__(self, populations: Sequence[StatusHolders]) -> None:
        sizes = [len(ph) for ph in populations]
        self.starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.packs: dict[Any, Any] = {}
        self.fixed: dict[str, np.ndarray] = {}
        for name in person_columns(populations[0]):
            setattr(self, name, self._stack([getattr(ph, name) for ph in populations], name))
            for r, ph in enumerate(populations):
                setattr(ph, name, self._view(getattr(self, name), r))
        for name in populations[0].fixed:
            self.fixed[name] = self._stack([ph.fixed[name] for ph in populations], name)
            for r, ph in enumerate(populations):
                ph.fixed[name] = self._view(self.fixed[name], r)
        for ph in populations:
            ph.packs.clear()
        self.couple_starts = np.concatenate([[0], np.cumsum([len(ph.couple_heads) for ph in populations])])
        self.couple_heads = np.concatenate([ph.couple_heads for ph in populations])  # indices in each population
        self.couple_partners = np.concatenate([ph.couple_partners for ph in populations])

    def __len__(self) -> int:
        return int(self.starts[-1])

    def _stack(self, parts: list[np.ndarray], name: str) -> np.ndarray:
        dtypes = {a.dtype for a in parts}
        if len(dtypes) != 1:
            raise ValueError(f"person column {name!r} has several dtypes across runs: {sorted(map(str, dtypes))}")
        return np.concatenate(parts)

    def _view(self, column: np.ndarray, r: int) -> np.ndarray:
        return column[self.starts[r] : self.starts[r + 1]]
