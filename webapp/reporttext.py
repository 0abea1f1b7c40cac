"""Texts of the council report, the summary, money per budget year and the KPI table (Dutch, English).

Merged into :data:`webapp.i18n.TEXT`; use :func:`webapp.i18n.tr`.
"""

from __future__ import annotations

REPORT_TEXT: dict[str, tuple[str, str]] = {
    # values in words
    "on": ("aan", "on"),
    "off": ("uit", "off"),
    "yes_mark": ("ja", "yes"),
    "per": ("per", "per"),
    "month_n": ("maand {n}", "month {n}"),
    "inflow_all_months": ("elke maand, de hele looptijd", "every month, the whole horizon"),
    "law_of": ("wet van {year}", "law of {year}"),
    "was_in": ("(in {ref}: {value})", "(in {ref}: {value})"),
    "not_a_lever": (
        "Geen beleidskeuze maar een instelling van de gemeente of het model — ",
        "Not a policy lever but a setting of the municipality or the model — ",
    ),
    "from_month": ("Vanaf maand {n}: ", "From month {n}: "),
    "baseline_defaults": ("de meegeleverde basis", "the shipped baseline"),
    # summary
    "sum_reference": ("**{name}** is de referentie: {desc}", "**{name}** is the reference: {desc}"),
    "sum_changed": (" (op deze pagina aangepast: {keys})", " (changed on this page: {keys})"),
    "sum_option": ("**{name}** vergeleken met **{ref}**: {desc}", "**{name}** compared with **{ref}**: {desc}"),
    "sum_net_cost": (
        "Netto kosten voor de gemeente: {year} per jaar, {total} over {years} jaar.",
        "Net cost to the municipality: {year} a year, {total} over {years} years.",
    ),
    "sum_more": (
        "Na 3 jaar hebben {x} meer van elke 100 mensen een baan dan in {ref}: ongeveer {n} van de {inflow} "
        "mensen die per jaar komen",
        "After 3 years, {x} more of every 100 people have a job than in {ref}: about {n} of the {inflow} people "
        "who arrive each year",
    ),
    "sum_fewer": (
        "Na 3 jaar hebben {x} minder van elke 100 mensen een baan dan in {ref}: ongeveer {n} van de {inflow} "
        "mensen die per jaar komen",
        "After 3 years, {x} fewer of every 100 people have a job than in {ref}: about {n} of the {inflow} people "
        "who arrive each year",
    ),
    "sum_same": (
        "Na 3 jaar hebben vrijwel evenveel van elke 100 mensen een baan als in {ref} (verschil {x}; ongeveer {n} "
        "van de {inflow} mensen die per jaar komen)",
        "After 3 years, about as many of every 100 people have a job as in {ref} (difference {x}; about {n} of "
        "the {inflow} people who arrive each year)",
    ),
    "sum_ranges": (
        "90%-interval van het gemiddelde {lo} tot {hi}; 5–95% van de afzonderlijke runs {p05} tot {p95}",
        "90% interval of the mean {lo} to {hi}; 5–95% of single runs {p05} to {p95}",
    ),
    "sum_other_way": ("Let op, de andere kant op: ", "Note, the other way: "),
    "sum_b1": ("Nederlands op B1 na 3 jaar: {x} per 100 {dir}", "Dutch at B1 after 3 years: {x} per 100 {dir}"),
    "sum_emp5": ("met een baan na 5 jaar: {x} per 100 {dir}", "employed after 5 years: {x} per 100 {dir}"),
    "sum_cross_below": (
        "Vanaf ongeveer maand {m} na de vergunning hebben minder mensen werk dan in {ref}.",
        "From about month {m} after the permit, fewer people have work than in {ref}.",
    ),
    "sum_cross_above": (
        "Vanaf ongeveer maand {m} na de vergunning hebben meer mensen werk dan in {ref}.",
        "From about month {m} after the permit, more people have work than in {ref}.",
    ),
    "sum_cost_diff": (
        "Dat is {eur} {dir} dan in {ref} over de hele looptijd",
        "That is {eur} {dir} than in {ref} over the whole horizon",
    ),
    "sum_per_job_cost": (
        "Elk extra jaar werk ({n} persoonsjaren erbij) kost de gemeente netto {eur}.",
        "Each extra year in work ({n} more person-years) costs the municipality {eur} net.",
    ),
    "sum_per_job_saving": (
        "Er komt werk bij ({n} persoonsjaren) én de gemeente houdt geld over: per extra jaar werk {eur} "
        "(een besparing, geen kosten).",
        "There is more work ({n} person-years) and the municipality spends less: {eur} per extra year in work "
        "(a saving, not a cost).",
    ),
    "sum_no_extra_work": (
        "Er komen geen extra jaren werk bij ({n} persoonsjaren), dus kosten per extra jaar werk zijn er niet.",
        "There are no extra years in work ({n} person-years), so there is no cost per extra year in work.",
    ),
    "sum_welfare": (
        " Na 2 jaar zitten {x} per 100 mensen {dir} in de bijstand.",
        " After 2 years, {x} per 100 people {dir} on welfare.",
    ),
    "less": ("minder", "less"),
    "saving": ("besparing", "saving"),
    # KPI table
    "kpicol_value": ("Waarde", "Value"),
    "col_diff_ref": ("Verschil met {ref}", "Difference from {ref}"),
    "col_ci90": ("90%-interval van het gemiddelde", "90% interval of the mean"),
    "col_p05_95": ("5–95% van de runs", "5–95% of runs"),
    "reference": ("referentie", "reference"),
    # money per budget year
    "money_years_title": ("Geld per begrotingsjaar", "Money per budget year"),
    "budget_year": ("Begrotingsjaar", "Budget year"),
    "eur_mln_year": ("€ mln per jaar", "€ mln a year"),
    "eur_mln_cum": ("€ mln opgeteld", "€ mln cumulative"),
    "short_year": ("({n} mnd)", "({n} months)"),
    "col_money": ("Post", "Item"),
    "col_total": ("Totaal", "Total"),
    "col_year": ("Jaar", "Year"),
    "col_months": ("Maanden", "Months"),
    "col_eur_year": ("Euro in dat jaar", "Euros in that year"),
    "col_eur_cum": ("Euro opgeteld", "Euros cumulative"),
    "col_money_stops": ("Rijksgeld stopt", "National money stops"),
    "money_years_note": (
        "Bedragen in € 1.000 per begrotingsjaar, gemiddeld over {reps} herhalingen. * = in dit jaar stopt het "
        "extra rijksgeld.",
        "Amounts in € 1,000 per budget year, mean over {reps} replications. * = the extra national money stops "
        "in this year.",
    ),
    "money_stops_note": (
        "* Het extra rijksgeld stopt in maand {m} ({when}).",
        "* The extra national money stops in month {m} ({when}).",
    ),
    "dl_years_csv": ("Geld per begrotingsjaar (CSV)", "Money per budget year (CSV)"),
    "start_year": ("Eerste begrotingsjaar", "First budget year"),
    "start_year_help": (
        "Het kalenderjaar van de eerste gesimuleerde maand; alleen voor de jaartallen in tabellen en rapport.",
        "The calendar year of the first simulated month; only for the year labels in tables and the report.",
    ),
    # the report
    "report_button": ("Rapport voor de raad (PDF)", "Report for the council (PDF)"),
    "report_button_help": (
        "Een PDF met instellingen, scenario's, samenvatting, grafieken, kerncijfers, geld per jaar, aannames en "
        "bronnen van deze vergelijking.",
        "A PDF with the settings, scenarios, summary, charts, key figures, money per year, assumptions and "
        "sources of this comparison.",
    ),
    "report_title": (
        "Rapport voor de raad: statushouders aan het werk",
        "Report for the council: status holders into work",
    ),
    "report_subtitle": ("Vergelijking van **{names}** met **{ref}**", "Comparison of **{names}** with **{ref}**"),
    "report_date": ("Gemaakt op {date} met Werkpad.", "Made on {date} with Werkpad."),
    "report_intro": (
        "Werkpad simuleert de statushouders van een gemeente maand voor maand, met mensen en geld. Elk scenario "
        "is {reps} keer gedraaid met dezelfde toevalsgetallen (gepaard), zodat verschillen met de referentie "
        "**{ref}** door het beleid komen en niet door toeval. Cijfers zijn gemiddelden over die herhalingen.",
        "Werkpad simulates a municipality's status holders month by month, people and money. Each scenario was "
        "run {reps} times with the same random numbers (paired), so differences from the reference **{ref}** "
        "come from the policy, not from chance. Figures are means over those replications.",
    ),
    "report_settings": ("Instellingen van de gemeente", "The municipality's settings"),
    "mixed_municipalities": (
        "Let op: de scenario's verschillen ook in instellingen die geen beleid zijn ({keys}). Deze vergelijking "
        "mengt dus twee gemeenten (of twee sets modelaannames); verschillen komen niet alleen door het beleid.",
        "Note: the scenarios also differ in settings that are not policy ({keys}). This comparison therefore "
        "mixes two municipalities (or two sets of model assumptions); differences are not due to policy alone.",
    ),
    "report_scenarios": ("De scenario's", "The scenarios"),
    "apply_to_all": (
        "Deze instellingen voor alle scenario's gebruiken",
        "Use these settings for every scenario",
    ),
    "report_is_reference": ("(referentie)", "(reference)"),
    "report_no_differences": ("Geen instellingen anders dan de basis.", "No settings differ from the baseline."),
    "report_people": ("Mensen", "People"),
    "report_unit_share": (
        "Aandeel (%) van de statushouders van 18–64 jaar, naar maanden sinds de vergunning",
        "Share (%) of status holders aged 18–64, by months since the permit",
    ),
    "report_reference": ("Referentie: {ref}", "Reference: {ref}"),
    "report_diff_title": ("Verschil met {ref} (gepaard)", "Difference from {ref} (paired)"),
    "report_unit_pp": (
        "Procentpunten verschil met {ref}, naar maanden sinds de vergunning",
        "Percentage points difference from {ref}, by months since the permit",
    ),
    "report_unit_money": (
        "€ mln per begrotingsjaar (gemeente); gestreepte lijn: het jaar waarin het extra rijksgeld stopt",
        "€ mln per budget year (municipality); dashed line: the year the extra national money stops",
    ),
    "report_kpi_note": (
        "Waarde: gemiddelde over {reps} herhalingen. Verschil: gemiddeld gepaard verschil met {ref}; het "
        "90%-interval zegt hoe zeker dat gemiddelde is, de 5–95% van de runs hoe ver één uitkomst kan afwijken. "
        "Aandelen: statushouders van 18–64 jaar op dat moment na de vergunning; geld: opgeteld over de looptijd.",
        "Value: mean over {reps} replications. Difference: mean paired difference from {ref}; the 90% interval "
        "says how sure that mean is, the 5–95% of runs how far one outcome can differ. Shares: status holders "
        "aged 18–64 at that time since the permit; money: summed over the horizon.",
    ),
    "report_assumptions": ("Wat op aannames rust", "What rests on assumptions"),
    "report_assumptions_intro": (
        "Deze instellingen en effecten gebruikt de vergelijking, maar geen cijfer in het bewijsbestand meet ze; "
        "ze zijn aangenomen (met de reden) of gekalibreerd.",
        "The comparison uses these settings and effects, but no figure in the evidence file measures them; they "
        "are assumed (with the reason) or calibrated.",
    ),
    "report_sources": ("Bronnen", "Sources"),
    "report_sources_intro": (
        "Per publicatie de nummers van de cijfers in het bronnenbestand van Werkpad (sim/data/evidence.csv) en hoe "
        "zeker elk cijfer is: bron gecontroleerd, gecontroleerd in een bericht over de bron, of minder zeker.",
        "For each publication the numbers of its figures in Werkpad's evidence file (sim/data/evidence.csv) and how "
        "sure each figure is: source checked, checked in a report of the source, or less sure.",
    ),
    "report_prov": ("Herkomst van de cijfers", "Provenance"),
    "report_prov_code": ("Werkpad {version}, commit {commit}", "Werkpad {version}, commit {commit}"),
    "report_prov_runs": (
        "Seed {seed}, {reps} herhalingen per scenario (herhaling k van elk scenario met dezelfde seed)",
        "Seed {seed}, {reps} replications per scenario (replication k of every scenario with the same seed)",
    ),
    "report_prov_unc": (
        "{unc}; kalibratie: {posterior}",
        "{unc}; calibration: {posterior}",
    ),
    "report_prov_shipped": (
        "de meegeleverde (calibration/posterior.csv, cohort 2014, CBS)",
        "the shipped one (calibration/posterior.csv, 2014 cohort, CBS)",
    ),
    "report_prov_written": ("gemaakt {when}", "written {when}"),
    "report_prov_scenario": ("Scenario {name}: inhoud-hash {hash}", "Scenario {name}: content hash {hash}"),
    "report_mark_lever": (
        "Extrapolatie: het verschil dat \u201c{lever}\u201d maakt ({who}) rust op {what}: een aanname die geen "
        "cijfer meet.",
        "Extrapolation: the difference \u201c{lever}\u201d makes ({who}) rests on {what}: an assumption no figure "
        "measures.",
    ),
    "report_footer": (
        "Werkpad {version} · commit {commit} · seed {seed} · {reps} herhalingen · {unc} · {date}",
        "Werkpad {version} · commit {commit} · seed {seed} · {reps} replications · {unc} · {date}",
    ),
    "report_unc_posterior": (
        "onzekere parameters: een kalibratietrekking per herhaling",
        "uncertain parameters: one calibration draw per replication",
    ),
    "report_unc_point": ("onzekere parameters: gemiddelde van de kalibratie", "uncertain parameters: calibration mean"),
    "report_unc_none": (
        "onzekere parameters: basiswaarden (geen kalibratie)",
        "uncertain parameters: baseline values (no calibration)",
    ),
}

REPORT_TEXT |= {
    "all": ("Iedereen", "Everyone"),
    "col_unit": ("Eenheid", "Unit"),
    "kpicol_stat_diff": ("Verschil met de referentie", "Difference from the reference"),
    "kpicol_lo": ("90%-interval laag", "90% interval low"),
    "kpicol_hi": ("90%-interval hoog", "90% interval high"),
    "kpicol_p05": ("5% van de runs", "5% of runs"),
    "kpicol_p95": ("95% van de runs", "95% of runs"),
    "unit_years": ("persoonsjaren", "person-years"),
    "unit_share": ("% (verschillen in procentpunten)", "% (differences in percentage points)"),
}
