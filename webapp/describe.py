"""Scenarios in words: the municipality's settings and every setting that differs, with units.

Used by the page (scenario notes) and by the council report: a value is written the way a
council member reads it (``8 fte``, ``30%``, ``€ 4.430 per persoon``, ``maand 36``, ``nooit``),
labels and units in the page's language, decimal comma in Dutch.
"""

from __future__ import annotations

from collections.abc import Iterable

from sim.params import ParamSpec, Value, load_specs
from sim.scenarios import Scenario
from webapp import paramtext as pt
from webapp.i18n import GROUP_NAMES, name_of, tr
from webapp.tables import number

NEVER = 999  # funding.end_month: the extra national money never stops
MUNICIPALITY = (
    "context.inflow_per_year",
    "context.horizon_months",
    "context.inflow_months",
    "context.housing_wait_months",
    "context.labour_tightness",
    "population.share_male",
)
ORIGIN_PREFIX = "population.origin_share."
UNITLESS = ("index", "index 0..1", "weight", "ratio")  # the label says what the number is
# Levers set per 100 adults housed a year, and the amount they put in place (Dutch, English):
# a council reads "7,5 fte" beside "5 fte per 100 gehuisveste volwassenen per jaar".
PER_INFLOW: dict[str, tuple[str, str]] = {
    "guidance.dedicated_fte_per_100_inflow": ("fte", "FTE"),
    "employers.municipal_places_per_100_inflow": ("banen per jaar", "jobs a year"),
}


def _decimals(x: float) -> int:
    """Decimals that show a parameter value without noise (at most 3)."""
    for d in range(4):
        if abs(round(x, d) - x) < 1e-9:
            return d
    return 3


def value_text(spec: ParamSpec, value: Value, lang: str) -> str:
    """A parameter value in words with its unit (``"8 fte"``, ``"30%"``, ``"nooit"``)."""
    if isinstance(value, bool):
        return tr("on" if value else "off", lang)
    if spec.key == "funding.end_month":
        return tr("never", lang) if int(value) >= NEVER else tr("month_n", lang, n=int(value))
    if spec.key == "context.inflow_months" and int(value) == 0:  # 0 reads as 'no one arrives'; it means always
        return tr("inflow_all_months", lang)
    if spec.key == "regime.law":
        return tr("law_of", lang, year=int(value))
    x = float(value)
    if spec.unit == "fraction":
        return number(100 * x, _decimals(100 * x), lang) + "%"
    if spec.unit.startswith("EUR/"):
        return "€ " + number(x, 0, lang) + " " + tr("per", lang) + " " + spec.unit_in(lang).split("/", 1)[1]
    unit = "" if spec.unit in UNITLESS else " " + spec.unit_in(lang)
    return number(x, _decimals(x), lang) + unit


def setting_line(key: str, value: Value, lang: str, before: Value | None = None, ref: str = "") -> str:
    """``Label: value`` (and ``(ref: old value)`` when a reference value is given)."""
    spec = load_specs()[key]
    line = f"{pt.label(spec, lang)}: {value_text(spec, value, lang)}"
    if before is not None:
        line += " " + tr("was_in", lang, ref=ref, value=value_text(spec, before, lang))
    return line


def differences(scenario: Scenario, reference: Scenario) -> dict[str, tuple[Value, Value]]:
    """Parameters whose month-0 value differs: key -> (scenario's value, reference's value)."""
    a, b = scenario.params(), reference.params()
    return {k: (a[k], b[k]) for k in load_specs() if a[k] != b[k]}


def lever_lines(scenario: Scenario, reference: Scenario, ref_name: str, lang: str) -> list[str]:
    """Every setting of ``scenario`` that differs from ``reference``, in words, then its dated changes.

    Levers come first; other settings (municipality, model assumptions, costs) follow, each marked.
    """
    specs = load_specs()
    diff = differences(scenario, reference)
    levers = [k for k in diff if specs[k].kind == "lever"]
    other = [k for k in diff if specs[k].kind != "lever"]
    inflow = float(scenario.params()["context.inflow_per_year"])
    lines = [
        "; ".join(
            filter(
                None,
                (setting_line(k, diff[k][0], lang, diff[k][1], ref_name), amount_text(k, diff[k][0], inflow, lang)),
            )
        )
        for k in levers
    ]
    lines += [tr("not_a_lever", lang) + setting_line(k, diff[k][0], lang, diff[k][1], ref_name) for k in other]
    lines += change_lines(scenario, lang)
    return lines


def amount_text(key: str, value: Value, inflow: float, lang: str) -> str:
    """For a lever per 100 adults housed a year, the amount it puts in place at this inflow, else empty.

    Args:
        key: The parameter.
        value: Its value (per 100 adults housed a year).
        inflow: Adults housed a year (``context.inflow_per_year``).
        lang: ``"nl"`` or ``"en"``.

    Returns:
        ``"7,5 fte bij 150 per jaar"`` (Dutch) or ``"7.5 FTE at 150 a year"``, or ``""``.
    """
    units = PER_INFLOW.get(key)
    if units is None:
        return ""
    amount = round(float(value) * inflow / 100.0, 2)
    shown, housed = number(amount, _decimals(amount), lang), number(inflow, 0, lang)
    return f"{shown} {units[0]} bij {housed} per jaar" if lang == "nl" else f"{shown} {units[1]} at {housed} a year"


def change_lines(scenario: Scenario, lang: str) -> list[str]:
    """The scenario's dated changes in words (``From month 36: ...``)."""
    return dated_lines(scenario.changes, lang)


def dated_lines(changes: Iterable[tuple[int, dict[str, Value]]], lang: str) -> list[str]:
    """Dated changes ``(month, {key: value})`` in words, one line per month (``From month 36: ...``)."""
    return [tr("from_month", lang, n=month) + settings_text(values, lang) for month, values in changes]


def settings_text(values: dict[str, Value], lang: str) -> str:
    """Settings in words, ``Label: value`` joined by semicolons (``Looptijd: 120 maanden; ...``)."""
    return "; ".join(setting_line(k, v, lang) for k, v in values.items())


def municipality_lines(scenario: Scenario, lang: str) -> list[str]:
    """The municipality's settings (inflow, horizon, wait, market, origin mix, share of men)."""
    p = scenario.params()
    lines = [setting_line(k, p[k], lang) for k in MUNICIPALITY]
    lines.append(tr("origin_mix", lang) + ": " + origin_mix_text(p, lang))
    return lines


def origin_mix_text(params: dict[str, Value], lang: str) -> str:
    """The origin mix as percentages, largest first (``Syrië 40%, Eritrea 12%, ...``)."""
    weights = {k.removeprefix(ORIGIN_PREFIX): float(v) for k, v in params.items() if k.startswith(ORIGIN_PREFIX)}
    total = sum(weights.values()) or 1.0
    ranked = sorted(weights.items(), key=lambda kv: -kv[1])
    return ", ".join(
        f"{name_of(GROUP_NAMES, 'origin=' + o.capitalize(), lang)} {number(100 * w / total, 0, lang)}%"
        for o, w in ranked
        if w > 0
    )


def mixed_settings(scenarios: list[Scenario]) -> list[str]:
    """Keys of non-lever settings (municipality, model, costs) on which the scenarios disagree.

    A comparison whose scenarios differ in such a setting compares two municipalities (or two
    sets of model assumptions), not two policies; the page and the report say so.
    """
    specs = load_specs()
    ref = scenarios[0]
    keys: list[str] = []
    for s in scenarios[1:]:
        keys += [k for k in differences(s, ref) if specs[k].kind != "lever" and k not in keys]
    return keys
