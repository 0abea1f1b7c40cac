"""The calibration and sensitivity tabs: what the model was fitted to, how well, and what matters.

Everything shown comes from the files under ``calibration/`` (:mod:`webapp.calibfiles`), never
from numbers in the code: after a recalibration the tabs show the new files. A missing or
malformed file shows a message in its own section; the rest of the tab still draws. Tables
and charts are made by :mod:`webapp.calibcharts` and :mod:`webapp.senscharts`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from sim.scenarios import list_scenarios
from webapp import calibcharts as cc
from webapp import calibfiles as cf
from webapp import choices
from webapp import senscharts as sc
from webapp.charts import AnyChart, cached_spec, panels
from webapp.i18n import tr
from webapp.state import AppState, shipped
from webapp.tables import kpi_label


def _chart(what: tuple[object, ...], files: tuple[str, ...], make: Callable[[], AnyChart]) -> None:
    """Draw a chart from the shared spec cache (keyed by the files' versions, so a new file redraws).

    A grid of panels (a facet) is drawn as one chart per panel in page columns, so it stays on
    the page at any width (:func:`webapp.charts.panels`).
    """
    spec = cached_spec(("calib", *what, *(cf.version(f) for f in files)), make)
    if "facet" not in spec:
        st.vega_lite_chart(spec)
        return
    specs, columns = panels(spec, legend_first=True), 2  # two a row: titles and legend stay readable at 1024 px
    for start in range(0, len(specs), columns):
        for col, panel in zip(st.columns(columns), specs[start : start + columns], strict=False):
            col.vega_lite_chart(panel, width="stretch")


def show_table(df: pd.DataFrame, rows: int | None = None) -> None:
    """A table without index, tall enough for ``rows`` rows (all of them by default) before it scrolls."""
    shown = len(df) if rows is None else min(rows, len(df))
    st.dataframe(df, hide_index=True, height=36 * (shown + 1) + 4)


def missing(name: str, lang: str) -> None:
    """Say that a file is missing or malformed and how to make it."""
    st.info(tr("cal_missing_file", lang, file=f"calibration/{name}", cols=cf.required_columns(name)))


def _table(name: str, lang: str) -> pd.DataFrame | None:
    """A calibration CSV, or None after showing the 'missing file' message."""
    df = cf.table(name)
    if df is None:
        missing(name, lang)
    return df


def calibration_tab(state: AppState, res: object = None) -> None:
    """What calibration means, the fit per target, the posterior, the era_2020 prediction, provenance.

    Args:
        state: The app state (only the language is used).
        res: The comparison's results (unused: this tab reads the calibration's files).
    """
    lang = state.lang
    st.subheader(tr("cal_title", lang))
    st.markdown(tr("cal_intro", lang))
    meta = cf.provenance()
    stale_warning(meta, lang)
    fit = _table(cf.FIT_TABLE, lang)
    if fit is not None:
        fit_section(fit, lang)
    posterior_section(meta, lang)
    era_section(lang)
    provenance_section(meta, lang)


def stale_warning(meta: dict[str, Any] | None, lang: str) -> None:
    """Warn when the calibrated scenario's parameters changed since the posterior was made."""
    name, then = (meta or {}).get("scenario"), (meta or {}).get("scenario_hash")
    if not isinstance(name, str) or name not in list_scenarios() or not then:
        return
    now = shipped(name).hash
    if now != then:
        st.warning(tr("cal_stale", lang, scenario=name, then=then, now=now))


def fit_section(fit: pd.DataFrame, lang: str) -> None:
    """Score, the missed targets with their notes, the fit chart and the error table."""
    st.markdown(tr("cal_score", lang, **cc.fit_counts(fit)))
    st.subheader(tr("cal_misses", lang))
    misses = cc.miss_markdown(fit, lang)
    if misses:
        st.caption(tr("cal_misses_intro", lang))
        with st.container(key="cal_misses"):
            st.markdown(misses)
    else:
        st.markdown(tr("cal_none_missed", lang))
    st.subheader(tr("cal_fit_chart", lang))
    st.caption(tr("cal_fit_note", lang))
    _chart(("fit", lang), (cf.FIT_TABLE,), lambda: cc.fit_chart(cc.fit_frame(fit, lang), lang))
    st.subheader(tr("cal_table", lang))
    with st.container(key="cal_fit_table"):
        show_table(cc.fit_display(fit, lang), rows=16)


def posterior_section(meta: dict[str, Any] | None, lang: str) -> None:
    """Weighted posterior marginals on the prior ranges, and a table of credible intervals."""
    st.subheader(tr("cal_posterior", lang))
    post = _table(cf.POSTERIOR, lang)
    if post is None:
        return
    keys = cc.posterior_keys(post, meta)
    if not keys or not post["weight"].sum() > 0:
        missing(cf.POSTERIOR, lang)
        return
    st.caption(tr("cal_posterior_note", lang))
    files = (cf.POSTERIOR, cf.PROVENANCE)
    _chart(
        ("marginals", lang),
        files,
        lambda: cc.marginal_chart(cc.marginal_frame(post, keys, lang), cc.prior_frame(meta, keys, lang), lang),
    )
    show_table(cc.posterior_display(post, keys, meta, lang))


def era_section(lang: str) -> None:
    """The calibrated model's prediction for people granted a permit around 2020."""
    st.subheader(tr("cal_era2020", lang))
    era = _table(cf.ERA_2020, lang)
    if era is not None:
        st.caption(tr("cal_era2020_note", lang))
        show_table(cc.era_display(era, lang))


def provenance_section(meta: dict[str, Any] | None, lang: str) -> None:
    """How the posterior was made (``posterior.json``), the report's figures and its HTML page."""
    st.subheader(tr("cal_provenance", lang))
    if meta is None:
        missing(cf.PROVENANCE, lang)
    else:
        show_table(cc.provenance_display(meta, lang))
        generations = cc.generations_display(meta, lang)
        if not generations.empty:
            st.caption(tr("cal_generations", lang))
            show_table(generations)
    with st.expander(tr("cal_figures", lang)):
        for name in (cf.FIT_PNG, cf.MARGINALS_PNG):
            data = cf.file_bytes(name)
            if data is None:
                missing(name, lang)
            else:
                st.image(data, caption=f"calibration/{name}")
    report = cf.file_bytes(cf.REPORT_HTML)
    if report is not None:
        st.download_button(
            tr("cal_download_html", lang), report, cf.REPORT_HTML, "text/html", key="dl_fit_html", on_click="ignore"
        )


# ----------------------------------------------------------------------------- sensitivity


def sensitivity_tab(state: AppState, res: object = None) -> None:
    """Plain-language explanation, the overall ranking, mu* and sigma per KPI, and the ranking table.

    Args:
        state: The app state (only the language is used).
        res: The comparison's results (unused: this tab reads the sensitivity files).
    """
    lang = state.lang
    st.subheader(tr("sens_title", lang))
    st.markdown(tr("sens_intro", lang))
    st.subheader(tr("sens_ranking", lang))
    rank = _table(cf.RANKING, lang)
    if rank is not None:
        _chart(("ranking", lang), (cf.RANKING,), lambda: sc.ranking_chart(sc.ranking_frame(rank, lang), lang))
    st.subheader(tr("sens_morris", lang))
    morris = _table(cf.MORRIS, lang)
    if morris is not None:
        morris_section(morris, lang)
    if rank is not None:
        st.subheader(tr("sens_table", lang))
        with st.container(key="sens_table"):
            show_table(sc.ranking_display(rank, lang))


def morris_section(morris: pd.DataFrame, lang: str) -> None:
    """A KPI choice and the bars of mu* with sigma for it."""
    kpis = list(dict.fromkeys(morris["kpi"].astype(str)))
    kpi = choices.choice(st.selectbox, tr("sens_kpi", lang), kpis, "sens_kpi", lang, lambda k: kpi_label(k, lang))
    st.caption(tr("sens_morris_note", lang, unit=tr(sc.kpi_scale(kpi)[1], lang)))
    _chart(("morris", lang, kpi), (cf.MORRIS,), lambda: sc.morris_chart(sc.morris_frame(morris, kpi, lang), kpi, lang))
