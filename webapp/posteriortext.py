"""Dutch and English texts of the calibration chooser (merged into :data:`webapp.i18n.TEXT`)."""

from __future__ import annotations

# key -> (Dutch, English)
POSTERIOR_TEXT: dict[str, tuple[str, str]] = {
    "post_choice": ("Kalibratie", "Calibration"),
    "post_shipped": ("Meegeleverd (cohort 2014, CBS)", "Shipped (2014 cohort, CBS)"),
    "post_help": (
        "Waar de onzekere parameters vandaan komen: de meegeleverde kalibratie op het CBS-cohort 2014, of een "
        "eigen kalibratie die `sim calibrate --targets ... --out out/NAAM` in de map out/ heeft gemaakt.",
        "Where the uncertain parameters come from: the shipped calibration to the CBS 2014 cohort, or your own "
        "calibration that `sim calibrate --targets ... --out out/NAME` wrote in the out/ folder.",
    ),
    "post_gone": (
        "De gekozen kalibratie out/{name} is er niet meer; de meegeleverde wordt gebruikt.",
        "The chosen calibration out/{name} is no longer there; the shipped one is used.",
    ),
    "post_shown": (
        "Deze tab toont de kalibratie **{name}**: doelen uit `{targets}`, scenario `{scenario}`. Waar hieronder "
        "'CBS' staat, gaat het om de cijfers uit dat bestand.",
        "This tab shows the calibration **{name}**: targets from `{targets}`, scenario `{scenario}`. Where the "
        "tab says 'CBS' below, read: the figures of that file.",
    ),
    "post_quick": (
        "Snelle kalibratie: alleen de parameters die deze cijfers kunnen sturen zijn geschat; de andere staan "
        "op het gemiddelde van de meegeleverde kalibratie. Een handvol cijfers legt weinig vast: zie de tabel "
        "'wat de cijfers vastleggen' in het fitrapport (pinned_down.csv).",
        "Quick calibration: only the parameters these figures can inform were fitted; the others are held at "
        "the shipped calibration's mean. A handful of figures pins down little: see 'what the figures pin down' "
        "in the fit report (pinned_down.csv).",
    ),
    "col_prior90": ("Vooraf (90%)", "Prior (90%)"),
    "col_posterior90": ("Na kalibratie (90%)", "After calibration (90%)"),
    "col_width": ("Breedte", "Width"),
    "post_pinned": ("Wat de cijfers vastleggen", "What the figures pin down"),
    "post_pinned_note": (
        "Per geschatte parameter het 90%-bereik vóór (prior) en na de kalibratie (posterior); 'breedte' is het "
        "na-bereik als deel van het vóór-bereik (logaritmisch).",
        "Per fitted parameter the 90% range before (prior) and after calibration (posterior); 'width' is the "
        "posterior range as a share of the prior's (log scale).",
    ),
}
