"""Outcomes: cohort-aligned shares, money, KPIs and the tidy long table of one run.

People outcomes are *cohort-aligned*: the share at month ``m`` is taken over everyone who
has reached ``m`` months since their permit within the horizon, aged 18-64 at that month
(like the CBS cohort figures). The run's history (one code per person-month) becomes the
counts ``counts[months_since_permit, group, combo]``, kept as their non-zero cells
(:class:`sim.counts.CountTable`; :func:`cohort_counts` makes the dense array with one
``np.bincount``); every share is then the counts' per-metric sums over the groups, whole
numbers, so exact. Groups are sex x origin; tables report all, by sex and by origin. Money
is per calendar month.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from sim.budget import MONEY_SERIES
from sim.counts import CountTable
from sim.groups import N_GROUPS, group_parts
from sim.households import HOUSEHOLD_TYPES
from sim.population import ORIGIN_LABELS
from sim.states import N_COMBOS, State, decode

_D = decode(np.arange(N_COMBOS))
_IN_JOB = np.isin(_D["state"], (State.JOB_PART, State.JOB_FULL))
METRICS: dict[str, np.ndarray] = {
    "employed": _IN_JOB,
    "fulltime": _D["state"] == State.JOB_FULL,
    "welfare": _D["welfare"] == 1,
    # benefit as main income: on welfare and no job (a part-time job with a top-up counts as work)
    "welfare_main": (_D["welfare"] == 1) & ~_IN_JOB,
    "b1": _D["b1"] == 1,
    "exam_passed": _D["exam"] == 1,
    "exempt": _D["exam"] == 2,
    "in_course": np.isin(_D["state"], (State.COURSE, State.DUAL)),
    "dual_track": _D["state"] == State.DUAL,
    "in_education": _D["state"] == State.EDUCATION,
    "dropped_out": _D["dropped"] == 1,
    "health_inactive": _D["state"] == State.HEALTH_INACTIVE,
    "volunteering": _D["state"] == State.VOLUNTEER,
    "waiting_housing": _D["state"] == State.WAITING,
}
_M = np.stack(list(METRICS.values()), axis=1).astype(np.float64)  # combos x metrics
EMPLOYED_CODES = np.flatnonzero(METRICS["employed"])  # combo codes of a person in a job
GROUPS: tuple[tuple[str, str], ...] = (
    ("all", "all"),
    ("female", "all"),
    ("male", "all"),
    *(("all", o) for o in ORIGIN_LABELS),
)
KPI_MONTHS = {"employed": (12, 24, 36, 60), "welfare": (24,), "b1": (36,), "fulltime": (60,), "exam_passed": (36,)}
MONEY_KPIS = ("net_municipal_cost", "programme_costs", "welfare_paid", "national_money")


def _group_matrix() -> np.ndarray:
    """Rows: reported groups; columns: the sex x origin cells they sum."""
    origin, male = group_parts(np.arange(N_GROUPS))
    rows = [np.ones(N_GROUPS), ~male, male]
    rows += [origin == i for i in range(len(ORIGIN_LABELS))]
    return np.array(rows, dtype=np.float64)


_G = _group_matrix()


def cohort_counts(history: np.ndarray, entry: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Count person-months by months since permit, group and combo code.

    Args:
        history: (months, persons) uint8 codes; codes >= ``N_COMBOS`` are not counted.
        entry: Permit month per person (sorted ascending).
        group: Group code per person (:func:`sim.groups.group_code`).

    Returns:
        int64 array (months, N_GROUPS, N_COMBOS).
    """
    months = history.shape[0]
    gk = N_GROUPS * N_COMBOS
    base = group.astype(np.int64) * N_COMBOS - entry.astype(np.int64) * gk
    n_t = np.searchsorted(entry, np.arange(months), side="right")
    keys = np.empty(int(n_t.sum()), dtype=np.int64)
    off = 0
    for t in range(months):
        code = history[t, : n_t[t]]
        seg = keys[off : off + n_t[t]]
        np.add(base[: n_t[t]], t * gk, out=seg)
        seg += code
        seg[code >= N_COMBOS] = months * gk
        off += n_t[t]
    return np.bincount(keys, minlength=months * gk + 1)[:-1].reshape(months, N_GROUPS, N_COMBOS)


def _shares_of(counts: np.ndarray) -> np.ndarray:
    """Shares (months, reported groups, metrics) from counts (months, groups, combos)."""
    c = counts.astype(np.float64)
    return _shares_from(np.matmul(c, _M), c.sum(axis=2))


def _shares_from(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Shares (months, reported groups, metrics) from the per-group metric sums and totals.

    Args:
        num: (months, groups, metrics) counts ``@ _M`` (whole numbers in float64).
        den: (months, groups) person-months counted (whole numbers in float64).
    """
    num_r = np.matmul(_G, num)  # (months, reported groups, metrics)
    den_r = np.matmul(den, _G.T)[:, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den_r > 0, num_r / np.maximum(den_r, 1), np.nan)


def _type_shares(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Shares (months, household types, metrics) from the per-type metric sums and totals (as :func:`_shares_from`)."""
    d = den[:, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(d > 0, num / np.maximum(d, 1), np.nan)


@dataclass
class RunResult:
    """Everything one run produced, small enough to keep thousands in memory.

    Attributes:
        scenario: Scenario name.
        scenario_hash: Content hash of the scenario's parameters.
        seed: The run's seed.
        replication: Replication index k (same seed for replication k of every scenario).
        count_table: (months since permit, groups, combos) person-month counts, kept sparse
            (:attr:`counts` is the dense array).
        hh_table: (months since permit, household types, combos) person-month counts, or None
            (:attr:`hh_counts` is the dense array).
        money: Euro series per calendar month (items and totals).
        calendar: People series per calendar month (active, clients, vacancies, ...).
        theta: Uncertain-parameter values used (empty when the defaults were used).
        version: Werkpad version.
        paths: Optional per-person history and traits for the person view (``sim.outcomes.person_path``;
            ``sim.runner.run`` with ``keep_paths``).
    """

    scenario: str
    scenario_hash: str
    seed: int
    replication: int
    count_table: CountTable
    money: dict[str, np.ndarray]
    calendar: dict[str, np.ndarray]
    theta: dict[str, float] = field(default_factory=dict)
    version: str = ""
    paths: dict[str, np.ndarray] | None = None
    hh_table: CountTable | None = None
    _sums: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)
    _hh_sums: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)
    _shares: np.ndarray | None = field(default=None, repr=False, compare=False)
    _kpis: dict[str, dict[str, float]] | None = field(default=None, repr=False, compare=False)

    @property
    def counts(self) -> np.ndarray:
        """(months since permit, groups, combos) person-month counts, dense int64 (made on each use)."""
        return self.count_table.dense()

    @property
    def hh_counts(self) -> np.ndarray | None:
        """(months since permit, household types, combos) person-month counts, dense int64, or None."""
        return None if self.hh_table is None else self.hh_table.dense()

    def without_sums(self) -> RunResult:
        """This result without its cached per-metric sums and shares (made again, the same, when asked).

        A worker process sends results so (:func:`sim.runner.pack_result`): the sums are about a
        third of a 1,500-person result's bytes; the KPIs computed from them are kept.
        """
        return replace(self, _sums=None, _hh_sums=None, _shares=None)

    def _metric_sums(self) -> tuple[np.ndarray, np.ndarray]:
        """(months, groups, metrics) counts ``@ _M`` and (months, groups) totals, float64 (cached)."""
        if self._sums is None:
            self._sums = self.count_table.sums(_M)
        return self._sums

    def _household_sums(self) -> tuple[np.ndarray, np.ndarray] | None:
        """:meth:`_metric_sums` by household type (cached); None without household counts."""
        if self.hh_table is None:
            return None
        if self._hh_sums is None:
            self._hh_sums = self.hh_table.sums(_M)
        return self._hh_sums

    def shares(self) -> np.ndarray:
        """(months since permit, reported groups, metrics) shares; NaN where nobody (cached)."""
        if self._shares is None:
            self._shares = _shares_from(*self._metric_sums())
        return self._shares

    def population(self) -> np.ndarray:
        """(months since permit, reported groups) number of person-months counted."""
        return self._metric_sums()[1] @ _G.T

    def household_shares(self) -> np.ndarray | None:
        """(months since permit, household types, metrics) shares; None without household counts."""
        sums = self._household_sums()
        return None if sums is None else _type_shares(*sums)

    def household_population(self) -> np.ndarray | None:
        """(months since permit, household types) person-months counted (int64); None without household counts."""
        sums = self._household_sums()
        return None if sums is None else sums[1].astype(np.int64)

    def yearly_inflow(self) -> float:
        """Persons housed per 12 months of arrivals: the size of one year's cohort (NaN if unknown).

        From the calendar series ``active`` (persons arrived by each month): all arrivals x 12
        / the months up to the last arrival, so 20 a year for an inflow of 20 a year, and the
        cohort's size for a single cohort.
        """
        active = self.calendar.get("active")
        if active is None or len(active) == 0 or active[-1] <= 0:
            return np.nan  # the one NaN object, so equal results compare equal
        months = int(np.searchsorted(active, active[-1], side="left")) + 1
        return float(active[-1]) * 12.0 / max(months, 12)

    def kpis(self) -> dict[str, dict[str, float]]:
        """KPIs for the whole population and per reported group (cached; do not modify).

        Returns:
            ``{"all": {kpi: value}, "sex=female": {...}, "origin=Syria": {...}, ...}``;
            money KPIs (cumulative euros over the horizon) and people KPIs (``*_people_m*``:
            the share times one year's inflow, :meth:`yearly_inflow`) only under ``"all"``.
        """
        if self._kpis is None:
            self._kpis = self._compute_kpis()
        return self._kpis

    def _compute_kpis(self) -> dict[str, dict[str, float]]:
        months = sorted({m for ms in KPI_MONTHS.values() for m in ms if m < self.count_table.shape[0]})
        num, den = self._metric_sums()
        sh = dict(zip(months, _shares_from(num[months], den[months]), strict=True))  # only the KPI months
        names = list(METRICS)
        out: dict[str, dict[str, float]] = {}
        for r, (sex, origin) in enumerate(GROUPS):
            label = "all" if (sex, origin) == ("all", "all") else (f"sex={sex}" if sex != "all" else f"origin={origin}")
            row = {}
            for metric, kpi_months in KPI_MONTHS.items():
                for m in kpi_months:
                    v = sh[m][r, names.index(metric)] if m in sh else np.nan
                    row[f"{metric}_share_m{m}"] = float(v)
            out[label] = row
        out |= self._household_kpis(months)
        yearly = out["all"]["yearly_inflow"] = self.yearly_inflow()
        for metric, kpi_months in KPI_MONTHS.items():  # people: the share of one year's inflow
            for m in kpi_months:
                share = out["all"][f"{metric}_share_m{m}"]
                out["all"][f"{metric}_people_m{m}"] = np.nan if math.isnan(share) else share * yearly
        for key in MONEY_KPIS:
            out["all"][f"{key}_eur"] = float(self.money[key].sum())
        emp = float(self.count_table.total(EMPLOYED_CODES))  # whole numbers: exact in any order
        out["all"]["employed_person_years"] = emp / 12.0
        return out

    def _household_kpis(self, months: list[int]) -> dict[str, dict[str, float]]:
        """The share KPIs per household type (``"household=single"`` ...; none without household counts)."""
        sums = self._household_sums()
        if sums is None:
            return {}
        names = list(METRICS)
        num, den = sums
        sh = dict(zip(months, _type_shares(num[months], den[months]), strict=True))
        out = {}
        for r, name in enumerate(HOUSEHOLD_TYPES):
            out[f"household={name}"] = {
                f"{metric}_share_m{m}": float(sh[m][r, names.index(metric)] if m in sh else np.nan)
                for metric, kpi_months in KPI_MONTHS.items()
                for m in kpi_months
            }
        return out

    def tidy(self) -> pd.DataFrame:
        """The long table: scenario, replication, seed, axis, month, metric, sex, origin, value."""
        people = share_rows(self.shares(), "since_permit")
        money = pd.DataFrame(
            [
                {"axis": "calendar", "month": i, "metric": k, "sex": "all", "origin": "all", "value": float(v)}
                for k, arr in self.money.items()
                for i, v in enumerate(arr)
            ]
        )
        df = pd.concat([people, money], ignore_index=True)
        df.insert(0, "seed", self.seed)
        df.insert(0, "replication", self.replication)
        df.insert(0, "scenario", self.scenario)
        return df


def share_rows(sh: np.ndarray, axis: str) -> pd.DataFrame:
    """Shares (months, reported groups, metrics) as tidy rows (axis, month, metric, sex, origin, value; NaN dropped)."""
    t, r, m = np.meshgrid(np.arange(sh.shape[0]), np.arange(sh.shape[1]), np.arange(sh.shape[2]), indexing="ij")
    return pd.DataFrame(
        {
            "axis": axis,
            "month": t.ravel(),
            "metric": np.array(list(METRICS))[m.ravel()],
            "sex": np.array([g[0] for g in GROUPS])[r.ravel()],
            "origin": np.array([g[1] for g in GROUPS])[r.ravel()],
            "value": sh.ravel(),
        }
    ).dropna(subset=["value"])


def money_series_names() -> tuple[str, ...]:
    """Names of the headline money series."""
    return MONEY_SERIES


def person_path(result: RunResult, index: int) -> pd.DataFrame:
    """Month-by-month path of one simulated person (needs a run with ``keep_paths``).

    Returns:
        Columns: month (calendar), months_since_permit, state, on_welfare, language, b1,
        exam; one row per month from the permit to the horizon.
    """
    if result.paths is None:
        raise ValueError("this run kept no person paths; run with keep_paths=True")
    entry = int(result.paths["entry"][index])
    codes = result.paths["history"][entry:, index]
    dec = decode(np.minimum(codes, N_COMBOS - 1))
    return pd.DataFrame(
        {
            "month": np.arange(entry, entry + len(codes)),
            "months_since_permit": np.arange(len(codes)),
            "state": [State(int(s)).name for s in dec["state"]],
            "on_welfare": dec["welfare"].astype(bool),
            "language": result.paths["language"][entry:, index] / 50.0,
            "b1": dec["b1"].astype(bool),
            "exam": np.array(["none", "passed", "exempt"])[dec["exam"]],
        }
    )
