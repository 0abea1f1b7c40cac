"""Status holders: an array-backed population with an agent view of one person.

Thousands to hundreds of thousands of people are stored as numpy columns (one entry per
person, sorted by permit month) and updated by vectorised rules in ``sim.rules``. People who
have arrived form the prefix ``[:n_active]``, so each rule works on array views without
masks or copies. :meth:`StatusHolders.person` gives the traits and state of one person for
inspection; :func:`sim.outcomes.person_path` gives their month-by-month path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

import numpy as np

from sim.groups import group_code
from sim.households import HOUSEHOLD_TYPES
from sim.population import ORIGIN_LABELS, Traits
from sim.states import EXAM_NONE, WAITING, State

NEVER = np.int16(32000)
# Draws fixed for life, made once at arrival from keyed streams (month -1): who is screened,
# mentored, mediated, ... compared with the lever's share, so a higher share adds people.
FIXED_STREAMS = (
    "housing_wait",
    "screen",
    "hscreen",
    "mentor",
    "route",
    "course_delay",
    "mediation",
    "exemption",
    "welfare_exit",
)
NOT_PERSON_COLUMNS = frozenset({"couple_heads", "couple_partners"})  # per couple, not per person


def person_columns(people: StatusHolders) -> list[str]:
    """Names of the population's per-person columns (one-dimensional arrays of its length)."""
    n = len(people)
    return [
        name
        for name, value in vars(people).items()
        if isinstance(value, np.ndarray) and value.shape == (n,) and name not in NOT_PERSON_COLUMNS
    ]


def couples(partner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The principals with a partner in the run and their partners, by the partner's arrival (indices)."""
    heads = np.flatnonzero(partner > np.arange(len(partner))).astype(np.int32)
    order = np.argsort(partner[heads], kind="stable")
    return heads[order], partner[heads][order]


class StatusHolders:
    """Columns of every person who arrives during the horizon.

    Fixed traits come from :class:`~sim.population.Traits`; the dynamic columns are below.
    Units: months are calendar months of the run, hours are hours a week, language is on
    the CEFR scale (A1 = 1, A2 = 2, B1 = 3, B2 = 4).
    """

    def __init__(self, traits: Traits, priority: np.ndarray, fixed: np.ndarray) -> None:
        n = len(traits)
        self.traits = traits
        self.pid, self.entry, self.origin, self.male = traits.pid, traits.entry, traits.origin, traits.male
        self.age0, self.edu, self.burden, self.hours = traits.age0, traits.edu, traits.burden, traits.hours
        self.group = group_code(self.origin, self.male)  # origin x sex cell
        self.hh_type, self.role, self.care = traits.hh_type, traits.role, traits.care  # household (sim.households)
        self.head, self.partner, self.children = traits.head, traits.partner, traits.children
        self.couple_heads, self.couple_partners = couples(self.partner)  # principals with a partner here
        self.priority = priority  # fixed keyed draw ordering people for scarce places
        self.fixed = dict(zip(FIXED_STREAMS, fixed, strict=True))  # name -> draw per person
        self.n_active = 0
        self.state = np.full(n, WAITING, dtype=np.int8)
        self.months_in_state = np.zeros(n, dtype=np.int16)
        self.lang = traits.lang0.copy()
        self.housed_at = np.full(n, NEVER, dtype=np.int16)  # month housed in the municipality
        self.course_from = np.full(n, NEVER, dtype=np.int16)  # month the course starts
        self.course_active = np.zeros(n, dtype=bool)  # integration duty not yet met
        self.exam = np.full(n, EXAM_NONE, dtype=np.int8)
        self.dropped = np.zeros(n, dtype=bool)  # ever dropped out for health
        self.welfare = np.zeros(n, dtype=bool)  # in a household that receives bijstand (rules.welfare)
        self.out_of_view = np.zeros(n, dtype=bool)  # off bijstand by the partner's earnings: no client (rules.welfare)
        self.log_u_exit = np.log(np.maximum(self.fixed["welfare_exit"], 1e-300))  # see rules.welfare
        self.cm = np.full(n, -1, dtype=np.int32)  # client manager slot (-1 none, 0 regular)
        self.screened = np.zeros(n, dtype=bool)  # skills screened at intake
        self.treated = np.zeros(n, dtype=bool)  # health burden found and treated
        self.mentor_until = np.zeros(n, dtype=np.int16)  # month the mentor match ends
        self.network = np.zeros(n, dtype=np.float64)  # 0..1
        self.credential = np.zeros(n, dtype=bool)  # recognised Dutch diploma
        self.ever_dual = np.zeros(n, dtype=bool)
        self.phase_end = np.full(n, NEVER, dtype=np.int16)  # end month of dual track / education
        self.job_hours = np.zeros(n, dtype=np.float64)
        self.job_start = np.full(n, NEVER, dtype=np.int16)
        self.employer = np.full(n, -1, dtype=np.int16)
        self.coached = np.zeros(n, dtype=bool)
        self.precarious = np.zeros(n, dtype=bool)  # job taken under work-first pressure
        self.last_active = self.entry.astype(np.int16)  # last month in a job, the duty or COA (rules.idle)
        self.course_hours = np.zeros(n, dtype=np.float64)  # this month
        self.work_hours = np.zeros(n, dtype=np.float64)  # this month (job or placement)
        self.older_from = self._month_aged(45.0)  # first month aged 45 or more
        self.age65_from = self._month_aged(65.0)  # first month aged 65 or more (leaves the 18-64 outcomes)
        self.lang_mult = np.ones(n, dtype=np.float64)  # language-gain ratio (set at intake)
        self.offer_fixed = np.ones(n, dtype=np.float64)  # job-offer ratio of fixed traits (see rules.labour)
        self.offer_mult = np.ones(n, dtype=np.float64)  # offer_fixed x the idle ratio: what offers read (rules.idle)
        self.packs: dict[Any, Any] = {}  # named packs of these columns the rules built (sim.rules.context.pack)

    @classmethod
    def stacked(
        cls, traits: Sequence[Traits], priority: Sequence[np.ndarray], fixed: Sequence[np.ndarray]
    ) -> tuple[StatusHolders, list[StatusHolders]]:
        """Several populations made at once: their columns made once over all, each population a view.

        Every column is made from the traits and draws person by person, so the columns made
        over all populations are each population's own columns, concatenated value for value
        (``tests/core/test_status_holders.py``). Making them once costs one set of numpy
        steps instead of one per population, and the stacked runs (``sim.stack``) take the
        whole's columns as they are, with nothing to copy.

        Args:
            traits: Each population's traits.
            priority: Each population's priority draws (as :class:`StatusHolders` takes them).
            fixed: Each population's fixed draws, streams x persons.

        Returns:
            The whole (one population of everyone; its couples are not meaningful: a couple's
            indices are within its own population) and each population, whose columns and fixed
            draws are views of the whole's.
        """
        joined = Traits(**{f.name: np.concatenate([getattr(t, f.name) for t in traits]) for f in fields(Traits)})
        whole = cls(joined, np.concatenate(priority), np.concatenate(fixed, axis=1))
        whole.couple_heads = whole.couple_partners = np.zeros(0, dtype=np.int32)
        names, parts, lo = frozenset(person_columns(whole)), [], 0
        for tr in traits:
            hi = lo + len(tr)
            parts.append(whole._part(names, lo, hi, tr))
            lo = hi
        return whole, parts

    def _part(self, names: frozenset[str], lo: int, hi: int, traits: Traits) -> StatusHolders:
        """Persons ``lo .. hi - 1`` of the whole as a population of their own (views; see :meth:`stacked`)."""
        part = object.__new__(StatusHolders)
        for name, value in vars(self).items():  # every attribute __init__ sets, in its order
            setattr(part, name, value[lo:hi] if name in names else value)
        part.traits, part.n_active, part.packs = traits, 0, {}
        part.fixed = {name: draws[lo:hi] for name, draws in self.fixed.items()}
        part.couple_heads, part.couple_partners = couples(traits.partner)
        return part

    def _month_aged(self, years: float) -> np.ndarray:
        """First calendar month in which each person's age is at least ``years``."""
        return (self.entry + np.ceil((years - self.age0) * 12.0 - 1e-9)).astype(np.int32)

    def __len__(self) -> int:
        return len(self.pid)

    def admit(self, month: int) -> int:
        """Make everyone with a permit up to ``month`` active; return the new count."""
        month_of_entry = self.entry.dtype.type(month)  # a Python int would convert the whole column
        self.n_active = int(self.entry.searchsorted(month_of_entry, side="right"))
        return self.n_active

    def set_state(self, idx: np.ndarray, state: int) -> None:
        """Move persons (indices or mask) to a state and restart their months-in-state."""
        self.state[idx] = state
        self.months_in_state[idx] = 0

    def age(self, month: int, n: int) -> np.ndarray:
        """Age in years of the first ``n`` persons at a calendar month."""
        return self.age0[:n] + (month - self.entry[:n]) / 12.0

    def person(self, i: int) -> dict[str, Any]:
        """Traits and current state of person ``i`` (index), for inspection."""
        return {
            "id": int(self.pid[i]),
            "permit_month": int(self.entry[i]),
            "origin": ORIGIN_LABELS[self.origin[i]],
            "sex": "male" if self.male[i] else "female",
            "age_at_permit": round(float(self.age0[i]), 1),
            "education": ("low", "secondary", "higher")[self.edu[i]],
            "health_burden": bool(self.burden[i]),
            "hours_available": float(self.hours[i]),
            "state": State(int(self.state[i])).name,
            "language": round(float(self.lang[i]), 2),
            "on_welfare": bool(self.welfare[i]),
            "household": HOUSEHOLD_TYPES[self.hh_type[i]],
            "role": ("principal", "partner (together)", "partner (nareiziger)")[self.role[i]],
            "partner": int(self.partner[i]),
            "children": int(
                self.children[self.partner[i]] + self.children[i] if self.partner[i] >= 0 else self.children[i]
            ),
        }
