"""Outcomes and comparison: KPIs recomputed by hand from person paths, money totals, the
tidy table, the person view and the paired statistics of ``sim.compare``."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sim import __version__
from sim.compare import compare, paired_stats
from sim.outcomes import person_path
from sim.population import ORIGINS, draw_traits
from sim.rng import Streams
from sim.runner import run
from sim.scenarios import Scenario, load_scenario
from sim.states import EXCLUDED, N_COMBOS, UNSEEN, decode

SEED = 12


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("dedicated_client_managers").with_overrides(
        {"context.inflow_per_year": 400, "context.horizon_months": 72}
    )


@pytest.fixture(scope="module")
def result(scenario: Scenario):
    return run(scenario, SEED, keep_paths=True)


def _by_hand(result, scenario: Scenario, metric: str, month: int, who: np.ndarray) -> float:
    """Share of persons ``who`` with ``metric`` at ``month`` months since permit, among those
    who reached that month within the horizon and are 18-64 then (the cohort-aligned share)."""
    hist, entry = result.paths["history"], result.paths["entry"]
    cal = entry + month
    reached = who & (cal < hist.shape[0])
    codes = hist[cal[reached], np.flatnonzero(reached)]
    codes = codes[codes != EXCLUDED]
    assert (codes != UNSEEN).all()
    d = decode(codes)
    flag = {
        "employed": np.isin(d["state"], (6, 7)),
        "fulltime": d["state"] == 7,
        "welfare": d["welfare"] == 1,
        "b1": d["b1"] == 1,
        "exam_passed": d["exam"] == 1,
    }[metric]
    return float(flag.mean())


@pytest.mark.parametrize(
    "kpi",
    ["employed_share_m12", "employed_share_m24", "employed_share_m60", "welfare_share_m24", "b1_share_m36",
     "fulltime_share_m60", "exam_passed_share_m36"],
)  # fmt: skip
def test_kpis_equal_shares_counted_from_person_paths(result, scenario: Scenario, kpi: str) -> None:
    metric, month = kpi.rsplit("_share_m", 1)
    traits = draw_traits(scenario.params(), Streams(SEED))
    groups = {
        "all": np.ones(len(traits), dtype=bool),
        "sex=female": ~traits.male,
        "sex=male": traits.male,
        "origin=Syria": traits.origin == ORIGINS.index("syria"),
        "origin=Eritrea": traits.origin == ORIGINS.index("eritrea"),
    }
    kpis = result.kpis()
    for group, who in groups.items():
        assert kpis[group][kpi] == pytest.approx(_by_hand(result, scenario, metric, int(month), who)), group


def test_money_kpis_and_person_years(result) -> None:
    k = result.kpis()["all"]
    for key in ("net_municipal_cost", "programme_costs", "welfare_paid", "national_money"):
        assert k[f"{key}_eur"] == pytest.approx(result.money[key].sum())
    hist = result.paths["history"]
    seen = (hist != UNSEEN) & (hist != EXCLUDED)
    employed = np.isin(decode(np.where(seen, hist, 0))["state"], (6, 7)) & seen
    assert k["employed_person_years"] == pytest.approx(employed.sum() / 12)
    assert result.counts.sum() == seen.sum()


def test_tidy_table_matches_shares(result) -> None:
    df = result.tidy()
    assert set(df["axis"]) == {"since_permit", "calendar"}
    assert not df["value"].isna().any()
    row = df[(df["metric"] == "employed") & (df["month"] == 24) & (df["sex"] == "all") & (df["origin"] == "all")]
    assert row["value"].item() == pytest.approx(result.kpis()["all"]["employed_share_m24"])
    money = df[(df["axis"] == "calendar") & (df["metric"] == "welfare_paid")].sort_values("month")
    np.testing.assert_allclose(money["value"], result.money["welfare_paid"])
    assert (df["scenario"] == "dedicated_client_managers").all() and (df["seed"] == SEED).all()


def test_person_path(result, small: Scenario) -> None:
    i = 30
    path = person_path(result, i)
    entry = int(result.paths["entry"][i])
    assert path["month"].iloc[0] == entry and path["months_since_permit"].iloc[0] == 0
    assert len(path) == 72 - entry
    codes = result.paths["history"][entry:, i]
    kept = codes < N_COMBOS
    assert (path["on_welfare"].to_numpy()[kept] == decode(codes[kept])["welfare"].astype(bool)).all()
    assert (np.diff(path["language"].to_numpy()) >= 0).all()
    with pytest.raises(ValueError, match="keep_paths"):
        person_path(run(small, 1), 0)


def test_paired_stats_closed_form() -> None:
    base = [10.0, 20.0, 30.0, 40.0]
    scen = [11.0, 22.0, 33.0, 44.0]  # differences 1, 2, 3, 4
    s = paired_stats(scen, base)
    half = stats.t.ppf(0.95, 3) * np.std([1, 2, 3, 4], ddof=1) / 2
    assert s["value"] == pytest.approx(27.5)
    assert s["diff"] == pytest.approx(2.5)
    assert s["lo"] == pytest.approx(2.5 - half) and s["hi"] == pytest.approx(2.5 + half)
    assert s["p05"] == pytest.approx(np.percentile([1, 2, 3, 4], 5))
    one = paired_stats([1.0], [0.5])
    assert one["diff"] == 0.5 and math.isnan(one["lo"]) and math.isnan(one["hi"])
    nan = paired_stats([1.0, float("nan"), 3.0], [0.0, 0.0, 1.0])
    assert nan["diff"] == pytest.approx(1.5)
    same = paired_stats([1.0, 2.0], [1.0, 2.0])
    assert same["diff"] == same["lo"] == same["hi"] == 0.0


def test_compare_table_pairs_replications_and_prices_extra_jobs(small: Scenario) -> None:
    dedicated = load_scenario("dedicated_client_managers").with_overrides(dict(small.overrides))
    comp = compare(small, [dedicated], 4, 2)
    table = comp.table()
    assert list(table["scenarios"]) == ["small", "dedicated_client_managers"]
    k = table["scenarios"]["dedicated_client_managers"]["kpis"]
    base = comp.kpi_values("small")
    scen = comp.kpi_values("dedicated_client_managers")
    for key in ("employed_share_m24", "net_municipal_cost_eur"):
        want = paired_stats(scen[key], base[key])
        assert k[key]["diff"] == pytest.approx(want["diff"]) and k[key]["lo"] == pytest.approx(want["lo"])
    dj, dc = k["employed_person_years"]["diff"], k["net_municipal_cost_eur"]["diff"]
    assert dj > 0
    assert k["cost_per_extra_job_year_eur"]["value"] == pytest.approx(dc / dj)
    assert table["scenarios"]["small"]["kpis"]["cost_per_extra_job_year_eur"]["value"] is None  # no extra work
    assert table["scenarios"]["dedicated_client_managers"]["scenario_hash"] == dedicated.hash
    assert table["seeds"] == [r.seed for r in comp.results["dedicated_client_managers"]]
    assert all(r.version == __version__ for r in comp.results["small"])
