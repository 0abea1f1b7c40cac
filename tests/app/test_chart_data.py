"""Charts whose spec is built once per shape and whose numbers come as data (``charts.data_chart``).

The page used to build every chart with Altair on its frames (rows inlined as ``datasets``,
which Streamlit turned into Arrow); it now builds the spec once per shape on named datasets
and sends each rerun's frames as Arrow. These tests hold the new path to the old one: the same
Vega-Lite dict once dataset names are set aside, and the same Arrow tables for the browser.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from sim.budget import MONEY_SERIES, PROGRAMME_ITEMS
from sim.outcomes import METRICS
from sim.scenarios import load_scenario
from webapp import budget_page, budget_years, charts, page
from webapp.i18n import METRIC_NAMES, MONEY_NAMES, name_of, tr
from webapp.runs import run_all
from webapp.slotruns import SlotRuns
from webapp.tables import number

SMALL = {"context.inflow_per_year": 40}


@pytest.fixture(scope="module")
def runs() -> dict[str, SlotRuns]:
    """Small scenarios (the national money stops in the second; the last runs 66 months), 4 replications."""
    names = {"Basis": "baseline", "Geld stopt": "funding_ends", "Samen": "integrated"}
    scenarios = [load_scenario(f).with_overrides(SMALL, name=n) for n, f in names.items()]
    short = load_scenario("integrated").with_overrides(SMALL | {"context.horizon_months": 66}, name="Kort")
    return run_all([*scenarios, short], 3, 4, None)


def _table(blob: bytes) -> pa.Table:
    return pa.ipc.open_stream(blob).read_all()


def old_path(chart: charts.AnyChart, lang: str) -> tuple[dict[str, Any], dict[str, pa.Table]]:
    """The spec as the page built it before (rows inlined) and the Arrow tables Streamlit made of the rows."""
    spec = dict(charts.localised(chart.to_dict(validate=False), lang))
    rows = spec.pop("datasets")
    return spec, {name: _table(dataframe_util.convert_anything_to_arrow_bytes(r)) for name, r in rows.items()}


def new_path(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, pa.Table]]:
    """A spec of :func:`charts.data_chart` without its datasets, and its datasets as Arrow tables."""
    rest = {k: v for k, v in spec.items() if k != "datasets"}
    return rest, {name: _table(blob) for name, blob in spec["datasets"].items()}


def canonical(spec: dict[str, Any], tables: dict[str, pa.Table]) -> tuple[str, list[pa.Table]]:
    """The spec as JSON with dataset names numbered in order of use, and the tables in that order."""
    text = json.dumps(spec, sort_keys=True)
    used = sorted(tables, key=text.index)
    for i, name in enumerate(used):
        text = text.replace(f'"{name}"', f'"dataset{i}"')
    return text, [tables[n] for n in used]


def assert_same(old: charts.AnyChart, new: dict[str, Any], lang: str) -> None:
    """Same Vega-Lite dict (names aside) and the same rows, columns, types and index for the browser."""
    old_text, old_tables = canonical(*old_path(old, lang))
    new_text, new_tables = canonical(*new_path(new))
    assert new_text == old_text
    assert len(new_tables) == len(old_tables)
    for got, want in zip(new_tables, old_tables, strict=True):
        assert got.equals(want, check_metadata=True), (got.schema, want.schema)


def _res(runs: dict[str, SlotRuns], order: list[str]) -> page.Results:
    scenarios = [load_scenario("baseline").with_overrides({}, name=n) for n in order]
    sub = {n: runs[n] for n in order}
    return page.Results(scenarios, sub, {}, None, 0.0)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("order", [["Basis", "Geld stopt", "Samen"], ["Basis", "Samen"]])
def test_people_and_difference_charts_are_the_old_ones(runs: dict[str, SlotRuns], lang: str, order: list[str]) -> None:
    res = _res(runs, order)
    sub = res.runs
    assert_same(charts.people_chart(sub, order, lang), page.people_spec(res, lang), lang)
    metrics = list(charts.PEOPLE_METRICS)
    assert_same(charts.diff_chart(sub, order, order[0], metrics, lang), page.diff_spec(res, lang), lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("cumulative", [False, True])
@pytest.mark.parametrize("order", [["Basis", "Geld stopt"], ["Basis", "Samen"]])
def test_money_charts_are_the_old_ones(
    runs: dict[str, SlotRuns], lang: str, cumulative: bool, order: list[str]
) -> None:
    res = _res(runs, order)
    df = charts.money_frame(res.runs, lang, cumulative)
    old = charts.money_chart(df, charts.funding_frame(res.runs), order, lang, cumulative)
    new = page.money_spec(res, lang, cumulative)
    assert_same(old, new, lang)
    assert ('"strokeDash"' in json.dumps(new_path(new)[0])) == (
        order[1] == "Geld stopt"
    )  # the rule only where the money stops


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("cumulative", [False, True])
@pytest.mark.parametrize("order", [["Basis", "Geld stopt", "Samen"], ["Basis", "Samen"]])
def test_budget_year_chart_is_the_old_one(
    runs: dict[str, SlotRuns], lang: str, cumulative: bool, order: list[str]
) -> None:
    res = _res(runs, order)
    frame = budget_years.yearly_frame(res.runs, 2027)
    new = budget_page.year_spec(res, frame, 2027, lang, cumulative)
    assert_same(budget_years.year_chart(frame, order, lang, cumulative), new, lang)


def test_a_new_scenario_reuses_the_spec_and_brings_its_own_numbers(runs: dict[str, SlotRuns]) -> None:
    """Same names, other runs: the same spec apart from the data names; the rows are the runs' means."""
    first = page.people_spec(_res(runs, ["Basis", "Geld stopt"]), "nl")
    swapped = {"Basis": runs["Samen"], "Geld stopt": runs["Geld stopt"]}
    pairs = (("Basis", "integrated"), ("Geld stopt", "funding_ends"))
    scenarios = [load_scenario(f).with_overrides(SMALL, name=n) for n, f in pairs]
    res = page.Results(scenarios, swapped, {}, None, 0.0)
    second = page.people_spec(res, "nl")
    assert canonical(*new_path(first))[0] == canonical(*new_path(second))[0]
    assert first["datasets"].keys() != second["datasets"].keys()
    df = _table(next(iter(second["datasets"].values()))).to_pandas()
    got = df[(df["scenario"] == "Basis") & (df["what"] == "Met een baan")].set_index("month")["mean"]
    k = list(charts.METRICS).index("employed")
    want = runs["Samen"].shares[:, : len(got), 0, k].astype(np.float64).mean(axis=0) * 100
    np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-6)


def test_a_chart_of_unchanged_runs_is_the_cached_dict(runs: dict[str, SlotRuns]) -> None:
    res = _res(runs, ["Basis", "Geld stopt"])
    assert page.money_spec(res, "en", False)["datasets"] is page.money_spec(res, "en", False)["datasets"]


# The frames as they were made before (one small frame per scenario and line, then pd.concat).
def _old_frame(scenario: str, label: str, x: np.ndarray, values: np.ndarray, scale: float) -> pd.DataFrame:
    mean, lo, hi = charts._band(values * scale)
    return pd.DataFrame({"scenario": scenario, "what": label, "month": x, "mean": mean, "lo": lo, "hi": hi})


def _old_people(runs: dict[str, SlotRuns], lang: str) -> pd.DataFrame:
    parts = []
    for scen, r in runs.items():
        n = charts.shown_months(r)
        for m in charts.PEOPLE_METRICS:
            label = name_of(METRIC_NAMES, m, lang)
            parts.append(_old_frame(scen, label, np.arange(n), r.shares[:, :n, 0, list(METRICS).index(m)], 100.0))
    return pd.concat(parts, ignore_index=True).dropna(subset=["mean"])


def _old_diff(runs: dict[str, SlotRuns], baseline: str, metric: str, lang: str) -> pd.DataFrame:
    k, ref, parts = list(METRICS).index(metric), runs[baseline], []
    for scen, r in runs.items():
        if scen != baseline:
            n = min(charts.shown_months(ref), charts.shown_months(r))
            diff = r.shares[:, :n, 0, k] - ref.shares[:, :n, 0, k]
            parts.append(_old_frame(scen, name_of(METRIC_NAMES, metric, lang), np.arange(n), diff, 100.0))
    return pd.concat(parts, ignore_index=True).dropna(subset=["mean"])


def _old_money(runs: dict[str, SlotRuns], lang: str, cumulative: bool) -> pd.DataFrame:
    parts = []
    for scen, r in runs.items():
        for key in MONEY_SERIES:
            arr = r.money[key]
            values = np.cumsum(arr, axis=1) if cumulative else arr
            label = name_of(MONEY_NAMES, key, lang)
            parts.append(_old_frame(scen, label, np.arange(arr.shape[1]), values, 1e-6 if cumulative else 1e-3))
    return pd.concat(parts, ignore_index=True)


def _same_rows(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Same rows, values and types (the means now 64-bit floats: of float32 shares, the same numbers)."""
    wide = {c: "float64" for c, t in want.dtypes.items() if t == np.float32}
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), want.astype(wide).reset_index(drop=True), check_exact=True
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_frames_made_at_once_are_the_frames_made_line_by_line(runs: dict[str, SlotRuns], lang: str) -> None:
    """Same rows, order, values (bit for bit) and types as the frames made one line at a time."""
    _same_rows(charts.people_frame(runs, lang), _old_people(runs, lang))
    metrics = list(charts.PEOPLE_METRICS)
    want = pd.concat([_old_diff(runs, "Basis", m, lang) for m in metrics], ignore_index=True)
    _same_rows(charts.diffs_frame(runs, "Basis", metrics, lang), want)
    for cumulative in (False, True):
        _same_rows(charts.money_frame(runs, lang, cumulative), _old_money(runs, lang, cumulative))


def _old_yearly(runs: dict[str, SlotRuns], start_year: int) -> pd.DataFrame:
    parts = []
    for scen, r in runs.items():
        years = math.ceil(r.horizon / 12)
        months = np.minimum(12, r.horizon - 12 * np.arange(years))
        stop = budget_years.funding_year(r)
        for item in budget_years.ROWS:
            padded = np.zeros((r.money[item].shape[0], 12 * years))
            padded[:, : r.money[item].shape[1]] = r.money[item]
            per_year = padded.reshape(-1, years, 12).sum(axis=2)
            parts.append(
                pd.DataFrame(
                    {"scenario": scen, "year": start_year + np.arange(years), "months": months, "item": item}
                    | {"eur": per_year.mean(axis=0), "cumulative": np.cumsum(per_year, axis=1).mean(axis=0)}
                    | {"money_stops": np.arange(years) == stop}
                )
            )
    return pd.concat(parts, ignore_index=True)


def _old_year_table(df: pd.DataFrame, scenario: str, lang: str, cumulative: bool) -> pd.DataFrame:
    sub = df[df["scenario"] == scenario]
    col = "cumulative" if cumulative else "eur"
    marks = sub[["year", "months", "money_stops"]].drop_duplicates().values
    heads = {y: budget_years.year_label(y, m, s, lang) for y, m, s in marks}
    rows = []
    for item in budget_years.ROWS:
        got = sub[sub["item"] == item]
        if item in PROGRAMME_ITEMS and not got["eur"].abs().gt(0.5).any():
            continue
        row = {tr("col_money", lang): budget_years.row_label(item, lang)}
        row |= {heads[y]: number(v / 1000, 0, lang) for y, v in zip(got["year"], got[col], strict=True)}
        total = got[col].iloc[-1] if cumulative else got["eur"].sum()
        rows.append(row | {tr("col_total", lang): number(total / 1000, 0, lang)})
    return pd.DataFrame(rows)


def _old_year_frames(df: pd.DataFrame, lang: str, cumulative: bool) -> dict[str, pd.DataFrame]:
    col = "cumulative" if cumulative else "eur"
    data = df[df["item"].isin(budget_years.TOTALS)].assign(
        what=lambda d: [budget_years.row_label(i, lang) for i in d["item"]], mln=lambda d: d[col] / 1e6
    )
    return {"main": data, "stops": data[data["money_stops"]].drop_duplicates(["scenario", "year"])}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_money_per_budget_year_is_what_it_was(runs: dict[str, SlotRuns], lang: str) -> None:
    """The yearly frame (bit for bit) and every scenario's table as made item by item before."""
    frame = budget_years.yearly_frame(runs, 2027)
    _same_rows(frame, _old_yearly(runs, 2027))
    assert frame["money_stops"].any() and (frame["months"] < 12).any()  # a stop year and a short year
    for cumulative in (False, True):
        got, want = budget_years.year_frames(frame, lang, cumulative), _old_year_frames(frame, lang, cumulative)
        assert got.keys() == want.keys() and len(want["stops"]) == 1  # 'Geld stopt' stops in one year
        for role in want:
            _same_rows(got[role], want[role])
    for name in runs:
        for cumulative in (False, True):
            _same_rows(
                budget_years.year_table(frame, name, lang, cumulative), _old_year_table(frame, name, lang, cumulative)
            )


def _data_names(node: Any) -> set[str]:
    """Every dataset a Vega-Lite (sub)spec names."""
    if isinstance(node, list):
        return set().union(*(_data_names(n) for n in node))
    if not isinstance(node, dict):
        return set()
    data = node.get("data")
    own = {data["name"]} if isinstance(data, dict) and "name" in data else set()
    return own.union(*(_data_names(v) for v in node.values()))


def test_every_chart_on_the_page_carries_the_rows_it_names(make_app: Callable[..., AppTest]) -> None:
    """On the comparison tab each chart sends the datasets its spec names, with the rows drawn."""
    drawn = make_app().get("vega_lite_chart")
    assert len(drawn) >= 3 + 3 + 2 + 4  # people, differences, money, money per budget year
    for chart in drawn:
        spec = json.loads(chart.proto.spec)
        carried = {d.name: _table(d.data.data) for d in chart.proto.datasets}
        assert _data_names(spec) <= carried.keys()
        assert carried[spec["data"]["name"]].num_rows > 0
