"""How sure a cited figure is, in words a council can file: a fixed vocabulary for the evidence file.

``sim/data/evidence.csv`` grades each row in its ``confidence`` column (``H-verified``: an official
statistic read in the source itself; ``M-verified``: read in a report of the source;
``L-direction only``: only the direction of an effect is confirmed; ``L-unverified``: not checked)
and sometimes adds working notes to the ``source`` column ("figure from brief; not found in
corpus", "recalled"). Those notes are the research team's shorthand, not a citation.
:func:`level` maps a row to one of :data:`LEVELS`; :func:`clean_title` strips the notes from the
title. The labels of the levels live in :data:`CONFIDENCE_TEXT` (merged into
:data:`webapp.i18n.TEXT` under ``conf_<level>``).
"""

from __future__ import annotations

import re

# level -> (Dutch, English); the order is from the surest to the least sure
CONFIDENCE_TEXT: dict[str, tuple[str, str]] = {
    "conf_checked": ("bron gecontroleerd", "source checked"),
    "conf_secondhand": ("gecontroleerd in een bericht over de bron", "checked in a report of the source"),
    "conf_uncertain": ("bron gecontroleerd, cijfer onzeker", "source checked, figure uncertain"),
    "conf_direction": ("alleen de richting van het effect bevestigd", "only the direction of the effect confirmed"),
    "conf_unchecked": ("bron niet gecontroleerd", "source not checked"),
    "conf_brief": (
        "cijfer uit de projectopdracht, bron niet teruggevonden",
        "figure from the project brief, source not found",
    ),
    "conf_recalled": ("uit het geheugen aangehaald, bron niet gelezen", "cited from memory, source not read"),
    "conf_no_title": ("Publicatie niet genoemd", "Publication not named"),
}
LEVELS = tuple(k.removeprefix("conf_") for k in CONFIDENCE_TEXT if k != "conf_no_title")

# the evidence file's confidence grades (prefix match) -> level, for rows without a working note
_GRADES = (
    ("H-verified", "checked"),
    ("M-verified", "secondhand"),
    ("L-verified", "uncertain"),
    ("L-direction only", "direction"),
    ("L-unverified", "unchecked"),
)
# working notes in the source column -> level; they win over the grade
_NOTES = (("figure from brief", "brief"), ("recalled", "recalled"))
_NOTE_TEXT = re.compile(r"\s*\((?:figure from brief[^)]*|recalled[^)]*)\)|^recalled(?:, no source read)?$")


def level(confidence: str, source: str, row_id: str = "") -> str:
    """The confidence level of an evidence row, one of :data:`LEVELS`.

    Args:
        confidence: The row's ``confidence`` column, e.g. ``"M-verified (report of source)"``.
        source: The row's ``source`` column (working notes in it decide first).
        row_id: The row's id, for the error message.

    Raises:
        ValueError: A grade the vocabulary does not know (``tests/app`` checks every row of the file).
    """
    for note, lvl in _NOTES:
        if note in source.lower():
            return lvl
    for grade, lvl in _GRADES:
        if confidence.startswith(grade):
            return lvl
    known = ", ".join(g for g, _ in _GRADES)
    raise ValueError(f"evidence row {row_id}: confidence {confidence!r} is not one of {known}")


def clean_title(source: str) -> str:
    """The source column without the working notes (empty when the note was all there was)."""
    return _NOTE_TEXT.sub("", source.strip()).strip()
