"""Charts whose spec is built once per shape and whose numbers come as data (``charts.data_chart``).

The page used to build every chart with Altair on its frames (rows inlined as ``datasets``,
which Streamlit turned into Arrow); it now builds the spec once per shape on named datasets
and sends each rerun's frames as Arrow. These tests hold the new path to the old one: the same
Vega-Lite dict once dataset names are set aside, and the same Arrow tables for the browser.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from streamlit import dataframe_util

from sim.scenarios import load_scenario
from webapp import budget_years, charts, page
from webapp.runs import run_all
from webapp.slotruns import SlotRuns

SMALL = {"context.inflow_per_year": 40}


@pytest.fixture(scope="module")
def runs() -> dict[str, SlotRuns]:
    """Three small scenarios (the national money stops in the second), 4 replications."""
    names = {"Basis": "baseline", "Geld stopt": "funding_ends", "Samen": "integrated"}
    scenarios = [load_scenario(f).with_overrides(SMALL, name=n) for n, f in names.items()]
    return run_all(scenarios, 3, 4, None)


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
def test_budget_year_chart_is_the_old_one(runs: dict[str, SlotRuns], lang: str, cumulative: bool) -> None:
    order = ["Basis", "Geld stopt", "Samen"]
    frame = budget_years.yearly_frame(runs, 2027)
    new = charts.data_chart(
        ("test_years", lang, cumulative, tuple(order)),
        ("test_years", lang, cumulative, id(runs)),
        lambda: budget_years.year_frames(frame, lang, cumulative),
        lambda f: budget_years.year_shape(charts.named(f), order, lang, cumulative),
    )
    assert_same(budget_years.year_chart(frame, order, lang, cumulative), charts.localised(new, lang), lang)


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
