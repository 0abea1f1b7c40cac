"""The dedicated managers' caseload kernel against the rule written out plainly, on generated caseloads.

The kernel hands free places out from the list of clients without a dedicated manager
(issue #13: no pass over everyone per permit month); the reference below is the rule as the
model states it, scanning every permit month's persons. Both must give the same slots, the
same clients per slot and the same refusal when a manager is over capacity.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.agents.client_managers import _dedicated_kernel
from sim.states import N_STATES, NOT_CLIENT, lut

NOT_CLIENT_TABLE = lut(*NOT_CLIENT)


def reference(n, month, housed_at, state, out_of_view, cm, rank, starts, caps, final):  # noqa: ANN001, ANN201
    """The rule: clients keep their slot; free places to the newest permit month first, by rank; -1 if over capacity."""
    k = len(caps)
    client = [bool(housed_at[i] <= month and not NOT_CLIENT_TABLE[state[i]] and not out_of_view[i]) for i in range(n)]
    counts = [0] * (k + 1)
    for i in range(n):
        if client[i]:
            cm[i] = 0 if cm[i] > k else cm[i]
            counts[max(cm[i], 0)] += 1
        else:
            cm[i] = -1
    if any(counts[s + 1] > caps[s] for s in range(k)):
        return -1
    places = [(s, caps[s] - counts[s + 1]) for s in range(k) if caps[s] - counts[s + 1] > 0]
    queue = [s for s, free in places for _ in range(free)]  # each free place, slot by slot
    for cohort in range(len(starts) - 2, -1, -1):
        members = [i for i in range(starts[cohort], min(starts[cohort + 1], n)) if client[i] and cm[i] <= 0]
        for j in np.argsort(rank[np.array(members, dtype=np.int64)]):
            if not queue:
                break
            cm[members[j]] = queue.pop(0) + 1
    final[:] = 0
    for i in range(n):
        if client[i]:
            cm[i] = max(cm[i], 0)
            final[cm[i]] += 1
    return sum(client)


@st.composite
def caseloads(draw):  # noqa: ANN001, ANN201
    n_total = draw(st.integers(0, 60))
    n = draw(st.integers(0, n_total))
    cohorts = draw(st.lists(st.integers(0, 8), min_size=n_total, max_size=n_total).map(sorted))
    k = draw(st.integers(0, 4))
    caps = np.array(draw(st.lists(st.integers(0, 8), min_size=k, max_size=k)), dtype=np.int64)
    cm = np.array(draw(st.lists(st.integers(-1, k + 1), min_size=n_total, max_size=n_total)), dtype=np.int64)
    housed_at = np.array(draw(st.lists(st.integers(0, 12), min_size=n_total, max_size=n_total)), dtype=np.int16)
    state = np.array(draw(st.lists(st.integers(0, N_STATES - 1), min_size=n_total, max_size=n_total)), dtype=np.int8)
    out_of_view = np.array(draw(st.lists(st.booleans(), min_size=n_total, max_size=n_total)), dtype=np.bool_)
    rank = np.array(draw(st.permutations(range(n_total))), dtype=np.int64)
    starts = np.searchsorted(np.array(cohorts, dtype=np.int64), np.arange(10), side="left").astype(np.int64)
    month = draw(st.integers(0, 12))
    return n, month, housed_at, state, out_of_view, cm, rank, starts, caps


@settings(max_examples=300, deadline=None)
@given(caseloads())
def test_the_kernel_hands_out_places_as_the_rule_does(case) -> None:  # noqa: ANN001
    n, month, housed_at, state, out_of_view, cm, rank, starts, caps = case
    cm_kernel, cm_rule = cm.copy(), cm.copy()
    final_kernel, final_rule = np.full(len(caps) + 1, -7, dtype=np.int64), np.zeros(len(caps) + 1, dtype=np.int64)
    got = _dedicated_kernel(
        n, month, housed_at, state, NOT_CLIENT_TABLE, out_of_view, cm_kernel, rank, starts, caps, final_kernel
    )
    want = reference(n, month, housed_at, state, out_of_view, cm_rule, rank, starts, caps, final_rule)
    assert got == want
    assert np.array_equal(cm_kernel, cm_rule)
    if want >= 0:
        assert np.array_equal(final_kernel, final_rule)
        assert final_kernel.sum() == want
        assert all(final_kernel[1:] <= caps)
