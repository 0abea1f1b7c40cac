"""Dutch and English texts of the regional labour market and households (issue #11).

Merged into :data:`webapp.i18n.TEXT`; kept apart so the shared text file changes little.
"""

from __future__ import annotations

REGION_TEXT: dict[str, tuple[str, str]] = {
    "people_note": (" (≈ {n} van {total} per jaar)", " (≈ {n} of {total} a year)"),
    "unit_people": ("personen (van één jaar instroom)", "persons (of one year's inflow)"),
    "hh_single": ("alleenstaand", "single"),
    "hh_couple": ("met partner, zonder kinderen", "with a partner, no children"),
    "hh_couple_children": ("met partner en kinderen", "with a partner and children"),
    "hh_single_parent": ("alleenstaande ouder", "single parent"),
    "household_line": ("Huishouden: {kind}", "Household: {kind}"),
    "household_kids": (" ({kids} kinderen)", " ({kids} children)"),
    "partner_line": (
        "De partner (persoon {q}) kreeg de vergunning in maand {month} ({offset:+d} maanden); "
        "de bijstand is van het huishouden.",
        "The partner (person {q}) got the permit in month {month} ({offset:+d} months); "
        "bijstand belongs to the household.",
    ),
    "partner_row": ("Partner ({name})", "Partner ({name})"),
    "role_principal": ("kreeg zelf de vergunning", "received the permit"),
    "role_together": ("kwam mee met de partner", "came with the partner"),
    "role_nareiziger": ("kwam later als nareiziger", "came later as a nareiziger"),
}

# Household-type rows of the by-group tables (sim.outcomes: "household=<type>").
HOUSEHOLD_GROUP_NAMES: dict[str, tuple[str, str]] = {
    "household=single": ("Alleenstaand", "Single"),
    "household=couple": ("Paar zonder kinderen", "Couple, no children"),
    "household=couple_children": ("Paar met kinderen", "Couple with children"),
    "household=single_parent": ("Alleenstaande ouder", "Single parent"),
}
