"""Money: a monthly ledger of programme costs, welfare paid and national money received.

Items are recorded in euros per calendar month. Derived series:
``programme_costs`` (the sum of the programme items), ``welfare_paid``, ``national_money``
and ``net_municipal_cost = programme_costs + welfare_paid - national_money``. Welfare is shown
gross: the national BUIG grant for welfare is a macro budget that does not follow local
outcomes, so every euro of welfare saved locally is a municipal saving (assumption, README).
"""

from __future__ import annotations

import numpy as np

PROGRAMME_ITEMS = (
    "client_managers_dedicated",
    "client_managers_regular",
    "course",
    "education_route",
    "dual_tracks",
    "screening",
    "health_screening",
    "mentors",
    "mediation",
    "job_coaching",
    "municipal_jobs",
)
ITEMS = (*PROGRAMME_ITEMS, "welfare_paid", "national_money")
MONEY_SERIES = ("programme_costs", "welfare_paid", "national_money", "net_municipal_cost")


class Ledger:
    """Euros per item and calendar month.

    Args:
        months: Number of calendar months in the run.
    """

    def __init__(self, months: int) -> None:
        self.months = months
        self.items = {name: np.zeros(months) for name in ITEMS}

    def add(self, item: str, month: int, euros: float) -> None:
        """Book an amount on an item in a month (unknown items are a programming error)."""
        self.items[item][month] += euros

    def series(self) -> dict[str, np.ndarray]:
        """Every item plus the derived totals, each an array over calendar months."""
        out = dict(self.items)
        out["programme_costs"] = np.sum([self.items[k] for k in PROGRAMME_ITEMS], axis=0)
        out["net_municipal_cost"] = out["programme_costs"] + out["welfare_paid"] - out["national_money"]
        return out
