"""The plain-language summary: each option against the named reference, people and money.

Written so that it cannot mislead a non-specialist (issue #12):

- the reference scenario is named ("than in *Rijksgeld stopt*"), not always "the baseline";
- each scenario's description is shown, and each option's own net cost per year and over the
  horizon, beside the reference's;
- the headline (employment after 3 years) comes with the 90% interval of the mean difference
  *and* the 5-95% range of outcomes of single runs, and with the number of people it means for
  the municipality's yearly inflow;
- Dutch at B1 and employment after 5 years are always stated, flagged when they go the other
  way from the headline, and so is the month from which employment falls below the reference;
- a negative cost per extra year in work is called a saving.

Input is the comparison table (the shape of ``sim compare --json``), the scenarios and,
optionally, their runs (for the month the employment curves cross).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.outcomes import METRICS
from sim.params import load_specs
from sim.scenarios import Scenario, list_scenarios
from webapp.charts import shown_months
from webapp.i18n import tr
from webapp.slotruns import SlotRuns
from webapp.state import shipped
from webapp.tables import number

CLEAR = 0.005  # a difference of half a percentage point or more is worth naming
DESCRIPTIONS_NL: dict[str, str] = {
    "baseline": (
        "Reguliere klantmanagers (ongeveer 250 cliënten per klantmanager), weinig leer-werkplekken, geen "
        "screening en geen bemiddeling; het extra rijksgeld loopt door."
    ),
    "dedicated_client_managers": (
        "Speciale klantmanagers, 5 fte per 100 volwassenen die de gemeente per jaar huisvest (7,5 fte bij 150 per "
        "jaar), met 50 cliënten elk, en screening van vaardigheden bij de intake."
    ),
    "dual_track": "Veel leer-werktrajecten: taal gecombineerd met werk of een werkervaringsplaats.",
    "work_first": (
        "Werk eerst: elke baan moet worden aangenomen en de cursus maakt er plaats voor; geen leer-werktrajecten."
    ),
    "funding_ends": (
        "Speciale klantmanagers (5 fte per 100 gehuisveste volwassenen per jaar), leer-werkplekken (15 per 100 "
        "cliënten) en bemiddeling (30%) worden "
        "grotendeels (80%) uit het extra rijksgeld betaald; dat stopt in maand 36 en de gemeente neemt het niet over."
    ),
    "integrated": (
        "Integrale aanpak: speciale klantmanagers, screening, één coördinator, leer-werktrajecten, maatjes, "
        "bemiddeling en jobcoaching samen."
    ),
    "era_2014": (
        "Eén jaargang (vergunning in 2014) onder de inburgeringswet van 2013: speciale klantmanagers met een kleine "
        "caseload voor een kwart van de cliënten, weinig leer-werktrajecten, een ruime arbeidsmarkt die vanaf 2017 "
        "krapper werd. Het scenario waarop het model is gekalibreerd."
    ),
    "era_2020": (
        "Eén jaargang (vergunning in 2020), nog onder de inburgeringswet van 2013 (de wet van 2021 geldt vanaf 2022): "
        "speciale klantmanagers in de meeste gemeenten, veel leer-werktrajecten, een dip door corona en daarna een "
        "zeer krappe arbeidsmarkt. Voorspeld door het gekalibreerde model, zonder het op dit cohort af te stemmen."
    ),
}


def description(scenario: Scenario, lang: str) -> str:
    """What a scenario represents, in the language (a shipped file's Dutch text when it is one).

    A shipped file's description speaks of its own values; when the page changed a value the
    file sets (from month 0 or dated), the text names what was changed, so the summary does not
    state a value the option no longer has (e.g. "stops in month 36").
    """
    specs = load_specs()
    for name in list_scenarios():
        file = shipped(name)
        if file.description == scenario.description:
            text = DESCRIPTIONS_NL.get(name, file.description) if lang != "en" else file.description
            changed = [specs[k].label(lang) for k in changed_from_file(scenario, file)]
            return text + (tr("sum_changed", lang, keys=", ".join(changed)) if changed else "")
    return scenario.description


def changed_from_file(scenario: Scenario, shipped: Scenario) -> list[str]:
    """Levers, and keys ``shipped`` sets (from month 0 or dated), whose values ``scenario`` does not share.

    A description speaks of the file's levers (the baseline's of their defaults), not of the
    municipality's settings, which every option of a comparison shares.
    """
    levers = {k for k, spec in load_specs().items() if spec.kind == "lever"}
    keys = sorted(levers | set(shipped.overrides) | {k for _, v in shipped.changes for k in v})
    now, was = scenario.params(), shipped.params()
    return [k for k in keys if now.get(k) != was.get(k) or _dated(scenario, k) != _dated(shipped, k)]


def _dated(scenario: Scenario, key: str) -> list[tuple[int, Any]]:
    return [(m, v[key]) for m, v in scenario.changes if key in v]


def _pp(x: float | None, lang: str, sign: bool = True) -> str:
    return "–" if x is None else number(100 * x, 1, lang, sign)


def _eur_mln(x: float | None, lang: str, sign: bool = False) -> str:
    return "–" if x is None else "€ " + number(x / 1e6, 2, lang, sign) + " mln"


def ranges(k: dict[str, Any], lang: str, money: bool = False) -> str:
    """``90%-interval of the mean a to b; 5-95% of runs c to d`` for one KPI's statistics."""
    f = (lambda v: _eur_mln(v, lang, True)) if money else (lambda v: _pp(v, lang))
    return tr("sum_ranges", lang, lo=f(k.get("lo")), hi=f(k.get("hi")), p05=f(k.get("p05")), p95=f(k.get("p95")))


def reference_paragraph(table: dict[str, Any], ref: Scenario, lang: str) -> str:
    """The reference scenario: its description and its own net cost per year and over the horizon."""
    years = ref.params()["context.horizon_months"] / 12
    cost = table["scenarios"][table["baseline"]]["kpis"]["net_municipal_cost_eur"]["value"]
    text = tr("sum_reference", lang, name=table["baseline"], desc=description(ref, lang))
    return text + " " + _cost_sentence(cost, years, lang)


def _cost_sentence(cost: float, years: float, lang: str) -> str:
    yrs = number(years, 0 if float(years).is_integer() else 1, lang)
    return tr("sum_net_cost", lang, year=_eur_mln(cost / years, lang), total=_eur_mln(cost, lang), years=yrs)


def option_paragraph(table: dict[str, Any], scen: Scenario, runs: dict[str, SlotRuns] | None, lang: str) -> str:
    """One option against the reference: description, people (headline and the other way) and money."""
    ref = table["baseline"]
    k = table["scenarios"][scen.name]["kpis"]
    p = scen.params()
    parts = [tr("sum_option", lang, name=scen.name, ref=ref, desc=description(scen, lang))]
    parts.append(_headline(k["employed_share_m36"], ref, float(p["context.inflow_per_year"]), lang))
    parts += _other_way(k, runs, scen.name, ref, lang)
    parts.append(_money(k, ref, p["context.horizon_months"] / 12, lang))
    parts.append(_per_job(k, lang))
    w = k["welfare_share_m24"].get("diff") or 0.0
    parts.append(tr("sum_welfare", lang, x=_pp(abs(w), lang, False), dir=tr("more" if w >= 0 else "fewer", lang)))
    return " ".join(parts)


def _headline(k: dict[str, Any], ref: str, inflow: float, lang: str) -> str:
    x = k.get("diff") or 0.0
    people = abs(x) * inflow
    n = number(people, 0 if people >= 10 else 1, lang)
    key = "sum_more" if x >= CLEAR else "sum_fewer" if x <= -CLEAR else "sum_same"
    head = tr(key, lang, x=_pp(abs(x), lang, False), ref=ref, n=n, inflow=number(inflow, 0, lang))
    return head + " (" + ranges(k, lang) + ")."


def _other_way(k: dict[str, Any], runs: dict[str, SlotRuns] | None, name: str, ref: str, lang: str) -> list[str]:
    """B1 after 3 years and employment after 5 years, flagged when opposite to the headline; the crossing."""
    head = np.sign(round(k["employed_share_m36"].get("diff") or 0.0, 3))
    out = []
    for kpi, key in (("b1_share_m36", "sum_b1"), ("employed_share_m60", "sum_emp5")):
        d = k.get(kpi, {}).get("diff")
        if d is None:
            continue
        flag = tr("sum_other_way", lang) if head and abs(d) >= CLEAR and np.sign(d) != head else ""
        words = tr("more" if d >= 0 else "fewer", lang)
        text = tr(key, lang, x=_pp(abs(d), lang, False), dir=words) + " (" + ranges(k[kpi], lang) + ")."
        out.append(flag + text if flag else text[0].upper() + text[1:])
    month = crossing_month(runs, name, ref, head) if runs is not None and head else None
    if month is not None:
        out.append(tr("sum_cross_below" if head > 0 else "sum_cross_above", lang, m=month, ref=ref))
    return out


def crossing_month(runs: dict[str, SlotRuns], name: str, ref: str, sign: float) -> int | None:
    """First month since permit from which the employment difference stays opposite to ``sign``.

    The mean paired difference by month since permit, smoothed over 7 months, over the months
    the charts show; None when it never turns for good, or only in the last 6 months shown.
    """
    k = list(METRICS).index("employed")
    n = min(shown_months(runs[ref]), shown_months(runs[name]))  # a scenario may have another horizon
    d = np.nanmean(runs[name].shares[:, :n, 0, k] - runs[ref].shares[:, :n, 0, k], axis=0)
    smooth = pd.Series(d).rolling(7, center=True, min_periods=1).mean().to_numpy()
    opposite = smooth * sign < -CLEAR / 5
    for_good = np.flip(np.logical_and.accumulate(np.flip(opposite)))
    found = np.flatnonzero(for_good & (np.arange(n) >= 12))
    return int(found[0]) if found.size and found[0] < n - 6 else None


def _money(k: dict[str, Any], ref: str, years: float, lang: str) -> str:
    cost = k["net_municipal_cost_eur"]
    text = _cost_sentence(cost["value"], years, lang)
    d = cost.get("diff") or 0.0
    more = tr("more" if d >= 0 else "less", lang)
    return (
        text
        + " "
        + tr("sum_cost_diff", lang, eur=_eur_mln(abs(d), lang), dir=more, ref=ref)
        + (" (" + ranges(cost, lang, money=True) + ").")
    )


def _per_job(k: dict[str, Any], lang: str) -> str:
    """Cost per extra year in work; a negative value is a saving and says so."""
    dj = k["employed_person_years"].get("diff") or 0.0
    per = k["cost_per_extra_job_year_eur"].get("value")
    if dj <= 0 or per is None:
        return tr("sum_no_extra_work", lang, n=number(dj, 0, lang, True))
    if per < 0:
        return tr("sum_per_job_saving", lang, eur="€ " + number(-per, 0, lang), n=number(dj, 0, lang))
    return tr("sum_per_job_cost", lang, eur="€ " + number(per, 0, lang), n=number(dj, 0, lang))


def paragraphs(
    table: dict[str, Any], scenarios: list[Scenario], runs: dict[str, SlotRuns] | None, lang: str
) -> list[str]:
    """The whole summary: the reference first, then one paragraph per option (Markdown, ``**bold**``)."""
    out = [reference_paragraph(table, scenarios[0], lang)]
    return out + [option_paragraph(table, s, runs, lang) for s in scenarios[1:]]
