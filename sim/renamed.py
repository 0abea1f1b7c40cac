"""Parameters that were replaced: an old key in a scenario, design, link or upload is refused with the new one.

A lever that was an absolute amount meant something different in every municipality (8 FTE of
client managers serve everyone at an inflow of 20 a year and a small part at 1,000; issue #11).
Such levers are now set per 100 adults housed a year. A file or link with the old key is not
converted silently (the conversion needs the municipality's inflow, and the old value may have
been meant for another size): it is refused with a message naming the new key and how to convert.
"""

from __future__ import annotations

from typing import NamedTuple


class Renamed(NamedTuple):
    """A replaced parameter: its new key and how to convert an old value (English, Dutch)."""

    new: str
    how_en: str
    how_nl: str


RENAMED: dict[str, Renamed] = {
    "guidance.dedicated_fte": Renamed(
        "guidance.dedicated_fte_per_100_inflow",
        "FTE per 100 adults housed a year: the old FTE / context.inflow_per_year x 100 (8 FTE at 150 a year = 5.33)",
        "fte per 100 gehuisveste volwassenen per jaar: de oude fte / context.inflow_per_year x 100 "
        "(8 fte bij 150 per jaar = 5,33)",
    ),
    "employers.municipal_places_per_year": Renamed(
        "employers.municipal_places_per_100_inflow",
        "jobs a year per 100 adults housed a year: the old jobs a year / context.inflow_per_year x 100 "
        "(6 jobs at 150 a year = 4)",
        "banen per jaar per 100 gehuisveste volwassenen per jaar: de oude banen per jaar / context.inflow_per_year "
        "x 100 (6 banen bij 150 per jaar = 4)",
    ),
}
