"""The groups and one-person tabs' charts built once per shape, their numbers as data (``charts.data_chart``).

These tabs drew Altair charts with ``st.altair_chart``, which made each chart's dict (without
Altair's default theme) and converted its frames to Arrow datasets named by their content.
The page now builds each chart's spec once per shape and hands ``st.vega_lite_chart`` the same
dict: these tests hold it to what Streamlit's own conversion makes of the old chart, equal as a
whole (spec, dataset names and Arrow bytes), in Dutch and English.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import pytest
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
from streamlit.testing.v1 import AppTest

from sim.scenarios import Scenario, load_scenario
from sim.states import State
from webapp import charts, page, person, tables
from webapp.i18n import STATE_NAMES, name_of, tr
from webapp.runs import cache_text, comparison_table, run_all
from webapp.slotruns import SlotRuns

SMALL = {"context.inflow_per_year": 40}
SEED = 3


@pytest.fixture(scope="module")
def scenarios() -> list[Scenario]:
    names = {"Basis": "baseline", "Geld stopt": "funding_ends", "Samen": "integrated"}
    return [load_scenario(f).with_overrides(SMALL, name=n) for n, f in names.items()]


@pytest.fixture(scope="module")
def runs(scenarios: list[Scenario]) -> dict[str, SlotRuns]:
    return run_all(scenarios, SEED, 4, None)


# The charts as the page built them before (verbatim, on the frames; Altair inferred the types).
def old_group_chart(df: pd.DataFrame, order: list[str], x_title: str) -> charts.AnyChart:
    y = alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit=0))
    base = alt.Chart(df).encode(y=y, yOffset="scenario:N", color=charts._color(order))
    rule = base.mark_rule(strokeWidth=2).encode(x=alt.X("lo:Q", title=x_title), x2="hi:Q")
    dot = base.mark_point(filled=True, size=60).encode(x="diff:Q", tooltip=["scenario", "group", "diff", "lo", "hi"])
    zero = alt.Chart().mark_rule(color="#888").encode(x=alt.datum(0))
    return alt.layer(rule, dot, zero).properties(width=520, height=alt.Step(14))


def old_timeline_chart(segs: pd.DataFrame, order: list[str], lang: str) -> charts.AnyChart:
    codes = [s.name for s in State]
    domain = [name_of(STATE_NAMES, c, lang) for c in codes]
    scale = alt.Scale(domain=domain, range=[person.STATE_COLORS[c] for c in codes])
    return (
        alt.Chart(segs)
        .mark_bar(height=28)
        .encode(
            x=alt.X("start:Q", title=tr("months_since_permit", lang)),
            x2="end:Q",
            y=alt.Y("scenario:N", title=None, sort=order, axis=alt.Axis(labelLimit=person.NAME_PX)),
            color=alt.Color(
                "state:N",
                title=None,
                scale=scale,
                legend=alt.Legend(orient="bottom", columns=5, labelLimit=person.NAME_PX),
            ),
            tooltip=["scenario", "state", "start", "end", "welfare"],
        )
        .properties(width=760, height=alt.Step(40))
    )


def old_language_chart(paths: dict[str, pd.DataFrame], order: list[str], lang: str) -> charts.AnyChart:
    df = pd.concat([p.assign(scenario=name) for name, p in paths.items()], ignore_index=True)
    df = df[["scenario", "months_since_permit", "language"]]
    axis = alt.Axis(values=[0, 1, 2, 3, 4], labelExpr="['0', 'A1', 'A2', 'B1', 'B2'][datum.value]")
    legend = alt.Legend(orient="top", labelLimit=person.NAME_PX)
    return (
        alt.Chart(df)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("months_since_permit:Q", title=tr("months_since_permit", lang)),
            y=alt.Y("language:Q", title=tr("language_level", lang), scale=alt.Scale(domain=[0, 4]), axis=axis),
            color=alt.Color("scenario:N", title=None, sort=order, legend=legend),
            strokeDash=alt.StrokeDash("scenario:N", sort=order, legend=None),
        )
        .properties(width=760, height=180)
    )


def old_dict(chart: charts.AnyChart) -> dict[str, Any]:
    """What ``st.altair_chart`` made of the chart before it reached ``st.vega_lite_chart``."""
    return _convert_altair_to_vega_lite_spec(chart)


def _res(scenarios: list[Scenario], runs: dict[str, SlotRuns], order: list[str]) -> page.Results:
    chosen = [s for s in scenarios if s.name in order]
    sub = {n: runs[n] for n in order}
    return page.Results(chosen, sub, comparison_table(sub, order[0], SEED, 4), None, 0.0)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("order", [["Basis", "Geld stopt", "Samen"], ["Basis", "Samen"]])
@pytest.mark.parametrize("kpi", tables.GROUP_KPIS)
def test_group_chart_is_the_old_one(
    scenarios: list[Scenario], runs: dict[str, SlotRuns], lang: str, order: list[str], kpi: str
) -> None:
    res = _res(scenarios, runs, order)
    df = tables.group_frame(res.table, kpi, lang)
    assert len(df) > 0
    old = old_dict(charts.dutch(old_group_chart(df, res.order, tr("diff_pp", lang)), lang))
    assert page.group_spec(res, kpi, lang) == old


def _person(scenarios: list[Scenario], shown: list[str], i: int, lang: str) -> tuple[Any, ...]:
    """The person tab's frames as ``page.person_tab`` makes them (bars, rows, paths)."""
    people = {
        s.name: person.person_runs(cache_text(s), s.hash, SEED, json.dumps(None)) for s in scenarios if s.name in shown
    }
    paths = {n: person.path_of(p, i) for n, p in people.items()}
    segs = pd.concat([person.segments(p, n, lang) for n, p in paths.items()], ignore_index=True)
    partner_row = tr("partner_row", lang, name=shown[0])
    partner = person.partner_segments(people[shown[0]], i, partner_row, lang)
    rows = shown if partner is None else [*shown, partner_row]
    bars = segs if partner is None else pd.concat([segs, partner], ignore_index=True)
    return bars, rows, paths, people[shown[0]]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("shown", [["Basis", "Geld stopt"], ["Basis"]])
def test_person_charts_are_the_old_ones(scenarios: list[Scenario], lang: str, shown: list[str]) -> None:
    """Timeline and language charts, for a person with a partner and one without."""
    people = _person(scenarios, shown, 0, lang)[3]
    pool = person.eligible(people, 120)
    partnered = people.column("partner")[pool] >= 0
    picks = [int(pool[partnered][0]), int(pool[~partnered][0])]
    for i in picks:
        bars, rows, paths, _ = _person(scenarios, shown, i, lang)
        key = (tuple(shown), SEED, "null", i)
        timeline, language = page.person_specs(key, bars, rows, paths, lang)
        assert timeline == old_dict(charts.dutch(old_timeline_chart(bars, rows, lang), lang))
        assert timeline == old_dict(charts.dutch(person.timeline_shape(bars, rows, lang), lang))  # on the frame itself
        assert language == old_dict(charts.dutch(old_language_chart(paths, shown, lang), lang))
    assert len(_person(scenarios, shown, picks[0], lang)[1]) == len(shown) + 1  # the partner's row


def test_another_person_reuses_the_spec_and_brings_own_numbers(scenarios: list[Scenario]) -> None:
    shown = ["Basis", "Geld stopt"]
    specs = []
    for i in (3, 5):
        bars, rows, paths, _ = _person(scenarios, shown, i, "nl")
        specs.append(page.person_specs((tuple(shown), SEED, "null", i), bars, rows[:2], paths, "nl")[1])
    assert specs[0]["datasets"].keys() != specs[1]["datasets"].keys()
    rest = [{k: v for k, v in s.items() if k != "datasets"} for s in specs]
    assert json.dumps(rest[0]).count('"name"') == json.dumps(rest[1]).count('"name"')


def test_groups_and_person_tabs_draw_their_charts_with_rows(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    for label, count in (("Groepen", 1), ("Eén persoon", 2)):
        at.session_state["tab"] = label
        at.run()
        assert not at.exception
        drawn = at.get("vega_lite_chart")
        assert len(drawn) == count, label
        for chart in drawn:
            spec = json.loads(chart.proto.spec)
            assert "datasets" not in spec and len(chart.proto.datasets) >= 1
