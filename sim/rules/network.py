"""Social network: mentors and volunteering build a network that helps find work (mechanism 7).

The network is a 0..1 stock. A volunteer mentor adds ``effects.network_gain_mentor`` of
what is missing each month the match lasts; volunteering adds ``network_gain_volunteer``.
It raises the job-offer chance up to ``effects.network_ratio`` at a full network. Because
it builds slowly, mentoring shows little employment effect within a year, as found in
Germany (T4-172), and more later (T4-173).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.states import SEARCHING, VOLUNTEER

if TYPE_CHECKING:
    from sim.model import MunicipalityModel


def build_network(model: MunicipalityModel, month: int) -> None:
    """Grow networks of mentored and volunteering persons; charge mentor coordination."""
    ph, p = model.people, model.p
    n = ph.n_active
    mentored = ph.mentor_until[:n] > month
    gain = np.where(mentored, float(p["effects.network_gain_mentor"]), 0.0)
    gain += np.where(ph.state[:n] == VOLUNTEER, float(p["effects.network_gain_volunteer"]), 0.0)
    ph.network[:n] += np.minimum(gain, 1.0) * (1.0 - ph.network[:n])
    model.ledger.add("mentors", month, np.count_nonzero(mentored) * float(p["costs.mentor_eur_month"]))


def start_volunteering(model: MunicipalityModel, month: int) -> None:
    """Some job seekers without a course start volunteer work."""
    ph = model.people
    idx = np.flatnonzero(ph.state[: ph.n_active] == SEARCHING)
    go = idx[model.streams.uniform("volunteer", month, ph.pid[idx]) < float(model.p["network.volunteer_uptake"])]
    ph.set_state(go, VOLUNTEER)
