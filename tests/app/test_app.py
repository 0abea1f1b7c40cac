"""AppTest: every tab renders without an exception, controls change results, the URL holds the state."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from streamlit.testing.v1 import AppTest

from .conftest import QUICK


def kpi_table(at: AppTest) -> pd.DataFrame:
    """The KPI table of the comparison tab (one row per key figure and scenario)."""
    found = [d.value for d in at.dataframe if d.value.columns[0] in ("Kerncijfer", "Key figure")]
    assert len(found) == 1
    return found[0]


def qp(at: AppTest, key: str) -> str:
    """One URL query parameter of the app as a string."""
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def widget(elements, part: str):
    """The one widget whose key contains ``part``."""
    found = [w for w in elements if w.key and part in w.key]
    assert len(found) == 1, [w.key for w in elements]
    return found[0]


def test_default_page_renders_every_tab(make_app: Callable[..., AppTest]) -> None:
    at = make_app({})
    assert not at.exception
    assert at.title[0].value.startswith("Werkpad")
    assert len(at.tabs) == 9  # comparison ... optimiser, own caseload, about
    table = kpi_table(at)
    assert {"Rijksgeld stopt", "Basis"} == set(table["Scenario"])
    assert table.notna().all().all(), table  # every cell says something ("–" where nothing applies)
    summary = " ".join(m.value for m in at.markdown)
    assert "van elke 100 mensen een baan" in summary
    footer = " ".join(c.value for c in at.caption)
    assert "20 herhalingen" in footer and "scenario-hashes" in footer
    assert "Trekkingen uit de kalibratie" in footer  # posterior draws by default (issue #5)
    assert qp(at, "unc") == "posterior" and at.radio(key="unc.nl").value == "posterior"


def test_point_estimate_switch_changes_results_and_url(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    before = kpi_table(at).copy()
    at.radio(key="unc.nl").set_value("point").run()
    assert not at.exception
    assert qp(at, "unc") == "point"
    assert not before.equals(kpi_table(at))
    assert "Puntschatting" in " ".join(c.value for c in at.caption)
    again = make_app({**QUICK, "unc": "point"})
    pd.testing.assert_frame_equal(kpi_table(at), kpi_table(again))


def test_slider_changes_a_kpi(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    before = kpi_table(at).copy()
    widget(at.slider, "guidance.dedicated_fte_per_100_inflow").set_value(10.0).run()
    assert not at.exception
    after = kpi_table(at)
    assert not before.equals(after)
    assert qp(at, "p1").startswith("guidance.dedicated_fte_per_100_inflow:10.0")


def test_toggle_and_radio_levers(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    widget(at.toggle, "guidance.coordinator").set_value(True).run()
    widget(at.radio, "regime.law").set_value(2013).run()
    assert not at.exception
    p1 = qp(at, "p1")
    assert "guidance.coordinator:true" in p1 and "regime.law:2013" in p1


def test_language_switch(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value.startswith("Werkpad: policy scenarios")
    assert qp(at, "lang") == "en"
    assert "Key figure" in kpi_table(at).columns
    assert qp(at, "n0") == "Baseline"  # an unchanged shipped name is translated


def test_url_reopens_the_same_comparison(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    widget(at.slider, "guidance.dedicated_fte_per_100_inflow").set_value(12.5).run()
    shared = {k: qp(at, k) for k in at.query_params}
    again = make_app(shared)
    assert not again.exception
    pd.testing.assert_frame_equal(kpi_table(at), kpi_table(again))
    assert widget(again.slider, "guidance.dedicated_fte_per_100_inflow").value == 12.5


def test_bad_url_values_are_ignored_with_a_warning(make_app: Callable[..., AppTest]) -> None:
    at = make_app(
        {**QUICK, "p1": "guidance.dedicated_fte_per_100_inflow:-3", "s2": "../../etc/passwd", "n2": "x", "reps": "zz"}
    )
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "guidance.dedicated_fte_per_100_inflow" in warnings and "etc/passwd" in warnings and "reps" in warnings


def test_add_rename_and_remove_a_scenario(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    at.button(key="add").click().run()
    assert not at.exception
    assert qp(at, "s2") == "baseline"
    third = [t for t in at.text_input if t.key.startswith("name.")][2]
    third.set_value("Mijn plan").run()
    assert qp(at, "n2") == "Mijn plan"
    widget(at.selectbox, f"base.{third.key.split('.')[1]}").set_value("integrated").run()
    assert not at.exception
    assert qp(at, "s2") == "integrated"
    assert "Integrale aanpak" in set(kpi_table(at)["Scenario"])
    [b for b in at.button if b.key.startswith("rm.")][-1].click().run()
    assert "s2" not in at.query_params


def test_municipality_and_advanced_settings(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    before = kpi_table(at).copy()
    widget(at.slider, "context.labour_tightness").set_value(0.5).run()
    at.selectbox(key="mix.nl").set_value("2016").run()
    at.select_slider(key="reps").set_value(10).run()
    assert not at.exception
    assert qp(at, "mix") == "2016" and qp(at, "reps") == "10"
    assert "context.labour_tightness:0.5" in qp(at, "m")
    assert not before.equals(kpi_table(at))


def test_any_whole_inflow_and_people_counts(make_app: Callable[..., AppTest]) -> None:
    """The inflow is typed in (25 could not be chosen on the old slider in steps of 10), the
    region is set beside it, and the KPI table gives people of one year's inflow beside shares."""
    at = make_app()
    widget(at.number_input, "context.inflow_per_year").set_value(25).run()
    widget(at.number_input, "region.status_holders_per_year").set_value(800).run()
    assert not at.exception
    assert "context.inflow_per_year:25" in qp(at, "m") and "region.status_holders_per_year:800" in qp(at, "m")
    table = kpi_table(at)
    row = table[(table["Kerncijfer"] == "Met een baan na 3 jaar") & (table["Scenario"] == "Basis")]
    cell = row["Waarde"].iloc[0]
    assert cell.endswith("van 25 per jaar)") and "%" in cell, cell


def test_share_and_about_tabs(make_app: Callable[..., AppTest]) -> None:
    at = open_tab(make_app(), "Delen en export")
    assert not at.exception
    assert any("from_toml_text" in c.value for c in at.code)
    at = open_tab(at, "Over het model")
    assert not at.exception
    assert "18–64" in " ".join(m.value for m in at.markdown)


def test_advanced_parameters(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    at.toggle(key="show_params").set_value(True).run()
    widget(at.slider, "behaviour.job_hazard").set_value(0.12).run()
    assert not at.exception
    assert "behaviour.job_hazard:0.12" in qp(at, "m")


def test_funding_month_picker(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    widget(at.slider, "funding.end_month.m").set_value(60).run()
    assert "funding.end_month:60" in qp(at, "p1")
    widget(at.toggle, "funding.end_month.on").set_value(False).run()
    assert not at.exception
    assert "funding.end_month:999" in qp(at, "p1")


def open_tab(at: AppTest, label: str) -> AppTest:
    """Switch to a tab (tabs are lazy: only the open one is computed)."""
    at.session_state["tab"] = label
    return at.run()


def test_person_and_groups_tabs(make_app: Callable[..., AppTest]) -> None:
    at = open_tab(make_app(), "Eén persoon")
    assert not at.exception
    story = [m.value for m in at.markdown if "Maand 0" in m.value]
    assert story, "the person's story is shown"
    at.slider(key="person_pick").set_value(3).run()
    assert not at.exception
    open_tab(at, "Groepen")
    at.selectbox(key="group_kpi.nl").set_value("welfare_share_m24").run()
    assert not at.exception
    groups = at.dataframe[0].value
    assert "Vrouwen" in groups.iloc[:, 0].tolist()


def test_reset_slot_to_file(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    widget(at.slider, "guidance.dedicated_fte_per_100_inflow").set_value(3.0).run()
    assert "p1" in at.query_params
    [b for b in at.button if b.key.startswith("reset.")][0].click().run()
    assert not at.exception
    assert "p1" not in at.query_params


# Widgets that hold settings (sidebar, scenario names and sources), not view options.
SETTING_KEYS = ("sh.", "lv.", "name.", "base.", "funding", "seed", "reps", "unc", "lang", "mix")


def fallback_mismatches(at: AppTest) -> list[str]:
    """Setting widgets whose default (what a browser falls back to when it redraws one) is not their value.

    Streamlit sends a value set through ``st.session_state`` to the browser once; a widget the
    browser draws later shows its default and sends it back with the next event. So every
    setting's default must be its current value, or settings silently reset.
    """
    bad = []
    for kind in ("slider", "number_input", "toggle", "text_input", "selectbox", "radio", "select_slider"):
        for w in getattr(at, kind):
            if not (w.key and w.key.startswith(SETTING_KEYS)):
                continue
            p = w.proto
            if kind in ("selectbox", "radio"):
                ok = p.default == w.index
            elif kind == "select_slider":
                ok = p.options[int(p.default[0])] == str(w.value)
            elif kind == "slider":
                ok = float(p.default[0]) == float(w.value)
            else:
                ok = p.default == w.value
            if not ok:
                bad.append(f"{kind} {w.key}: value {w.value!r}, default {p.default!r}")
    return bad


def test_every_setting_widget_defaults_to_its_value(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    assert fallback_mismatches(at) == []
    widget(at.slider, "guidance.dedicated_fte_per_100_inflow").set_value(10.0).run()
    at.number_input(key="seed").set_value(11).run()
    widget(at.slider, "funding.end_month.m").set_value(60).run()
    assert fallback_mismatches(at) == []
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert fallback_mismatches(at) == []
    assert (
        widget(at.slider, "guidance.dedicated_fte_per_100_inflow").value == 10.0
        and at.number_input(key="seed").value == 11
    )
