"""What a comparison rests on: the assumed parameters its levers use, and what is not modelled.

The extrapolation marks of :mod:`sim.extrapolation` (the 2021 law, levers whose effect is an
assumption) come first in the report; :func:`assumed` then lists, in words, the parameters
without an evidence row (``assumption`` in ``baseline.toml``) that the compared scenarios'
levers use (the lever itself, its effect sizes and its unit costs), plus the few that every
comparison uses (the calibrated plateau, the labour-market region, welfare). :data:`NOT_MODELLED`
is the README's "Not modelled yet" table in Dutch and English (``tests/app`` checks that the
two have the same rows).
"""

from __future__ import annotations

from sim.extrapolation import LEVER_EFFECTS
from sim.params import load_specs
from sim.scenarios import Scenario
from webapp import paramtext as pt
from webapp.describe import differences

# lever -> what it uses besides its effect sizes (sim.extrapolation.LEVER_EFFECTS): its own
# settings and its unit costs (``also_uses`` in baseline.toml)
LEVER_EXTRAS: dict[str, tuple[str, ...]] = {k: s.also_uses for k, s in load_specs().items() if s.also_uses}
EVERY_COMPARISON = (
    "behaviour.idle_scarring",
    "region.vacancies_per_month",
    "region.status_holders_per_year",
    "behaviour.welfare_other_exit",
    "costs.welfare_single_eur_month",
    "costs.welfare_couple_eur_month",
    "costs.net_wage_eur_month_per_hour",
    "household.children_per_family",
    "household.principal_male_share",
    "household.care_course_delay_months",
)

# The README's "Not modelled yet" table: (Dutch, English)
NOT_MODELLED: tuple[tuple[str, str], ...] = (
    (
        "Kinderen als personen (school, hun eigen weg naar werk) en meer dan twee volwassenen in een huishouden: "
        "kinderen tellen in de taakstelling en de zorgtaken, volwassen kinderen en familie als eigen huishouden.",
        "Children as persons (school, their own path to work) and households of more than two adults: children "
        "count in the housing task and the care duties; adult children and relatives are households of their own.",
    ),
    (
        "Financiële problemen (schulden) als oorzaak van uitval: opgenomen in de gezondheidslast.",
        "Financial problems (debts) as a cause of dropout: folded into the health burden.",
    ),
    (
        "Verhuizingen in de opvang en tussen gemeenten: de arbeidsmarktregio is een omgevingsfactor "
        "(krapte, vacatures, statushouders), niet gemeente voor gemeente gesimuleerd.",
        "Relocation in reception and moves between municipalities: the labour-market region is a context "
        "(tightness, vacancies, status holders), not simulated municipality by municipality.",
    ),
    (
        "De 35 arbeidsmarktregio's als keuzelijst: het bewijsbestand heeft alleen landelijke vacatures en krapte; "
        "een regio wordt met zijn drie getallen ingesteld, standaard het landelijk gemiddelde / 35.",
        "The 35 labour-market regions as presets: the evidence has national vacancies and tightness only; "
        "a region is set by its three numbers, the default is the national average / 35.",
    ),
    (
        "Lonen boven het minimum, inkomen en armoede: elke baan verdient het netto minimumloon per uur, "
        "dat van de bijstand van het huishouden afgaat.",
        "Wages above the minimum, income and poverty: every job earns the net minimum wage per hour, "
        "deducted from the household's bijstand.",
    ),
    (
        "Erkenning van buitenlandse diploma's: alleen de Nederlandse onderwijsroute geeft een diploma.",
        "Recognition of foreign qualifications: only the Dutch education route gives a credential.",
    ),
    ("Werken als zelfstandige (een klein aandeel).", "Self-employment (a small share)."),
    ("Emigratie en sterfte.", "Emigration and mortality."),
    (
        "De investeringsbeslissing van werkgevers in de tijd: hun openheid ligt vast.",
        "The employer's own investment decision over time: openness is fixed per employer.",
    ),
    (
        "Verschillen in Nederlands of werk bij de vergunning naar herkomst: iedereen begint rond A0–A1.",
        "Dutch (or work) at the permit that differs by origin: everyone starts near A0–A1.",
    ),
    (
        "Vrijstelling van het examen vóór de termijn: alleen bij het einde van de termijn.",
        "Exemptions from the exam before its term: only at the term.",
    ),
)


def used_keys(scenarios: list[Scenario]) -> list[str]:
    """Parameters the comparison rests on: levers that differ from the reference, what they use, and the always-used."""
    ref = scenarios[0]
    levers: list[str] = []
    for s in scenarios[1:]:
        levers += [k for k in differences(s, ref) if k not in levers]
    keys: list[str] = []
    uses = [u for k in levers for u in (*LEVER_EFFECTS.get(k, ()), *LEVER_EXTRAS.get(k, ()))]
    for key in [*levers, *uses, *EVERY_COMPARISON]:
        if key not in keys:
            keys.append(key)
    return keys


def assumed(scenarios: list[Scenario], lang: str) -> list[str]:
    """``Label: why`` for every assumed parameter the comparison rests on."""
    specs = load_specs()
    out = []
    for k in used_keys(scenarios):
        spec = specs[k]
        if spec.assumption:
            out.append(f"{pt.label(spec, lang)}: {spec.assumption_in(lang)}")
    return out


def not_modelled(lang: str) -> list[str]:
    """What the model leaves out, in the language."""
    return [en if lang == "en" else nl for nl, en in NOT_MODELLED]
