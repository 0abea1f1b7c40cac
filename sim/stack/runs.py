"""StackedRuns: several runs of the same horizon stepped together, one array pass per rule.

The runs are ordinary :class:`~sim.model.MunicipalityModel` s, set up as for a run alone
except their populations: those are made at once (:meth:`StatusHolders.stacked
<sim.agents.status_holders.StatusHolders.stacked>`), each run's person columns views of one
stacked array per column (:class:`~sim.stack.columns.StackedColumns`). Each month runs the phases of
:data:`sim.model.MONTH` in order: a phase with a stacked form (:data:`sim.stack.month.STACKED`)
is one compiled call for every run, the others run on each model in turn. Each run keeps its
own seed, keys, parameters and posterior draw, so every run's result is bit for bit the one
it has alone (``tests/core/test_stacked.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from sim.agents.status_holders import StatusHolders
from sim.budget import ITEMS
from sim.model import CALENDAR_SERIES, MONTH, MunicipalityModel, month0_params, person_draws
from sim.params import Value
from sim.population import Traits, draw_traits_of_runs, inflow_schedule, trait_values
from sim.rng import Streams, month_keys_of_runs
from sim.rules import idle, labour, learning
from sim.scenarios import Scenario
from sim.stack.columns import StackedColumns
from sim.stack.month import CHANGES_PARAMETERS, STACKED, lever_months
from sim.values import Params

RunSpec = tuple[Scenario, int, dict[str, Value] | None]  # scenario, seed, theta


class StackedRuns:
    """Runs stepped together with their person columns stacked.

    Args:
        runs: ``(scenario, seed, theta)`` per run; every scenario must have the same horizon.
        inflow: Arrivals per calendar month for every run, overriding the scenarios' schedules.

    Attributes:
        models: The runs' models, in order (each with its ledger, calendar and recorder).
        people: The stacked person columns; ``starts`` their segments.
        history: Every run's outcome codes (months x people); each recorder's history is its columns.
        recorded_months: Months recorded (one element, shared by every run's recorder).
        ledger: Every run's ledger items (item -> runs x months); each ledger's items are its rows.
        calendar: Every run's calendar series (name -> runs x months); each model's are its rows.
        vacancies: Every run's employers' vacancies (runs x employers; each table's are its row);
            ``learn_work_places`` and ``employer_hires`` likewise.
        n_active: People active in each run this month.
        lever_months: Months (runs x months) where a run's levers can change (``sim.stack.month.levers``).
    """

    def __init__(self, runs: Sequence[RunSpec], inflow: np.ndarray | None = None) -> None:
        if not runs:
            raise ValueError("StackedRuns needs at least one run")
        arrivals = _arrivals(runs, inflow)
        traits = [tr for _, _, tr in arrivals]
        draws = [person_draws(Streams(seed), tr) for (_, seed, _), tr in zip(runs, traits, strict=True)]
        whole, populations = StatusHolders.stacked(traits, [d[0] for d in draws], [d[1] for d in draws])
        self.models = [
            MunicipalityModel(s, seed, theta=theta, inflow=schedule, traits=tr, ratios=False, p0=p0, people=ph)
            for (s, seed, theta), (p0, schedule, tr), ph in zip(runs, arrivals, populations, strict=True)
        ]
        horizons = sorted({m.horizon for m in self.models})
        if len(horizons) > 1:
            raise ValueError(f"stacked runs need one horizon (context.horizon_months), got {horizons}")
        self.horizon, self.month = horizons[0], -1
        self.people = StackedColumns(whole, populations)
        self.starts = self.people.starts
        self.n_active = np.zeros(len(self.models), dtype=np.int64)
        self.history = np.empty((self.horizon, len(self.people)), dtype=np.uint8)  # written before it is read
        self.ledger = {item: np.zeros((len(self.models), self.horizon)) for item in ITEMS}  # euros: run x month
        self.calendar = {k: np.zeros((len(self.models), self.horizon)) for k in CALENDAR_SERIES}  # run x month
        self.recorded_months = np.zeros(1, dtype=np.int64)  # months every run has recorded
        for r, m in enumerate(self.models):
            m.recorder.history = self.history[:, self.starts[r] : self.starts[r + 1]]
            m.recorder.share_months(m.people, self.recorded_months)
            m.ledger.items = {item: self.ledger[item][r] for item in ITEMS}
            m.calendar = {k: self.calendar[k][r] for k in CALENDAR_SERIES}
        self.vacancies, self.learn_work_places, self.employer_hires = self._stack_employers()
        self._keys: dict[tuple[str, ...], list[tuple[np.ndarray, ...]]] = {}
        self._scratch: dict[str, np.ndarray] = {}
        self._cached: dict[Callable[..., Any], tuple[int, Any]] = {}
        self._versions = tuple(m.p.version for m in self.models)  # each run's parameter version
        self._epoch = 0  # + 1 each time a run's parameter version changes (what per_version compares)
        self.lever_months = lever_months(self.models, self.horizon)
        everyone = np.concatenate([np.arange(len(m.people)) for m in self.models])
        self.refresh_multipliers(everyone, self.starts, 0)  # each model's own at its set-up (month -1: 0)

    def _stack_employers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every run's employers' vacancies, learn-work places and hires as runs x employers (views per table).

        Every run has the same employers (two per sector and the municipality, ``create_employers``).
        """
        tables = [m.employer_table for m in self.models]
        vacancies, places = np.stack([t.vacancies for t in tables]), np.stack([t.learn_work_places for t in tables])
        hires = np.stack([t.hires for t in tables])
        for r, t in enumerate(tables):
            t.vacancies, t.learn_work_places, t.hires = vacancies[r], places[r], hires[r]
        return vacancies, places, hires

    def step(self) -> None:
        """Advance every run one calendar month."""
        self.month += 1
        t = self.month
        for m in self.models:
            m.month = t
            m.steps += 1
        for name, phase in MONTH:
            stacked = STACKED.get(name)
            if stacked is not None:
                stacked(self, t)
            else:
                for m in self.models:
                    phase(m, t)
            if stacked is None or name in CHANGES_PARAMETERS:  # a run's levers may have changed
                self._note_versions()
            if name == "intake" and stacked is None:  # the only phase that admits people (stacked: in place)
                self.n_active[:] = [m.people.n_active for m in self.models]

    def _note_versions(self) -> None:
        """Read each run's parameter version again; a new epoch when one changed."""
        versions = tuple(m.p.version for m in self.models)
        if versions != self._versions:
            self._versions, self._epoch = versions, self._epoch + 1

    def run_model(self) -> None:
        """Step every run through the whole horizon, then free Mesa's references to the models."""
        while self.month < self.horizon - 1:
            self.step()
        for m in self.models:
            m.release()

    def keys(self, names: tuple[str, ...], month: int) -> tuple[np.ndarray, ...]:
        """Per name, each run's stream key of ``month`` (uint64, length R), from blocks made once."""
        got = self._keys.get(names)
        if got is None:
            block = month_keys_of_runs([m.streams for m in self.models], names, self.horizon)
            got = self._keys[names] = [tuple(block[t]) for t in range(self.horizon)]
        return got[month]

    def rates(self, fn: Callable[[Any], NamedTuple]) -> tuple[np.ndarray, ...]:
        """Per field of ``fn``'s NamedTuple, each run's value (``model.derived(fn)``) as an array."""
        return self.per_version(fn, lambda values: tuple(np.array(field) for field in zip(*values, strict=True)))

    def concatenated(self, fn: Callable[[Any], Any]) -> np.ndarray:
        """Each run's per-person array ``model.derived(fn)`` concatenated as the person columns are."""
        return self.per_version(fn, np.concatenate)

    def stacked(self, fn: Callable[[Any], Any]) -> np.ndarray:
        """Each run's ``model.derived(fn)`` (arrays of one shape) stacked on a leading axis."""
        return self.per_version(fn, np.stack)

    def per_version(self, fn: Callable[[Any], Any], combine: Callable[[list[Any]], Any]) -> Any:
        """``combine`` of each run's ``derived(fn)``, made again only when a run's parameters change.

        Only the levers (:data:`sim.stack.month.CHANGES_PARAMETERS`) and the phases still run
        per model can change parameters; :meth:`step` reads the versions again after them and
        counts an epoch when one changed, so a look-up compares one number, not every run's
        version.
        """
        epoch = self._epoch
        got = self._cached.get(fn)
        if got is None or got[0] != epoch:
            got = self._cached[fn] = (epoch, combine([m.derived(fn) for m in self.models]))
        return got[1]

    def refresh_multipliers(self, local: np.ndarray, offsets: np.ndarray, month: int) -> None:
        """:meth:`MunicipalityModel.refresh_multipliers` of every run at once, in its order.

        Args:
            local: Persons (indices within their run), run after run.
            offsets: Run ``r``'s persons are ``local[offsets[r]:offsets[r + 1]]``.
            month: The runs' month.
        """
        labour.offer_multiplier_stacked(self, local, offsets)
        idle.apply_ratio_stacked(self, local, offsets, max(month, 0))
        learning.language_multiplier_stacked(self, local, offsets)

    def scratch(self, name: str, dtype: Any) -> np.ndarray:
        """The work array ``name``: one element per person of all runs, made once and handed out each month.

        A phase that needs room for some of everyone's persons (the candidates of the month,
        those housed) writes it before it reads it; its values are what the phase left last
        month. Made once, it is not allocated and page-faulted again every month (an array of
        20,000 persons is over glibc's 128 KiB threshold, so each fresh one is a new mapping).

        Args:
            name: The phase's name for it; one array per name.
            dtype: Its dtype (the same for a name at every call).
        """
        got = self._scratch.get(name)
        if got is None:
            got = self._scratch[name] = np.empty(len(self.people), dtype=dtype)
        elif got.dtype != np.dtype(dtype):
            raise TypeError(f"scratch array {name!r} is {got.dtype}, asked for {np.dtype(dtype)}")
        return got

    def book(self, item: str, month: int, euros: np.ndarray, where: np.ndarray | None = None) -> None:
        """Add each run's amount to its ledger ``item`` in ``month`` (as ``Ledger.add`` does).

        Args:
            item: The ledger item.
            month: Calendar month.
            euros: Each run's amount (length R).
            where: Book only the runs where this is True (the others add nothing).
        """
        column = self.ledger[item][:, month]  # a view: each run's ledger item in this month
        if where is None:
            column += euros
        else:
            column[where] += np.asarray(euros)[where]


def _arrivals(runs: Sequence[RunSpec], inflow: np.ndarray | None) -> list[tuple[Params, np.ndarray, Traits]]:
    """Every run's month-0 parameters, inflow schedule and traits; parameters once per (scenario, theta) pair.

    The parameters are shared by the pair's runs (each model clones them), so a theta is
    validated once per pair, not twice per run. Each run's schedule is the one its model would
    make (:func:`sim.population.inflow_schedule` of :func:`sim.model.month0_params`; ``inflow``
    when given).

    The traits of every run whose parameters draw traits from the same values
    (:func:`sim.population.trait_values`; the replications of a call, and runs that differ
    only in a posterior draw or a lever) are drawn in one pass
    (:func:`sim.population.draw_traits_of_runs`); each run's traits are the ones its model
    would draw alone.
    """
    pairs: dict[tuple[int, int], list[int]] = {}
    for i, (s, _, theta) in enumerate(runs):
        pairs.setdefault((id(s), id(theta)), []).append(i)
    made: dict[int, tuple[Params, np.ndarray]] = {}  # run -> its parameters and schedule
    alike: dict[str, list[int]] = {}  # trait values -> the runs whose traits are drawn together
    for members in pairs.values():
        s, _, theta = runs[members[0]]
        p = month0_params(s, theta)
        made.update(dict.fromkeys(members, (p, inflow_schedule(p) if inflow is None else inflow)))
        alike.setdefault(trait_values(p), []).extend(members)
    traits: dict[int, Traits] = {}
    for members in alike.values():
        p, schedule = made[members[0]]  # the same trait values, so the same schedule
        traits.update(
            zip(members, draw_traits_of_runs(p, [Streams(runs[i][1]) for i in members], schedule), strict=True)
        )
    return [(*made[i], traits[i]) for i in range(len(runs))]
