"""The forecast for a caseload: runs that start from it, its outcomes by month from the file date.

:func:`run_caseload` is :func:`sim.runner.run` with the caseload's people in the municipality at
month 0. Their outcomes are counted by months since the file date (0 = the file itself, ``k``
= the end of calendar month ``k - 1``) by group, like the inflow's by months since permit; the
inflow's outcomes, money and calendar series are those of an ordinary run. Every output
derived from the caseload leaves out groups of fewer than :data:`MIN_GROUP` people
(:func:`suppress`): a table, a download or a message shows only aggregates of 10 or more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.caseload.reader import Caseload
from sim.groups import N_GROUPS
from sim.model import MunicipalityModel
from sim.outcomes import _G, METRICS, RunResult, _shares_of, share_rows
from sim.params import Value
from sim.runner import replication_seed, result_fields
from sim.scenarios import Scenario
from sim.states import EXCLUDED, N_COMBOS, encode

MIN_GROUP = 10  # people: smaller groups are suppressed in every output derived from a caseload
FORECAST_METRICS = (
    "employed",
    "fulltime",
    "welfare",
    "b1",
    "exam_passed",
    "in_course",
    "in_education",
    "health_inactive",
)
FORECAST_MONTHS = (0, 6, 12, 24, 36, 60)
KPI_MONTHS = (12, 24, 36)
KPI_METRICS = ("employed", "welfare", "b1")


@dataclass
class CaseloadResult(RunResult):
    """A run started from a caseload: an ordinary result plus the caseload's own counts.

    Attributes:
        start_counts: (months since the file date, groups, combos) person-month counts of the
            caseload's people (index 0: as the file says).
        caseload_digest: SHA-256 of the file (and the year given), which with scenario and
            seed decides the run.
    """

    start_counts: np.ndarray | None = None
    caseload_digest: str = ""

    def start_population(self) -> np.ndarray:
        """(months since the file date, reported groups) people counted (aged 18-64)."""
        assert self.start_counts is not None
        return self.start_counts.sum(axis=2) @ _G.T

    def start_shares(self) -> np.ndarray:
        """(months since the file date, reported groups, metrics) shares, NaN where suppressed."""
        assert self.start_counts is not None
        return suppress(_shares_of(self.start_counts), self.start_population())

    def tidy(self) -> pd.DataFrame:
        """The ordinary tidy table plus the caseload's rows (axis ``from_start``, groups >= 10)."""
        base = super().tidy()
        rows = share_rows(self.start_shares(), "from_start")
        rows.insert(0, "seed", self.seed)
        rows.insert(0, "replication", self.replication)
        rows.insert(0, "scenario", self.scenario)
        return pd.concat([base, rows], ignore_index=True)


def provenance(caseload: Caseload) -> dict[str, Any]:
    """What a result says about a caseload: its SHA-256 and size, never its rows or its path."""
    return {"caseload_sha256": caseload.digest, "caseload_people": len(caseload), "suppressed_below": MIN_GROUP}


def suppress(shares: np.ndarray, population: np.ndarray) -> np.ndarray:
    """The shares with every (month, group) of fewer than :data:`MIN_GROUP` people set to NaN."""
    out = shares.copy()
    out[population < MIN_GROUP] = np.nan
    return out


def run_caseload(
    scenario: Scenario,
    seed: int,
    caseload: Caseload,
    replication: int = 0,
    theta: dict[str, Value] | None = None,
    inflow: np.ndarray | None = None,
    past: Scenario | None = None,
) -> CaseloadResult:
    """One run that starts from a caseload; (scenario, seed, theta, file, past) decide it exactly.

    Args:
        scenario: A validated scenario (its horizon counts from the file date).
        seed: The run's seed.
        caseload: The people of the file (:func:`sim.caseload.reader.read_caseload`).
        replication: Replication index, stored with the result.
        theta: Values for uncertain parameters (as :func:`sim.runner.run`).
        inflow: Arrivals per calendar month, overriding the scenario's inflow schedule.
        past: The scenario in force before the file date (what the file cannot show is drawn
            under it); default ``scenario``. Paired runs of several scenarios share one past.

    Returns:
        The run's result with the caseload's counts.
    """
    model = MunicipalityModel(scenario, seed, theta=theta, inflow=inflow, caseload=caseload, past=past)
    n = len(caseload)
    at_file = _codes_now(model, n)
    model.run_model()
    model.release()
    history = model.recorder.history[:, :n]
    return CaseloadResult(
        **result_fields(model, scenario, seed, replication, theta),
        start_counts=start_counts(np.vstack([at_file[None, :], history]), model.people.group[:n]),
        caseload_digest=caseload.digest,
    )


def _codes_now(model: MunicipalityModel, n: int) -> np.ndarray:
    """The caseload's codes as the file says (month -1), before the first step."""
    ph = model.people
    code = encode(ph.state[:n], ph.welfare[:n], ph.lang[:n] >= 3.0, ph.exam[:n], ph.dropped[:n])
    return np.where(ph.age65_from[:n] <= -1, EXCLUDED, code).astype(np.uint8)


def start_counts(history: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Person-month counts (months, groups, combos) of a (months, persons) code history."""
    months = history.shape[0]
    out = np.zeros((months, N_GROUPS, N_COMBOS), dtype=np.int64)
    for t in range(months):
        code = history[t].astype(np.int64)
        keep = code < N_COMBOS
        flat = np.bincount(group[keep].astype(np.int64) * N_COMBOS + code[keep], minlength=N_GROUPS * N_COMBOS)
        out[t] = flat.reshape(N_GROUPS, N_COMBOS)
    return out


def run_caseload_replications(
    scenario: Scenario,
    reps: int,
    seed: int,
    caseload: Caseload,
    thetas: list[dict[str, Value]] | list[None] | None = None,
    progress: Callable[[int], None] | None = None,
    past: Scenario | None = None,
) -> list[CaseloadResult]:
    """Replication ``k`` with seed :func:`sim.runner.replication_seed` (seed, k), as ordinary runs.

    ``past`` is :func:`run_caseload`'s: give every scenario of a comparison the baseline.
    """
    out = []
    for k in range(reps):
        theta = thetas[k] if thetas is not None else None
        out.append(run_caseload(scenario, replication_seed(seed, k), caseload, k, theta, past=past))
        if progress is not None:
            progress(1)
    return out


def summary(results: list[CaseloadResult], months: tuple[int, ...] = FORECAST_MONTHS) -> pd.DataFrame:
    """The caseload's forecast over replications: mean and 5-95% range per metric and month (all people).

    Returns:
        Columns month, metric, mean, p05, p95, people (mean persons counted); months beyond
        the horizon are left out.
    """
    names = list(METRICS)
    shares = np.stack([r.start_shares()[:, 0, :] for r in results])  # reps x months x metrics
    people = np.mean([r.start_population()[:, 0] for r in results], axis=0)
    rows = []
    for k in months:
        if k >= shares.shape[1]:
            continue
        for metric in FORECAST_METRICS:
            v = shares[:, k, names.index(metric)]
            rows.append(
                {
                    "month": k,
                    "metric": metric,
                    "mean": float(np.mean(v)),
                    "p05": float(np.quantile(v, 0.05)),
                    "p95": float(np.quantile(v, 0.95)),
                    "people": float(people[k]),
                }
            )
    return pd.DataFrame(rows)


def kpis(result: CaseloadResult) -> dict[str, float]:
    """Caseload KPIs of one run: the shares of all its people at +12, +24 and +36 months (NaN beyond the horizon)."""
    sh = result.start_shares()
    names = list(METRICS)
    return {
        f"{m}_share_p{k}": float(sh[k, 0, names.index(m)]) if k < len(sh) else float("nan")
        for m in KPI_METRICS
        for k in KPI_MONTHS
    }
