"""Parameter values of one run: versioned, and what is in force this month.

:class:`Params` holds a run's values by dotted key. It counts its changes (``version``) so
arrays derived from the values can be cached per version (``MunicipalityModel.derived``), and
it applies the one funding rule: a parameter marked ``funded`` in the baseline file is paid
from the extra national money, so once the money stops (``funding.end_month``) only
``1 - funded_share x (1 - continue_share)`` of it is left. Rules read such levers with
:meth:`Params.now`; whether the money flows is part of the version, so no caller has to add it
to a cache key.
"""

from __future__ import annotations

from typing import Any

from sim.params import Value, funded_keys


class Params(dict[str, Value]):
    """Parameter values by dotted key that count their changes and know the funding state.

    Attributes:
        version: Bumped by every assignment, update or change of the funding state.
        funding_active: Whether the extra national money flows in the current month.
        funding_factor: Share of what the money paid for that exists this month (1 while it flows).
    """

    def __init__(self, values: dict[str, Value]) -> None:
        super().__init__(values)
        self.version = 0
        self.funding_active = True
        self.funding_factor = 1.0
        self._funded = funded_keys()

    def __setitem__(self, key: str, value: Value) -> None:
        super().__setitem__(key, value)
        self.version += 1

    def update(self, *args: Any, **kwargs: Any) -> None:
        """As ``dict.update``; bumps the version."""
        super().update(*args, **kwargs)
        self.version += 1

    def clone(self) -> Params:
        """A shallow copy with the same version and funding state (values shared, not copied).

        Returns:
            New parameters that change apart from these.
        """
        out = Params(self)
        out.version, out.funding_active, out.funding_factor = self.version, self.funding_active, self.funding_factor
        return out

    def set_month(self, month: int) -> None:
        """Set the funding state of a calendar month (call after the month's lever changes).

        Args:
            month: Calendar month; the money flows while ``month < funding.end_month``.
        """
        active = month < int(self["funding.end_month"])
        factor = 1.0
        if not active:
            factor = 1.0 - float(self["funding.funded_share"]) * (1.0 - float(self["funding.continue_share"]))
        if (active, factor) != (self.funding_active, self.funding_factor):
            self.funding_active, self.funding_factor = active, factor
            self.version += 1

    def now(self, key: str) -> float:
        """The value in force this month: a funded parameter times the funding factor.

        Args:
            key: A numeric parameter.

        Returns:
            The value as a float (unchanged while the money flows or when not funded).
        """
        value = float(self[key])
        return value * self.funding_factor if key in self._funded else value

    def for_inflow(self, key: str) -> float:
        """A lever set per 100 adults housed a year, as the amount for this municipality.

        Args:
            key: A numeric parameter per 100 adults of yearly inflow.

        Returns:
            ``value x context.inflow_per_year / 100`` (without the funding factor).
        """
        return float(self[key]) * float(self["context.inflow_per_year"]) / 100.0

    def now_for_inflow(self, key: str) -> float:
        """A lever set per 100 adults housed a year, as the amount in force this month.

        Such a lever (``guidance.dedicated_fte_per_100_inflow``,
        ``employers.municipal_places_per_100_inflow``) means the same in a municipality of any
        size; the amount follows ``context.inflow_per_year`` (which is fixed for a run).

        Args:
            key: A numeric parameter per 100 adults of yearly inflow.

        Returns:
            ``value x inflow / 100``, times the funding factor when the parameter is funded.
        """
        amount = self.for_inflow(key)
        return amount * self.funding_factor if key in self._funded else amount
