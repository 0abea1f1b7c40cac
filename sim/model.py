"""MunicipalityModel: the Mesa model of one municipality, stepped monthly.

The model owns the scenario's parameters (``p``, updated by dated lever changes), the
keyed random streams, the array-backed status holders, the client-manager and employer
agents (Mesa agents with their own decisions), the money ledger and the outcome recorder
(cohort-aligned counts of one compact code per person-month, see ``sim.recording``). ``step``
applies the rules of ``sim.rules`` in a fixed order; ``sim.outcomes`` turns the counts into
tables and KPIs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import mesa
import numpy as np

from sim.agents.client_managers import (
    ClientManager,
    assign_caseloads,
    assign_dedicated,
    assign_regular,
    sync_managers,
)
from sim.agents.employers import Employer, EmployerTable, create_employers
from sim.agents.status_holders import FIXED_STREAMS, StatusHolders
from sim.budget import Ledger
from sim.caseload import start
from sim.caseload.reader import Caseload
from sim.params import Value
from sim.population import Traits, draw_traits
from sim.recording import Recorder
from sim.rng import Streams
from sim.rules import health, idle, intake, labour, learning, network, welfare
from sim.scenarios import Scenario, validate_set
from sim.states import NOT_CLIENT, lut
from sim.values import Params

NOT_CLIENT_TABLE = lut(*NOT_CLIENT)
T = TypeVar("T")


CALENDAR_SERIES = (
    "active",
    "clients",
    "clients_dedicated",
    "dedicated_fte",
    "vacancies",
    "hires",
    "housed_adults",  # the housing task met: adults housed this month (nareizigers included)
    "housed_children",  # and the children housed with them
)


def month0_params(scenario: Scenario, theta: dict[str, Value] | None) -> Params:
    """The parameters in force at month 0: the scenario's, the draw where it leaves them open, its changes at 0."""
    p = Params(scenario.params())
    p.update(scenario.open_theta(validate_set(theta or {}, "theta")))
    p.update(scenario.changes_at(0))
    return p


def person_draws(streams: Streams, traits: Traits) -> tuple[np.ndarray, np.ndarray]:
    """Each person's fixed draws of a run: the priority draw and the draws of ``FIXED_STREAMS`` (streams x persons)."""
    return streams.uniform("priority", -1, traits.pid), streams.uniforms(FIXED_STREAMS, -1, traits.pid)


class MunicipalityModel(mesa.Model):
    """Status holders, client managers and employers in one municipality.

    Args:
        scenario: The validated scenario.
        seed: Seed of this run; (scenario, seed) determines the run exactly.
        theta: Values for uncertain parameters (e.g. a posterior draw), validated keys; only
            those the scenario leaves open are used (:meth:`~sim.scenarios.Scenario.open_theta`).
        inflow: Arrivals per calendar month, overriding the scenario's inflow schedule.
        keep_paths: Keep every person-month's state code and Dutch level (person view).
        caseload: People who are already in the municipality at month 0 (``sim.caseload``):
            they come first, with permit months before 0; the inflow arrives as usual.
        past: With a caseload: the scenario in force before month 0, which decides what the
            file cannot show (intake, donors' traits); default this scenario. A comparison
            gives every scenario the baseline's past, so they all start from the same people.
        traits: The inflow's traits as :func:`~sim.population.draw_traits` draws them for this
            run (its month-0 parameters, seed and ``inflow``), drawn already with other runs
            (:func:`~sim.population.draw_traits_of_runs`); drawn here if None.
        ratios: Compute every person's offer and language ratios now (:meth:`refresh_multipliers`);
            stacked runs compute theirs together once their columns are stacked (``sim.stack``).
        p0: This run's :func:`month0_params` (scenario, theta) made already, e.g. once for the
            replications of a stacked group; cloned, so the caller's copy is not changed.
        people: This run's population made already from ``traits`` and :func:`person_draws`
            (:meth:`StatusHolders.stacked`, for stacked runs); made here if None. Not with a
            caseload (whose people join the traits first).
    """

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        theta: dict[str, Value] | None = None,
        inflow: np.ndarray | None = None,
        keep_paths: bool = False,
        caseload: Caseload | None = None,
        past: Scenario | None = None,
        traits: Traits | None = None,
        ratios: bool = True,
        p0: Params | None = None,
        people: StatusHolders | None = None,
    ) -> None:
        super().__init__(seed=seed)
        self.scenario = scenario
        self.p = month0_params(scenario, theta) if p0 is None else p0.clone()
        self._derived: dict[Hashable, tuple[int, Any]] = {}  # fn (and key) -> (parameter version, value)
        self.streams = Streams(seed)
        before = self.p if past is None else month0_params(past, theta)
        if people is None:
            traits = draw_traits(self.p, self.streams, inflow) if traits is None else traits
            if caseload is not None:
                traits = start.merge(start.traits(before, self.streams, caseload), traits)
            people = StatusHolders(traits, *person_draws(self.streams, traits))
        elif caseload is not None:
            raise ValueError("a run with a caseload makes its own people (the caseload's join its traits)")
        self.people = people
        self.caseload_matches: dict[int, int] = {}  # people of a caseload by keys matched with a donor
        if caseload is not None:
            with self._in_force(before):
                start.place(self, caseload)
        self.priority_rank = learning.priority_rank(self.people.priority)  # place in the keyed priority order
        first = min(0, int(self.people.entry[0])) if len(self.people) else 0  # a caseload's permits are before 0
        self.cohort_starts = np.searchsorted(
            self.people.entry, np.arange(first, int(self.p["context.horizon_months"]) + 1)
        )
        self.horizon = int(self.p["context.horizon_months"])
        self.month = -1
        self.regular = ClientManager(self, 0, False, 0.0, float(self.p["guidance.regular_caseload"]))
        self.dedicated: list[ClientManager] = []
        self.dedicated_caps = np.zeros(0, dtype=np.int64)  # their capacities (sync_managers)
        self.managers_key: tuple[float, ...] | None = None  # what sync_managers last set them from
        self.managers_seen: tuple[Params, int] | None = None  # the parameters (and version) sync_managers last saw
        self.employers: list[Employer] = create_employers(self)
        self.employer_table = EmployerTable(self.employers)
        self.ledger = Ledger(self.horizon)
        self.recorder = Recorder(self.horizon, len(self.people), keep_paths)
        self.calendar = {k: np.zeros(self.horizon) for k in CALENDAR_SERIES}
        self.n_clients: int = 0  # clients of the municipality this month (set by guidance)
        if ratios:
            self.refresh_multipliers(np.arange(len(self.people)))

    @contextmanager
    def _in_force(self, p: Params) -> Iterator[None]:
        """Let ``p`` be the parameters in force for a while (a caseload's past), then this run's again."""
        now, self.p = self.p, p
        try:
            yield
        finally:
            self.p = now
            self._derived.clear()  # values derived from the past's parameters must not be reused

    def refresh_multipliers(self, idx: np.ndarray) -> None:
        """Recompute the per-person job-offer and language ratios (after intake or a lever change).

        The job-offer ratio is the fixed-trait ratio times the idle ratio of this month
        (``sim.rules.idle``).
        """
        labour.offer_multiplier(self, idx, self.people.offer_fixed)
        idle.apply_ratio(self, idx, max(self.month, 0))
        learning.language_multiplier(self, idx, self.people.lang_mult)

    def derived(self, fn: Callable[[MunicipalityModel], T], *key: Hashable) -> T:
        """``fn(self)``, cached until the parameters or the funding state change (do not modify it).

        Args:
            fn: A function of the model's parameters in force (``p``, ``p.now``) only.
            key: Anything else the result depends on (rarely needed).
        """
        k = (fn, *key) if key else fn
        got = self._derived.get(k)
        if got is None or got[0] != self.p.version:  # versions only grow: an older value is never wanted again
            got = self._derived[k] = (self.p.version, fn(self))
        return got[1]

    def step(self) -> None:
        """Advance one calendar month: the phases of :data:`MONTH`, in order."""
        self.month += 1
        for _, phase in MONTH:
            phase(self, self.month)

    def begin_month(self, t: int) -> None:
        """The levers of month ``t`` in force (dated changes, funding state, ratios)."""
        changes = self.scenario.changes_at(t) if t > 0 else {}
        if changes:
            self.p.update(changes)
        self.p.set_month(t)
        if changes:
            self.refresh_multipliers(np.arange(len(self.people)))

    def admit_and_house(self, t: int) -> None:
        """New permits become active, their housing is scheduled, and this month's housed join."""
        first = self.people.n_active
        n = self.people.admit(t)
        intake.schedule_housing(self, first, n)
        self.calendar["housed_adults"][t], self.calendar["housed_children"][t] = intake.intake(self, t)

    def guidance(self, t: int) -> None:
        """Client managers and their caseloads this month (``n_clients``: the clients)."""
        sync_managers(self)
        n_clients = assign_regular(self, t, NOT_CLIENT_TABLE) if not self.dedicated else self.assign_dedicated(t)
        cost_month = float(self.p["costs.cm_fte_eur_year"]) / 12.0
        dedicated = sum(a.fte for a in self.dedicated)
        self.ledger.add("client_managers_dedicated", t, dedicated * cost_month)
        self.ledger.add("client_managers_regular", t, self.regular.fte * cost_month)
        self.calendar["clients"][t] = n_clients
        self.calendar["clients_dedicated"][t] = sum(a.clients for a in self.dedicated)
        self.calendar["dedicated_fte"][t] = dedicated
        self.n_clients = n_clients

    def assign_dedicated(self, t: int) -> int:
        """This month's clients to the dedicated managers and the regular team; returns the clients."""
        got = assign_dedicated(self, t, NOT_CLIENT_TABLE)
        return got if got is not None else self.over_capacity(t)

    def over_capacity(self, t: int) -> int:
        """This month's clients by the general rule (a dedicated manager has more clients than places).

        Called after :func:`~sim.agents.client_managers.assign_dedicated` found it so (and did
        its first step); returns the clients.
        """
        ph, n = self.people, self.people.n_active  # a dedicated manager is over capacity (fewer FTE):
        clients = (ph.housed_at[:n] <= t) & ~NOT_CLIENT_TABLE[ph.state[:n]] & ~ph.out_of_view[:n]
        assign_caseloads(self, clients)  # the general rule sorts it out
        return int(np.count_nonzero(clients))

    def vacancies(self, t: int) -> None:
        """Employers post this month's vacancies."""
        labour.post_vacancies(self, t)
        self.calendar["vacancies"][t] = int(self.employer_table.vacancies.sum())

    def record(self, t: int) -> None:
        """Record every active person's outcome code of month ``t``."""
        self.recorder.record(self.people, t)
        self.calendar["active"][t] = self.people.n_active

    def release(self) -> None:
        """Drop Mesa's class-level reference to this model so it can be freed.

        Mesa 3.3 counts agent ids in ``mesa.Agent._ids``, a dict keyed by model that is never
        cleared; without this every finished run stays in memory (about 4 MB each).
        """
        for cls in (mesa.Agent, *type(self).__mro__):
            ids = getattr(cls, "_ids", None)
            if isinstance(ids, dict):
                ids.pop(self, None)

    def dispose(self) -> None:
        """Free the finished run at once: clear its agents' and its own attributes.

        The model and its agents refer to each other (Mesa's agent sets, ``agent.model``, the
        employers' table), so without this only the cyclic collector frees a run, with every
        array it holds (about 175 objects a run). Call it only when nothing will read the model
        again (:func:`sim.runner.run_stacked`, after the results are made).
        """
        self.release()
        for agent in list(self._agents):
            agent.__dict__.clear()
        self.__dict__.clear()

    def run_model(self) -> None:
        """Step through the whole horizon."""
        while self.month < self.horizon - 1:
            self.step()


def _age(m: MunicipalityModel, t: int) -> None:
    ph = m.people
    ph.months_in_state[: ph.n_active] += 1


def _hires(m: MunicipalityModel, t: int) -> None:
    m.calendar["hires"][t] = labour.job_offers(m, t)


Phase = Callable[[MunicipalityModel, int], None]
# The month of a run, in order: (name, phase). Each phase looks its rule up when called, so a
# wrapped rule (bench/rule_times.py) is the one that runs; sim.stack runs the same list.
MONTH: tuple[tuple[str, Phase], ...] = (
    ("levers", lambda m, t: m.begin_month(t)),
    ("ageing", _age),
    ("intake", lambda m, t: m.admit_and_house(t)),
    ("courses", lambda m, t: learning.start_courses(m, t)),
    ("guidance", lambda m, t: m.guidance(t)),
    ("health", lambda m, t: health.health_month(m, t)),
    ("education", lambda m, t: learning.finish_education(m, t)),
    ("dual_tracks", lambda m, t: learning.dual_tracks(m, t, m.n_clients)),
    ("learning", lambda m, t: learning.learning_month(m, t)),
    ("network", lambda m, t: network.network_month(m, t)),
    ("jobs", lambda m, t: labour.jobs_month(m, t)),
    ("vacancies", lambda m, t: m.vacancies(t)),
    ("offers", _hires),
    ("idle", lambda m, t: idle.idle_month(m, t)),
    ("job_costs", lambda m, t: labour.job_costs(m, t)),
    ("hours", lambda m, t: learning.allocate_hours(m)),
    ("welfare", lambda m, t: welfare.update_welfare(m, t)),
    ("recording", lambda m, t: m.record(t)),
)
