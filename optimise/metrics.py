"""What an objective or constraint measures: one number per run, from the run's money or KPIs.

A :class:`Metric` names a quantity of one run. Money metrics are euros per year averaged over
calendar years ``from_year`` .. ``to_year`` (year 1 = months 0-11), so "net municipal cost per
year from year 4" is ``Metric("net_cost_per_year", from_year=4)``. Every KPI of
:meth:`sim.outcomes.RunResult.kpis` (whole population) is a metric too, for example
``employed_person_years`` (person-years in work over the horizon) or ``employed_share_m36``
(share in work 36 months after the permit).

:func:`run_metrics` reduces one simulation to the metrics asked for; :func:`run_metrics_block`,
the task a worker runs, does so for one scenario's replications stacked in one array pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.outcomes import KPI_MONTHS, MONEY_KPIS, RunResult
from sim.params import Value
from sim.runner import run, run_stacked
from sim.scenarios import Scenario

# metric name -> (money series of sim.budget, what it is)
MONEY_PER_YEAR: dict[str, tuple[str, str]] = {
    "net_cost_per_year": ("net_municipal_cost", "net municipal cost (programmes + welfare - national money), EUR/year"),
    "programme_cost_per_year": ("programme_costs", "cost of all programme items, EUR/year"),
    "welfare_per_year": ("welfare_paid", "welfare paid, EUR/year"),
    "national_money_per_year": ("national_money", "extra national money received, EUR/year"),
}
KPI_NAMES: tuple[str, ...] = (
    *(f"{m}_share_m{t}" for m, months in KPI_MONTHS.items() for t in months),
    *(f"{k}_eur" for k in MONEY_KPIS),
    "employed_person_years",
)
METRIC_NAMES: tuple[str, ...] = (*MONEY_PER_YEAR, *KPI_NAMES)


@dataclass(frozen=True)
class Metric:
    """A quantity of one run.

    Attributes:
        name: One of :data:`METRIC_NAMES`.
        from_year: First calendar year averaged (money metrics only; 1 = months 0-11).
        to_year: Last calendar year averaged, inclusive (money metrics only; 0 = the horizon's last).
    """

    name: str
    from_year: int = 1
    to_year: int = 0

    @property
    def per_year(self) -> bool:
        """Whether this is a money metric averaged over calendar years."""
        return self.name in MONEY_PER_YEAR

    def label(self) -> str:
        """Short text with the years, e.g. ``net_cost_per_year (years 4-10)``."""
        if not self.per_year:
            return self.name
        end = str(self.to_year) if self.to_year else "end"
        return f"{self.name} (years {self.from_year}-{end})"

    def value(self, result: RunResult) -> float:
        """The metric of one run (euros per year for money metrics)."""
        if not self.per_year:
            return float(result.kpis()["all"][self.name])
        series = result.money[MONEY_PER_YEAR[self.name][0]]
        end = len(series) if not self.to_year else min(len(series), 12 * self.to_year)
        part = series[12 * (self.from_year - 1) : end]
        return float(np.sum(part)) * 12.0 / len(part)


Task = tuple[Scenario, int, int, dict[str, Value] | None, tuple[Metric, ...]]  # scenario, seed, rep, theta, metrics


def run_metrics(task: Task) -> tuple[float, ...]:
    """Run one simulation (in a worker) and return its metrics, in the order asked.

    Args:
        task: ``(scenario, seed, replication, theta, metrics)``.

    Returns:
        One float per metric.
    """
    scenario, seed, rep, theta, metrics = task
    result = run(scenario, seed, rep, theta)
    return tuple(m.value(result) for m in metrics)


def run_metrics_block(tasks: Sequence[Task]) -> list[tuple[float, ...]]:
    """:func:`run_metrics` of several runs stacked in one array pass (``sim.runner.run_stacked``).

    The same values as :func:`run_metrics` of each task alone (each run is bit for bit the same).

    Args:
        tasks: ``(scenario, seed, replication, theta, metrics)`` per run, of one horizon.

    Returns:
        One tuple of floats per task, in task order.
    """
    results = run_stacked([(s, seed, rep, theta) for s, seed, rep, theta, _ in tasks])
    return [tuple(m.value(r) for m in task[4]) for r, task in zip(results, tasks, strict=True)]
