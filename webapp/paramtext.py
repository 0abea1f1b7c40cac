"""Labels, help texts and slider ranges of every parameter, in Dutch and English.

The English help is the description in ``sim/scenarios/baseline.toml`` (one source of truth);
the Dutch help is written here. :func:`help_text` appends the unit and the provenance
(evidence ids or the assumption) so every control says where its default comes from.
"""

from __future__ import annotations

from sim.params import ParamSpec, load_specs
from webapp.paramtext_research import RESEARCH_TEXT

# key -> (Dutch label, English label, Dutch help)
TEXT: dict[str, tuple[str, str, str]] = {
    "context.inflow_per_year": (
        "Instroom per jaar",
        "Inflow per year",
        "Volwassen statushouders (18-64) die de gemeente per jaar huisvest (de taakstelling)",
    ),
    "context.horizon_months": ("Looptijd", "Horizon", "Aantal gesimuleerde maanden; de instroom loopt door"),
    "context.inflow_months": (
        "Maanden met instroom",
        "Months of inflow",
        "Maanden waarin nieuwe statushouders komen (0 = de hele looptijd)",
    ),
    "context.housing_wait_months": (
        "Wachttijd op een woning",
        "Wait for housing",
        "Gemiddelde tijd tussen vergunning en woning in de gemeente (tot dan in het azc)",
    ),
    "context.labour_tightness": (
        "Krapte op de arbeidsmarkt in de regio",
        "Labour-market tightness in the region",
        "Vacatures in de arbeidsmarktregio ten opzichte van de krappe landelijke markt van 2022-2023 "
        "(1 = 2023, 0,5 = ruim)",
    ),
    "region.vacancies_per_month": (
        "Vacatures in de regio per maand",
        "Vacancies in the region a month",
        "Vacatures per maand in de arbeidsmarktregio, in de sectoren die openstaan voor statushouders, bij krapte 1",
    ),
    "region.status_holders_per_year": (
        "Statushouders in de regio per jaar",
        "Status holders in the region a year",
        "Volwassen statushouders die alle gemeenten van de arbeidsmarktregio samen per jaar huisvesten "
        "(minstens de eigen instroom): de concurrentie om de vacatures van de regio",
    ),
    "population.share_male": ("Aandeel mannen", "Share of men", "Aandeel mannen onder volwassen statushouders"),
    "population.origin_share.syria": ("Gewicht Syrië", "Weight Syria", "Gewicht in de herkomstverdeling: Syrië"),
    "population.origin_share.eritrea": ("Gewicht Eritrea", "Weight Eritrea", "Gewicht in de herkomst: Eritrea"),
    "population.origin_share.afghanistan": (
        "Gewicht Afghanistan",
        "Weight Afghanistan",
        "Gewicht in de herkomst: Afghanistan",
    ),
    "population.origin_share.iraq": ("Gewicht Irak", "Weight Iraq", "Gewicht in de herkomst: Irak"),
    "population.origin_share.iran": ("Gewicht Iran", "Weight Iran", "Gewicht in de herkomst: Iran"),
    "population.origin_share.turkey": ("Gewicht Turkije", "Weight Turkey", "Gewicht in de herkomst: Turkije"),
    "population.origin_share.other": ("Gewicht overig", "Weight other", "Gewicht in de herkomst: overig en onbekend"),
    "population.share_young": ("Aandeel 18-29 jaar", "Share aged 18-29", "Aandeel van 18-29 jaar bij de vergunning"),
    "population.share_older": ("Aandeel 45-64 jaar", "Share aged 45-64", "Aandeel van 45-64 jaar bij de vergunning"),
    "population.share_low_education": (
        "Aandeel laag opgeleid",
        "Share low education",
        "Aandeel met hooguit basisonderwijs",
    ),
    "population.share_high_education": (
        "Aandeel hoog opgeleid",
        "Share higher education",
        "Aandeel met hoger onderwijs",
    ),
    "population.health_burden_share": (
        "Aandeel met psychische klachten",
        "Share with a health burden",
        "Aandeel met psychische klachten bij de vergunning",
    ),
    "population.care_duty_share_female": (
        "Zorgtaken (vrouwen)",
        "Care duties (women)",
        "Aandeel vrouwen met zorgtaken die de beschikbare uren beperken",
    ),
    "population.care_duty_share_male": (
        "Zorgtaken (mannen)",
        "Care duties (men)",
        "Aandeel mannen met zorgtaken die de beschikbare uren beperken",
    ),
    "population.hours_full": ("Uren zonder zorgtaken", "Hours without care", "Uren per week voor cursus plus werk"),
    "population.hours_care": ("Uren met zorgtaken", "Hours with care duties", "Uren per week met zorgtaken"),
    "guidance.dedicated_fte": (
        "Speciale klantmanagers (fte)",
        "Dedicated client managers (FTE)",
        "Klantmanagers die alleen statushouders begeleiden, in voltijdbanen",
    ),
    "guidance.dedicated_caseload": (
        "Caseload speciale klantmanager",
        "Dedicated caseload",
        "Maximaal aantal cliënten per speciale klantmanager (fte)",
    ),
    "guidance.regular_caseload": (
        "Caseload gewone klantmanager",
        "Regular caseload",
        "Cliënten per gewone klantmanager bij de sociale dienst",
    ),
    "guidance.screening_share": (
        "Vaardigheden in kaart (screening)",
        "Skills screening",
        "Aandeel nieuwe cliënten van wie de vaardigheden worden getest (assessment, competentietest)",
    ),
    "guidance.coordinator": (
        "Eén regisseur van begin tot eind",
        "One coordinator start to end",
        "Eén regisseur volgt de persoon, zodat een baan de taalcursus niet beëindigt",
    ),
    "guidance.coordinator_min_course_hours": (
        "Beschermde cursusuren naast werk",
        "Protected course hours next to work",
        "Cursusuren per week die de regisseur beschermt als iemand gaat werken",
    ),
    "learning.course_hours": ("Cursusuren per week", "Course hours a week", "Uren inburgeringscursus per week"),
    "learning.dual_places_per_100": (
        "Leer-werkplekken per 100 cliënten",
        "Dual-track places per 100 clients",
        "Plekken in een leer-werktraject (taal plus werk) per 100 statushouders in begeleiding",
    ),
    "learning.dual_course_hours": (
        "Cursusuren in leer-werktraject",
        "Course hours in a dual track",
        "Taaluren per week binnen een leer-werktraject",
    ),
    "learning.dual_work_hours": (
        "Werkuren in leer-werktraject",
        "Work hours in a dual track",
        "Uren werk of stage per week binnen een leer-werktraject",
    ),
    "learning.dual_months": ("Duur leer-werktraject", "Dual-track length", "Lengte van een leer-werktraject"),
    "learning.dual_min_language": (
        "Taaleis voor leer-werktraject",
        "Language needed for a dual track",
        "Taalniveau om te beginnen (1 = A1, 2 = A2, 3 = B1)",
    ),
    "learning.education_route_share": (
        "Onderwijsroute (aandeel jongeren)",
        "Education route (share of young)",
        "Aandeel jonge statushouders dat de onderwijsroute (mbo/hbo) volgt",
    ),
    "learning.education_max_age": (
        "Maximumleeftijd onderwijsroute",
        "Maximum age education route",
        "Maximale leeftijd bij de vergunning voor de onderwijsroute",
    ),
    "learning.education_months": (
        "Duur onderwijsroute",
        "Education route length",
        "Lengte van de onderwijsroute tot een erkend diploma",
    ),
    "learning.work_first": (
        "Werk-eerst-druk",
        "Work-first pressure",
        "0 = eerst taal; 1 = elke baan moet worden aangenomen en de cursus maakt plaats",
    ),
    "network.mentor_share": (
        "Maatje of mentor",
        "Mentor or buddy",
        "Aandeel nieuwe cliënten dat een vrijwillige mentor of maatje krijgt",
    ),
    "network.volunteer_uptake": (
        "Start vrijwilligerswerk",
        "Volunteering uptake",
        "Kans per maand dat een werkzoekende in de bijstand vrijwilligerswerk begint",
    ),
    "employers.mediation_share": (
        "Bemiddeling naar werkgevers",
        "Employer mediation",
        "Aandeel werkzoekenden met een bemiddelaar die geregeld contact heeft met werkgevers",
    ),
    "employers.jobcoach_share": ("Jobcoach", "Job coach", "Aandeel nieuwe werknemers dat een jobcoach krijgt"),
    "employers.openness": (
        "Openheid werkgevers",
        "Employer openness",
        "Kans dat een werkgever een statushouder aanneemt die aan de eisen voldoet",
    ),
    "employers.language_strictness": (
        "Taaleis werkgevers",
        "Employer language requirement",
        "Verschuiving van de taaleis van alle werkgevers (niveaus; negatief = soepeler)",
    ),
    "employers.municipal_places_per_year": (
        "Banen via gemeente en social return",
        "Municipal and social-return jobs",
        "Banen per jaar die de gemeente zelf schept of via social return inkoopt",
    ),
    "health.screening_share": (
        "Gezondheidsscreening",
        "Health screening",
        "Aandeel nieuwe cliënten van wie de gezondheid wordt gescreend, zodat zorg vroeg geregeld is",
    ),
    "regime.law": (
        "Wet inburgering",
        "Civic-integration law",
        "2013: de persoon regelt zelf de cursus; 2021: de gemeente heeft de regie",
    ),
    "regime.exam_term_months": (
        "Inburgeringstermijn",
        "Exam term",
        "Maanden na de start van de cursus waarbinnen het examen moet",
    ),
    "funding.extra_per_person_eur": (
        "Extra rijksgeld per persoon",
        "Extra national money per person",
        "Extra geld van het Rijk per gehuisveste statushouder (eenmalig, bij huisvesting)",
    ),
    "funding.guidance_grant_eur": (
        "Rijksbijdrage begeleiding",
        "Guidance grant",
        "Rijksbijdrage voor maatschappelijke begeleiding per gehuisveste statushouder",
    ),
    "funding.end_month": (
        "Rijksgeld stopt in maand",
        "National money stops in month",
        "Kalendermaand waarin het extra rijksgeld stopt (na de looptijd = nooit)",
    ),
    "funding.funded_share": (
        "Deel betaald uit rijksgeld",
        "Share paid from national money",
        "Deel van speciale klantmanagers, leer-werkplekken, bemiddeling en mentoren dat uit het extra geld komt",
    ),
    "funding.continue_share": (
        "Gemeente betaalt zelf door",
        "Municipality keeps paying",
        "Deel van wat het extra geld betaalde dat de gemeente zelf doorbetaalt als het stopt",
    ),
}

TEXT |= RESEARCH_TEXT

# Slider ranges in the app where the model's allowed range is far wider than a municipality needs.
UI_RANGE: dict[str, tuple[float, float, float]] = {
    "context.horizon_months": (24, 180, 12),
    "guidance.dedicated_fte": (0.0, 40.0, 0.5),
    "guidance.dedicated_caseload": (10, 250, 5),
    "employers.municipal_places_per_year": (0, 100, 1),
    "funding.extra_per_person_eur": (0, 20000, 100),
    "funding.guidance_grant_eur": (0, 10000, 100),
}

LEVER_GROUPS = ("guidance", "learning", "network", "employers", "health", "regime", "funding")
MUNICIPALITY_KEYS = (
    "context.inflow_per_year",
    "context.labour_tightness",
    "context.housing_wait_months",
    "region.vacancies_per_month",
    "region.status_holders_per_year",
)
# Whole numbers typed in (any value in the parameter's range) rather than a slider in steps.
NUMBER_INPUTS = ("context.inflow_per_year", "region.vacancies_per_month", "region.status_holders_per_year")


def label(spec: ParamSpec, lang: str) -> str:
    """Short label of a parameter control."""
    if spec.key in TEXT:
        nl, en, _ = TEXT[spec.key]
        return en if lang == "en" else nl
    return spec.key


def help_text(spec: ParamSpec, lang: str) -> str:
    """Plain-language help with unit and source (evidence ids) or the assumption behind the default."""
    body = spec.description
    if lang != "en" and spec.key in TEXT:
        body = TEXT[spec.key][2]
    unit = ("unit" if lang == "en" else "eenheid") + f": {spec.unit}"
    if spec.source:
        where = ("source" if lang == "en" else "bron") + f": {spec.source} (sim/data/evidence.csv)"
    else:
        where = ("assumption" if lang == "en" else "aanname") + f": {spec.assumption}"
    return f"{body}.  \n{unit}.  \n{where}"


def ui_range(spec: ParamSpec, value: float) -> tuple[float, float, float]:
    """(min, max, step) of a slider, widened to include the current value.

    Args:
        spec: The parameter.
        value: Its current value (a file may set one outside the app's usual range).
    """
    if spec.key in UI_RANGE:
        lo, hi, step = UI_RANGE[spec.key]
    else:
        assert spec.range is not None
        lo, hi = spec.range
        step = _nice_step(hi - lo, isinstance(spec.default, int))
    lo, hi = min(lo, value), max(hi, value)
    if isinstance(spec.default, int):
        return int(lo), int(hi), max(1, int(step))
    return float(lo), float(hi), float(step)


def _nice_step(span: float, integer: bool) -> float:
    raw = span / 100.0
    for step in (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 50, 100, 500, 1000):
        if step >= raw:
            return max(step, 1) if integer else step
    return 1000.0


def lever_keys(group: str) -> list[str]:
    """Keys of the policy levers of one group, in baseline-file order."""
    return [k for k, s in load_specs().items() if s.kind == "lever" and s.group == group]


def advanced_keys() -> list[str]:
    """Uncertain, cost and remaining context parameters (the researchers' section)."""
    shown = set(MUNICIPALITY_KEYS) | {k for k in load_specs() if k.startswith("population.origin_share.")}
    return [k for k, s in load_specs().items() if s.kind != "lever" and k not in shown]
