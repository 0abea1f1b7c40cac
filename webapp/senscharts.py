"""Tables and Altair charts of the sensitivity analysis (``sim sensitivity``, Morris method).

Input frames as :mod:`webapp.calibfiles` reads them: ``sensitivity_ranking.csv`` (one row per
factor: kind, the normalised mu* per KPI, their mean and the rank) and
``sensitivity_morris.csv`` (one row per factor and KPI: ``index`` = mu*, ``sigma``, in the
KPI's own unit: shares as fractions, money in euros).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from webapp.calibcharts import KIND_COLORS, param_label
from webapp.charts import AnyChart
from webapp.i18n import tr
from webapp.tables import KPIS, kpi_label, number

EXTRA_COLUMNS = ("factor", "kind", "mean_normalised", "rank")
STEP = 24  # pixels per factor: every label shown in the Streamlit theme's font
FACTOR_AXIS = alt.Axis(labelLimit=320, labelOverlap=False)


def kind_label(kind: str, lang: str) -> str:
    """``lever`` or ``uncertain`` in words (other kinds as they are)."""
    return tr(f"kind_{kind}", lang) if kind in KIND_COLORS else kind


def _kind_color(lang: str) -> alt.Color:
    scale = alt.Scale(domain=[kind_label(k, lang) for k in KIND_COLORS], range=list(KIND_COLORS.values()))
    return alt.Color("kind:N", title=None, scale=scale, legend=alt.Legend(orient="top"))


def ranking_kpis(rank: pd.DataFrame) -> list[str]:
    """The KPI columns of the ranking file (every column that is not factor, kind, mean or rank)."""
    return [c for c in rank.columns if c not in EXTRA_COLUMNS]


def ranking_frame(rank: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Factors by rank: label, kind in words, mean normalised mu* (for the chart)."""
    df = rank.sort_values("rank")
    return pd.DataFrame(
        {
            "factor": [param_label(str(f), lang) for f in df["factor"]],
            "key": df["factor"].astype(str),
            "kind": [kind_label(str(k), lang) for k in df["kind"]],
            "value": df["mean_normalised"].astype(float),
            "rank": df["rank"].astype(int),
        }
    )


def ranking_chart(df: pd.DataFrame, lang: str) -> AnyChart:
    """Horizontal bars of the mean normalised mu*, highest first, coloured lever / uncertain."""
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=tr("sens_mean_norm", lang), scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("factor:N", title=None, sort=list(df["factor"]), axis=FACTOR_AXIS),
            color=_kind_color(lang),
            tooltip=["rank:Q", "factor:N", "key:N", "kind:N", alt.Tooltip("value:Q", format=".2f")],
        )
        .properties(width=520, height=alt.Step(STEP))
    )


def ranking_display(rank: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ranking table: rank, factor, kind, normalised mu* per KPI and their mean (two decimals)."""
    df = rank.sort_values("rank")
    out = pd.DataFrame(
        {
            tr("col_rank", lang): df["rank"].astype(int),
            tr("col_factor", lang): [param_label(str(f), lang) for f in df["factor"]],
            tr("col_key", lang): df["factor"].astype(str),
            tr("sens_kind", lang): [kind_label(str(k), lang) for k in df["kind"]],
        }
    )
    for kpi in [*ranking_kpis(rank), "mean_normalised"]:
        title = tr("sens_mean_norm", lang) if kpi == "mean_normalised" else kpi_label(kpi, lang)
        out[title] = [number(float(v), 2, lang) for v in df[kpi]]
    return out.reset_index(drop=True)


def kpi_scale(kpi: str) -> tuple[float, str]:
    """Factor from the file's unit to the shown one, and the shown unit's text key."""
    kind = KPIS.get(kpi, ("share", "", ""))[0]
    return (1e-6, "unit_meur") if kind in ("eur", "eur_per") else (100.0, "unit_pp")


def morris_frame(morris: pd.DataFrame, kpi: str, lang: str) -> pd.DataFrame:
    """mu* and sigma of every factor for one KPI, in percentage points or million euros, largest first."""
    scale, _ = kpi_scale(kpi)
    df = morris[morris["kpi"] == kpi].sort_values("index", ascending=False)
    return pd.DataFrame(
        {
            "factor": [param_label(str(f), lang) for f in df["factor"]],
            "key": df["factor"].astype(str),
            "kind": [kind_label(str(k), lang) for k in df["kind"]],
            "mu_star": df["index"].astype(float) * scale,
            "sigma": df["sigma"].astype(float) * scale,
        }
    )


def morris_chart(df: pd.DataFrame, kpi: str, lang: str) -> AnyChart:
    """Bars of mu* with a black tick at sigma, one row per factor (largest mu* first)."""
    unit = tr(kpi_scale(kpi)[1], lang)
    y = alt.Y("factor:N", title=None, sort=list(df["factor"]), axis=FACTOR_AXIS)
    tooltip = [
        "factor:N",
        "key:N",
        "kind:N",
        alt.Tooltip("mu_star:Q", format=".3g"),
        alt.Tooltip("sigma:Q", format=".3g"),
    ]
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(x=alt.X("mu_star:Q", title=f"μ*, σ ({unit})"), y=y, color=_kind_color(lang), tooltip=tooltip)
    )
    ticks = alt.Chart(df).mark_tick(color="black", thickness=2, size=14).encode(x="sigma:Q", y=y, tooltip=tooltip)
    return alt.layer(bars, ticks).properties(width=520, height=alt.Step(STEP))
