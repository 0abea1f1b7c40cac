"""What a rule may see of the model: narrow contexts, and named packs of person columns.

A rule does not take the whole :class:`~sim.model.MunicipalityModel`; it takes a context
that lists what it reads (a ``typing.Protocol``, composed from the parts below), so mypy
refuses a rule that reaches for more. The model satisfies every context structurally, and a
test can pass a small stand-in.

Compiled kernels take named packs (``typing.NamedTuple``, which numba compiles like a tuple)
instead of long positional argument lists: :func:`pack` fills a pack of person columns from
the status holders by field name, and a rule's scalar levers and rates are a NamedTuple of
floats built once per parameter version through :meth:`Derives.derived`. They cross into
compiled code as plain tuples (:func:`columns`, ``tuple(rates)``) and the kernel names them
again first thing, because numba dispatches a plain tuple much faster.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

if TYPE_CHECKING:
    from sim.agents.employers import Employer, EmployerTable
    from sim.agents.status_holders import StatusHolders
    from sim.budget import Ledger
    from sim.rng import Streams
    from sim.values import Params

T = TypeVar("T")
P = TypeVar("P", bound=NamedTuple)


class Derives(Protocol):
    """Parameter values in force and arrays derived from them (cached per parameter version)."""

    p: Params

    def derived(self, fn: Callable[[Any], T], *key: Hashable) -> T:
        """``fn(self)``, cached until the parameters or the funding state change."""
        ...


class HasPeople(Protocol):
    """The array-backed status holders."""

    people: StatusHolders


class HasStreams(Protocol):
    """The keyed random streams of the run."""

    streams: Streams


class HasLedger(Protocol):
    """The money ledger of the run."""

    ledger: Ledger


class HasEmployers(Protocol):
    """The employer agents and their array-backed table (vacancies, places, hires)."""

    employers: list[Employer]
    employer_table: EmployerTable


class Refreshes(Protocol):
    """Recomputes the per-person offer and language ratios after a trait changes."""

    def refresh_multipliers(self, idx: Any) -> None:
        """Recompute the ratios of persons ``idx``."""
        ...


class ColumnSource(Protocol):
    """Person columns by attribute name, fixed draws by name, and the packs built from them."""

    fixed: dict[str, Any]
    packs: dict[Any, Any]


def pack(cls: type[P], people: ColumnSource, fixed: bool = False) -> P:
    """A named pack of person columns: each field is the column of that name.

    Args:
        cls: The NamedTuple class; its field names are names of columns, or of fixed draws
            (``people.fixed``) where no column has that name.
        people: The status holders (or stacked columns, ``sim.stack``).
        fixed: Take every field from the fixed draws.

    Returns:
        The pack, in field order.
    """
    if fixed:
        return cls(*(people.fixed[f] for f in cls._fields))
    return cls(*(getattr(people, f) if hasattr(people, f) else people.fixed[f] for f in cls._fields))


def columns(cls: type[NamedTuple], people: ColumnSource, fixed: bool = False) -> tuple[Any, ...]:
    """The pack of ``cls`` (:func:`pack`) as a plain tuple for a compiled kernel, kept per population.

    numba types a plain tuple of arrays in its C dispatcher but a NamedTuple in Python (about
    3.5 us more per call, measured: 8% of a 1,000-person run), so kernels take plain tuples
    and name them again first thing (``cols = Columns(*cols)``, free in compiled code). The
    tuple is built once per population and class and kept in ``people.packs``: the columns are
    allocated once and updated in place, so it stays valid for the population's life
    (``tests/core/test_context.py`` checks this after whole runs).
    """
    got = people.packs.get((cls, fixed))
    if got is None:
        got = people.packs[(cls, fixed)] = tuple(pack(cls, people, fixed))
    return got


class Stacked(Protocol):
    """Stacked replications (``sim.stack.StackedRuns``) as a stacked rule sees them.

    ``people`` holds one array per person column, replication ``r`` in the segment
    ``starts[r] .. starts[r + 1]`` with ``n_active[r]`` people active; ``models`` are the
    replications' own models (their ledgers, calendars, parameters).
    """

    people: Any
    starts: Any
    n_active: Any
    models: list[Any]
    history: Any  # every run's outcome codes, months x people (each run's recorder has its columns)
    recorded_months: Any  # one element: months every run has recorded (each recorder reads it)
    vacancies: Any  # every run's employers' vacancies, runs x employers (each table's are its row)
    learn_work_places: Any  # and their learn-work places, likewise
    employer_hires: Any  # and their hires so far, likewise
    calendar: dict[str, Any]  # every run's calendar series, runs x months (each model's are its rows)
    ledger: dict[str, Any]  # every run's ledger items, runs x months (each ledger's items are its rows)
    lever_months: Any  # runs x months: where a run's levers can change (month 0, dated changes, the money's end)

    def keys(self, names: tuple[str, ...], month: int) -> tuple[Any, ...]:
        """Per name, each replication's stream key of ``month`` (uint64 arrays of length R)."""
        ...

    def rates(self, fn: Callable[[Any], NamedTuple]) -> tuple[Any, ...]:
        """Per field of ``fn``'s NamedTuple, each replication's value (arrays of length R)."""
        ...

    def concatenated(self, fn: Callable[[Any], Any]) -> Any:
        """Each replication's per-person array ``fn(model)`` concatenated as the columns are."""
        ...

    def per_version(self, fn: Callable[[Any], Any], combine: Callable[[list[Any]], Any]) -> Any:
        """``combine`` of each replication's ``fn(model)``, kept until a replication's parameters change."""
        ...

    def stacked(self, fn: Callable[[Any], Any]) -> Any:
        """Each replication's array ``fn(model)`` (all the same shape), stacked: (R, ...)."""
        ...

    def refresh_multipliers(self, local: Any, offsets: Any, month: int) -> None:
        """Each run's ``refresh_multipliers`` of its persons ``local[offsets[r]:offsets[r + 1]]``."""
        ...

    def book(self, item: str, month: int, euros: Any, where: Any = None) -> None:
        """Add each replication's amount (length R) to its ledger item in ``month`` (where ``where``)."""
        ...

    def scratch(self, name: str, dtype: Any) -> Any:
        """A work array of one element per person of all runs, the same one each month (its values left over)."""
        ...
