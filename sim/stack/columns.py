"""One array per person column for stacked replications, each population a view into it.

:class:`StackedColumns` holds the person columns of R populations made once over all of them
(:meth:`~sim.agents.status_holders.StatusHolders.stacked`: every one-dimensional per-person
array of :class:`~sim.agents.status_holders.StatusHolders` and every fixed draw); each
population's column is a view of its segment ``starts[r] .. starts[r + 1]``. A rule run on one
population (its view) and a stacked rule run on the whole array then read and write the same
memory, so rules can be stacked one at a time. The columns are only ever updated in place
(``tests/core/test_context.py`` checks that no rule rebinds one), so the views stay valid for
the runs' life.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.agents.status_holders import StatusHolders, person_columns


class StackedColumns:
    """Person columns of several populations made over all of them; each population holds views.

    Args:
        whole: Everyone of the populations as one (:meth:`StatusHolders.stacked`).
        populations: The populations, in replication order, their columns views of ``whole``'s.

    Attributes:
        starts: ``starts[r]`` is the first index of population ``r``, ``starts[R]`` the total.
        fixed: The fixed draws by name, likewise.
        couple_starts: Population ``r``'s couples are ``couple_starts[r] .. couple_starts[r + 1]``
            of ``couple_heads`` and ``couple_partners`` (indices within the population).
        packs: Packs of these columns (``sim.rules.context.columns``).
    """

    def __init__(self, whole: StatusHolders, populations: Sequence[StatusHolders]) -> None:
        self.starts = np.concatenate([[0], np.cumsum([len(ph) for ph in populations])]).astype(np.int64)
        if int(self.starts[-1]) != len(whole):
            raise ValueError(f"the populations have {int(self.starts[-1])} persons, the whole {len(whole)}")
        self.packs: dict[Any, Any] = {}
        for name in person_columns(whole):
            setattr(self, name, getattr(whole, name))
        self.fixed: dict[str, np.ndarray] = dict(whole.fixed)
        self.couple_starts = np.concatenate([[0], np.cumsum([len(ph.couple_heads) for ph in populations])])
        self.couple_heads = np.concatenate([ph.couple_heads for ph in populations])  # indices in each population
        self.couple_partners = np.concatenate([ph.couple_partners for ph in populations])

    def __len__(self) -> int:
        return int(self.starts[-1])
