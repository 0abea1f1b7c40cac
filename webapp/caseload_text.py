"""Dutch and English texts of the tab "Eigen bestand" (merged into :data:`webapp.i18n.TEXT`)."""

from __future__ import annotations

# key -> (Dutch, English)
CASELOAD_TEXT: dict[str, tuple[str, str]] = {
    "tab_caseload": ("Eigen bestand", "Own caseload"),
    "cl_title": (
        "Begin bij uw eigen klantenbestand",
        "Start from your own caseload",
    ),
    "cl_intro": (
        "Laad een **geanonimiseerd** bestand met uw huidige statushouders (één regel per volwassene). Het model "
        "begint in maand 0 met deze mensen, zoals het bestand ze beschrijft, en voegt de toekomstige instroom toe. "
        "U ziet dan per scenario van de vergelijking wat er met *deze* mensen gebeurt: werk, bijstand, Nederlands "
        "en cursus, 6 tot 60 maanden na de datum van het bestand.",
        "Load an **anonymised** file of your current status holders (one row per adult). The model starts in "
        "month 0 from these people as the file describes them and adds the future inflow. You then see for each "
        "scenario of the comparison what happens to *these* people: work, bijstand, Dutch and the course, 6 to "
        "60 months after the file's date.",
    ),
    "cl_privacy_title": ("Privacy: wat er met uw bestand gebeurt", "Privacy: what happens to your file"),
    "cl_privacy": (
        "- Het bestand wordt **alleen in het geheugen** gelezen: het wordt nergens opgeslagen, niet in de link "
        "van de pagina, niet in logbestanden, niet in een cache op schijf, en niet in downloads.\n"
        "- Een bestand met iets dat een persoon kan aanwijzen wordt **geweigerd**: een kolom met naam, BSN, "
        "adres, postcode, geboortedatum, contactgegevens of vrije tekst, of een waarde die daarop lijkt (een "
        "getal van 7 of meer cijfers, zoals een BSN dat de elfproef doorstaat; een datum; een postcode; een "
        "e-mailadres; tekst langer dan 32 tekens). Onbekende kolommen worden bij naam geweigerd.\n"
        "- Ten hoogste {rows} regels en {kb} kB; ten minste {min_rows} bruikbare regels.\n"
        "- Uitkomsten en downloads bevatten **alleen totalen**; groepen van minder dan {group} mensen worden "
        "nergens getoond. Het tabblad *Eén persoon* toont nooit mensen uit uw bestand.",
        "- The file is read **in memory only**: it is stored nowhere, not in the page's link, not in logs, not "
        "in a cache on disk, and not in downloads.\n"
        "- A file with anything that can identify a person is **refused**: a column with a name, BSN, address, "
        "postcode, date of birth, contact details or free text, or a value that looks like one (a number of 7 "
        "or more digits, such as a BSN that passes the elfproef; a date; a postcode; an e-mail address; text "
        "longer than 32 characters). Unknown columns are refused by name.\n"
        "- At most {rows} rows and {kb} kB; at least {min_rows} usable rows.\n"
        "- Results and downloads hold **only totals**; groups of fewer than {group} people are shown nowhere. "
        "The *One person* tab never shows people from your file.",
    ),
    "cl_format": ("Het bestandsformaat", "The file format"),
    "cl_format_note": (
        "CSV (komma of puntkomma), UTF-8; regels die met # beginnen worden overgeslagen. Waarden zonder "
        "hoofdlettergevoeligheid. Wat het bestand niet vertelt (opleiding, exact niveau, netwerk, ...) neemt "
        "het model over van vergelijkbare gesimuleerde mensen; zie de README.",
        "CSV (comma or semicolon), UTF-8; lines starting with # are skipped. Values are not case sensitive. "
        "What the file does not say (education, exact level, network, ...) the model takes from similar "
        "simulated people; see the README.",
    ),
    "cl_col": ("kolom", "column"),
    "cl_req": ("verplicht", "required"),
    "cl_values": ("waarden", "values"),
    "cl_yes": ("ja", "yes"),
    "cl_no": ("nee", "no"),
    "cl_template": ("Sjabloon (kop + 2 nep-regels)", "Template (header + 2 fake rows)"),
    "cl_example": ("Voorbeeld: SYNTHETISCH bestand (geen echte personen)", "Example: SYNTHETIC file (no real people)"),
    "cl_upload": ("Klantenbestand (CSV)", "Caseload file (CSV)"),
    "cl_year": (
        "Jaar van de datum van het bestand (alleen nodig met birth_year)",
        "Year of the file's date (only needed with birth_year)",
    ),
    "cl_none": (
        "Nog geen bestand geladen. Probeer het synthetische voorbeeld hierboven.",
        "No file loaded yet. Try the synthetic example above.",
    ),
    "cl_refused": ("Dit bestand is geweigerd: {msg}", "This file is refused: {msg}"),
    "cl_report": ("Controle van het bestand", "File check"),
    "cl_rows": (
        "{read} regels gelezen, {used} gebruikt, {refused} geweigerd.",
        "{read} rows read, {used} used, {refused} refused.",
    ),
    "cl_refused_rows": (
        "{n} regel(s) geweigerd, kolom {column}: {reason} (regels {lines})",
        "{n} row(s) refused, column {column}: {reason} (lines {lines})",
    ),
    "cl_link": (
        "partnerkoppeling niet gebruikt voor {n} regel(s): {reason} (regels {lines})",
        "partner link not used for {n} row(s): {reason} (lines {lines})",
    ),
    "cl_running": ("Prognose voor uw bestand wordt berekend ...", "Computing the forecast for your file ..."),
    "cl_failed": (
        "De prognose kon niet worden berekend (de inhoud van het bestand wordt niet getoond).",
        "The forecast could not be computed (the file's contents are not shown).",
    ),
    "cl_table_title": ("Prognose voor de mensen in uw bestand", "Forecast for the people in your file"),
    "cl_table_note": (
        "Aandeel van de {n} mensen uit het bestand (18-64) op maanden na de datum van het bestand; gemiddelde "
        "over {reps} herhalingen, tussen haken 5-95%. Maand 0 is het bestand zelf. Groepen van minder dan "
        "{group} mensen zijn weggelaten.",
        "Share of the file's {n} people (18-64) at months after the file's date; mean over {reps} replications, "
        "5-95% in brackets. Month 0 is the file itself. Groups of fewer than {group} people are left out.",
    ),
    "cl_month": ("maand", "month"),
    "cl_scenario": ("scenario", "scenario"),
    "cl_diff_note": (
        "Verschil met {base} (gepaarde herhalingen), in procentpunten met 90%-interval. Elk scenario begint "
        "met dezelfde mensen: wat het bestand niet zegt, is ingevuld onder {base}, het beleid tot de datum van "
        "het bestand; de scenario's verschillen pas vanaf die datum.",
        "Difference with {base} (paired replications), in percentage points with a 90% interval. Every scenario "
        "starts from the same people: what the file does not say is filled in under {base}, the policy until "
        "the file's date; the scenarios differ from that date on only.",
    ),
    "cl_download": ("Download de prognose (alleen totalen, CSV)", "Download the forecast (totals only, CSV)"),
    "cl_digest": (
        "Bestand herkend aan SHA-256 {digest}…: met scenario en seed bepaalt dat de berekening precies.",
        "File identified by SHA-256 {digest}…: with scenario and seed it decides the computation exactly.",
    ),
}
