"""KPI tables, the by-group comparison and the plain-language summary per scenario.

Input is the comparison table of :func:`webapp.runs.comparison_table` (the shape of
``sim compare --json``). Numbers are formatted the Dutch way (decimal comma) in Dutch.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from webapp.i18n import GROUP_NAMES, name_of, tr

# kpi -> (kind, Dutch label, English label); kind: share | eur | years | eur_per
KPIS: dict[str, tuple[str, str, str]] = {
    "employed_share_m12": ("share", "Met een baan na 1 jaar", "Employed after 1 year"),
    "employed_share_m24": ("share", "Met een baan na 2 jaar", "Employed after 2 years"),
    "employed_share_m36": ("share", "Met een baan na 3 jaar", "Employed after 3 years"),
    "employed_share_m60": ("share", "Met een baan na 5 jaar", "Employed after 5 years"),
    "fulltime_share_m60": ("share", "Voltijdbaan na 5 jaar", "Full-time job after 5 years"),
    "welfare_share_m24": ("share", "In de bijstand na 2 jaar", "On welfare after 2 years"),
    "b1_share_m36": ("share", "Nederlands op B1 na 3 jaar", "Dutch at B1 after 3 years"),
    "exam_passed_share_m36": ("share", "Examen gehaald na 3 jaar", "Exam passed after 3 years"),
    "employed_person_years": ("years", "Persoonsjaren met werk", "Person-years in work"),
    "programme_costs_eur": ("eur", "Programmakosten", "Programme costs"),
    "welfare_paid_eur": ("eur", "Bijstand betaald", "Welfare paid"),
    "national_money_eur": ("eur", "Rijksgeld ontvangen", "National money received"),
    "net_municipal_cost_eur": ("eur", "Netto kosten gemeente", "Net municipal cost"),
    "cost_per_extra_job_year_eur": (
        "eur_per",
        "Netto kosten per extra jaar werk",
        "Net cost per extra year in work",
    ),
}
GROUP_KPIS = ("employed_share_m36", "employed_share_m60", "welfare_share_m24", "b1_share_m36")


def kpi_label(kpi: str, lang: str) -> str:
    """Translated name of a KPI."""
    _, nl, en = KPIS.get(kpi, ("", kpi, kpi))
    return en if lang == "en" else nl


def number(x: float | None, decimals: int, lang: str, sign: bool = False) -> str:
    """A number with thousands separators, Dutch or English style; '–' for missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:+,.{decimals}f}" if sign else f"{x:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def fmt(kind: str, x: float | None, lang: str, diff: bool = False) -> str:
    """Format a KPI value (``diff``: a difference, signed; shares in percentage points)."""
    if x is None:
        return "–"
    if kind == "share":
        return number(100 * x, 1, lang, diff) + (" pp" if diff else "%")
    if kind == "eur":
        return "€ " + number(x / 1e6, 2, lang, diff) + " mln"
    if kind == "eur_per":
        return "€ " + number(x, 0, lang)
    return number(x, 0, lang, diff)


PEOPLE_TEXT = {"nl": " (≈ {n} van {total} per jaar)", "en": " (≈ {n} of {total} a year)"}


def people_note(kpis: dict[str, Any], kpi: str, lang: str) -> str:
    """'(≈ 8 of 20 a year)': a share KPI as people of one year's inflow ('' when not known).

    Uses the people KPI of ``sim.outcomes`` (``employed_people_m36`` for ``employed_share_m36``)
    and ``yearly_inflow``; one decimal below 10 people, so a small municipality reads "1.6 of 20".
    """
    people = kpis.get(kpi.replace("_share_", "_people_"), {}).get("value")
    total = kpis.get("yearly_inflow", {}).get("value")
    if people is None or total is None:
        return ""
    n = number(people, 1 if people < 10 else 0, lang)
    return PEOPLE_TEXT[lang if lang in PEOPLE_TEXT else "en"].format(n=n, total=number(total, 0, lang))


def _diff_cell(kind: str, st: dict[str, Any], lang: str) -> str:
    cell = fmt(kind, st.get("diff"), lang, diff=True)
    if st.get("lo") is not None and st.get("hi") is not None:
        cell += f" ({fmt(kind, st['lo'], lang, True)} … {fmt(kind, st['hi'], lang, True)})"
    return cell


def kpi_display(table: dict[str, Any], lang: str) -> pd.DataFrame:
    """The KPI table for the page: a row per KPI, value and paired difference per scenario."""
    base = table["baseline"]
    rows = []
    for kpi, (kind, _, _) in KPIS.items():
        row = {tr("col_kpi", lang): kpi_label(kpi, lang)}
        for name, scen in table["scenarios"].items():
            st = scen["kpis"].get(kpi, {})
            row[name] = fmt(kind, st.get("value"), lang) if kind != "eur_per" or name != base else "–"
            row[name] += people_note(scen["kpis"], kpi, lang) if kind == "share" else ""
            if name != base:  # cost per extra job-year is already a comparison: no difference of its own
                row[f"{name}: {tr('col_diff', lang)}"] = _diff_cell(kind, st, lang) if kind != "eur_per" else "–"
        rows.append(row)
    return pd.DataFrame(rows)


def kpi_long(table: dict[str, Any]) -> pd.DataFrame:
    """The whole comparison (all KPIs, all groups) as a long numeric table for download."""
    rows = []
    for name, scen in table["scenarios"].items():
        for group, kpis in {"all": scen["kpis"], **scen["by_group"]}.items():
            for kpi, st in kpis.items():
                rows.append(
                    {"scenario": name, "scenario_hash": scen["scenario_hash"], "group": group, "kpi": kpi, **st}
                )
    return pd.DataFrame(rows)


def group_frame(table: dict[str, Any], kpi: str, lang: str) -> pd.DataFrame:
    """Paired difference of one KPI by group (percentage points for shares), numeric."""
    scale = 100.0 if KPIS[kpi][0] == "share" else 1.0
    rows = []
    for name, scen in table["scenarios"].items():
        if name == table["baseline"]:
            continue
        for group, kpis in scen["by_group"].items():
            st = kpis.get(kpi, {})
            row = {"scenario": name, "group": name_of(GROUP_NAMES, group, lang)}
            for key in ("value", "diff", "lo", "hi"):
                row[key] = None if st.get(key) is None else st[key] * scale
            rows.append(row)
    return pd.DataFrame(rows, columns=["scenario", "group", "value", "diff", "lo", "hi"])


def group_display(table: dict[str, Any], kpi: str, lang: str) -> pd.DataFrame:
    """The by-group table for the page: value per scenario and difference from the baseline."""
    kind = KPIS[kpi][0]
    base = table["baseline"]
    groups = list(table["scenarios"][base]["by_group"])
    rows = []
    for group in groups:
        row = {tr("col_group", lang): name_of(GROUP_NAMES, group, lang)}
        for name, scen in table["scenarios"].items():
            st = scen["by_group"][group].get(kpi, {})
            row[name] = fmt(kind, st.get("value"), lang)
            if name != base:
                row[f"{name}: {tr('col_diff', lang)}"] = _diff_cell(kind, st, lang)
        rows.append(row)
    return pd.DataFrame(rows)


def summary(table: dict[str, Any], name: str, lang: str, years: int) -> str:
    """One plain-language paragraph: extra jobs per 100 after 3 years and what it costs per extra job."""
    k = table["scenarios"][name]["kpis"]
    emp = k["employed_share_m36"]
    x = emp.get("diff") or 0.0
    a, b = (number(100 * v, 1, lang, sign=True) if v is not None else "–" for v in (emp.get("lo"), emp.get("hi")))
    text = tr("sum_more" if x >= 0 else "sum_fewer", lang, name=name, x=number(abs(100 * x), 1, lang), a=a, b=b)
    cost = k["net_municipal_cost_eur"].get("diff") or 0.0
    per_job = k["cost_per_extra_job_year_eur"].get("value")
    if cost < 0:
        text += tr("sum_saves", lang, eur="€ " + number(-cost / 1e6, 2, lang) + " mln", years=years)
    elif per_job is not None:
        text += tr("sum_cost", lang, eur="€ " + number(per_job, 0, lang))
    else:
        text += tr("sum_nojob", lang, eur="€ " + number(cost / 1e6, 2, lang) + " mln", years=years)
    w = k["welfare_share_m24"].get("diff") or 0.0
    direction = tr("more" if w >= 0 else "fewer", lang)
    return text + tr("sum_welfare", lang, x=number(abs(100 * w), 1, lang), dir=direction)
