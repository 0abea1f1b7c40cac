"""Helpers of the compiled passes over the population.

Several rules run as a vectorised pass over everyone that only marks the few persons whose
state changes this month (a code per person, 0 for no change), followed by a short loop over
those persons. A loop with a rare, data-dependent store per person does not vectorise, and
its branches mispredict; the split keeps the full pass free of both.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def marked(code):
    """Indices where ``code`` is non-zero, in order, by a loop without branches."""
    idx = np.empty(len(code), dtype=np.int64)
    k = 0
    for i in range(len(code)):
        idx[k] = i
        k += code[i] != 0
    return idx[:k]
