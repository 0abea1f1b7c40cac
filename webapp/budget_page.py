"""Page parts of issue #12: the council-report button and money per budget year.

``report_button`` puts "Rapport voor de raad (PDF)" on the comparison tab: the PDF is made
(:func:`webapp.report.build_report`) from what the page computed, only when the button is
pressed. ``budget_section`` shows money per budget year (a chart of the totals, a table per
scenario with programme costs by item, the year the national money stops marked) and offers it
as CSV in the page's names and units.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from sim.params import load_specs
from webapp import budget_years, charts, describe, export
from webapp import paramtext as pt
from webapp.i18n import tr
from webapp.report import ReportInputs, ReportStamp, build_report


def report_stamp(state: Any, res: Any, mode: str) -> ReportStamp:
    """The report's provenance from the page's settings and results (naming a calibration not shipped)."""
    from webapp import posteriors

    unc = mode if res.thetas else "none"
    written = str(posteriors.meta(state.posterior).get("written", "")) if res.thetas else ""
    chosen = posteriors.describe(state.posterior) if res.thetas and state.posterior != posteriors.SHIPPED else ""
    return ReportStamp(state.seed, res.reps, unc, written, state.start_year, posterior=chosen)


def report_inputs(state: Any, res: Any, mode: str) -> ReportInputs:
    """What the page computed, as the report's inputs."""
    return ReportInputs(res.scenarios, res.runs, res.table, report_stamp(state, res, mode))


def report_bytes(state: Any, res: Any, mode: str) -> bytes:
    """The council report of what the page shows (same runs, same table)."""
    return build_report(report_inputs(state, res, mode), state.lang)


def report_button(state: Any, res: Any, mode: str) -> None:
    """The one-click council report (made when pressed)."""
    st.download_button(
        tr("report_button", state.lang),
        lambda: report_bytes(state, res, mode),
        "werkpad_rapport_raad.pdf" if state.lang == "nl" else "werkpad_council_report.pdf",
        "application/pdf",
        key="dl_report",
        on_click="ignore",
        type="primary",
        help=tr("report_button_help", state.lang),
    )


def budget_section(state: Any, res: Any, cumulative: bool) -> None:
    """Money per budget year: chart of the totals, a table per scenario, CSV download."""
    lang = state.lang
    st.subheader(tr("money_years_title", lang))
    year = state.start_year
    frame = charts.cached_value(("yearly_frame", year, res.key), lambda: budget_years.yearly_frame(res.runs, year))
    panels = charts.panels(year_spec(res, frame, year, lang, cumulative))
    st.markdown(charts.legend_html(res.order), unsafe_allow_html=True)
    for col, panel in zip(st.columns(2) + st.columns(2), panels, strict=False):
        col.vega_lite_chart(panel, width="stretch")
    st.caption(tr("money_years_note", lang, reps=res.reps))
    name = st.radio(tr("scenario", lang), res.order, key="years_scenario", horizontal=True)
    if name is not None:
        st.dataframe(year_table(res, frame, year, name, lang, cumulative), hide_index=True)
    st.download_button(
        tr("dl_years_csv", lang),
        lambda: export.csv_bytes(budget_years.download_frame(frame, lang), lang),
        "werkpad_geld_per_jaar.csv" if lang == "nl" else "werkpad_money_per_year.csv",
        "text/csv",
        key="dl_years",
        on_click="ignore",
    )


def year_spec(res: Any, frame: pd.DataFrame, year: int, lang: str, cumulative: bool) -> dict[str, Any]:
    """The year chart (:func:`webapp.budget_years.year_chart`) of ``frame`` as a spec with its numbers as data."""
    what = ("budget_years", lang, cumulative)
    spec = charts.data_chart(
        (*what, tuple(res.order)),
        (*what, year, res.key),  # the runs and the options drawn (``frame`` starts in ``year``)
        lambda: budget_years.year_frames(frame, lang, cumulative),
        lambda f: budget_years.year_shape(charts.named(f), res.order, lang, cumulative),
    )
    return charts.localised(spec, lang)


def year_table(res: Any, frame: pd.DataFrame, year: int, name: str, lang: str, cumulative: bool) -> pd.DataFrame:
    """A scenario's money by year (:func:`webapp.budget_years.year_table`), cached by that scenario's runs.

    The table shows the baseline first, which a slider move of another scenario leaves as it was.
    """
    scenario = res.scenarios[res.order.index(name)]
    key = ("year_table", name, scenario.hash, *res.key[1:], year, lang, cumulative)
    return charts.cached_value(key, lambda: budget_years.year_table(frame, name, lang, cumulative))


def mixed_warning(state: Any, res: Any) -> None:
    """Warn when the scenarios differ in settings that are not policy; offer to apply them to all."""
    keys = describe.mixed_settings(res.scenarios)
    if not keys:
        return
    specs = load_specs()
    names = ", ".join(pt.label(specs[k], state.lang) for k in keys)
    st.warning(tr("mixed_municipalities", state.lang, keys=names))
    st.button(tr("apply_to_all", state.lang), key="apply_all", on_click=apply_to_all, args=(keys,))


def apply_to_all(keys: list[str]) -> None:
    """The button's callback: :func:`share_settings` on the session's state."""
    from webapp.controls import app_state

    share_settings(app_state(), keys)


def share_settings(state: Any, keys: list[str]) -> None:
    """Use the first differing scenario's value of each setting for every scenario (a shared setting)."""
    from webapp.state import build_scenario

    built = [build_scenario(state, s) for s in state.slots]
    for key in keys:
        ref = built[0].params()[key]
        value = next(b.params()[key] for b in built[1:] if b.params()[key] != ref)
        state.shared[key] = value
        for slot in state.slots:
            slot.edits.pop(key, None)
