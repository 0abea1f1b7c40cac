"""The tab "Eigen bestand": upload an anonymised caseload and see its forecast under each scenario.

The uploaded bytes are read in memory (:func:`sim.caseload.reader.read_caseload`); a refused
file shows the one-line reason (line and column, never a value). The forecast runs every
scenario of the comparison from the file's people (:mod:`sim.caseload.forecast`) with the
page's seed and uncertain-parameter draws, and only its aggregates are kept, in this browser
session's memory (never ``st.cache_data``, never the URL or disk), for the latest file and
comparison. Nothing of the file is logged; an unexpected error shows a fixed message, no
traceback (it could hold values).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from sim.caseload import columns as fmt
from sim.caseload.forecast import FORECAST_MONTHS, MIN_GROUP, kpis, run_caseload_replications, summary
from sim.caseload.reader import MIN_ROWS, Caseload, CaseloadError, Report, read_caseload
from sim.compare import paired_stats
from webapp import tables
from webapp.i18n import METRIC_NAMES, name_of, tr

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "caseload" / "synthetic_caseload_SYNTHETIC.csv"
MAX_REPS = 20  # replications of the caseload forecast (fewer if the page runs fewer)
SHOWN = ("employed", "welfare", "b1", "in_course")
KEY = "caseload_forecast"  # session key of the latest forecast (aggregates only)


def caseload_tab(state: Any, res: Any) -> None:
    """Draw the tab: what it does, privacy, format, downloads, the upload and the forecast."""
    lang = state.lang
    st.subheader(tr("cl_title", lang))
    st.markdown(tr("cl_intro", lang))
    with st.expander(tr("cl_privacy_title", lang), expanded=True):
        st.markdown(
            tr(
                "cl_privacy",
                lang,
                rows=tables.number(fmt.MAX_ROWS, 0, lang),
                kb=tables.number(fmt.MAX_BYTES // 1000, 0, lang),
                min_rows=MIN_ROWS,
                group=MIN_GROUP,
            )
        )
    with st.expander(tr("cl_format", lang)):
        st.markdown(tr("cl_format_note", lang))
        st.table(format_table(lang).set_index(tr("cl_col", lang)))
    downloads(lang)
    year = st.number_input(tr("cl_year", lang), 1990, 2100, dt.date.today().year, key="caseload_year")
    upload = st.file_uploader(tr("cl_upload", lang), type=["csv", "txt"], key="caseload_upload")
    if upload is None:
        st.info(tr("cl_none", lang))
        return
    try:
        caseload, report = read_caseload(upload.getvalue(), int(year))
    except CaseloadError as exc:
        st.error(tr("cl_refused", lang, msg=str(exc)))
        return
    except Exception:  # noqa: BLE001 - never a traceback that could show the file's values
        st.error(tr("cl_failed", lang))
        return
    show_report(report, lang)
    forecast_section(state, res, caseload, lang)


def format_table(lang: str) -> pd.DataFrame:
    """The file's columns: name, required, what they hold (in the page's language)."""
    yes, no = tr("cl_yes", lang), tr("cl_no", lang)
    return pd.DataFrame(
        {
            tr("cl_col", lang): list(fmt.COLUMNS),
            tr("cl_req", lang): [yes if c.required else no for c in fmt.COLUMNS.values()],
            tr("cl_values", lang): [c.help_nl if lang == "nl" else c.help_en for c in fmt.COLUMNS.values()],
        }
    )


def downloads(lang: str) -> None:
    """The template and the synthetic example as downloads."""
    left, right = st.columns(2)
    left.download_button(
        tr("cl_template", lang), fmt.template_csv(), "werkpad_caseload_template.csv", "text/csv", key="cl_tpl"
    )
    if EXAMPLE.exists():
        right.download_button(
            tr("cl_example", lang), EXAMPLE.read_bytes(), EXAMPLE.name, "text/csv", key="cl_example_download"
        )


def show_report(report: Report, lang: str) -> None:
    """The validation report: rows read, used, refused by column and reason (lines, never values)."""
    lines = [
        tr("cl_rows", lang, read=report.rows_read, used=report.rows_used, refused=report.rows_read - report.rows_used)
    ]
    for (column, reason), rows in sorted(report.refused.items()):
        lines.append(tr("cl_refused_rows", lang, n=len(rows), column=column, reason=reason, lines=_some(rows)))
    for reason, rows in sorted(report.links.items()):
        lines.append(tr("cl_link", lang, n=len(rows), reason=reason, lines=_some(rows)))
    with st.container(key="caseload_report"):
        st.markdown(f"**{tr('cl_report', lang)}**")
        st.markdown("\n".join(f"- {ln}" for ln in lines))


def _some(rows: list[int], k: int = 10) -> str:
    return ", ".join(str(r) for r in rows[:k]) + (" …" if len(rows) > k else "")


def forecast_section(state: Any, res: Any, caseload: Caseload, lang: str) -> None:
    """Run (or take from this session) the forecast of every scenario and draw its tables."""
    reps = min(MAX_REPS, res.reps)
    thetas = res.thetas[:reps] if res.thetas else None
    key = (caseload.digest, tuple((s.name, s.hash) for s in res.scenarios), reps, state.seed, json.dumps(thetas))
    got = st.session_state.get(KEY)
    if got is None or got[0] != key:
        try:
            with st.spinner(tr("cl_running", lang)):
                got = (key, forecast(res.scenarios, reps, state.seed, caseload, thetas))
        except Exception:  # noqa: BLE001 - a traceback could show the file's values: a fixed message instead
            st.error(tr("cl_failed", lang))
            return
        st.session_state[KEY] = got  # aggregates only, in this session's memory
    tables, diffs = got[1]
    draw_tables(tables, diffs, res.scenarios[0].name, len(caseload), reps, lang)
    st.caption(tr("cl_digest", lang, digest=caseload.digest[:16]))


def forecast(
    scenarios: list[Any], reps: int, seed: int, caseload: Caseload, thetas: list[dict[str, float]] | None
) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, dict[str, float]]]]:
    """Per scenario: the forecast summary (groups under 10 suppressed) and the KPI differences with the first.

    Paired as ``sim compare --start-from``: every scenario starts from the same people, filled in
    under the first scenario (the past, :class:`sim.model.MunicipalityModel`'s ``past``).
    """
    tables, values = {}, {}
    for s in scenarios:
        results = run_caseload_replications(s, reps, seed, caseload, thetas=thetas, past=scenarios[0])
        tables[s.name] = summary(results)
        values[s.name] = [kpis(r) for r in results]
    base = values[scenarios[0].name]
    diffs = {
        name: {k: paired_stats([v[k] for v in vals], [b[k] for b in base]) for k in base[0]}
        for name, vals in values.items()
        if name != scenarios[0].name
    }
    return tables, diffs


def draw_tables(
    tables: dict[str, pd.DataFrame], diffs: dict[str, Any], baseline: str, n: int, reps: int, lang: str
) -> None:
    """The forecast table (scenario x measure by month) and the paired differences; the download."""
    st.markdown(f"#### {tr('cl_table_title', lang)}")
    wide = forecast_frame(tables, lang)
    with st.container(key="caseload_table"):
        st.table(wide.set_index([tr("cl_scenario", lang), ""]))
    st.caption(tr("cl_table_note", lang, n=n, reps=reps, group=MIN_GROUP))
    if diffs:
        st.caption(tr("cl_diff_note", lang, base=baseline))
        st.table(diff_frame(diffs, lang).set_index([tr("cl_scenario", lang), ""]))
    csv = pd.concat([t.assign(scenario=name) for name, t in tables.items()], ignore_index=True).to_csv(index=False)
    st.download_button(tr("cl_download", lang), csv, "werkpad_caseload_forecast.csv", "text/csv", key="cl_dl")


def forecast_frame(tables: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """One row per scenario and measure, one column per month: ``mean% [p05-p95]``."""
    rows = []
    for name, t in tables.items():
        for metric in SHOWN:
            row = {tr("cl_scenario", lang): name, "": name_of(METRIC_NAMES, metric, lang)}
            for r in t[t["metric"] == metric].to_dict("records"):
                if r["month"] in FORECAST_MONTHS:
                    row[f"+{r['month']}"] = _cell(r["mean"], r["p05"], r["p95"])
            rows.append(row)
    return pd.DataFrame(rows)


def _cell(mean: float, lo: float, hi: float) -> str:
    if np.isnan(mean):
        return "-"
    return f"{100 * mean:.0f}% [{100 * lo:.0f}-{100 * hi:.0f}]"


def diff_frame(diffs: dict[str, dict[str, dict[str, float]]], lang: str) -> pd.DataFrame:
    """The KPI differences with the baseline: percentage points and their 90% interval."""
    rows = []
    for name, by_kpi in diffs.items():
        for key, st_ in by_kpi.items():
            metric, month = key.split("_share_p")
            cell = (
                "-"
                if np.isnan(st_["diff"])
                else f"{100 * st_['diff']:+.1f} [{100 * st_['lo']:+.1f}, {100 * st_['hi']:+.1f}]"
            )
            rows.append({tr("cl_scenario", lang): name, "": name_of(METRIC_NAMES, metric, lang), f"+{month}": cell})
    frame = pd.DataFrame(rows)
    return frame.groupby([tr("cl_scenario", lang), ""], sort=False).first().reset_index()
