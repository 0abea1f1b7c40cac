"""Small groups are left out of the groups tab and the downloads (a walk at 20 arrivals a year found them).

At 20 arrivals a year the page showed 'Irak 100,0%', 'Turkije 0,0%' and differences of
-324 to +341 percentage points: groups of one or two people. A group with fewer than
``MIN_PEOPLE`` people at a figure's month (mean per replication, in any scenario) is now left
out, and the page names it.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sim.compare import kpi_table
from sim.runner import run_replications
from sim.scenarios import load_scenario
from webapp import export, series_csv, smallgroups, tables
from webapp.runs import comparison_table
from webapp.slotruns import SlotRuns, summarise

from .conftest import QUICK

SMALL = {**QUICK, "m": "context.inflow_per_year:20"}


@pytest.fixture(scope="module")
def small_runs() -> dict[str, SlotRuns]:
    """Baseline and 'funding ends' at 20 arrivals a year, 3 replications each."""
    scenarios = [load_scenario(n).with_overrides({"context.inflow_per_year": 20}) for n in ("baseline", "funding_ends")]
    results = run_replications(scenarios, 3, 7)
    return {s.name: summarise(results[s.name], s) for s in scenarios}


def _size(runs: dict[str, SlotRuns], group: str, month: int) -> float:
    """The smallest mean number of people of the group at the month over the scenarios."""
    col = smallgroups.SIZE_GROUPS.index(group)
    return min(float(r.sizes.mean(axis=0)[month, col]) for r in runs.values())  # type: ignore[union-attr]


def test_the_comparison_table_keeps_exactly_the_groups_large_enough(small_runs: dict[str, SlotRuns]) -> None:
    table = comparison_table(small_runs, "baseline", 7, 3)
    small = table["small_groups"]
    assert small, "at 20 a year some origin is below 10 people at some month"
    for scen in table["scenarios"].values():
        for group, kpis in scen["by_group"].items():
            for kpi in tables.GROUP_KPIS:
                month = smallgroups.kpi_month(kpi)
                shown = kpi in kpis
                assert shown == (_size(small_runs, group, month) >= smallgroups.MIN_PEOPLE), (group, kpi)
                assert shown != (group in small.get(kpi, [])), (group, kpi)


def _old_suppress(table: dict, runs: dict[str, SlotRuns]) -> dict:
    """:func:`smallgroups.suppress` as it was (a deep copy, then the small figures deleted)."""
    sizes = [s for s in map(smallgroups.mean_sizes, runs.values()) if s is not None]
    out = copy.deepcopy(table)
    small: dict[str, list[str]] = {}
    for scen in out["scenarios"].values():
        for group, kpis in scen["by_group"].items():
            for kpi in [k for k in kpis if smallgroups._small_kpi(sizes, group, k)]:
                del kpis[kpi]
                small.setdefault(kpi, [])
                if group not in small[kpi]:
                    small[kpi].append(group)
    out["small_groups"] = small
    return out


def test_suppress_without_a_deep_copy_is_the_old_table(small_runs: dict[str, SlotRuns]) -> None:
    """The same table, key order included, and the table it is made from left as it was."""
    full = kpi_table("baseline", 3, 7, small_runs)
    before = json.dumps(full)
    got = smallgroups.suppress(full, small_runs)
    assert json.dumps(got) == json.dumps(_old_suppress(full, small_runs)) and got["small_groups"]
    assert json.dumps(full) == before


def test_the_key_figures_csv_holds_no_small_group(small_runs: dict[str, SlotRuns]) -> None:
    table = comparison_table(small_runs, "baseline", 7, 3)
    csv = tables.kpi_download(table, "nl")
    for kpi, groups in table["small_groups"].items():
        label = tables.kpi_label(kpi, "nl")
        for group in groups:
            name = tables.name_of(tables.GROUP_NAMES, group, "nl")
            assert not ((csv["Groep"] == name) & (csv["Kerncijfer"] == label)).any(), (group, kpi)


def test_the_series_download_leaves_out_small_groups_month_by_month(small_runs: dict[str, SlotRuns]) -> None:
    df = export.series_long(small_runs)
    people = df[(df["axis"] == "since_permit") & ~((df["sex"] == "all") & (df["origin"] == "all"))]
    assert len(people) > 0
    for scen, r in small_runs.items():
        sizes = r.sizes.mean(axis=0)  # type: ignore[union-attr]
        rows = people[people["scenario"] == scen]
        labels = map(smallgroups.group_label, rows["sex"], rows["origin"])
        cols = [smallgroups.SIZE_GROUPS.index(label) for label in labels]
        assert (sizes[rows["month"].to_numpy(), cols] >= smallgroups.MIN_PEOPLE).all()
    everyone = df[(df["axis"] == "since_permit") & (df["sex"] == "all") & (df["origin"] == "all")]
    assert everyone["month"].nunique() == small_runs["baseline"].shares.shape[1]  # 'everyone' is never left out
    unsuppressed = export.series_long({k: replace(r, sizes=None) for k, r in small_runs.items()})
    assert len(df) < len(unsuppressed)


def test_the_groups_tab_names_what_it_leaves_out(make_app: Callable[..., AppTest]) -> None:
    at = make_app(SMALL)
    at.session_state["tab"] = "Groepen"
    at.run()
    assert not at.exception
    notes = " ".join(c.value for c in at.caption)
    assert "Weggelaten omdat ze te klein zijn" in notes
    shown = set(at.dataframe[0].value["Groep"])
    left_out = notes.split("herhaling): ")[1].split(".")[0].split(", ")
    assert left_out and not shown & set(left_out)
    assert "Vrouwen" in shown and "Mannen" in shown


def test_the_default_municipality_leaves_no_group_out(make_app: Callable[..., AppTest]) -> None:
    at = make_app({**QUICK, "m": "context.inflow_per_year:150"})
    at.session_state["tab"] = "Groepen"
    at.run()
    assert "Weggelaten" not in " ".join(c.value for c in at.caption)


def test_the_series_csv_speaks_the_dutch_page(small_runs: dict[str, SlotRuns]) -> None:
    """It was the English tidy table with commas and decimal points ('employed,0.004...') on a Dutch page."""
    long = export.series_long(small_runs)
    data = export.csv_bytes(series_csv.series_display(long, "nl"), "nl")
    df = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(df.columns[:6]) == ["Scenario", "Tijdas", "Maand", "Uitkomst", "Eenheid", "Groep"]
    assert {"Met een baan", "In de bijstand", "Netto kosten gemeente"} <= set(df["Uitkomst"])
    assert {"Iedereen", "Vrouwen", "Syrië"} <= set(df["Groep"]) and "employed" not in set(df["Uitkomst"])
    assert set(df["Eenheid"]) == {"%", "€"} and len(df) == len(long)
    everyone = (long["metric"] == "employed") & (long["sex"] == "all") & (long["origin"] == "all")
    shown = df[(df["Uitkomst"] == "Met een baan") & (df["Groep"] == "Iedereen")]
    assert shown["Gemiddelde"].to_numpy() == pytest.approx((100 * long.loc[everyone, "mean"]).round(1).to_numpy())
    assert b";" in data.splitlines()[1] and b"," in data.splitlines()[-1]


def test_the_series_csv_in_english(small_runs: dict[str, SlotRuns]) -> None:
    df = series_csv.series_display(export.series_long(small_runs), "en")
    assert {"Employed", "Net municipal cost"} <= set(df["Outcome"]) and "Everyone" in set(df["Group"])
