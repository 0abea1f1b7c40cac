"""Dutch and English texts of the calibration and sensitivity tabs (merged into :data:`webapp.i18n.TEXT`).

Kept apart from :mod:`webapp.i18n` so both stay short. Numbers are never written here: every
figure on those tabs is read from the files under ``calibration/`` when the page is drawn.
"""

from __future__ import annotations

# key -> (Dutch, English)
CALIB_TEXT: dict[str, tuple[str, str]] = {
    "tab_calib": ("Kalibratie", "Calibration"),
    "tab_sens": ("Gevoeligheid", "Sensitivity"),
    "cal_title": ("Kalibratie: past het model bij wat er echt gebeurde?", "Calibration: does the model match reality?"),
    "cal_intro": (
        "Een model is pas bruikbaar als het kan nabootsen wat er echt gebeurd is. Daarom is het model "
        "het scenario *Zoals in 2014* (de wet van 2013, het beleid en de arbeidsmarkt van toen) laten doorrekenen "
        "en vergeleken met wat het CBS zag bij de mensen die in 2014 een verblijfsvergunning kregen: hoeveel er "
        "werk hadden, een uitkering, het inburgeringsexamen haalden, en werk naar herkomst.\n\n"
        "Een deel van de modelparameters kent niemand precies, zoals de kans op een baanaanbod of hoe snel "
        "iemand Nederlands leert. Voor die parameters is gezocht naar alle waarden waarmee het model de "
        "CBS-cijfers goed benadert (ABC-SMC). Het resultaat is geen enkel getal maar een verzameling "
        "waarschijnlijke waarden: de *posterior*. Standaard trekt elke herhaling in de "
        "vergelijking haar eigen waarden uit de posterior (in alle scenario's dezelfde), zodat de banden ook "
        "laten zien wat de kalibratie niet kon vastleggen.",
        "A model is only useful if it can reproduce what actually happened. So the model ran the scenario "
        "*As in 2014* (the 2013 law, the policies and labour market of the time) and was compared with what "
        "Statistics Netherlands (CBS) saw among the people granted a residence permit in 2014: how many had a "
        "job, a benefit, passed the civic-integration exam, and work by country of origin.\n\n"
        "Some model parameters nobody knows exactly, such as the chance of a job offer or how fast people learn "
        "Dutch. For those, calibration searched for every value with which the model comes close to the CBS "
        "figures (ABC-SMC). The result is not one number but a set of plausible values: the "
        "*posterior*. By default each replication in the comparison draws its own values from the posterior "
        "(the same in every scenario), so the bands also show what calibration could not pin down.",
    ),
    "cal_score": (
        "Van de {n} doelen liggen er **{ok}** binnen hun marge en **{miss}** niet; {zero} zijn alleen ter "
        "vergelijking getoond (gewicht 0, niet gebruikt bij het fitten).",
        "Of the {n} targets, **{ok}** are within their tolerance and **{miss}** are not; {zero} are shown for "
        "comparison only (weight 0, not used in the fit).",
    ),
    "cal_misses": ("Waar het model de cijfers mist", "Where the model misses the figures"),
    "cal_misses_intro": (
        "Per gemist doel: de CBS-waarde, de mediaan van het model en de toelichting uit het kalibratiebestand "
        "(in het Engels, zoals vastgelegd).",
        "For each missed target: the CBS value, the model's median and the note from the calibration file.",
    ),
    "cal_miss_line": (
        "**{label}** ({row}): CBS {obs}%, model {sim}% (verschil {err} pp, marge ± {tol} pp{zero})",
        "**{label}** ({row}): CBS {obs}%, model {sim}% (error {err} pp, tolerance ± {tol} pp{zero})",
    ),
    "cal_note": ("Toelichting: *{note}*", "Note: *{note}*"),
    "cal_note_group": ("{n} doelen met de toelichting *{note}*:", "{n} targets with the note *{note}*:"),
    "cal_zero_weight": ("; gewicht 0", "; weight 0"),
    "cal_none_missed": ("Alle gefitte doelen liggen binnen hun marge.", "Every fitted target is within its tolerance."),
    "cal_fit_chart": ("CBS tegenover model, per doel", "CBS versus the model, per target"),
    "cal_fit_note": (
        "Ruit: CBS-waarde met de marge (± tolerantie) die het model moet halen; groen binnen de marge, rood "
        "erbuiten, grijs alleen ter vergelijking. Blauwe stip: mediaan van het model over trekkingen uit de "
        "posterior, met de 5–95%-band.",
        "Diamond: CBS value with the tolerance the model must reach; green within it, red outside, grey for "
        "comparison only. Blue dot: the model's median over posterior draws, with the 5–95% band.",
    ),
    "cal_sim": ("Model (mediaan, 5–95%)", "Model (median, 5–95%)"),
    "cal_ok": ("CBS: binnen de marge", "CBS: within tolerance"),
    "cal_miss": ("CBS: buiten de marge", "CBS: outside tolerance"),
    "cal_unfitted": ("CBS: niet gefit (gewicht 0)", "CBS: not fitted (weight 0)"),
    "cal_pct_cohort": ("% van het cohort (18–64)", "% of the cohort (18–64)"),
    "cal_table": ("Fout per doel", "Error per target"),
    "col_target": ("Doel", "Target"),
    "col_row": ("Bron (rij)", "Source (row)"),
    "col_month": ("Maand", "Month"),
    "col_observed": ("CBS (%)", "CBS (%)"),
    "col_simulated": ("Model (%)", "Model (%)"),
    "col_band": ("Model 5–95%", "Model 5–95%"),
    "col_error": ("Fout (pp)", "Error (pp)"),
    "col_tolerance": ("Marge (pp)", "Tolerance (pp)"),
    "col_weight": ("Gewicht", "Weight"),
    "col_within": ("Binnen marge", "Within tolerance"),
    "col_note": ("Toelichting", "Note"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "not_fitted": ("niet gefit", "not fitted"),
    "target_label": ("{metric}, {month} mnd", "{metric}, {month} months"),
    "cal_posterior": ("Wat de kalibratie heeft geleerd (posterior)", "What calibration learnt (posterior)"),
    "cal_posterior_note": (
        "Per onzekere parameter: hoe vaak elke waarde voorkomt in de posterior (gewogen). Grijs vlak: het "
        "bereik dat vooraf aannemelijk werd geacht (95% van de prior). Een smalle piek betekent dat de "
        "CBS-cijfers de parameter goed vastleggen; een brede verdeling dat ze dat niet doen.",
        "For each uncertain parameter: how often each value occurs in the posterior (weighted). Grey area: the "
        "range thought plausible beforehand (95% of the prior). A narrow peak means the CBS figures pin the "
        "parameter down; a wide spread means they do not.",
    ),
    "cal_share_sets": ("Aandeel (gewogen)", "Share (weighted)"),
    "col_param": ("Parameter", "Parameter"),
    "col_key": ("Sleutel", "Key"),
    "col_mean": ("Gemiddelde", "Mean"),
    "col_lo": ("5%", "5%"),
    "col_median": ("Mediaan", "Median"),
    "col_hi": ("95%", "95%"),
    "col_prior": ("Vooraf (95%)", "Prior (95%)"),
    "col_default": ("Basiswaarde", "Baseline value"),
    "cal_figures": ("Figuren uit het kalibratierapport (Engels)", "Figures from the calibration report"),
    "cal_download_html": ("Kalibratierapport (HTML)", "Calibration report (HTML)"),
    "cal_era2020": ("Voorspelling: vergunning rond 2020", "Prediction: permit around 2020"),
    "cal_era2020_note": (
        "Met dezelfde gekalibreerde parameters en het beleid en de arbeidsmarkt van rond 2020 (scenario "
        "*era_2020*) voorspelt het model voor mensen die toen een vergunning kregen: mediaan en, tussen haakjes, "
        "de 5–95%-band over trekkingen uit de posterior. Het model is niet afgestemd op cijfers over dat cohort.",
        "With the same calibrated parameters and the policies and labour market of around 2020 (scenario "
        "*era_2020*), the model predicts for people granted a permit then: median and, in brackets, the 5–95% "
        "band over posterior draws. The model was not tuned to any figure on that cohort.",
    ),
    "col_outcome": ("Uitkomst", "Outcome"),
    "after_months": ("na {m} maanden", "after {m} months"),
    "cal_provenance": ("Herkomst van de kalibratie", "Provenance of the calibration"),
    "cal_generations": ("Generaties van ABC-SMC", "ABC-SMC generations"),
    "col_field": ("Gegeven", "Field"),
    "col_value": ("Waarde", "Value"),
    "col_generation": ("Generatie", "Generation"),
    "col_epsilon": ("Drempel (epsilon)", "Threshold (epsilon)"),
    "col_samples": ("Simulaties", "Simulations"),
    "cal_stale": (
        "Het scenario {scenario} is veranderd sinds deze kalibratie (hash toen {then}, nu {now}): het model of "
        "zijn basiswaarden zijn aangepast. De posterior kan verouderd zijn tot de kalibratie opnieuw is gedraaid.",
        "The scenario {scenario} has changed since this calibration (hash then {then}, now {now}): the model or "
        "its defaults changed. The posterior may be out of date until calibration is rerun.",
    ),
    "cal_missing_file": (
        "Het bestand `{file}` ontbreekt of is onleesbaar (verwachte kolommen: {cols}); dit onderdeel kan niet "
        "worden getoond. Draai `sim calibrate` of `sim sensitivity` om het te maken.",
        "The file `{file}` is missing or unreadable (expected columns: {cols}); this part cannot be shown. Run "
        "`sim calibrate` or `sim sensitivity` to make it.",
    ),
    "sens_title": ("Welke knoppen en onzekerheden doen ertoe?", "Which levers and uncertainties matter?"),
    "sens_intro": (
        "Een gevoeligheidsanalyse laat zien welke instellingen de uitkomsten het meest bewegen. Elke "
        "beleidsknop (wat de gemeente kiest) en elke onzekere parameter (wat het model niet precies weet) is "
        "over zijn aannemelijke bereik gevarieerd, telkens één tegelijk vanuit veel verschillende "
        "uitgangspunten (methode van Morris, op het basisscenario).\n\n"
        "- **μ\\*** is de gemiddelde omvang van het effect op een kerncijfer als de factor over zijn bereik "
        "beweegt: hoe groter, hoe meer de factor ertoe doet.\n"
        "- **σ** laat zien hoe sterk dat effect afhangt van de andere instellingen (samenspel, niet-lineair): "
        "een grote σ betekent 'het hangt ervan af'.\n"
        "- De **rangorde** middelt μ\\* over de kerncijfers, elk geschaald zodat de grootste factor 1 is.\n\n"
        "Hoog scorende onzekere parameters zijn waar betere gegevens het meest opleveren; hoog scorende knoppen "
        "zijn waar beleid het verschil maakt.",
        "A sensitivity analysis shows which settings move the outcomes most. Every policy lever (what the "
        "municipality chooses) and every uncertain parameter (what the model does not know exactly) was varied "
        "over its plausible range, one at a time from many different starting points (the Morris method, on "
        "the baseline scenario).\n\n"
        "- **μ\\*** is the average size of the effect on a key figure when the factor moves over its range: "
        "the larger, the more the factor matters.\n"
        "- **σ** shows how much that effect depends on the other settings (interactions, non-linearity): a "
        "large σ means 'it depends'.\n"
        "- The **ranking** averages μ\\* over the key figures, each scaled so the largest factor is 1.\n\n"
        "Uncertain parameters near the top are where better data pays off most; levers near the top are where "
        "policy makes the difference.",
    ),
    "sens_ranking": ("Rangorde over alle kerncijfers", "Ranking over all key figures"),
    "sens_mean_norm": ("Gemiddelde geschaalde μ* (0–1)", "Mean scaled μ* (0–1)"),
    "sens_kind": ("Soort", "Kind"),
    "kind_lever": ("Beleidsknop", "Policy lever"),
    "kind_uncertain": ("Onzekere parameter", "Uncertain parameter"),
    "kind_context": ("Omgeving (arbeidsmarkt)", "Context (labour market)"),
    "sens_morris": ("μ* en σ per kerncijfer", "μ* and σ per key figure"),
    "sens_kpi": ("Kerncijfer", "Key figure"),
    "sens_morris_note": (
        "Balk: μ* (omvang van het effect over het bereik van de factor), streep: σ (hoe sterk het effect "
        "afhangt van de andere instellingen). In {unit}.",
        "Bar: μ* (size of the effect over the factor's range), tick: σ (how much the effect depends on the "
        "other settings). In {unit}.",
    ),
    "unit_pp": ("procentpunt", "percentage points"),
    "unit_meur": ("miljoen euro", "million euros"),
    "sens_table": ("Tabel: geschaalde μ* per kerncijfer", "Table: scaled μ* per key figure"),
    "col_rank": ("Rang", "Rank"),
    "col_factor": ("Factor", "Factor"),
}

# Outcomes of calibration targets (``<metric>_m<month>[_<origin>]``) not among the app's metrics.
TARGET_METRICS: dict[str, tuple[str, str]] = {
    "exempt": ("Ontheffing examen", "Exempted from the exam"),
    "welfare": ("Met een uitkering", "On benefits"),
    "welfare_main": ("Uitkering als hoofdinkomen", "Benefit as main income"),
}
