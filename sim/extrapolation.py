"""Extrapolation marks: which results of a comparison rest on parameters no evidence measures.

Some of what Werkpad shows comes from effects that no row of ``sim/data/evidence.csv``
measures. Above all the 2021 civic-integration law: it applies to people obliged from 2022
and no figure measures its effect on employment yet (DOMAIN.md), so every result of a
scenario under the 2021 law rests on what the model assumes the law does. Likewise a lever
whose effect size is a stated assumption (no evidence id): the difference it makes is an
extrapolation. This module says which, in Dutch and English, for the app, the CLI and the
council report.

Use :func:`marks` for the structured answer (which scenarios, which KPIs, which
parameters) and :func:`notes` for the sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.params import Value, load_specs
from sim.scenarios import Scenario

ALL_KPIS = "*"  # a mark on every KPI of the scenarios it names

# The effects of the 2021 law as uncertain parameters: the share of each designed gain over the
# 2013 law that is realised, from "no better than 2013" (0) to "as designed" (1). No evidence
# measures them, so no calibration can narrow them: every run that draws its uncertain
# parameters (``sim.posterior.draw_thetas``) draws these uniformly from their range, and the
# point estimate is the middle. {key: (low, high)}
PRIORS: dict[str, tuple[float, float]] = {
    "law2021.course_quality": (0.0, 1.0),
    "law2021.earlier_start": (0.0, 1.0),
    "law2021.b1_target": (0.0, 1.0),
    "law2021.education_route": (0.0, 1.0),
}


def prior_draws(reps: int, seed: int, point_estimate: bool = False) -> list[dict[str, float]]:
    """One value of every :data:`PRIORS` parameter per replication (uniform; the middle for a point estimate).

    Args:
        reps: Replications.
        seed: Seed of the draw (a local generator of its own, so the posterior's draws are unchanged).
        point_estimate: Give every replication the middle of each range.
    """
    if point_estimate:
        return [{k: (lo + hi) / 2.0 for k, (lo, hi) in PRIORS.items()} for _ in range(reps)]
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0x2021]))
    u = rng.random((reps, len(PRIORS)))
    return [{k: lo + (hi - lo) * float(u[r, j]) for j, (k, (lo, hi)) in enumerate(PRIORS.items())} for r in range(reps)]


# Parameters through which the 2021 law differs from the 2013 law in the model (``also_uses`` of
# ``regime.law`` in baseline.toml).
LAW2021_PARAMETERS = load_specs()["regime.law"].also_uses

# Lever -> the effect parameters through which it acts (``acts_through`` in baseline.toml). A
# lever set away from the comparison's baseline marks that scenario's differences when one of
# these parameters has no evidence id (an assumption).
LEVER_EFFECTS: dict[str, tuple[str, ...]] = {k: s.acts_through for k, s in load_specs().items() if s.acts_through}


@dataclass(frozen=True)
class Mark:
    """One group of results that rests on unmeasured parameters.

    Attributes:
        key: ``"law2021"`` or the lever's dotted key.
        scenarios: Names of the comparison's scenarios concerned.
        parameters: The parameters without an evidence id that the results rest on.
        kpis: KPI names concerned, or ``("*",)`` for all of them.
        level: True when the scenarios' values themselves rest on it (the law), False when
            only their differences from the baseline do (a lever).
        text: The note in Dutch (``"nl"``) and English (``"en"``).
    """

    key: str
    scenarios: tuple[str, ...]
    parameters: tuple[str, ...]
    kpis: tuple[str, ...]
    level: bool
    text: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        """The mark as a JSON-ready dict (lists instead of tuples)."""
        return {
            "key": self.key,
            "scenarios": list(self.scenarios),
            "parameters": list(self.parameters),
            "kpis": list(self.kpis),
            "level": self.level,
            "text": dict(self.text),
        }


def values_over_time(scenario: Scenario, key: str) -> list[Value]:
    """Every value a parameter takes in a scenario: at month 0, then at each dated change."""
    out = [scenario.params()[key]]
    out += [vals[key] for _, vals in scenario.changes if key in vals]
    return out


def under_law2021(scenario: Scenario) -> bool:
    """Whether the 2021 law applies in the scenario at any month."""
    return 2021 in values_over_time(scenario, "regime.law")


def unmeasured(keys: Sequence[str]) -> tuple[str, ...]:
    """The parameters of ``keys`` whose default has no evidence id (a stated assumption)."""
    specs = load_specs()
    return tuple(k for k in keys if k in specs and not specs[k].source)


def _law_mark(scenarios: Sequence[Scenario]) -> Mark | None:
    names = tuple(s.name for s in scenarios if under_law2021(s))
    if not names:
        return None
    who = ", ".join(names)
    text = {
        "nl": (
            f"Extrapolatie: de resultaten onder de Wet inburgering 2021 ({who}) rusten op aannames over wat "
            "die wet doet (betere cursus, eerder starten, B1 als doel, de onderwijsroute). Geen cijfer meet "
            "het effect van de wet van 2021 op werk nog; de wet geldt voor wie vanaf 2022 inburgeringsplichtig is. "
            "Elk van die effecten is daarom onzeker tussen 'niet beter dan de wet van 2013' en 'zoals ontworpen', "
            "en de banden en intervallen rekenen die onzekerheid mee."
        ),
        "en": (
            f"Extrapolation: the results under the 2021 civic-integration law ({who}) rest on assumptions about "
            "what that law does (a better course, an earlier start, B1 as the target, the education route). No "
            "figure measures the 2021 law's effect on work yet; it applies to people obliged from 2022. Each of "
            "those effects is therefore uncertain between 'no better than the 2013 law' and 'as designed', and "
            "the bands and intervals carry that uncertainty."
        ),
    }
    return Mark("law2021", names, LAW2021_PARAMETERS, (ALL_KPIS,), True, text)


def _lever_marks(baseline: Scenario, others: Sequence[Scenario]) -> list[Mark]:
    found: dict[str, list[str]] = {}
    for s in others:
        for lever, effects in LEVER_EFFECTS.items():
            if values_over_time(s, lever) != values_over_time(baseline, lever) and unmeasured(effects):
                found.setdefault(lever, []).append(s.name)
    specs = load_specs()
    out = []
    for lever, names in found.items():
        params = unmeasured(LEVER_EFFECTS[lever])
        who = ", ".join(names)
        lever_nl, lever_en = (f"'{specs[lever].label(lang)}'" for lang in ("nl", "en"))
        what_nl, what_en = (", ".join(f"'{specs[k].label(lang)}'" for k in params) for lang in ("nl", "en"))
        text = {
            "nl": f"Extrapolatie: het verschil dat {lever_nl} maakt ({who}) rust op {what_nl}: "
            "een aanname die geen cijfer meet.",
            "en": f"Extrapolation: the difference {lever_en} makes ({who}) rests on {what_en}: "
            "an assumption no figure measures.",
        }
        out.append(Mark(lever, tuple(names), params, (ALL_KPIS,), False, text))
    return out


def marks(scenarios: Sequence[Scenario]) -> list[Mark]:
    """What in a comparison rests on parameters that no evidence measures.

    Args:
        scenarios: The comparison's scenarios, its baseline first.

    Returns:
        The 2021-law mark (if any scenario is under the 2021 law), then one mark per lever
        set away from the baseline whose effect is an assumption; empty when nothing is.
    """
    if not scenarios:
        return []
    law = _law_mark(scenarios)
    return ([law] if law else []) + _lever_marks(scenarios[0], scenarios[1:])


def notes(scenarios: Sequence[Scenario], lang: str = "en") -> list[str]:
    """The marks of :func:`marks` as sentences in ``lang`` (``"nl"`` or ``"en"``)."""
    if lang not in ("nl", "en"):
        raise ValueError(f"lang must be 'nl' or 'en', got {lang!r}")
    return [m.text[lang] for m in marks(scenarios)]


def kpi_marks(scenarios: Sequence[Scenario], kpis: Sequence[str]) -> dict[str, dict[str, list[str]]]:
    """Per scenario and KPI the keys of the marks it rests on (for a note beside a KPI).

    Returns:
        ``{scenario: {kpi: [mark key, ...]}}``, only KPIs with at least one mark.
    """
    out: dict[str, dict[str, list[str]]] = {}
    for m in marks(scenarios):
        for name in m.scenarios:
            for kpi in kpis:
                if ALL_KPIS in m.kpis or kpi in m.kpis:
                    out.setdefault(name, {}).setdefault(kpi, []).append(m.key)
    return out
