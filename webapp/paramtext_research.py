"""Dutch and English labels and Dutch help of the researchers' parameters (costs, behaviour, effects).

Kept apart from :mod:`webapp.paramtext` (the levers and the municipality) so both stay short;
the English help is the description in ``sim/scenarios/baseline.toml``.
"""

from __future__ import annotations

from sim.population import ORIGINS

_ORIGIN_NL = {
    "syria": "Syrië",
    "eritrea": "Eritrea",
    "afghanistan": "Afghanistan",
    "iraq": "Irak",
    "iran": "Iran",
    "turkey": "Turkije",
    "other": "overig",
}

# key -> (Dutch label, English label, Dutch help)
RESEARCH_TEXT: dict[str, tuple[str, str, str]] = {
    "costs.cm_fte_eur_year": (
        "Kosten klantmanager (fte)",
        "Client manager cost (FTE)",
        "Kosten van één fte klantmanager inclusief overhead",
    ),
    "costs.course_eur": (
        "Kosten inburgeringscursus",
        "Integration course cost",
        "Gemeentelijke kosten van één inburgeringstraject (wet 2021; onder 2013 betaalt de persoon met een lening)",
    ),
    "costs.education_route_eur": (
        "Kosten onderwijsroute",
        "Education route cost",
        "Gemeentelijke kosten van één onderwijsroute",
    ),
    "costs.dual_place_eur_month": (
        "Kosten leer-werkplek per maand",
        "Dual place cost a month",
        "Kosten van één leer-werkplek per maand (plek, begeleiding, taaldeel)",
    ),
    "costs.screening_eur": (
        "Kosten screening vaardigheden",
        "Skills screening cost",
        "Kosten van één screening (assessment, competentietest)",
    ),
    "costs.health_screening_eur": (
        "Kosten gezondheidsscreening",
        "Health screening cost",
        "Kosten van één gezondheidsscreening met verwijzing",
    ),
    "costs.mentor_eur_month": (
        "Kosten maatje per maand",
        "Mentor cost a month",
        "Coördinatiekosten van één maatjeskoppeling per maand",
    ),
    "costs.mediation_eur_month": (
        "Kosten bemiddeling per maand",
        "Mediation cost a month",
        "Kosten van een bemiddelaar per werkzoekende per maand",
    ),
    "costs.jobcoach_eur_month": (
        "Kosten jobcoach per maand",
        "Job coach cost a month",
        "Kosten van een jobcoach per werknemer per maand (eerste 6 maanden)",
    ),
    "costs.municipal_place_eur_month": (
        "Kosten gemeentelijke baan per maand",
        "Municipal job cost a month",
        "Netto kosten van één gemeentelijke of social-returnbaan per maand",
    ),
    "costs.welfare_eur_month": ("Bijstand per maand", "Welfare a month", "Bijstand per volwassene per maand"),
    "costs.parttime_topup_hours": (
        "Uren zonder aanvulling",
        "Hours without top-up",
        "Uren per week waarboven een deeltijdwerker geen aanvullende bijstand meer nodig heeft",
    ),
    "behaviour.job_hazard": (
        "Kans op een baanaanbod",
        "Job-offer chance",
        "Kans per maand op een baanaanbod voor een werkzoekende met B1 en gemiddelde kenmerken",
    ),
    "behaviour.tightness_elasticity": (
        "Gevoeligheid voor de arbeidsmarkt",
        "Labour-market elasticity",
        "Hoe sterk baanaanbiedingen de krapte op de arbeidsmarkt volgen: het aanbod schaalt met de krapte "
        "tot deze macht (krapte 1 = 2023)",
    ),
    "behaviour.course_search_factor": (
        "Zoeken tijdens de cursus",
        "Search during the course",
        "Zoekintensiteit tijdens de inburgeringscursus, ten opzichte van een werkzoekende",
    ),
    "behaviour.language_effect": (
        "Effect van taalniveau",
        "Language effect",
        "Log-verhouding van de aanbodkans per taalniveau",
    ),
    "behaviour.female_factor": ("Factor vrouwen", "Women's factor", "Aanbodkans van vrouwen ten opzichte van mannen"),
    "behaviour.older_factor": ("Factor 45+", "Age 45+ factor", "Aanbodkans van 45-plussers ten opzichte van jongeren"),
    "behaviour.separation_rate": (
        "Kans dat een baan stopt",
        "Job separation rate",
        "Kans per maand dat een baan eindigt (vooral tijdelijke contracten)",
    ),
    "behaviour.idle_scarring": (
        "Afname aanbodkans zonder werk",
        "Scarring out of work",
        "Log-afname per jaar van de aanbodkans voor wie niet werkt en geen cursus volgt (0 = uit)",
    ),
    "behaviour.fulltime_share_at_hire": (
        "Kans op voltijd bij start",
        "Full-time at hire",
        "Kans dat een nieuwe baan voltijds is (32 uur of meer) als de uren het toelaten",
    ),
    "behaviour.upgrade_rate": (
        "Kans deeltijd naar voltijd",
        "Part-time to full-time",
        "Kans per maand dat een deeltijdbaan voltijds wordt, bij B1",
    ),
    "behaviour.welfare_other_exit": (
        "Uitstroom bijstand om andere reden",
        "Welfare exit for other reasons",
        "Kans per maand dat iemand zonder genoeg werk de bijstand verlaat voor een ander inkomen (inkomen van "
        "een partner, studiefinanciering, een andere uitkering, verhuizing); wie vertrekt, komt niet terug",
    ),
    "behaviour.language_gain": (
        "Taalgroei per maand",
        "Language gain a month",
        "Taalniveaus per maand bij 15 cursusuren per week (gemiddelde opleiding, geen klachten)",
    ),
    "behaviour.work_language_gain": (
        "Taalgroei op het werk",
        "Language gain at work",
        "Taalniveaus per maand op het werk of in een stage, zonder cursus",
    ),
    "behaviour.exam_monthly_pass": (
        "Kans examen te halen",
        "Exam pass chance",
        "Kans per maand om het examen te doen en te halen op het vereiste niveau",
    ),
    "behaviour.exemption_at_term": (
        "Kans op ontheffing",
        "Exemption chance",
        "Kans op ontheffing voor wie bij de termijn niet geslaagd is",
    ),
    "behaviour.dropout_rate": (
        "Uitvalkans",
        "Dropout rate",
        "Kans per maand dat iemand met onbehandelde klachten uitvalt uit cursus of opleiding",
    ),
    "behaviour.recovery_rate": (
        "Herstelkans",
        "Recovery rate",
        "Kans per maand om zonder behandeling terug te keren uit inactiviteit door gezondheid",
    ),
    "effects.guidance_ratio": (
        "Effect intensieve begeleiding",
        "Intensive guidance effect",
        "Aanbodverhouding intensieve begeleiding (caseload 40) t.o.v. gewoon (250); log-lineair ertussen",
    ),
    "effects.screening_ratio": (
        "Effect screening",
        "Screening effect",
        "Aanbodverhouding als de vaardigheden bekend zijn",
    ),
    "effects.dual_ratio": (
        "Effect leer-werktraject",
        "Dual track effect",
        "Aanbodverhouding tijdens een leer-werktraject (de werkgever kan aannemen)",
    ),
    "effects.dual_language_synergy": (
        "Taal met werk",
        "Language with work",
        "Taalgroei per cursusuur in een leer-werktraject t.o.v. alleen les",
    ),
    "effects.mediation_ratio": ("Effect bemiddeling", "Mediation effect", "Aanbodverhouding met een bemiddelaar"),
    "effects.mediation_language_relief": (
        "Taaleis met bemiddelaar",
        "Language relief by mediator",
        "Hoeveel een bemiddelaar de taaleis van de werkgever verlaagt door ondersteuning te regelen",
    ),
    "effects.jobcoach_separation_ratio": (
        "Effect jobcoach op uitval",
        "Job coach on separation",
        "Verhouding van de kans dat een baan stopt, met jobcoach",
    ),
    "effects.network_ratio": (
        "Effect netwerk",
        "Network effect",
        "Aanbodverhouding bij een volledig netwerk (maatje plus jaren vrijwilligerswerk)",
    ),
    "effects.network_gain_mentor": (
        "Netwerk via maatje",
        "Network from mentor",
        "Netwerkopbouw per maand met een maatje (schaal 0..1)",
    ),
    "effects.network_gain_volunteer": (
        "Netwerk via vrijwilligerswerk",
        "Network from volunteering",
        "Netwerkopbouw per maand tijdens vrijwilligerswerk (schaal 0..1)",
    ),
    "effects.work_first_ratio": (
        "Effect werk-eerst (mannen)",
        "Work-first effect (men)",
        "Aanbodverhouding voor mannen in de cursus bij volledige werk-eerst-druk",
    ),
    "effects.work_first_female_share": (
        "Werk-eerst bij vrouwen",
        "Work-first for women",
        "Deel van het werk-eersteffect dat ook voor vrouwen geldt",
    ),
    "effects.work_first_course_cut": (
        "Cursusverlies bij werk-eerst",
        "Course cut under work-first",
        "Deel van de cursusuren dat verloren gaat bij volledige werk-eerst-druk",
    ),
    "effects.work_first_separation_ratio": (
        "Uitval werk-eerst-banen",
        "Separation of work-first jobs",
        "Verhouding van de kans dat een onder werk-eerst-druk aangenomen baan stopt",
    ),
    "effects.credential_ratio": (
        "Effect Nederlands diploma",
        "Dutch diploma effect",
        "Aanbodverhouding met een erkend Nederlands diploma (na de onderwijsroute)",
    ),
    "effects.health_ratio": (
        "Effect psychische klachten",
        "Health burden effect",
        "Aanbodverhouding met onbehandelde psychische klachten",
    ),
    "effects.health_treatment_ratio": (
        "Effect behandeling op uitval",
        "Treatment on dropout",
        "Verhouding van de uitvalkans als de klachten door screening gevonden en behandeld zijn",
    ),
    "effects.regime2013_quality": (
        "Kwaliteit cursus onder wet 2013",
        "Course quality under 2013 law",
        "Taalgroei onder de wet van 2013 t.o.v. 2021 (kwaliteit van zelf gekozen cursussen)",
    ),
    "effects.regime2013_delay_months": (
        "Vertraging cursus onder wet 2013",
        "Course delay under 2013 law",
        "Gemiddeld extra maanden voor de cursus begint onder de wet van 2013",
    ),
}
RESEARCH_TEXT |= {
    f"behaviour.origin_factor.{o}": (
        f"Factor herkomst {_ORIGIN_NL[o]}",
        f"Origin factor {o.capitalize()}",
        f"Aanbodkans t.o.v. de referentie: {_ORIGIN_NL[o]}",
    )
    for o in ORIGINS
}
