"""Social network: mentors and volunteering build a network that helps find work (mechanism 7).

The network is a 0..1 stock. A volunteer mentor adds ``effects.network_gain_mentor`` of
what is missing each month the match lasts; volunteering adds ``network_gain_volunteer``.
It raises the job-offer chance up to ``effects.network_ratio`` at a full network. Because
it builds slowly, mentoring shows little employment effect within a year, as found in
Germany (T4-172), and more later (T4-173).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from numba import njit

from sim.rng import draw
from sim.states import SEARCHING, VOLUNTEER

if TYPE_CHECKING:
    from sim.model import MunicipalityModel


def network_month(model: MunicipalityModel, month: int) -> None:
    """Grow networks of mentored and volunteering persons; some job seekers start volunteering."""
    ph, p = model.people, model.p
    mentored = _network_kernel(
        ph.n_active,
        month,
        ph.state,
        ph.months_in_state,
        ph.mentor_until,
        ph.network,
        ph.pid,
        model.streams.key("volunteer", month),
        float(p["effects.network_gain_mentor"]),
        float(p["effects.network_gain_volunteer"]),
        float(p["network.volunteer_uptake"]),
    )
    model.ledger.add("mentors", month, mentored * float(p["costs.mentor_eur_month"]))


@njit(cache=True, nogil=True)
def _network_kernel(n, month, state, months_in_state, mentor_until, network, pid, key, g_mentor, g_volunteer, uptake):
    """Per person: network growth, then the start of volunteering; returns mentored count.

    The volunteering draw is made for everyone and combined without a branch (see
    ``rules.health``); it is a pure function of id and key, so no decision changes.
    """
    mentored = 0
    for i in range(n):
        mentor = mentor_until[i] > month
        gain = g_mentor if mentor else 0.0
        mentored += mentor
        if state[i] == VOLUNTEER:
            gain += g_volunteer
        network[i] += min(gain, 1.0) * (1.0 - network[i])
        if (state[i] == SEARCHING) & (draw(pid[i], key) < uptake):
            state[i], months_in_state[i] = VOLUNTEER, 0
    return mentored
