"""The calibration and sensitivity tabs: what the model was fitted to, how well, and what matters.

Everything shown comes from the files under ``calibration/`` (:mod:`webapp.calibfiles`), never
from numbers in the code: after a recalibration the tabs show the new files. The calibration tab
shows the calibration the user chose (:mod:`webapp.posteriors`): the shipped one, or a posterior
folder under ``out/``, named at the top of the tab. A missing or
malformed file shows a message in its own section; the rest of the tab still draws. Tables
and charts are made by :mod:`webapp.calibcharts` and :mod:`webapp.senscharts`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from sim.scenarios import list_scenarios
from webapp import calibcharts as cc
from webapp import calibfiles as cf
from webapp import choices, posteriors
from webapp import senscharts as sc
from webapp.charts import AnyChart, cached_spec, cached_value, localised, panels
from webapp.i18n import tr
from webapp.state import AppState, shipped
from webapp.tables import kpi_label


def _chart(
    what: tuple[object, ...], files: tuple[str, ...], make: Callable[[], AnyChart], folder: Path | None = None
) -> None:
    """Draw a chart from the shared cache (keyed by the files' versions, so a new file redraws).

    A grid of panels (a facet) is drawn as one chart per panel in page columns, so it stays on
    the page at any width (:func:`webapp.charts.panels`). ``what`` is ``(chart name, language, ...)``:
    a Dutch page's chart has Dutch number formats (decimal comma). What is drawn (the spec, its
    panels, their rows as Arrow) is made once per key: :func:`drawn`.
    """
    key = ("calib", str(folder or ""), *what, *(cf.version(f, folder) for f in files))
    faceted, specs = cached_value(("drawn", key), lambda: drawn(cached_spec(key, make), str(what[1])))
    if not faceted:
        st.vega_lite_chart(specs[0])
        return
    columns = 2  # two a row: titles and legend stay readable at 1024 px
    for start in range(0, len(specs), columns):
        for col, panel in zip(st.columns(columns), specs[start : start + columns], strict=False):
            col.vega_lite_chart(panel, width="stretch")


def drawn(spec: dict[str, Any], lang: str) -> tuple[bool, list[dict[str, Any]]]:
    """Whether the chart is a facet, and its specs as the page draws them: the chart, or one per panel.

    Each with the page's number format and its datasets as the Arrow bytes Streamlit made of
    the chart's rows on every rerun before (``dataframe_util.convert_anything_to_arrow_bytes``;
    each dataset converted once and shared by the panels): the same charts in the browser.
    """
    spec = localised(spec, lang)
    faceted = "facet" in spec
    specs = panels(spec, legend_first=True) if faceted else [spec]
    rows = spec.get("datasets", {})
    arrow = {name: dataframe_util.convert_anything_to_arrow_bytes(r) for name, r in rows.items()}
    return faceted, [{**s, "datasets": {n: arrow[n] for n in s["datasets"]}} if "datasets" in s else s for s in specs]


def show_table(df: pd.DataFrame, rows: int | None = None) -> None:
    """A table without index, tall enough for ``rows`` rows (all of them by default) before it scrolls."""
    shown = len(df) if rows is None else min(rows, len(df))
    st.dataframe(df, hide_index=True, height=36 * (shown + 1) + 4)


def missing(name: str, lang: str, folder: Path | None = None) -> None:
    """Say that a file is missing or malformed and how to make it."""
    where = "calibration" if folder is None else _shown(folder)
    st.info(tr("cal_missing_file", lang, file=f"{where}/{name}", cols=cf.required_columns(name)))


def _shown(folder: Path) -> str:
    """A chosen folder as the page names it (``out/...``)."""
    return (
        "out/" + folder.relative_to(posteriors.OUT_DIR).as_posix()
        if folder.is_relative_to(posteriors.OUT_DIR)
        else str(folder)
    )


def _table(name: str, lang: str, folder: Path | None = None) -> pd.DataFrame | None:
    """A calibration CSV, or None after showing the 'missing file' message."""
    df = cf.table(name, folder)
    if df is None:
        missing(name, lang, folder)
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
    folder = None if state.posterior == posteriors.SHIPPED else posteriors.folder_of(state.posterior)
    meta = cf.provenance(folder)
    if folder is not None:
        chosen_section(folder, meta or {}, lang)
    stale_warning(meta, lang)
    fit = _table(cf.FIT_TABLE, lang, folder)
    if fit is not None:
        fit_section(fit, lang, folder)
    posterior_section(meta, lang, folder)
    era_section(lang, folder)
    provenance_section(meta, lang, folder)


def chosen_section(folder: Path, meta: dict[str, Any], lang: str) -> None:
    """Which calibration the tab shows, and for a quick one what its figures pin down."""
    targets, scenario = Path(str(meta.get("targets_file", "?"))).name, Path(str(meta.get("scenario", "?"))).name
    st.info(tr("post_shown", lang, name=_shown(folder), targets=targets, scenario=scenario))
    if meta.get("mode") == "quick":
        st.caption(tr("post_quick", lang))
    pinned = cf.table(cf.PINNED, folder)
    if pinned is not None:
        st.subheader(tr("post_pinned", lang))
        st.caption(tr("post_pinned_note", lang))
        with st.container(key="post_pinned"):
            show_table(cc.pinned_display(pinned, lang))


def stale_warning(meta: dict[str, Any] | None, lang: str) -> None:
    """Warn when the calibrated scenario's parameters changed since the posterior was made."""
    name, then = (meta or {}).get("scenario"), (meta or {}).get("scenario_hash")
    if not isinstance(name, str) or name not in list_scenarios() or not then:
        return
    now = shipped(name).hash
    if now != then:
        st.warning(tr("cal_stale", lang, scenario=name, then=then, now=now))


def fit_section(fit: pd.DataFrame, lang: str, folder: Path | None = None) -> None:
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
    _chart(("fit", lang), (cf.FIT_TABLE,), lambda: cc.fit_chart(cc.fit_frame(fit, lang), lang), folder)
    st.subheader(tr("cal_table", lang))
    with st.container(key="cal_fit_table"):
        show_table(cc.fit_display(fit, lang), rows=16)


def posterior_section(meta: dict[str, Any] | None, lang: str, folder: Path | None = None) -> None:
    """Weighted posterior marginals on the prior ranges, and a table of credible intervals."""
    st.subheader(tr("cal_posterior", lang))
    post = _table(cf.POSTERIOR, lang, folder)
    if post is None:
        return
    keys = cc.posterior_keys(post, meta)
    if not keys or not post["weight"].sum() > 0:
        missing(cf.POSTERIOR, lang, folder)
        return
    st.caption(tr("cal_posterior_note", lang))
    files = (cf.POSTERIOR, cf.PROVENANCE)
    _chart(
        ("marginals", lang),
        files,
        lambda: cc.marginal_chart(cc.marginal_frame(post, keys, lang), cc.prior_frame(meta, keys, lang), lang),
        folder,
    )
    show_table(cc.posterior_display(post, keys, meta, lang))


def era_section(lang: str, folder: Path | None = None) -> None:
    """The calibrated model's prediction for people granted a permit around 2020 (when the calibration made one)."""
    if folder is not None and cf.version(cf.ERA_2020, folder) is None:
        return  # only the calibration to the 2014 targets predicts era_2020
    st.subheader(tr("cal_era2020", lang))
    era = _table(cf.ERA_2020, lang, folder)
    if era is not None:
        st.caption(tr("cal_era2020_note", lang))
        show_table(cc.era_display(era, lang))


def provenance_section(meta: dict[str, Any] | None, lang: str, folder: Path | None = None) -> None:
    """How the posterior was made (``posterior.json``), the report's figures and its HTML page."""
    st.subheader(tr("cal_provenance", lang))
    if meta is None:
        missing(cf.PROVENANCE, lang, folder)
    else:
        show_table(cc.provenance_display(meta, lang))
        generations = cc.generations_display(meta, lang)
        if not generations.empty:
            st.caption(tr("cal_generations", lang))
            show_table(generations)
    with st.expander(tr("cal_figures", lang)):
        for name in (cf.FIT_PNG, cf.MARGINALS_PNG):
            data = cf.file_bytes(name, folder)
            if data is None:
                missing(name, lang, folder)
            else:
                st.image(data, caption=f"{'calibration' if folder is None else _shown(folder)}/{name}")
    report = cf.file_bytes(cf.REPORT_HTML, folder)
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
