"""Sources behind the parameters: titles and links from ``sim/data/evidence.csv``.

A parameter's ``source`` names evidence rows (``"T2-121, T2-122"``, or a range such as
``"T8-267..T8-273"``). The page and the council report show them as the source's title with a
link instead of bare ids: :func:`sources` turns id lists into :class:`Source` items, one per
distinct publication, in the order first cited. Titles come without the file's working notes and
each cited row carries its confidence level (:mod:`webapp.confidence`); a title written "same"
(ditto) is the title of the earlier row with the same link.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from webapp import confidence
from webapp.i18n import tr

EVIDENCE = Path(__file__).resolve().parents[1] / "sim" / "data" / "evidence.csv"
_ID = re.compile(r"T(\d+)-(\d+)")


@dataclass(frozen=True)
class Source:
    """One publication cited, with the evidence rows that come from it.

    Attributes:
        title: The publication as the evidence file names it.
        url: A web link (``https://...``), or empty when the file gives none.
        ids: Evidence row ids cited from it.
        levels: The confidence level of each id (:data:`webapp.confidence.LEVELS`), in the same order.
    """

    title: str
    url: str
    ids: tuple[str, ...]
    levels: tuple[str, ...]

    def by_level(self) -> list[tuple[str, list[str]]]:
        """(level, ids) pairs, the levels in the order first met."""
        out: dict[str, list[str]] = {}
        for i, lvl in zip(self.ids, self.levels, strict=True):
            out.setdefault(lvl, []).append(i)
        return list(out.items())


@lru_cache(maxsize=1)
def rows() -> dict[str, tuple[str, str, str]]:
    """Evidence id -> (source title, link or reference, confidence level) for every row of the file.

    Raises:
        ValueError: A row whose confidence grade :func:`webapp.confidence.level` does not know.
    """
    out: dict[str, tuple[str, str, str]] = {}
    title_of_link: dict[str, str] = {}
    with EVIDENCE.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            link, title = _link(r["url_or_id"].strip()), confidence.clean_title(r["source"])
            if title == "same":
                title = title_of_link.get(link, out[next(reversed(out))][0] if out else "")
            title_of_link.setdefault(link, title)
            out[r["id"]] = (title, link, confidence.level(r["confidence"], r["source"], r["id"]))
    return out


def _link(ref: str) -> str:
    """A URL from the file's ``url_or_id`` column (DOIs become doi.org links; other text stays)."""
    if ref.startswith(("http://", "https://")):
        return ref
    if ref.lower().startswith("doi:"):
        return "https://doi.org/" + ref[4:]
    return "" if ref in ("", "-") else ref


def expand_ids(text: str) -> list[str]:
    """Evidence ids in a ``source`` field, ranges written ``T8-267..T8-273`` expanded.

    Args:
        text: A parameter's ``source``, e.g. ``"T2-121, T2-122"`` or ``"T8-267..T8-273"``.

    Returns:
        The ids in order (without the words around them).
    """
    out: list[str] = []
    for part in re.split(r"[,;]", text):
        found = _ID.findall(part)
        if ".." in part and len(found) == 2 and found[0][0] == found[1][0]:
            theme, (a, b) = found[0][0], (int(found[0][1]), int(found[1][1]))
            out += [f"T{theme}-{n:0{len(found[0][1])}d}" for n in range(a, b + 1)]
        else:
            out += [f"T{t}-{n}" for t, n in found]
    return out


def sources(ids: Iterable[str]) -> list[Source]:
    """The publications behind evidence ids, one per (title, link), in first-cited order.

    Ids missing from the file are skipped (``tests/core`` checks that every cited id exists).
    """
    known = rows()
    grouped: dict[tuple[str, str], dict[str, str]] = {}
    for i in ids:
        if i in known:
            title, url, lvl = known[i]
            grouped.setdefault((title, url), {}).setdefault(i, lvl)
    return [Source(t, u, tuple(got), tuple(got.values())) for (t, u), got in grouped.items()]


def title_link(s: Source, lang: str) -> str:
    """A source's title as a Markdown link (a reference that is no link follows in brackets)."""
    title = s.title or tr("conf_no_title", lang)
    if s.url.startswith("http"):
        return f"[{title}]({s.url})"
    return title + (f" ({s.url})" if s.url and s.url != s.title else "")


def with_levels(s: Source, lang: str) -> str:
    """The ids cited from a source with their confidence: ``T1-001, T1-002: bron gecontroleerd``."""
    return "; ".join(f"{', '.join(ids)}: {tr('conf_' + lvl, lang)}" for lvl, ids in s.by_level())


def markdown(text: str, lang: str = "nl") -> str:
    """A ``source`` field as Markdown links to its publications with their confidence, for the page."""
    items = [f"{title_link(s, lang)} ({with_levels(s, lang)})" for s in sources(expand_ids(text))]
    return "; ".join(items) if items else text
