"""The time-series download as a municipal advisor reads it: the page's names, units and rounding.

:func:`webapp.export.series_long` is the researchers' tidy table (the Parquet download keeps it
as it is). The CSV download is opened in a spreadsheet, so it gets the page's language: named
columns, outcomes and groups, shares in % with one decimal, euros whole; on a Dutch page
:func:`webapp.export.csv_bytes` writes semicolons and decimal commas.
"""

from __future__ import annotations

import pandas as pd

from webapp.i18n import GROUP_NAMES, METRIC_NAMES, MONEY_NAMES, name_of, tr
from webapp.smallgroups import group_label

# key -> (Dutch, English); outcomes the page's charts do not show but the download holds
MORE_METRICS: dict[str, tuple[str, str]] = {
    "welfare_main": ("In de bijstand zonder baan", "On welfare without a job"),
    "exempt": ("Ontheffing examen", "Exempted from the exam"),
    "dropped_out": ("Uitgevallen", "Dropped out"),
    "health_inactive": ("Inactief door gezondheid", "Inactive for health"),
    "volunteering": ("Vrijwilligerswerk", "Volunteering"),
    "waiting_housing": ("Wacht op een woning", "Waiting for housing"),
}
COLUMNS: dict[str, tuple[str, str]] = {
    "scenario": ("Scenario", "Scenario"),
    "axis": ("Tijdas", "Time axis"),
    "month": ("Maand", "Month"),
    "metric": ("Uitkomst", "Outcome"),
    "unit": ("Eenheid", "Unit"),
    "group": ("Groep", "Group"),
    "mean": ("Gemiddelde", "Mean"),
    "p10": ("10% van de herhalingen", "10% of replications"),
    "p50": ("Mediaan", "Median"),
    "p90": ("90% van de herhalingen", "90% of replications"),
}
AXES: dict[str, tuple[str, str]] = {
    "since_permit": ("maanden sinds vergunning", "months since permit"),
    "calendar": ("maand vanaf de start", "month from the start"),
}
STATS = ("mean", "p10", "p50", "p90")


def _metric(metric: str, lang: str) -> tuple[str, bool]:
    """The outcome's name and whether it is money (``*_eur``)."""
    if metric.endswith("_eur"):
        return name_of(MONEY_NAMES, metric.removesuffix("_eur"), lang), True
    table = METRIC_NAMES if metric in METRIC_NAMES else MORE_METRICS
    return name_of(table, metric, lang), False


def series_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The long series table in the page's language: shares in % (1 decimal), euros whole.

    Args:
        df: :func:`webapp.export.series_long`'s table.
        lang: ``"nl"`` or ``"en"``.
    """
    named = {m: _metric(m, lang) for m in df["metric"].unique()}
    money = df["metric"].map(lambda m: named[m][1])
    out = pd.DataFrame({"scenario": df["scenario"], "axis": df["axis"].map(lambda a: name_of(AXES, a, lang))})
    out["month"] = df["month"]
    out["metric"] = df["metric"].map(lambda m: named[m][0])
    out["unit"] = money.map({True: "€", False: "%"})
    groups = map(group_label, df["sex"], df["origin"])
    out["group"] = [tr("all", lang) if g == "all" else name_of(GROUP_NAMES, g, lang) for g in groups]
    for col in STATS:
        out[col] = df[col].round(0).where(money, (df[col] * 100.0).round(1))
    return out.rename(columns={k: name_of(COLUMNS, k, lang) for k in COLUMNS})
