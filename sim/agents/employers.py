"""Employers: Mesa agents that post vacancies and decide whom to hire.

Each sector of the regional labour market is represented by two employer agents, one open to
hiring status holders and one reluctant (each standing for the region's employers of its
kind), plus (when the lever is on) the municipality itself as employer and buyer through
social return. An employer posts vacancies every month and hires candidates who meet its
language requirement, pass its openness and find the vacancy not taken by another of the
region's status holders (its fill chance, ``sim.region.fill_chance``), in the order of
a keyed priority draw, until its vacancies are filled (mechanisms 3, 9, 10, 15).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
from numba import njit

from sim.region import fill_chance

if TYPE_CHECKING:
    from sim.model import MunicipalityModel


@dataclass(frozen=True)
class Sector:
    """A sector of the labour market open to status holders.

    Attributes:
        name: Short name.
        vacancies: Open vacancies nationally (thousands), for the sector's share of the flow.
        language: Language requirement (CEFR scale: A1 = 1, A2 = 2, B1 = 3).
        invests: Shortage sector whose employers invest in coaching (seed 000).
        source: Evidence id of the vacancy figure.
    """

    name: str
    vacancies: float
    language: float
    invests: bool
    source: str


# Vacancy counts: CBS (T6-191..T6-201). Language requirements: assumption, ordered by
# customer contact and safety as the seeds describe (seed 001; T6-210: most vacancies ask Dutch).
SECTORS: tuple[Sector, ...] = (
    Sector("hospitality", 33.1, 0.7, False, "T6-194"),
    Sector("trade_retail", 82.1, 1.8, False, "T6-192"),
    Sector("transport_logistics", 18.4, 1.0, True, "T6-193"),
    Sector("construction_installation", 25.7, 1.4, True, "T6-191"),
    Sector("industry", 34.3, 1.0, True, "T6-195"),
    Sector("care_welfare", 65.4, 2.8, True, "T6-197"),
    Sector("business_services", 41.3, 0.5, False, "T6-201"),
    Sector("ict_office", 21.2, 2.5, True, "T6-198"),
)
OPEN_FACTOR, RELUCTANT_FACTOR = 1.5, 0.5  # assumption: half the employers twice as open (T6-209)


@njit(cache=True, inline="always")
def employer_index(sector, reluctant):
    """Index of a sector's open (``reluctant`` False) or reluctant employer in the model's list.

    The one place this layout is written: :func:`create_employers` builds the list in this
    order and the hiring rules choose employers with it. Works on scalars and arrays.
    """
    return 2 * sector + reluctant


Terms = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # requirement, openness, fill chance, no-Dutch share
COUNTERS = ("vacancies", "learn_work_places", "hires")  # an employer's counts, array-backed in EmployerTable


def _counter(name: str, doc: str) -> Any:
    """A whole-number attribute stored in the employer's :class:`EmployerTable` row once it has one."""

    def get(self: Employer) -> int:
        if self._table is None:
            return self._own[name]
        return int(getattr(self._table, name)[self._slot])

    def put(self: Employer, value: int) -> None:
        if self._table is None:
            self._own[name] = int(value)
        else:
            getattr(self._table, name)[self._slot] = value

    return property(get, put, doc=doc)


class Employer(mesa.Agent):
    """An employer (or group of similar employers) in one sector.

    Its counts (vacancies, learn-work places, hires) live in the model's
    :class:`EmployerTable`, so the compiled hiring rule updates every employer's at once; the
    attributes below read and write them.

    Attributes:
        sector: Index into ``SECTORS`` (-1 for the municipality).
        openness_factor: Openness relative to the lever ``employers.openness``.
        share: Share of the sector's vacancy flow this employer posts.
        job_coaching: Whether it coaches the status holders it hires.
        vacancies: Vacancies open this month.
        learn_work_places: Dual-track placements it offers.
        hires: Status holders hired so far.
    """

    vacancies = _counter("vacancies", "Vacancies open this month.")
    learn_work_places = _counter("learn_work_places", "Dual-track placements it offers this month.")
    hires = _counter("hires", "Status holders hired so far.")

    def __init__(self, model: MunicipalityModel, sector: int, openness_factor: float, share: float) -> None:
        super().__init__(model)
        self.sector = sector
        self.openness_factor = openness_factor
        self.share = share
        self.job_coaching = sector >= 0 and SECTORS[sector].invests and openness_factor > 1
        self._table: EmployerTable | None = None
        self._slot = 0
        self._own = dict.fromkeys(COUNTERS, 0)

    @property
    def is_municipal(self) -> bool:
        """True for the municipality as employer (social return)."""
        return self.sector < 0

    def language_requirement(self) -> float:
        """Dutch level required, after the municipality's strictness lever."""
        if self.is_municipal:
            return 0.0
        base = SECTORS[self.sector].language
        return max(0.0, base + float(self.model.p["employers.language_strictness"]))

    def openness(self) -> float:
        """Chance of hiring a qualified status holder."""
        if self.is_municipal:
            return 1.0
        return min(1.0, float(self.model.p["employers.openness"]) * self.openness_factor)

    def no_dutch_share(self) -> float:
        """Share of its vacancies that ask no Dutch (``employers.no_dutch_share``; the municipality: all)."""
        return 1.0 if self.is_municipal else float(self.model.p["employers.no_dutch_share"])

    def fill_chance(self) -> float:
        """Chance a vacancy is not taken by another of the region's status holders (1: the municipality's own)."""
        return 1.0 if self.is_municipal else fill_chance(self.model.p)

    def post_vacancies(self, expected: float, u: float) -> None:
        """Open this month's vacancies: ``expected`` rounded up or down by the keyed draw ``u``."""
        self.vacancies = math.floor(expected + u)
        self.learn_work_places = math.ceil(12 * expected)

    def hire(
        self,
        lang: np.ndarray,
        relief: np.ndarray,
        u_accept: np.ndarray,
        priority: np.ndarray,
        u_vacancy: np.ndarray | None = None,
        u_no_dutch: np.ndarray | None = None,
    ) -> np.ndarray:
        """Decide which candidates to hire this month.

        Args:
            lang: Candidates' Dutch level.
            relief: Language relief a mediator arranges per candidate (CEFR levels).
            u_accept: Keyed uniform draws per candidate for the employer's judgement.
            priority: Keyed draws ordering candidates when vacancies are scarce.
            u_vacancy: Keyed uniform draws per candidate against the fill chance (None: all 0).
            u_no_dutch: Keyed uniform draws per candidate: below the share of vacancies without Dutch,
                no language level is needed (None: all 1).

        Returns:
            Indices (into the candidate arrays) of those hired.
        """
        free = np.ones(len(lang), dtype=bool) if u_vacancy is None else u_vacancy < self.fill_chance()
        any_level = np.zeros(len(lang), dtype=bool) if u_no_dutch is None else u_no_dutch < self.no_dutch_share()
        need = np.where(any_level, 0.0, self.language_requirement())
        ok = (lang + relief >= need) & (u_accept < self.openness()) & free
        idx = np.flatnonzero(ok)
        if len(idx) > self.vacancies:
            idx = idx[np.argsort(priority[idx], kind="stable")[: self.vacancies]]
        self.vacancies -= len(idx)
        self.hires += len(idx)
        return idx


class EmployerTable:
    """The employer agents' attributes as arrays, for the vectorised and compiled rules.

    Built once per model from its employer agents, which from then on keep their counts
    (``vacancies``, ``learn_work_places``, ``hires``: int64 arrays here, one row per agent);
    :meth:`terms` gives every employer's language requirement and openness for the current
    levers (the same values as the agents' :meth:`Employer.language_requirement` and
    :meth:`Employer.openness`), cached per lever values.

    Args:
        employers: The model's employer agents (the municipality last).
    """

    def __init__(self, employers: list[Employer]) -> None:
        self.base_language = np.array([SECTORS[e.sector].language if e.sector >= 0 else 0.0 for e in employers])
        self.municipal = np.array([e.is_municipal for e in employers])
        self.openness_factor = np.array([e.openness_factor for e in employers])
        self.share = np.array([e.share for e in employers])
        self.coaching = np.array([e.job_coaching for e in employers])
        self._terms: dict[tuple[float, float, float, float], Terms] = {}
        self.vacancies = np.array([e.vacancies for e in employers], dtype=np.int64)
        self.learn_work_places = np.array([e.learn_work_places for e in employers], dtype=np.int64)
        self.hires = np.array([e.hires for e in employers], dtype=np.int64)
        for slot, e in enumerate(employers):
            e._table, e._slot = self, slot

    def terms(self, strictness: float, openness: float, fill: float, no_dutch: float) -> Terms:
        """Language requirement (CEFR levels), openness, fill chance and share without Dutch of every employer.

        Args:
            strictness: ``employers.language_strictness`` (CEFR levels added to each sector's).
            openness: ``employers.openness`` (chance of hiring a qualified status holder).
            fill: The region's fill chance (``sim.region.fill_chance``); 1 for the municipality.
            no_dutch: ``employers.no_dutch_share`` (vacancies that ask no Dutch; the municipality's ask none).
        """
        key = (strictness, openness, fill, no_dutch)
        if key not in self._terms:
            req = np.where(self.municipal, 0.0, np.maximum(self.base_language + strictness, 0.0))
            ok = np.where(self.municipal, 1.0, np.minimum(openness * self.openness_factor, 1.0))
            self._terms[key] = (req, ok, np.where(self.municipal, 1.0, fill), np.where(self.municipal, 1.0, no_dutch))
        return self._terms[key]


def hire_all(
    employers: list[Employer],
    choice: np.ndarray,
    lang: np.ndarray,
    relief: np.ndarray,
    u_accept: np.ndarray,
    priority: np.ndarray,
    u_vacancy: np.ndarray,
    u_no_dutch: np.ndarray,
) -> np.ndarray:
    """Every employer's :meth:`Employer.hire` decision for its own applicants, at once.

    The same rule as :meth:`Employer.hire` (requirement, openness, fill chance, vacancies
    filled in priority order) over all employers in one pass (:func:`fill_vacancies`).

    Args:
        employers: All employer agents.
        choice: Index of the employer each candidate applies to (-1: none).
        lang: Candidates' Dutch level.
        relief: Language relief a mediator arranges per candidate (CEFR levels).
        u_accept: Keyed uniform draws per candidate for the employer's judgement.
        priority: Keyed draws ordering candidates when vacancies are scarce.
        u_vacancy: Keyed uniform draws per candidate against the employer's fill chance.
        u_no_dutch: Keyed uniform draws per candidate against the employer's share without Dutch.

    Returns:
        Employer index per candidate, or -1 when not hired.
    """
    req = np.array([e.language_requirement() for e in employers])
    openness = np.array([e.openness() for e in employers])
    fill = np.array([e.fill_chance() for e in employers])
    no_dutch = np.array([e.no_dutch_share() for e in employers])
    vacancies = np.array([e.vacancies for e in employers], dtype=np.int64)
    c = np.where(choice >= 0, choice, 0)
    need = np.where(u_no_dutch < no_dutch[c], 0.0, req[c])
    ok = np.flatnonzero((choice >= 0) & (lang + relief >= need) & (u_accept < openness[c]) & (u_vacancy < fill[c]))
    out = np.full(len(choice), -1, dtype=np.int64)
    fill_vacancies(ok, choice.astype(np.int64), priority, vacancies, np.zeros(len(employers), dtype=np.int64), out)
    settle(employers, vacancies)
    return out


def settle(employers: list[Employer], vacancies: np.ndarray) -> int:
    """Write back each employer's open vacancies after hiring; count the hires.

    Args:
        employers: All employer agents.
        vacancies: Open vacancies per employer after hiring (<= the agents' own numbers).

    Returns:
        Hires this settlement added over all employers.
    """
    total = 0
    for e, left in zip(employers, vacancies.tolist(), strict=True):
        e.hires += e.vacancies - left
        total += e.vacancies - left
        e.vacancies = left
    return total


@njit(cache=True, nogil=True, inline="always")
def fill_vacancies(ok, group, priority, vacancies, hires, out):
    """Give the candidates ``ok`` a vacancy of their employer ``group`` in priority order.

    Candidates are taken in increasing ``priority`` (ties in candidate order: a stable sort)
    while their employer has a vacancy left; ``vacancies``, ``hires`` (per employer) and
    ``out`` (employer per candidate) are updated in place. This is "each employer hires its
    first ``vacancies`` qualified applicants in priority order" for all employers at once.

    Returns:
        The number hired.
    """
    order = np.argsort(priority[ok], kind="mergesort")
    hired = 0
    for j in order:
        i = ok[j]
        g = group[i]
        if vacancies[g] > 0:
            out[i] = g
            vacancies[g] -= 1
            hires[g] += 1
            hired += 1
    return hired


def create_employers(model: MunicipalityModel) -> list[Employer]:
    """One open and one reluctant employer per sector (at :func:`employer_index`), then the municipality."""
    total = sum(s.vacancies for s in SECTORS)
    out: list[Employer] = []
    for i, s in enumerate(SECTORS):
        for reluctant in (False, True):
            assert len(out) == employer_index(i, reluctant)
            out.append(Employer(model, i, RELUCTANT_FACTOR if reluctant else OPEN_FACTOR, 0.5 * s.vacancies / total))
    out.append(Employer(model, -1, 1.0, 0.0))
    return out
