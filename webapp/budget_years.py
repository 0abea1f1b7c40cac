"""Money per budget year: programme costs by item, welfare, national money and net cost by year.

A council budgets per calendar year, not per month or per decade. The runs' monthly euro series
(``SlotRuns.money``, items of :mod:`sim.budget`) are summed per year of twelve months from the
start (year ``start_year`` holds months 0-11), per replication, then averaged over replications.
The year in which the extra national money stops is marked. A last year shorter than twelve
months (a horizon that is not whole years) is marked with its number of months.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from sim.budget import PROGRAMME_ITEMS
from webapp.charts import AnyChart, Data, Frames, _color
from webapp.i18n import MONEY_NAMES, name_of, tr
from webapp.slotruns import SlotRuns
from webapp.tables import number

TOTALS = ("programme_costs", "welfare_paid", "national_money", "net_municipal_cost")
ROWS = (*PROGRAMME_ITEMS, *TOTALS)
ITEM_NAMES: dict[str, tuple[str, str]] = {
    "client_managers_dedicated": ("Speciale klantmanagers", "Dedicated client managers"),
    "client_managers_regular": ("Reguliere klantmanagers", "Regular client managers"),
    "course": ("Inburgeringscursus", "Integration course"),
    "education_route": ("Onderwijsroute", "Education route"),
    "dual_tracks": ("Leer-werktrajecten", "Dual tracks"),
    "screening": ("Screening vaardigheden", "Skills screening"),
    "health_screening": ("Gezondheidsscreening", "Health screening"),
    "mentors": ("Maatjes en mentoren", "Mentors"),
    "mediation": ("Bemiddeling", "Mediation"),
    "job_coaching": ("Jobcoaching", "Job coaching"),
    "municipal_jobs": ("Banen bij de gemeente", "Municipal jobs"),
    **MONEY_NAMES,
}


def row_label(item: str, lang: str) -> str:
    """Name of a money row (a programme item or a total)."""
    return name_of(ITEM_NAMES, item, lang)


def funding_year(runs: SlotRuns) -> int | None:
    """Index of the year (0 = first) in which the extra national money stops; None if it never does."""
    return runs.funding_end // 12 if runs.funding_end < runs.horizon else None


def yearly_frame(runs: dict[str, SlotRuns], start_year: int) -> pd.DataFrame:
    """Euros per budget year, mean over replications, for every scenario and money row.

    Args:
        runs: Runs per scenario (baseline first).
        start_year: Calendar year of the first simulated month.

    Returns:
        Columns: scenario, year (calendar), months (in that year), item, eur (mean of the
        replications' yearly sums), cumulative (mean running sum over years), money_stops (the
        extra national money stops in this year).
    """
    parts = []
    for scen, r in runs.items():
        years = math.ceil(r.horizon / 12)
        per_year = _year_sums(np.stack([r.money[item] for item in ROWS], axis=1), years)  # (reps, items, years)
        parts.append(
            {"scenario": np.full(len(ROWS) * years, scen, dtype=object)}
            | {"year": np.tile(start_year + np.arange(years), len(ROWS))}
            | {"months": np.tile(np.minimum(12, r.horizon - 12 * np.arange(years)), len(ROWS))}
            | {"item": np.repeat(np.array(ROWS, dtype=object), years)}
            | {"eur": per_year.mean(axis=0).ravel(), "cumulative": np.cumsum(per_year, axis=2).mean(axis=0).ravel()}
            | {"money_stops": np.tile(np.arange(years) == funding_year(r), len(ROWS))}
        )
    return pd.DataFrame({col: np.concatenate([part[col] for part in parts]) for col in parts[0]})


def _year_sums(monthly: np.ndarray, years: int) -> np.ndarray:
    """(..., months) euros -> (..., years) sums of twelve months (the last year may be short)."""
    padded = np.zeros((*monthly.shape[:-1], 12 * years))
    padded[..., : monthly.shape[-1]] = monthly
    return padded.reshape(*monthly.shape[:-1], years, 12).sum(axis=-1)


def year_label(year: int, months: int, stops: bool, lang: str) -> str:
    """Column heading of a budget year: ``2029*`` when the money stops, ``2034 (6 mnd)`` when short."""
    text = str(year) + ("*" if stops else "")
    return text + (" " + tr("short_year", lang, n=months) if months < 12 else "")


def year_table(df: pd.DataFrame, scenario: str, lang: str, cumulative: bool = False) -> pd.DataFrame:
    """One scenario's money by year as a display table (rows: items and totals; € 1.000, rounded).

    Items that are zero in every year are left out; a ``Totaal`` column sums the years (for the
    cumulative view it is the last year's running total).
    """
    sub = df[df["scenario"] == scenario]
    col = "cumulative" if cumulative else "eur"
    items, years, values, eur = (sub[c].to_numpy() for c in ("item", "year", col, "eur"))
    marks = zip(years.tolist(), sub["months"].tolist(), sub["money_stops"].tolist(), strict=True)
    heads = {y: year_label(y, m, s, lang) for y, m, s in dict.fromkeys(marks)}
    rows = []
    for item in ROWS:
        got = items == item
        if item in PROGRAMME_ITEMS and not (np.abs(eur[got]) > 0.5).any():
            continue
        row = {tr("col_money", lang): row_label(item, lang)}
        cells = zip(years[got].tolist(), values[got].tolist(), strict=True)
        row |= {heads[y]: number(v / 1000, 0, lang) for y, v in cells}
        total = values[got][-1] if cumulative else eur[got].sum()
        rows.append(row | {tr("col_total", lang): number(total / 1000, 0, lang)})
    return pd.DataFrame(rows)


def download_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The yearly money as a download: names and units of the page, euros rounded to whole euros."""
    out = pd.DataFrame(
        {
            tr("scenario", lang): df["scenario"],
            tr("col_year", lang): df["year"],
            tr("col_months", lang): df["months"],
            tr("col_money", lang): [row_label(i, lang) for i in df["item"]],
            tr("col_eur_year", lang): df["eur"].round(0).astype("int64"),
            tr("col_eur_cum", lang): df["cumulative"].round(0).astype("int64"),
            tr("col_money_stops", lang): np.where(df["money_stops"], tr("yes_mark", lang), ""),
        }
    )
    return out


def year_chart(df: pd.DataFrame, order: list[str], lang: str, cumulative: bool = False) -> AnyChart:
    """Bars per budget year and scenario for the four totals (€ mln); a dashed rule where money stops."""
    return year_shape(year_frames(df, lang, cumulative), order, lang, cumulative)


def year_frames(df: pd.DataFrame, lang: str, cumulative: bool = False) -> Frames:
    """The year chart's data: the four totals in € mln (``main``) and the years the money stops (``stops``).

    ``stops`` holds the first total's row of each scenario's stop year (one rule a scenario).
    """
    keep = np.isin(df["item"].to_numpy(), TOTALS)
    cols = {c: df[c].to_numpy()[keep] for c in df.columns}
    labels = {t: row_label(t, lang) for t in TOTALS}
    cols |= {"what": np.array([labels[i] for i in cols["item"]], dtype=object)}
    cols |= {"mln": cols["cumulative" if cumulative else "eur"] / 1e6}
    first: dict[tuple[str, int], int] = {}  # (scenario, year) -> its first row
    for i in np.flatnonzero(cols["money_stops"]).tolist():
        first.setdefault((cols["scenario"][i], cols["year"][i]), i)
    rows = list(first.values())
    return {"main": pd.DataFrame(cols), "stops": pd.DataFrame({c: v[rows] for c, v in cols.items()})}


def year_shape(data: Mapping[str, Data], order: list[str], lang: str, cumulative: bool = False) -> AnyChart:
    """:func:`year_chart` on ``data`` (roles of :func:`year_frames`)."""
    unit = tr("eur_mln_cum" if cumulative else "eur_mln_year", lang)
    x = alt.X("year:O", title=tr("budget_year", lang), axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=x,
            xOffset=alt.XOffset("scenario:N", sort=order),
            y=alt.Y("mln:Q", title=unit),
            color=_color(order),
            tooltip=["scenario:N", "year:O", alt.Tooltip("mln:Q", format=".2f", title=unit)],
        )
    )
    rule = alt.Chart(data["stops"]).mark_rule(strokeDash=[6, 4], strokeWidth=2).encode(x=x, color=_color(order))
    chart = alt.layer(bars, rule, data=data["main"]).properties(width=300, height=190)
    facet = alt.Facet("what:N", title=None, sort=[row_label(t, lang) for t in TOTALS])
    return chart.facet(facet=facet, columns=2).resolve_scale(y="independent")
