"""Dutch and English texts of the regional labour market and households (issue #11).

Merged into :data:`webapp.i18n.TEXT`; kept apart so the shared text file changes little.
"""

from __future__ import annotations

REGION_TEXT: dict[str, tuple[str, str]] = {
    "people_note": (" (≈ {n} van {total} per jaar)", " (≈ {n} of {total} a year)"),
    "unit_people": ("personen (van één jaar instroom)", "persons (of one year's inflow)"),
}
