"""Dutch texts of the parameters' assumptions (the English ones are ``assumption`` in baseline.toml).

:func:`assumption_text` gives the reason behind an assumed default in the page's language, so
the Dutch page and report say "aanname: ..." in Dutch (labels, help and units are in
``baseline.toml`` itself). ``tests/app`` checks that every assumption has its Dutch text here.
"""

from __future__ import annotations

from sim.params import ParamSpec

# parameter key -> Dutch text of its ``assumption``
ASSUMPTIONS_NL: dict[str, str] = {
    "context.horizon_months": "Tien jaar dekt de CBS-volgperiode van het cohort 2014 (T1-054 na 8 jaar)",
    "context.inflow_months": "Doorlopende taakstelling; zet 12 om één jaarcohort te simuleren",
    "context.vacancies_per_100": (
        "Lokale vacaturestroom die statushouders bereiken; bepaalt hoe schaars vacatures zijn. Gekalibreerd."
    ),
    "population.share_young": "De asielinstroom is jong; het bewijsbestand heeft geen leeftijdsverdeling",
    "population.share_older": "De asielinstroom is jong; het bewijsbestand heeft geen leeftijdsverdeling",
    "population.share_low_education": (
        "SCP-onderzoek onder Syriërs meldt een grote laagopgeleide groep; geen precieze rij in het bewijsbestand"
    ),
    "population.share_high_education": "SCP-onderzoek onder Syriërs; geen precieze rij in het bewijsbestand",
    "population.care_duty_share_female": (
        "Veel gezinnen met jonge kinderen; vrouwen dragen de meeste zorg (T1-082, T1-105 tonen het verschil)"
    ),
    "population.care_duty_share_male": "Een minderheid van de mannen is hoofdverzorger",
    "population.hours_full": "Een volle werkweek",
    "population.hours_care": (
        "Schooltijden voor ouders van jonge kinderen (seed 001: drie dagen cursus plus 24 uur werk kan niet)"
    ),
    "guidance.coordinator": (
        "Seeds 000 en 002 beschrijven de versnippering; het bewijsbestand heeft geen effectgrootte"
    ),
    "guidance.coordinator_min_course_hours": "Een avond- of dagcursus naast het werk",
    "learning.course_hours": (
        "De B1-route van de wet van 2021 is meestal 12–20 uur per week; niet in het bewijsbestand"
    ),
    "learning.dual_course_hours": "Meestal 1–2 dagen taal naast 2–3 dagen werkervaringsplaats",
    "learning.dual_work_hours": "Meestal 2–3 dagen werkervaringsplaats",
    "learning.dual_months": "Leer-werktrajecten van een jaar zijn gebruikelijk",
    "learning.dual_min_language": "Werkplekken vragen basiskennis van het Nederlands (seed 001)",
    "learning.education_max_age": "De onderwijsroute is voor jongeren; mbo-studiefinanciering tot 30",
    "learning.education_months": "Een schakeljaar plus een tweejarige mbo-opleiding op niveau 2",
    "network.mentor_share": "Maatjes van VluchtelingenWerk bereiken een minderheid; seed 003",
    "network.volunteer_uptake": (
        "93% van de gemeenten biedt vrijwilligerswerk (T2-125); hoe vaak mensen per maand beginnen is niet gemeten"
    ),
    "employers.municipal_places_per_year": (
        "Seed 003 beschrijft de gemeente als werkgever en inkoper; het bewijsbestand geeft geen omvang"
    ),
    "funding.funded_share": (
        "De monitor (seed 001) waarschuwt dat resultaten van het extra geld afhangen; de verdeling is een keuze "
        "van de gemeente"
    ),
    "funding.continue_share": "Besluit van de raad; 0 = alles wat het extra geld betaalde, stopt",
    "costs.dual_place_eur_month": (
        "Vergelijkbaar met een werkervaringsplaats met begeleiding; niet in het bewijsbestand"
    ),
    "costs.screening_eur": "Een assessment van een halve dag bij een aanbieder",
    "costs.health_screening_eur": "Intake bij de GGD plus doorverwijzing",
    "costs.mentor_eur_month": "Coördinatievergoeding van een vrijwilligersorganisatie",
    "costs.mediation_eur_month": "Ongeveer één fte bemiddelaar per 45 werkzoekenden",
    "costs.jobcoach_eur_month": "Jobcoaching zoals onder de Participatiewet; niet in het bewijsbestand",
    "costs.municipal_place_eur_month": "Het loonkostensubsidiedeel van een gemeentelijke baan",
    "costs.welfare_eur_month": (
        "Tussen de norm 2024 voor een alleenstaande en voor een partner in een paar; de BUIG-uitkering volgt "
        "lokale resultaten niet, dus bijstand staat bruto"
    ),
    "costs.parttime_topup_hours": "Een baan van ongeveer 28 uur op het minimumloon haalt de bijstandsnorm",
    "behaviour.tightness_elasticity": (
        "Schattingen van matchingfuncties geven een elasticiteit van aannames naar vacatures van ongeveer 0,3–0,7 "
        "(Petrongolo en Pissarides 2001); gekalibreerd op het cohort 2014"
    ),
    "behaviour.course_search_factor": "Een cursus kost tijd; gekalibreerd op de vroege cohortcurve (T1-039, T1-037)",
    "behaviour.language_effect": "Taal is de sleutel (seeds 000, 001); gekalibreerd",
    "behaviour.older_factor": "Leeftijdsdiscriminatie en minder taalwinst",
    "behaviour.origin_factor.turkey": "Niet in de CBS-tabel van 2014; gelijk gesteld aan 'overig' (T1-036)",
    "behaviour.idle_scarring": (
        "Negatieve duurafhankelijkheid: de kans om de bijstand te verlaten daalt met de duur ervan (CBS 2008); "
        "gekalibreerd op het plateau van de CBS-werkcurve na 5 jaar"
    ),
    "behaviour.welfare_other_exit": (
        "Geen direct cijfer; gekalibreerd op de uitkeringen na 2,5 en 9 jaar (T1-056, T1-052) bij de werkcijfers"
    ),
    "behaviour.work_language_gain": "Niet alles is op de werkvloer te leren (seed 001)",
    "behaviour.recovery_rate": "Gemiddeld 33 maanden buiten activiteit zonder zorg",
    "effects.screening_ratio": (
        "Seeds 000, 002: wie vaardigheden kent, matcht sneller; geen Nederlandse effectgrootte"
    ),
    "effects.dual_language_synergy": (
        "Seeds 000 en 002: taal met werkervaring werkt beter; T4-160 laat zien dat taal weinig van het werkeffect "
        "verklaart"
    ),
    "effects.mediation_language_relief": (
        "Seed 002: een bemiddelaar die met beide kanten contact heeft, maakt betere matches"
    ),
    "effects.network_gain_mentor": ("Een netwerk kost jaren; geen werkeffect van mentoring binnen een jaar (T4-172)"),
    "effects.network_gain_volunteer": "Seed 003: vrijwilligerswerk bouwt een netwerk",
    "effects.credential_ratio": "Seed 003: werkgevers willen Nederlandse diploma's of Nederlandse werkervaring",
    "effects.health_treatment_ratio": "Seed 002: wees alert en bied maatwerk; geen effectgrootte in het bewijsbestand",
    "effects.regime2013_delay_months": "Seed 000: mensen moesten zelf een cursus zoeken en betalen",
}


def assumption_text(spec: ParamSpec, lang: str) -> str:
    """Why an assumed default was chosen, in the language (empty for a parameter with a source)."""
    if not spec.assumption:
        return ""
    return spec.assumption if lang == "en" else ASSUMPTIONS_NL.get(spec.key, spec.assumption)
