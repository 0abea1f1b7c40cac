"""The report as plain blocks (headings, paragraphs, lists, tables, figures), independent of PDF.

:mod:`webapp.report.sections` builds a list of these from the comparison; :mod:`webapp.report.pdf`
lays them out. Text may hold ``**bold**`` and ``[title](url)`` links, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A section (level 1) or sub-section (level 2) heading."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A paragraph; ``small`` for notes and captions, ``warning`` for a framed warning."""

    text: str
    small: bool = False
    warning: bool = False


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: list[str]
    small: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``widths`` are fractions of the text width (None: equal)."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None
    numeric_from: int = 1  # columns from this index on are right-aligned
    bold_rows: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    """A chart as PNG bytes (title, units and footer are drawn in the image)."""

    png: bytes
    title: str


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Heading | Para | Bullets | Table | Figure | PageBreak
