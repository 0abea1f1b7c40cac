"""What the file cannot show, taken from a look-alike in a reference run of the model (donors).

People still looking for work three years after their permit are, in the model as in life,
more often low educated, burdened and without a network than the population they came from:
drawing those hidden traits from the population mix (as :mod:`sim.caseload.start` does
first) would forecast too much work for them. So each person of the file takes them from a
*donor*: a person of a reference run of the past scenario (the run's own, or the one given as
``past``: a comparison's baseline, a sweep's base; its month-0 levers kept through the run, no
dated changes, :data:`REFERENCE_INFLOW` adults a year, long enough that everyone's months since
permit occur) who is, at the reference run's last month, in the same state, at
the same whole Dutch level, with the same exam result and bijstand, and as close as can be in
months since permit (one of the :data:`WINDOW` nearest, by a keyed draw). Without such a donor
the match is made on fewer of them (state, level and exam; state and level); a person with
no donor keeps the population draws.

Taken from the donor: education, health burden and its treatment, skills screening, a Dutch
diploma, an earlier dual track or dropout, the network, the exact Dutch level, a job coach
and work-first job, the job's hours, and the timing of housing, the course, a dual track or
the education route, the job's start and the last active month (relative to now, never before
the person's own permit). The person's own sex, age, origin and household stay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.caseload.export import exported, model_at
from sim.caseload.reader import Caseload
from sim.scenarios import Scenario
from sim.states import JOB_FULL

if TYPE_CHECKING:
    from sim.agents.status_holders import StatusHolders
    from sim.model import MunicipalityModel

REFERENCE_INFLOW = 600  # adults a year in the reference run (shares do not depend on the size)
WINDOW = 4  # a donor is one of this many nearest in months since permit
COPIED = (  # person columns taken as they are
    "edu", "burden", "treated", "screened", "credential", "ever_dual", "dropped", "network", "lang", "coached",
    "precarious",
)  # fmt: skip
RELATIVE = ("course_from", "phase_end", "job_start", "last_active", "mentor_until")  # months, shifted to now
NEVER = 32000


def reference(model: MunicipalityModel, cl: Caseload) -> tuple[MunicipalityModel, int]:
    """The reference run (see the module docstring), stepped to its last month; and that month."""
    from sim.model import MunicipalityModel

    horizon = int(np.clip(int(cl.months.max()) + 2, 12, 240))
    values = dict(model.p)  # the month-0 values in force: the scenario's, its changes at 0, the draw
    values |= {"context.horizon_months": horizon, "context.inflow_per_year": REFERENCE_INFLOW}
    values |= {"context.inflow_months": 0}
    if int(values["funding.end_month"]) > 0:
        values["funding.end_month"] = 999  # the money flows now: it flowed in the past the reference stands for
    ref_scenario = Scenario(name=f"{model.scenario.name}-reference").with_overrides(values)
    ref = MunicipalityModel(ref_scenario, model.streams.seed)
    last = horizon - 1
    model_at(ref, last)
    ref.release()
    return ref, last


def keys(state: np.ndarray, level: np.ndarray, exam: np.ndarray, welfare: np.ndarray) -> list[tuple[int, ...]]:
    """The match keys of each person, finest first (see the module docstring)."""
    s, lv, e, w = (np.asarray(a, dtype=np.int64) for a in (state, level, exam, welfare))
    return [tuple(x) for x in np.stack([s, lv, e, w], axis=1)]


def apply(model: MunicipalityModel, cl: Caseload, welfare_now: np.ndarray) -> dict[int, int]:
    """Give each of the caseload's people (model order) their donor's hidden columns.

    Args:
        model: The model whose first ``len(cl)`` people are the caseload, placed.
        cl: The caseload.
        welfare_now: The file's bijstand per person in model order.

    Returns:
        How many people matched on 4, 3 or 2 of the keys (0: no donor).
    """
    ph, n = model.people, len(cl)
    ref, last = reference(model, cl)
    rp = ref.people
    idx = exported(ref, last)
    level = np.clip(np.floor(rp.lang[idx]), 0, 4)
    donor_keys = keys(rp.state[idx], level, rp.exam[idx], rp.welfare[idx])
    donor_months = last - rp.entry[idx].astype(np.int64)
    own_keys = keys(ph.state[:n], cl.dutch[_order(cl)], ph.exam[:n], welfare_now)
    months = -1 - ph.entry[:n].astype(np.int64)
    u = model.streams.uniform("cl_donor", -1, ph.pid[:n])
    chosen, depth = _choose(own_keys, months, donor_keys, donor_months, u)
    found = chosen >= 0
    _copy(ph, rp, np.flatnonzero(found), idx[chosen[found]], last)
    return {d: int(np.count_nonzero(depth == d)) for d in (0, 2, 3, 4)}


def _order(cl: Caseload) -> np.ndarray:
    from sim.caseload.start import order

    return order(cl)


def _choose(
    own: list[tuple[int, ...]],
    months: np.ndarray,
    donors: list[tuple[int, ...]],
    donor_months: np.ndarray,
    u: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per person: the donor's place among the candidates (-1 none) and how many keys matched."""
    tables = []
    for depth in (4, 3, 2):  # the state and the Dutch level at least
        groups: dict[tuple[int, ...], list[int]] = {}
        for j, k in enumerate(donors):
            groups.setdefault(k[:depth], []).append(j)
        tables.append((depth, {k: np.array(sorted(v, key=lambda j: donor_months[j])) for k, v in groups.items()}))
    chosen = np.full(len(own), -1, dtype=np.int64)
    depth_of = np.zeros(len(own), dtype=np.int64)
    for i, k in enumerate(own):
        for depth, table in tables:
            cand = table.get(k[:depth])
            if cand is None:
                continue
            pos = int(np.searchsorted(donor_months[cand], months[i]))
            near = cand[max(0, pos - WINDOW) : pos + WINDOW]
            gap = np.abs(donor_months[near] - months[i])
            near = near[np.argsort(gap, kind="stable")[:WINDOW]]
            chosen[i], depth_of[i] = near[int(u[i] * len(near))], depth
            break
    return chosen, depth_of


def _copy(ph: StatusHolders, rp: StatusHolders, mine: np.ndarray, theirs: np.ndarray, last: int) -> None:
    """Copy the donors' columns to the persons ``mine`` (model order), months shifted to now."""
    for name in COPIED:
        getattr(ph, name)[mine] = getattr(rp, name)[theirs]
    entry = ph.entry[mine].astype(np.int64)
    since_permit = rp.housed_at[theirs].astype(np.int64) - rp.entry[theirs]
    ph.housed_at[mine] = np.clip(entry + since_permit, entry, -1)
    ph.housed_at[mine] = np.maximum(ph.housed_at[mine], ph.housed_at[ph.head[mine]])
    for name in RELATIVE:
        value = getattr(rp, name)[theirs].astype(np.int64)
        shifted = np.where(value >= NEVER, NEVER, np.maximum(value - last - 1, entry))
        getattr(ph, name)[mine] = shifted
    ph.course_active[mine] = rp.course_active[theirs]
    hours = ph.hours[mine]
    job = np.minimum(rp.job_hours[theirs], hours)
    full = ph.state[mine] == JOB_FULL
    ph.job_hours[mine] = np.where(full, np.maximum(job, np.minimum(hours, 32.0)), job)
