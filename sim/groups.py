"""The population groups of the outcome tables: origin x sex, one small code per person.

Outcomes are counted per group (``sim.recording``) and summed over groups for every row of
the group tables (``sim.outcomes``). The code ``origin * 2 + male`` is made and read only here.
"""

from __future__ import annotations

import numpy as np

from sim.population import ORIGIN_LABELS

N_GROUPS = 2 * len(ORIGIN_LABELS)


def group_code(origin: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Group code per person (int8) from origin index and sex (True = male)."""
    return (origin.astype(np.int64) * 2 + male).astype(np.int8)


def group_parts(code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(origin index, male) of group codes: the inverse of :func:`group_code`."""
    code = np.asarray(code, dtype=np.int64)
    return code // 2, code % 2 == 1
