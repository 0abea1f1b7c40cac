"""Dutch and English texts of the tab "Beste inzet van het budget" (merged into :data:`webapp.i18n.TEXT`)."""

from __future__ import annotations

# key -> (Dutch, English)
OPTIMISE_TEXT: dict[str, tuple[str, str]] = {
    "tab_optimise": ("Beste inzet van het budget", "Best use of the budget"),
    "opt_title": (
        "Welke mix van maatregelen geeft het meeste werk voor ons budget?",
        "Which mix of measures gives the most work for our budget?",
    ),
    "opt_intro": (
        "Kies het scenario waarvan u uitgaat, het budget per jaar en de maatregelen die de gemeente wil "
        "aanpassen. Het model zoekt de mixen waarbij u niet meer werk kunt krijgen zonder meer te betalen: "
        "het *Pareto-front*. Het begint met mixen verspreid over alle mogelijkheden, schat dan uit de "
        "doorgerekende mixen wat elke maatregel kost en oplevert, en rekent vooral de mixen door die volgens die "
        "schatting op het front liggen (de rest kiest het zoekalgoritme TPE van Optuna). Elke mix draait op dezelfde "
        "{reps} herhalingen en trekkingen uit de kalibratie, zodat verschillen tussen mixen eerlijk zijn. "
        "Maatregelen die u niet kiest houden de waarde uit het scenario.",
        "Choose the scenario you start from, the budget per year and the measures the council is willing to "
        "change. The model searches for the mixes where you cannot get more work without paying more: the "
        "*Pareto front*. It starts with mixes spread over all possibilities, then estimates from the mixes run "
        "what each measure costs and yields, and mostly runs the mixes that this estimate puts on the front "
        "(Optuna's TPE algorithm picks the rest). Every mix runs on the same {reps} replications and draws "
        "from the calibration, so differences between mixes are fair. Measures you do not choose keep their "
        "value from the scenario.",
    ),
    "opt_slot": ("Uitgaan van scenario", "Start from scenario"),
    "opt_from": (
        "De mix geldt vanaf maand {month} (jaar {year}), als het extra rijksgeld stopt; vanaf dan betaalt de "
        "gemeente alle maatregelen zelf. Budget en kosten per jaar gelden vanaf jaar {year}.",
        "The mix applies from month {month} (year {year}), when the extra national money stops; from then on "
        "the council pays for every measure itself. Budget and cost per year count from year {year}.",
    ),
    "opt_from_start": (
        "Het extra rijksgeld stopt niet binnen de looptijd: de mix geldt vanaf het begin.",
        "The extra national money does not stop within the horizon: the mix applies from the start.",
    ),
    "opt_budget": ("Budget per jaar voor het programma (EUR)", "Programme budget per year (EUR)"),
    "opt_budget_help": (
        "Alle programmakosten per jaar: klantmanagers (ook de reguliere), cursussen, leer-werkplekken, "
        "bemiddeling, jobcoaches, maatjes, eigen banen. Nu in dit scenario: {now}.",
        "All programme costs per year: client managers (the regular ones too), courses, dual places, "
        "mediation, job coaches, mentors, municipal jobs. Now in this scenario: {now}.",
    ),
    "opt_levers": ("Maatregelen die de gemeente wil aanpassen", "Measures the council is willing to change"),
    "opt_run": ("Zoek de beste inzet", "Find the best use"),
    "opt_need_lever": ("Kies ten minste één maatregel.", "Choose at least one measure."),
    "opt_running": ("Zoeken: {done} van {wanted} mixen doorgerekend", "Searching: {done} of {wanted} mixes run"),
    "opt_done": (
        "{trials} mixen doorgerekend in {s} s; {feasible} blijven binnen het budget, {front} liggen op het front.",
        "{trials} mixes run in {s} s; {feasible} stay within the budget, {front} are on the front.",
    ),
    "opt_none": (
        "Geen enkele mix blijft binnen dit budget. Verhoog het budget of kies andere maatregelen.",
        "No mix stays within this budget. Raise the budget or choose other measures.",
    ),
    "opt_chart_note": (
        "Elke stip is een mix op het front (klik om te kiezen); grijs: andere mixen binnen het budget; ruit: het "
        "scenario zelf. Streepjes: 90%-interval van het verschil met het scenario (gepaarde herhalingen).",
        "Each dot is a mix on the front (click to pick it); grey: other mixes within the budget; diamond: the "
        "scenario itself. Bars: 90% interval of the difference with the scenario (paired replications).",
    ),
    "opt_x": ("Programmakosten per jaar (mln EUR)", "Programme cost per year (EUR million)"),
    "opt_y": ("Persoonjaren aan het werk", "Person-years in work"),
    "opt_pick": ("Mix op het front", "Mix on the front"),
    "opt_target": ("Zet in scenario-slot", "Put in scenario slot"),
    "opt_new_slot": ("(nieuw scenario)", "(new scenario)"),
    "opt_put": ("Zet deze mix in de vergelijking", "Put this mix in the comparison"),
    "opt_put_done": (
        "'{name}' staat in de vergelijking (tabblad Vergelijking).",
        "'{name}' is in the comparison (tab Comparison).",
    ),
    "opt_mix_name": ("Mix {n}", "Mix {n}"),
    "opt_mix_desc": (
        "Een mix van het front (Beste inzet van het budget), vanaf maand {month}: {levers}; programmakosten "
        "€ {spend} mln per jaar.",
        "A mix of the front (Best use of the budget), from month {month}: {levers}; programme cost "
        "€ {spend} million a year.",
    ),
    "opt_cost": ("netto kosten gemeente/jaar (mln)", "net municipal cost/year (million)"),
    "opt_work": ("persoonjaren werk", "person-years in work"),
    "opt_spend": ("programma/jaar (mln)", "programme/year (million)"),
    "opt_reference": ("het scenario zelf", "the scenario itself"),
    "opt_kind": ("soort", "kind"),
    "opt_trial": ("proef", "trial"),
    "opt_front": ("front", "front"),
    "opt_other": ("binnen budget", "within budget"),
    "opt_cli": (
        "Dezelfde zoektocht met meer mixen en herhalingen, hervatbaar: `sim optimise` met een ontwerpbestand "
        "(zie examples/optimise/funding_cut.toml en de README).",
        "The same search with more mixes and replications, resumable: `sim optimise` with a design file "
        "(see examples/optimise/funding_cut.toml and the README).",
    ),
}
