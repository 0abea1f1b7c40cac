"""The report's charts: the page's Altair charts with a title, units, reference, band and footer.

A chart put in council papers must say on itself what it shows: :func:`titled` adds a title,
subtitle lines (unit, reference scenario, what the band means) and a footer line (Werkpad
version, commit, seed, replications, posterior) to any chart. The same titled charts are the
page's PNG and SVG downloads. :func:`png` renders with vl-convert (through Altair).
"""

from __future__ import annotations

import io

import altair as alt
import pandas as pd

from webapp import budget_years, charts
from webapp.charts import AnyChart
from webapp.i18n import tr
from webapp.report.inputs import ReportInputs, ReportStamp

PNG_SCALE = 1.6
Titled = alt.VConcatChart


def footer_text(stamp: ReportStamp, lang: str) -> str:
    """``Werkpad 0.1.0 · commit abc12345 · seed 1 · 20 herhalingen · posterior · 12-12-2026``."""
    return tr(
        "report_footer",
        lang,
        version=stamp.version,
        commit=stamp.commit[:8] or "–",
        seed=stamp.seed,
        reps=stamp.reps,
        unc=tr(f"report_unc_{stamp.uncertainty}", lang) + (f" ({stamp.posterior})" if stamp.posterior else ""),
        date=stamp.date.strftime("%d-%m-%Y") if lang == "nl" else stamp.date.isoformat(),
    )


def titled(chart: AnyChart, title: str, lines: list[str], footer: str, lang: str = "en") -> alt.VConcatChart:
    """The chart with a title and subtitle lines above it and a footer line below it (Dutch numbers in Dutch)."""
    foot = (
        alt.Chart(pd.DataFrame({"t": [footer]}))
        .mark_text(align="left", baseline="top", fontSize=10, color="#555")
        .encode(x=alt.value(0), y=alt.value(0), text="t:N")
        .properties(height=12, width=10)
    )
    head = alt.TitleParams(title, subtitle=lines, anchor="start", fontSize=15, subtitleFontSize=11)
    out = alt.vconcat(chart, foot, title=head)
    return (out.configure(locale=charts.NL_LOCALE) if lang == "nl" else out).configure_view(stroke=None)


def band_line(inputs: ReportInputs, lang: str) -> str:
    """What the line and the band mean (replications, and whether the band holds the calibration's spread)."""
    unc = "posterior" if inputs.stamp.uncertainty == "posterior" else "point"
    return tr("band_note", lang, reps=inputs.stamp.reps, unc=tr(f"band_{unc}", lang))


def people_figure(inputs: ReportInputs, lang: str) -> tuple[str, Titled]:
    """Share employed, on welfare and at B1 by month since permit, every scenario, with bands."""
    title = tr("people_chart", lang)
    lines = [tr("report_unit_share", lang), tr("report_reference", lang, ref=inputs.reference), band_line(inputs, lang)]
    chart = charts.people_chart(inputs.runs, inputs.order, lang)
    return title, titled(chart, title, lines, footer_text(inputs.stamp, lang), lang)


def diff_figure(inputs: ReportInputs, lang: str) -> tuple[str, Titled]:
    """Paired differences from the reference by month since permit (percentage points)."""
    title = tr("report_diff_title", lang, ref=inputs.reference)
    lines = [tr("report_unit_pp", lang, ref=inputs.reference), band_line(inputs, lang)]
    chart = charts.diff_chart(inputs.runs, inputs.order, inputs.reference, list(charts.PEOPLE_METRICS), lang)
    return title, titled(chart, title, lines, footer_text(inputs.stamp, lang), lang)


def money_figure(inputs: ReportInputs, lang: str, frame: pd.DataFrame) -> tuple[str, Titled]:
    """Money per budget year (€ mln) for every scenario; a dashed line in the year the money stops."""
    title = tr("money_years_title", lang)
    lines = [tr("report_unit_money", lang), tr("report_reference", lang, ref=inputs.reference)]
    chart = budget_years.year_chart(frame, inputs.order, lang)
    return title, titled(chart, title, lines, footer_text(inputs.stamp, lang), lang)


def png(chart: AnyChart | Titled) -> bytes:
    """The chart as a PNG (vl-convert)."""
    buf = io.BytesIO()
    chart.save(buf, format="png", scale_factor=PNG_SCALE)
    return buf.getvalue()
