"""Every label, message and summary of the app in Dutch (default) and English.

Use :func:`tr` with a key and the language code; ``{name}`` fields are filled from keyword
arguments. Parameter labels, help texts and group names come from the parameters' specs
(:mod:`webapp.paramtext`); the texts of the calibration and sensitivity tabs in
:mod:`webapp.calibtext`, of the report in :mod:`webapp.reporttext`, and about refused or adjusted
input in :mod:`webapp.limitstext` (all merged into :data:`TEXT`).
"""

from __future__ import annotations

from webapp.calibtext import CALIB_TEXT
from webapp.caseload_text import CASELOAD_TEXT
from webapp.confidence import CONFIDENCE_TEXT
from webapp.limitstext import LIMITS_TEXT
from webapp.optimise_text import OPTIMISE_TEXT
from webapp.posteriortext import POSTERIOR_TEXT
from webapp.regiontext import HOUSEHOLD_GROUP_NAMES, REGION_TEXT
from webapp.reporttext import REPORT_TEXT

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"

# key -> (Dutch, English)
TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Werkpad: beleidsscenario's voor statushouders", "Werkpad: policy scenarios for status holders"),
    "app_intro": (
        "Vergelijk beleid voor de weg naar werk van statushouders in uw gemeente: mensen en geld op één pagina. "
        "Elk scenario draait {reps} keer met gepaarde toevalsgetallen (seed {seed}).",
        "Compare policies for status holders' path to work in your municipality: people and money on one page. "
        "Each scenario runs {reps} times with paired random numbers (seed {seed}).",
    ),
    "language": ("Taal", "Language"),
    "municipality": ("Gemeente", "Municipality"),
    "origin_mix": ("Herkomst van de instroom", "Origin mix of the inflow"),
    "origin_mix_help": (
        "Verdeling naar nationaliteit van verleende asielvergunningen in een jaar (CBS). Bron: {src}",
        "Split by nationality of asylum permits granted in one year (CBS). Source: {src}",
    ),
    "levers": ("Beleid van scenario", "Policy of scenario"),
    "edit_slot": ("Welk scenario stelt u in?", "Which scenario are you setting?"),
    "edit_slot_help": (
        "De schuifjes hieronder gelden voor dit scenario. Gemeente en geavanceerde instellingen gelden voor alle.",
        "The sliders below apply to this scenario. Municipality and advanced settings apply to all.",
    ),
    "changed_n": ("{n} gewijzigd t.o.v. het bestand", "{n} changed from the file"),
    "reset_slot": ("Terug naar het bestand", "Back to the file"),
    "advanced": ("Geavanceerd (onderzoekers)", "Advanced (researchers)"),
    "advanced_note": (
        "Onzekere modelparameters en kosten. Ze gelden voor alle scenario's.",
        "Uncertain model parameters and costs. They apply to every scenario.",
    ),
    "show_params": ("Toon alle {n} modelparameters", "Show all {n} model parameters"),
    "uncertainty": ("Parameteronzekerheid", "Parameter uncertainty"),
    "unc_point": ("Puntschatting", "Point estimate"),
    "unc_posterior": (
        "Trekkingen uit de kalibratie (posterior, standaard)",
        "Draws from the calibration (posterior, default)",
    ),
    "unc_help": (
        "Posterior (standaard): elke herhaling trekt haar eigen waarden van de onzekere modelparameters uit de "
        "kalibratie, in alle scenario's dezelfde (gepaard), zodat de banden ook tonen wat de kalibratie niet kon "
        "vastleggen. Puntschatting: elke herhaling gebruikt het gewogen gemiddelde van de posterior; de banden "
        "tonen dan alleen het toeval.",
        "Posterior (default): each replication draws its own values of the uncertain model parameters from the "
        "calibration, the same in every scenario (paired), so the bands also show what calibration could not pin "
        "down. Point estimate: every replication uses the posterior's weighted mean; the bands then show chance "
        "only.",
    ),
    "unc_missing": (
        "Er is nog geen kalibratie (posterior); de basiswaarden worden gebruikt.",
        "There is no calibration (posterior) yet; the baseline values are used.",
    ),
    "unc_overrides": (
        "De kalibratie bepaalt de onzekere parameters; wat u hieronder zelf wijzigt, gaat voor.",
        "The calibration sets the uncertain parameters; what you change below takes precedence.",
    ),
    "reps": ("Herhalingen", "Replications"),
    "reps_help": (
        "Aantal simulaties per scenario. Meer herhalingen geven smallere banden maar rekenen langer.",
        "Simulations per scenario. More replications give narrower bands but take longer.",
    ),
    "seed": ("Seed (startgetal toeval)", "Seed (random start number)"),
    "seed_help": (
        "Dezelfde seed geeft precies dezelfde uitkomst; alle scenario's delen de seeds (gepaard).",
        "The same seed gives exactly the same result; all scenarios share the seeds (paired).",
    ),
    "scenarios": ("Scenario's", "Scenarios"),
    "slot_name": ("Naam", "Name"),
    "slot_source": ("Uitgangspunt", "Starting point"),
    "slot_source_help": (
        "Een meegeleverd scenariobestand; de schuifjes in de zijbalk passen het aan.",
        "A shipped scenario file; the sliders in the sidebar adjust it.",
    ),
    "uploaded": ("Geüpload bestand", "Uploaded file"),
    "add_scenario": ("+ Scenario toevoegen", "+ Add scenario"),
    "remove": ("Verwijderen", "Remove"),
    "baseline_label": ("Basis", "Baseline"),
    "scenario_n": ("Scenario {n}", "Scenario {n}"),
    "tab_compare": ("Vergelijking", "Comparison"),
    "tab_groups": ("Groepen", "Groups"),
    "tab_person": ("Eén persoon", "One person"),
    "tab_share": ("Delen en export", "Share and export"),
    "tab_about": ("Over het model", "About the model"),
    "running": ("Simuleren: {n} scenario's × {reps} herhalingen…", "Simulating: {n} scenarios × {reps} replications…"),
    "refining": (
        "Snelle weergave: {n} van de {reps} herhalingen. De rest wordt nu berekend; de pagina werkt zichzelf bij.",
        "Quick view: {n} of {reps} replications. The rest is being computed; the page updates itself.",
    ),
    "summary": ("In het kort", "In short"),
    "people_chart": ("Mensen: aandeel per maand sinds de vergunning", "People: share by month since the permit"),
    "band_note": (
        "Lijn: gemiddelde over {reps} herhalingen; band: 10–90% van de herhalingen ({unc}).",
        "Line: mean over {reps} replications; band: 10–90% of replications ({unc}).",
    ),
    "band_posterior": (
        "toeval en wat de kalibratie niet kon vastleggen",
        "chance and what calibration could not pin down",
    ),
    "band_point": ("alleen toeval; parameters op hun puntschatting", "chance only; parameters at their point estimate"),
    "diff_chart": ("Verschil met de basis (gepaard)", "Difference from the baseline (paired)"),
    "diff_metric": ("Uitkomst", "Outcome"),
    "money_chart": ("Geld per maand (gemeente)", "Money per month (municipality)"),
    "cumulative": ("Opgeteld sinds de start", "Cumulative since the start"),
    "funding_ends_marker": ("Rijksgeld stopt", "National money stops"),
    "kpi_table": ("Kerncijfers", "Key figures"),
    "kpi_note": (
        "Verschil: gemiddeld gepaard verschil met de basis; tussen haakjes het 90%-betrouwbaarheidsinterval.",
        "Difference: mean paired difference from the baseline; in brackets the 90% confidence interval.",
    ),
    "col_kpi": ("Kerncijfer", "Key figure"),
    "col_diff": ("verschil", "difference"),
    "groups_small": (
        "Weggelaten omdat ze te klein zijn (minder dan {n} mensen op die maand, gemiddeld per herhaling): {groups}. "
        "Bij zo weinig mensen is een aandeel 0% of 100% en zegt een verschil niets.",
        "Left out because they are too small (fewer than {n} people at that month, mean per replication): {groups}. "
        "With so few people a share is 0% or 100% and a difference says nothing.",
    ),
    "groups_title": (
        "Dezelfde vergelijking naar geslacht, herkomst en huishouden",
        "The same comparison by sex, origin and household",
    ),
    "group_kpi": ("Kerncijfer", "Key figure"),
    "col_group": ("Groep", "Group"),
    "person_title": ("De maanden van één gesimuleerde persoon", "The months of one simulated person"),
    "person_intro": (
        "Dezelfde persoon (zelfde kenmerken en toeval) onder de basis en onder een scenario: zo vertelt u het "
        "verhaal achter de cijfers. Herhaling 1, seed {seed}.",
        "The same person (same traits and chance) under the baseline and under a scenario: the story behind the "
        "numbers. Replication 1, seed {seed}.",
    ),
    "person_pick": ("Persoon nummer", "Person number"),
    "person_scenario": ("Vergelijk met", "Compare with"),
    "person_traits": (
        "{sex}, {age} jaar bij de vergunning, uit {origin}, {edu} opleiding{burden}; vergunning in maand {entry}.",
        "{sex}, aged {age} at the permit, from {origin}, {edu} education{burden}; permit in month {entry}.",
    ),
    "female": ("Vrouw", "Woman"),
    "male": ("Man", "Man"),
    "edu_0": ("lage", "low"),
    "edu_1": ("middelbare", "secondary"),
    "edu_2": ("hoge", "higher"),
    "burden": (", met psychische klachten", ", with a psychological health burden"),
    "language_level": ("Taalniveau Nederlands", "Dutch level"),
    "months_since_permit": ("Maanden sinds vergunning", "Months since permit"),
    "calendar_month": ("Maand (vanaf de start)", "Month (from the start)"),
    "share_pct": ("Aandeel (%)", "Share (%)"),
    "diff_pp": ("Verschil (procentpunt)", "Difference (percentage points)"),
    "eur_month": ("€ per maand", "€ per month"),
    "eur_cum": ("€ opgeteld", "€ cumulative"),
    "state": ("Situatie", "Situation"),
    "scenario": ("Scenario", "Scenario"),
    "story_line": ("Maand {a}–{b}: {state}", "Month {a}–{b}: {state}"),
    "story_welfare": (" (bijstand)", " (welfare)"),
    "share_title": ("Delen", "Share"),
    "share_text": (
        "Alle instellingen staan in het adres (URL) van deze pagina. Kopieer het adres uit de adresbalk: wie het "
        "opent, ziet precies deze vergelijking.",
        "Every setting is in this page's address (URL). Copy the address from the address bar: whoever opens it "
        "sees exactly this comparison.",
    ),
    "download_results": ("Resultaten downloaden", "Download results"),
    "dl_kpi_csv": ("Kerncijfers (CSV)", "Key figures (CSV)"),
    "dl_kpi_parquet": ("Kerncijfers (Parquet)", "Key figures (Parquet)"),
    "dl_series_csv": ("Tijdreeksen (CSV)", "Time series (CSV)"),
    "dl_series_parquet": ("Tijdreeksen (Parquet)", "Time series (Parquet)"),
    "download_scenarios": ("Scenario als bestand (TOML)", "Scenario as a file (TOML)"),
    "download_charts": ("Grafieken downloaden", "Download charts"),
    "chart_people": ("Mensen", "People"),
    "chart_diff": ("Verschil", "Difference"),
    "chart_money": ("Geld per jaar", "Money per year"),
    "upload_title": ("Scenario uploaden", "Upload a scenario"),
    "upload_help": (
        "Een TOML-scenariobestand (zoals u hier downloadt, max. 100 kB). Het wordt gecontroleerd; "
        "een fout bestand verandert niets.",
        "A TOML scenario file (as downloaded here, max. 100 kB). It is checked; a bad file changes nothing.",
    ),
    "upload_target": ("Laden in", "Load into"),
    "upload_new": ("Nieuw scenario", "New scenario"),
    "upload_ok": ("Scenario '{name}' geladen.", "Scenario '{name}' loaded."),
    "upload_bad": ("Dit bestand is niet geladen: {msg}", "This file was not loaded: {msg}"),
    "upload_too_big": ("bestand groter dan 100 kB", "file larger than 100 kB"),
    "upload_not_text": ("geen UTF-8-tekst", "not UTF-8 text"),
    "upload_full": ("al vier scenario's; verwijder er eerst een", "already four scenarios; remove one first"),
    "limits_title": ("Wat het model niet meeneemt", "What the model does not capture"),
    "limits_text": (
        "- Het model volgt volwassenen (18–64) vanaf de vergunning, met hun partner, ook als die later nareist; "
        "kinderen tellen mee in het huishouden maar niet als personen, en verhuizingen naar andere gemeenten zitten "
        "er niet in.\n"
        "- Effecten van maatregelen komen uit proeven elders (Zweden, Duitsland, Denemarken) en zijn voor "
        "Nederland onzeker; de banden tonen toeval, met kalibratie-trekkingen ook parameteronzekerheid, "
        "niet alle modelonzekerheid.\n"
        "- Verdringing op de arbeidsmarkt, de kwaliteit van banen, loon en welzijn worden niet gemeten.\n"
        "- Bijstand is bruto: de rijksuitkering (BUIG) volgt lokale resultaten niet.\n"
        "- Conjunctuur is een scenario-instelling, geen voorspelling.",
        "- The model follows adults (18–64) from the permit, with their partner, also one who follows later; "
        "children count in the household but not as persons, and moves to other municipalities are not in it.\n"
        "- Effects of measures come from trials elsewhere (Sweden, Germany, Denmark) and are uncertain for "
        "the Netherlands; the bands show chance, with calibration draws also parameter uncertainty, not all "
        "model uncertainty.\n"
        "- Displacement on the labour market, job quality, wages and well-being are not measured.\n"
        "- Welfare is gross: the national BUIG grant does not follow local outcomes.\n"
        "- The business cycle is a scenario setting, not a forecast.",
    ),
    "footer": (
        "Werkpad {version} · commit {commit} · {reps} herhalingen · seed {seed} · {unc} · scenario-hashes: {hashes}",
        "Werkpad {version} · commit {commit} · {reps} replications · seed {seed} · {unc} · scenario hashes: {hashes}",
    ),
    "compute_time": ("Rekentijd van deze weergave: {s} s", "Compute time of this view: {s} s"),
    "reproduce": ("Reproduceren in Python", "Reproduce in Python"),
    "more": ("meer", "more"),
    "fewer": ("minder", "fewer"),
    "no_scenarios": (
        "Voeg een scenario toe om met de basis te vergelijken.",
        "Add a scenario to compare with the baseline.",
    ),
    "never": ("nooit", "never"),
    "funding_stops": ("Extra rijksgeld stopt", "Extra national money stops"),
    "funding_month": ("Maand waarin het rijksgeld stopt", "Month in which the national money stops"),
    "scenario_sets": ("Dit scenario zet ook: {items}", "This scenario also sets: {items}"),
    "dated_changes": ("Wijzigingen in de tijd: {items}", "Changes over time: {items}"),
    "unit": ("eenheid", "unit"),
    "source": ("bron", "source"),
    "assumption": ("aanname", "assumption"),
    **CALIB_TEXT,
    **LIMITS_TEXT,
    **OPTIMISE_TEXT,
    **POSTERIOR_TEXT,
    **CASELOAD_TEXT,
    **REPORT_TEXT,
    **CONFIDENCE_TEXT,
    **REGION_TEXT,
}

STATE_NAMES: dict[str, tuple[str, str]] = {
    "WAITING": ("wacht op woning (azc)", "waiting for housing (reception centre)"),
    "COURSE": ("inburgeringscursus", "integration course"),
    "DUAL": ("leer-werktraject", "dual learn-work track"),
    "EDUCATION": ("onderwijsroute", "education route"),
    "SEARCHING": ("zoekt werk", "looking for work"),
    "VOLUNTEER": ("vrijwilligerswerk", "volunteering"),
    "JOB_PART": ("baan in deeltijd", "part-time job"),
    "JOB_FULL": ("voltijdbaan (32 u+)", "full-time job (32 h+)"),
    "HEALTH_INACTIVE": ("inactief door gezondheid", "inactive for health"),
}

METRIC_NAMES: dict[str, tuple[str, str]] = {
    "employed": ("Met een baan", "Employed"),
    "welfare": ("In de bijstand", "On welfare"),
    "b1": ("Nederlands op B1", "Dutch at B1"),
    "fulltime": ("Voltijdbaan", "Full-time job"),
    "exam_passed": ("Examen gehaald", "Exam passed"),
    "in_course": ("In cursus", "In a course"),
    "dual_track": ("Leer-werktraject", "Dual track"),
    "in_education": ("Onderwijsroute", "Education route"),
}

MONEY_NAMES: dict[str, tuple[str, str]] = {
    "programme_costs": ("Programmakosten", "Programme costs"),
    "welfare_paid": ("Bijstand betaald", "Welfare paid"),
    "national_money": ("Rijksgeld ontvangen", "National money received"),
    "net_municipal_cost": ("Netto kosten gemeente", "Net municipal cost"),
}

SCENARIO_NAMES: dict[str, tuple[str, str]] = {
    "baseline": ("Basis", "Baseline"),
    "funding_ends": ("Rijksgeld stopt", "National money stops"),
    "integrated": ("Integrale aanpak", "Integrated approach"),
    "dedicated_client_managers": ("Speciale klantmanagers", "Dedicated client managers"),
    "dual_track": ("Leer-werktrajecten", "Dual learn-work tracks"),
    "work_first": ("Werk eerst", "Work first"),
    "era_2014": ("Zoals in 2014", "As in 2014"),
    "era_2020": ("Zoals rond 2020", "As around 2020"),
}

GROUP_NAMES: dict[str, tuple[str, str]] = {
    "sex=female": ("Vrouwen", "Women"),
    "sex=male": ("Mannen", "Men"),
    "origin=Syria": ("Syrië", "Syria"),
    "origin=Eritrea": ("Eritrea", "Eritrea"),
    "origin=Afghanistan": ("Afghanistan", "Afghanistan"),
    "origin=Iraq": ("Irak", "Iraq"),
    "origin=Iran": ("Iran", "Iran"),
    "origin=Turkey": ("Turkije", "Turkey"),
    "origin=Other": ("Overig", "Other"),
    **HOUSEHOLD_GROUP_NAMES,
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def tr(key: str, lang: str, **fields: object) -> str:
    """The text for a key in a language, with ``{field}`` placeholders filled.

    Args:
        key: A key of :data:`TEXT`.
        lang: ``"nl"`` or ``"en"``.
        **fields: Values for the placeholders.

    Returns:
        The translated text.
    """
    text = _pick(TEXT[key], lang)
    return text.format(**fields) if fields else text


def name_of(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """A translated name from one of the name tables, or the key itself when absent."""
    return _pick(table[key], lang) if key in table else key
