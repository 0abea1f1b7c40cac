"""Checks of a scenario as a whole, after each value passed its own range check.

Each value can be allowed on its own and the combination still be wrong, or silently do
something else than the file says. These are refused, naming the file and the keys:

* two ``[[change]]`` tables that set one parameter in the same month (which would win?);
* in a file, a ``[[change]]`` at or beyond the file's own horizon (it would never apply; a
  horizon shortened later on purpose, e.g. ``sim run --months``, cuts changes and says so);
* age or education shares adding up to more than 1 (the engine would have to renormalise);
* origin shares that are all 0 (no one has an origin to be drawn from);
* no arrivals at all (every KPI empty, and the money a fake "saving" against a baseline).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sim.errors import refuse
from sim.params import Value

# (first share, second share, the refusal's code, which names what the rest is): pairs whose sum must stay within 1.
SHARE_PAIRS = (
    ("population.share_young", "population.share_older", "age_shares"),
    ("population.share_low_education", "population.share_high_education", "education_shares"),
)
ORIGIN_PREFIX = "population.origin_share."
TOLERANCE = 1e-9


def check_unique_changes(changes: Sequence[tuple[int, dict[str, Value]]], where: str) -> None:
    """Refuse two ``[[change]]`` tables that set one parameter in the same month."""
    seen: set[tuple[int, str]] = set()
    for month, values in changes:
        for key in values:
            if (month, key) in seen:
                raise refuse("changed_twice", where=where, key=key, month=month)
            seen.add((month, key))


def check_consistent(params: dict[str, Value], where: str) -> None:
    """Refuse a scenario whose values do not fit together (see the module docstring).

    Args:
        params: The resolved parameter values at month 0 (defaults plus overrides).
        where: The file or place, for messages.

    Raises:
        ScenarioError: Naming the keys and what is allowed.
    """
    for first, second, code in SHARE_PAIRS:
        total = float(params[first]) + float(params[second])
        if total > 1 + TOLERANCE:
            raise refuse(code, where=where, first=first, second=second, total=total)
    if not any(float(v) > 0 for k, v in params.items() if k.startswith(ORIGIN_PREFIX)):
        raise refuse("no_origin", where=where, prefix=ORIGIN_PREFIX)
    _check_arrivals(params, where)


def late_changes(
    params: dict[str, Value], changes: Sequence[tuple[int, dict[str, Value]]]
) -> list[tuple[int, dict[str, Value]]]:
    """The dated changes at or beyond the horizon (they never apply)."""
    horizon = int(params["context.horizon_months"])
    return [(m, v) for m, v in changes if m >= horizon]


def check_horizon(params: dict[str, Value], changes: Sequence[tuple[int, dict[str, Value]]], where: str) -> None:
    """Refuse a file whose ``[[change]]`` falls at or beyond its own horizon.

    Raises:
        ScenarioError: Naming the month, the keys and the horizon.
    """
    late = late_changes(params, changes)
    if late:
        horizon = int(params["context.horizon_months"])
        month, values = late[0]
        keys = ", ".join(f"'{k}'" for k in values)
        raise refuse("beyond_horizon", where=where, month=month, keys=keys, horizon=horizon)


def _check_arrivals(params: dict[str, Value], where: str) -> None:
    """As :func:`sim.population.inflow_schedule` counts them: floor(per year / 12 x months)."""
    horizon = int(params["context.horizon_months"])
    months = min(int(params["context.inflow_months"]) or horizon, horizon)
    per_year = float(params["context.inflow_per_year"])
    if math.floor(per_year / 12.0 * months + 1e-9) < 1:
        raise refuse("no_arrivals", where=where, per_year=per_year, months=months)
