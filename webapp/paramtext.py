"""Labels, help texts, slider ranges and sections of the parameters' controls, from their specs.

Everything here is derived from ``sim/scenarios/baseline.toml`` (labels and help in Dutch and
English, unit, slider step and range, group): a new parameter needs no text in the app.
:func:`help_text` appends the unit and the provenance (evidence ids or the assumption) so every
control says where its default comes from.
"""

from __future__ import annotations

from sim.params import ParamSpec, load_groups, load_specs
from webapp import evidence

MUNICIPALITY = "municipality"  # the group shown in the sidebar's municipality section
ORIGIN_MIX = "origin_mix"  # the group set through the origin-mix choice, not one control each


def label(spec: ParamSpec, lang: str) -> str:
    """Short label of a parameter control."""
    return spec.label(lang)


def group_label(group: str, lang: str) -> str:
    """Label of a parameter group (an app section)."""
    return load_groups()[group].label(lang)


def help_text(spec: ParamSpec, lang: str) -> str:
    """Plain-language help with unit and source (publications, evidence ids and their confidence) or assumption."""
    unit = ("unit" if lang == "en" else "eenheid") + f": {spec.unit_in(lang)}"
    if spec.source:
        where = ("source" if lang == "en" else "bron") + f": {evidence.markdown(spec.source, lang)}"
    else:
        where = ("assumption" if lang == "en" else "aanname") + f": {spec.assumption_in(lang)}"
    return f"{spec.help(lang)}.  \n{unit}.  \n{where}"


def ui_range(spec: ParamSpec, value: float) -> tuple[float, float, float]:
    """(min, max, step) of a slider, widened to include the current value.

    Args:
        spec: The parameter (a number without choices).
        value: Its current value (a file may set one outside the app's usual range).
    """
    bounds = spec.slider or spec.range
    assert bounds is not None and spec.step is not None
    lo, hi = min(bounds[0], value), max(bounds[1], value)
    if isinstance(spec.default, int):
        return int(lo), int(hi), max(1, int(spec.step))
    return float(lo), float(hi), float(spec.step)


def lever_groups() -> list[str]:
    """Groups that hold policy levers, in the baseline file's group order."""
    with_levers = {s.group for s in load_specs().values() if s.kind == "lever"}
    return [g for g in load_groups() if g in with_levers]


def lever_keys(group: str) -> list[str]:
    """Keys of the policy levers of one group, in baseline-file order."""
    return [k for k, s in load_specs().items() if s.kind == "lever" and s.group == group]


def municipality_keys() -> list[str]:
    """Keys of the municipality section (shared by all scenarios)."""
    return [k for k, s in load_specs().items() if s.group == MUNICIPALITY]


def advanced_keys() -> list[str]:
    """Uncertain, cost and remaining context parameters (the researchers' section)."""
    shown = (MUNICIPALITY, ORIGIN_MIX)
    return [k for k, s in load_specs().items() if s.kind != "lever" and s.group not in shown]


# Whole numbers typed in (any value in the parameter's range) rather than a slider in steps:
# an inflow of 25 a year, a region's vacancies and status holders.
NUMBER_INPUTS = ("context.inflow_per_year", "region.vacancies_per_month", "region.status_holders_per_year")
