"""Client managers: Mesa agents that take on caseloads and set the intensity of guidance.

Dedicated client managers (mechanism 1; ``guidance.dedicated_fte_per_100_inflow`` FTE per 100
adults housed a year, so the team grows with the municipality) each serve up to
``guidance.dedicated_caseload`` clients a full-time equivalent; the regular social-service team takes everyone else at
``guidance.regular_caseload``. Each month the dedicated managers fill free places with the
newest clients first (those furthest from work gain most from early attention) and, when
their number shrinks (the extra national money stops, mechanism 13), hand clients back to
the regular team. Guidance intensity follows the caseload: the job-offer ratio rises
log-linearly from 1 at a caseload of 250 to ``effects.guidance_ratio`` at 40 (T4-161..164).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import mesa
import numpy as np
from numba import njit

if TYPE_CHECKING:
    from sim.model import MunicipalityModel

REGULAR_REF, INTENSIVE_REF = 250.0, 40.0  # caseloads behind the guidance ratio (T2-134, T2-135)
CONTACT_HOURS_PER_FTE = 80.0  # client-contact hours a month per FTE (assumption: half of 160)


def guidance_ratio(caseload: float, ratio_at_intensive: float) -> float:
    """Job-offer ratio of guidance at a caseload, relative to regular guidance.

    Args:
        caseload: Clients per FTE.
        ratio_at_intensive: The ratio at a caseload of 40 (``effects.guidance_ratio``).

    Returns:
        1 at 250 clients or more, ``ratio_at_intensive`` at 40, log-linear between, and
        extrapolated to at most 1.5 times the 40-to-250 effect below 40.
    """
    x = math.log(REGULAR_REF / max(caseload, 1.0)) / math.log(REGULAR_REF / INTENSIVE_REF)
    return 1.0 + (ratio_at_intensive - 1.0) * min(max(x, 0.0), 1.5)


class ClientManager(mesa.Agent):
    """A dedicated client manager (one FTE or part of one) or the regular team.

    Attributes:
        dedicated: Serves only status holders with a capped caseload.
        fte: Full-time equivalents this agent stands for.
        caseload_cap: Maximum clients (dedicated) or clients per FTE (regular team).
        funded_by_national: Paid from the extra national money (stops with it).
        slot: Index used in the person array ``cm`` (0 = regular team, 1.. = dedicated).
        clients: Number of clients this month.
    """

    def __init__(self, model: MunicipalityModel, slot: int, dedicated: bool, fte: float, caseload: float) -> None:
        super().__init__(model)
        self.slot = slot
        self.dedicated = dedicated
        self.fte = fte
        self.caseload_cap = caseload
        self.funded_by_national = False
        self.clients = 0

    @property
    def capacity(self) -> int:
        """Clients this manager can take (unbounded for the regular team)."""
        return int(round(self.fte * self.caseload_cap)) if self.dedicated else 1 << 30

    def contact_hours_per_client(self) -> float:
        """Monthly contact hours each client gets at the nominal caseload."""
        return CONTACT_HOURS_PER_FTE / self.caseload_cap

    def ratio(self) -> float:
        """Job-offer ratio of this manager's guidance."""
        return guidance_ratio(self.caseload_cap, float(self.model.p["effects.guidance_ratio"]))


def dedicated_fte(model: MunicipalityModel) -> float:
    """Dedicated FTE in force this month: per 100 adults housed a year x the inflow / 100, less once the money stops."""
    return model.p.now_for_inflow("guidance.dedicated_fte_per_100_inflow")


def sync_managers(model: MunicipalityModel) -> None:
    """Hire or release dedicated managers to match this month's FTE; update caseload caps.

    Also sets ``model.dedicated_caps`` (each dedicated manager's capacity). Nothing is redone
    in a month whose FTE, caps and national funding equal last month's, nor looked at while
    the parameters keep their version (``model.managers_seen``).
    """
    seen = model.managers_seen
    if seen is not None and seen[0] is model.p and seen[1] == model.p.version:  # the key is a function of them
        return
    model.managers_seen = (model.p, model.p.version)
    fte = dedicated_fte(model)
    n = math.ceil(fte - 1e-9)
    cap = float(model.p["guidance.dedicated_caseload"])
    national = fte * float(model.p["funding.funded_share"]) if model.p.funding_active else 0.0
    key = (fte, cap, national, float(model.p["guidance.regular_caseload"]))
    if key == model.managers_key and len(model.dedicated) == n:
        return
    while len(model.dedicated) > n:
        model.dedicated.pop().remove()
    while len(model.dedicated) < n:
        model.dedicated.append(ClientManager(model, len(model.dedicated) + 1, True, 1.0, cap))
    for i, agent in enumerate(model.dedicated):
        agent.fte = min(1.0, fte - i)
        agent.caseload_cap = cap
        agent.funded_by_national = i >= n - math.ceil(national - 1e-9)
    model.regular.caseload_cap = key[3]
    model.dedicated_caps = np.array([a.capacity for a in model.dedicated], dtype=np.int64)
    model.managers_key = key


def assign_caseloads(model: MunicipalityModel, clients: np.ndarray) -> None:
    """Assign this month's clients to managers (the managers' caseload decision).

    Args:
        model: The model; its person column ``cm`` is updated in place.
        clients: Boolean mask over active persons: on welfare and housed.
    """
    cm = model.people.cm[: len(clients)]
    k = len(model.dedicated)
    if k == 0:  # only the regular team
        np.copyto(cm, np.where(clients, 0, -1))
        model.regular.clients = int(np.count_nonzero(clients))
        model.regular.fte = model.regular.clients / model.regular.caseload_cap
        return
    cm[~clients] = -1
    cm[cm > k] = 0
    counts = np.bincount(cm[clients] + 1, minlength=k + 2)[2:]
    caps = np.array([a.capacity for a in model.dedicated], dtype=np.int64)
    over = np.flatnonzero(counts > caps)
    for slot0 in over:
        mine = np.flatnonzero(cm == slot0 + 1)
        drop = mine[np.argsort(model.people.priority[mine])[caps[slot0] :]]
        cm[drop] = 0
    free = np.maximum(caps - np.minimum(counts, caps), 0)
    pool = np.flatnonzero(clients & (cm <= 0))
    if free.sum() and len(pool):
        order = np.lexsort((model.people.priority[pool], -model.people.entry[pool]))
        slots = np.repeat(np.arange(1, k + 1), free)[: len(pool)]
        cm[pool[order[: len(slots)]]] = slots
    cm[clients & (cm < 0)] = 0
    final = np.bincount(cm[clients], minlength=k + 1)
    model.regular.clients = int(final[0])
    model.regular.fte = final[0] / model.regular.caseload_cap
    for agent in model.dedicated:
        agent.clients = int(final[agent.slot])


def assign_regular(model: MunicipalityModel, month: int, not_client: np.ndarray) -> int:
    """:func:`assign_caseloads` when there are no dedicated managers: every client to the regular team.

    Args:
        model: The model; its person column ``cm`` is updated in place.
        month: Calendar month.
        not_client: Lookup table over states: not a client in that state.

    Returns:
        The number of clients (housed, in a client state).
    """
    ph = model.people
    n = _regular_kernel(ph.n_active, month, ph.housed_at, ph.state, not_client, ph.out_of_view, ph.cm)
    model.regular.clients = n
    model.regular.fte = n / model.regular.caseload_cap
    return n


@njit(cache=True, nogil=True, inline="always")
def _regular_kernel(n, month, housed_at, state, not_client, out_of_view, cm):
    """Per person: slot 0 (the regular team) for a client, -1 otherwise; returns the clients.

    A client is housed, in a client state and not out of the municipality's view (off
    bijstand by the partner's earnings, ``sim.rules.welfare``).

    The lookup table is read as the bits of one integer, so the loop has no table look-up
    or branch and vectorises.
    """
    bits = np.int64(0)
    for s in range(len(not_client)):
        bits |= np.int64(not_client[s]) << s
    clients = 0
    for i in range(n):
        c = (housed_at[i] <= month) & (((bits >> np.int64(state[i])) & 1) == 0) & (not out_of_view[i])
        cm[i] = 0 if c else -1
        clients += c
    return clients


def assign_dedicated(model: MunicipalityModel, month: int, not_client: np.ndarray) -> int | None:
    """:func:`assign_caseloads` in one compiled pass when no dedicated manager is over capacity.

    The same rule: clients keep their manager; free places go to the newest clients first
    (then in priority order: ``model.priority_rank`` is the stable order of the priority
    draws, so ties fall as in the lexicographic sort); the rest go to the regular team.

    Args:
        model: The model; its person column ``cm`` is updated in place.
        month: Calendar month.
        not_client: Lookup table over states: not a client in that state.

    Returns:
        The number of clients, or None when some manager has more clients than places (the
        caller then applies :func:`assign_caseloads`, which drops clients by priority).
    """
    ph = model.people
    caps = model.dedicated_caps  # set by sync_managers this month
    final = np.zeros(len(caps) + 1, dtype=np.int64)
    n = _dedicated_kernel(
        ph.n_active, month, ph.housed_at, ph.state, not_client, ph.out_of_view, ph.cm, model.priority_rank,
        model.cohort_starts, caps, final,
    )  # fmt: skip
    if n < 0:
        return None
    settle_dedicated(model, final)
    return int(n)


def settle_dedicated(model: MunicipalityModel, final: np.ndarray) -> None:
    """The regular team's clients and FTE and each dedicated manager's clients from ``final`` (clients per slot)."""
    per_slot = final.tolist()
    model.regular.clients = per_slot[0]
    model.regular.fte = per_slot[0] / model.regular.caseload_cap
    for agent in model.dedicated:
        agent.clients = per_slot[agent.slot]


@njit(cache=True, nogil=True, inline="always")
def _dedicated_kernel(n, month, housed_at, state, not_client, out_of_view, cm, rank, starts, caps, final):
    """Clients keep their manager; free places to the newest clients, then by priority rank.

    Returns the number of clients (``final``: clients per slot, 0 = regular team), or -1 when a
    manager is over capacity (only the first step of the general rule is done then: non-clients
    lose their slot, slots of managers who left go back to the regular team).

    One pass over everyone finds the clients and, in person order, those without a dedicated
    manager (the regular team's and the new ones): only they can get a free place, so the
    places are handed out from that list, permit month by permit month from the newest, and
    the clients per slot follow from the counts and the places handed out.
    """
    k = len(caps)
    counts = np.zeros(k + 1, dtype=np.int64)
    free = np.empty(n, dtype=np.int64)  # clients without a dedicated manager, in person order
    n_free = 0
    clients = 0
    for i in range(n):
        if housed_at[i] <= month and not not_client[state[i]] and not out_of_view[i]:
            clients += 1
            if cm[i] > k:
                cm[i] = 0
            counts[max(cm[i], 0)] += 1
            free[n_free] = i
            n_free += cm[i] <= 0
        else:
            cm[i] = -1
    for s in range(k):
        if counts[s + 1] > caps[s]:
            return -1
    given = _hand_out(free[:n_free], cm, rank, starts, caps, counts)
    final[0] = counts[0] - given.sum()
    for s in range(k):
        final[s + 1] = counts[s + 1] + given[s]
    for i in free[:n_free]:  # a new client without a place joins the regular team
        cm[i] = max(cm[i], 0)
    return clients


@njit(cache=True, nogil=True, inline="always")
def _hand_out(free, cm, rank, starts, caps, counts):
    """Free places to ``free`` (persons in order), the newest permit month first, by rank within it.

    Returns the places given per slot. Permit month ``c``'s persons are ``starts[c] ..
    starts[c + 1] - 1``, so its candidates are a run of ``free`` found from its end.
    """
    given = np.zeros(len(caps), dtype=np.int64)
    slot, left = _next_free(0, caps, counts)
    cohort = len(starts) - 2
    hi = len(free)
    while slot < len(caps) and cohort >= 0 and hi > 0:
        lo = hi
        while lo > 0 and free[lo - 1] >= starts[cohort]:
            lo -= 1
        cohort -= 1
        if lo == hi:
            continue
        here = free[lo:hi]
        hi = lo
        for j in np.argsort(rank[here]):
            cm[here[j]] = slot + 1
            given[slot] += 1
            left -= 1
            if left == 0:
                slot, left = _next_free(slot + 1, caps, counts)
                if slot >= len(caps):
                    break
    return given


@njit(cache=True, nogil=True)
def _next_free(s, caps, counts):
    """The first slot from ``s`` with free places, and how many (``len(caps)`` when none)."""
    while s < len(caps) and caps[s] - counts[s + 1] <= 0:
        s += 1
    return s, (caps[s] - counts[s + 1]) if s < len(caps) else 0


def ratio_table(model: MunicipalityModel) -> np.ndarray:
    """Guidance job-offer ratio by ``cm + 1``: no manager, the regular team, each dedicated slot."""
    return np.array([1.0, model.regular.ratio(), *(a.ratio() for a in model.dedicated)])
