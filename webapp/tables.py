"""KPI tables, the by-group comparison and the plain-language summary per scenario.

Input is the comparison table of :func:`webapp.runs.comparison_table` (the shape of
``sim compare --json``). Numbers are formatted the Dutch way (decimal comma) in Dutch.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from webapp.i18n import GROUP_NAMES, name_of, tr
from webapp.smallgroups import MIN_PEOPLE

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


def _span(kind: str, a: float | None, b: float | None, lang: str) -> str:
    """``a … b`` with the unit once (``+0,3 … +2,1 pp``, ``€ -1,20 … € -0,80 mln``); '–' when missing."""
    if a is None or b is None:
        return "–"
    if kind == "share":
        return f"{number(100 * a, 1, lang, True)} … {number(100 * b, 1, lang, True)} pp"
    if kind == "eur":
        return f"€ {number(a / 1e6, 2, lang, True)} … {number(b / 1e6, 2, lang, True)} mln"
    return f"{number(a, 0, lang, True)} … {number(b, 0, lang, True)}"


def per_job_text(x: float | None, lang: str) -> str:
    """Net cost per extra year in work; a negative value is a saving and says so."""
    if x is None:
        return "–"
    if x < 0:
        return "€ " + number(-x, 0, lang) + " " + tr("saving", lang)
    return "€ " + number(x, 0, lang)


def kpi_display(table: dict[str, Any], lang: str) -> pd.DataFrame:
    """The KPI table, one row per KPI and scenario (fits four scenarios on any screen).

    Columns: key figure, scenario, value, mean paired difference from the reference, its 90%
    interval, and the 5-95% range of the paired differences over replications (single runs).
    """
    base = table["baseline"]
    cols = [tr(c, lang) for c in ("col_kpi", "scenario", "kpicol_value")]
    cols += [tr("col_diff_ref", lang, ref=base), tr("col_ci90", lang), tr("col_p05_95", lang)]
    rows = []
    for kpi, (kind, _, _) in KPIS.items():
        for name, scen in table["scenarios"].items():
            st = scen["kpis"].get(kpi, {})
            cells = _cells(kind, st, name == base, lang)
            cells[0] += people_note(scen["kpis"], kpi, lang) if kind == "share" else ""
            rows.append([kpi_label(kpi, lang), name, *cells])
    return pd.DataFrame(rows, columns=cols)


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
    return tr("people_note", lang, n=n, total=number(total, 0, lang))


def kind_of(kpi: str) -> str:
    """A KPI's kind: as in :data:`KPIS`; "people" for ``*_people_*`` and ``yearly_inflow``; else share."""
    if kpi in KPIS:
        return KPIS[kpi][0]
    return "people" if "_people_" in kpi or kpi == "yearly_inflow" else "share"


def _cells(kind: str, st: dict[str, Any], is_ref: bool, lang: str) -> list[str]:
    """Value, difference, 90% interval, 5-95% range of one KPI of one scenario."""
    if kind == "eur_per":  # already a comparison with the reference
        return ["–" if is_ref else per_job_text(st.get("value"), lang), "–", "–", "–"]
    value = fmt(kind, st.get("value"), lang)
    if is_ref:
        return [value, tr("reference", lang), "", ""]
    diff = fmt(kind, st.get("diff"), lang, diff=True)
    return [value, diff, _span(kind, st.get("lo"), st.get("hi"), lang), _span(kind, st.get("p05"), st.get("p95"), lang)]


def _diff_cell(kind: str, st: dict[str, Any], lang: str) -> str:
    cell = fmt(kind, st.get("diff"), lang, diff=True)
    if st.get("lo") is not None and st.get("hi") is not None:
        cell += f" ({_span(kind, st['lo'], st['hi'], lang)})"
    return cell


UNITS = {"eur": "€", "eur_per": "€"}


def kpi_download(table: dict[str, Any], lang: str) -> pd.DataFrame:
    """The key figures as the page names them, with units, rounded (shares in %, 1 decimal; euros whole)."""
    rows = []
    for name, scen in table["scenarios"].items():
        for group, kpis in {"all": scen["kpis"], **scen["by_group"]}.items():
            for kpi, st in kpis.items():
                kind = kind_of(kpi)
                scale, digits = (100.0, 1) if kind == "share" else (1.0, 0)
                row = [name, name_of(GROUP_NAMES, group, lang) if group != "all" else tr("all", lang)]
                row += [kpi_label(kpi, lang), _unit(kind, lang)]
                row += [None if st.get(c) is None else round(st[c] * scale, digits) for c in STAT_COLS]
                rows.append(row)
    cols = [tr(c, lang) for c in ("scenario", "col_group", "col_kpi", "col_unit", *STAT_COLS.values())]
    return pd.DataFrame(rows, columns=cols)


STAT_COLS = {
    "value": "kpicol_value",
    "diff": "kpicol_stat_diff",
    "lo": "kpicol_lo",
    "hi": "kpicol_hi",
    "p05": "kpicol_p05",
}
STAT_COLS |= {"p95": "kpicol_p95"}


def _unit(kind: str, lang: str) -> str:
    if kind in ("years", "share", "people"):
        return tr("unit_" + kind, lang)
    return UNITS[kind]


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
            if kpi not in kpis:  # left out: too few people (webapp.smallgroups)
                continue
            st = kpis[kpi]
            row = {"scenario": name, "group": name_of(GROUP_NAMES, group, lang)}
            for key in ("value", "diff", "lo", "hi"):
                row[key] = None if st.get(key) is None else st[key] * scale
            rows.append(row)
    return pd.DataFrame(rows, columns=["scenario", "group", "value", "diff", "lo", "hi"])


def small_groups_note(table: dict[str, Any], kpi: str, lang: str) -> str:
    """Which groups the page leaves out for this KPI because they hold too few people ('' when none)."""
    small = table.get("small_groups", {}).get(kpi, [])
    if not small:
        return ""
    names = ", ".join(name_of(GROUP_NAMES, g, lang) for g in small)
    return tr("groups_small", lang, groups=names, n=MIN_PEOPLE)


def group_display(table: dict[str, Any], kpi: str, lang: str) -> pd.DataFrame:
    """The by-group table for the page: value per scenario and difference from the baseline."""
    kind = KPIS[kpi][0]
    base = table["baseline"]
    groups = [g for g, kpis in table["scenarios"][base]["by_group"].items() if kpi in kpis]  # small ones left out
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
