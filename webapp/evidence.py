"""Sources behind the parameters: titles and links from ``sim/data/evidence.csv``.

A parameter's ``source`` names evidence rows (``"T2-121, T2-122"``, or a range such as
``"T8-267..T8-273"``). The page and the council report show them as the source's title with a
link instead of bare ids: :func:`sources` turns id lists into :class:`Source` items, one per
distinct publication, in the order first cited.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

EVIDENCE = Path(__file__).resolve().parents[1] / "sim" / "data" / "evidence.csv"
_ID = re.compile(r"T(\d+)-(\d+)")


@dataclass(frozen=True)
class Source:
    """One publication cited, with the evidence rows that come from it.

    Attributes:
        title: The publication as the evidence file names it.
        url: A web link (``https://...``), or empty when the file gives none.
        ids: Evidence row ids cited from it.
    """

    title: str
    url: str
    ids: tuple[str, ...]


@lru_cache(maxsize=1)
def rows() -> dict[str, tuple[str, str]]:
    """Evidence id -> (source title, link or reference) for every row of the file."""
    with EVIDENCE.open(encoding="utf-8", newline="") as f:
        return {r["id"]: (r["source"].strip(), _link(r["url_or_id"].strip())) for r in csv.DictReader(f)}


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
    grouped: dict[tuple[str, str], list[str]] = {}
    for i in ids:
        if i in known:
            grouped.setdefault(known[i], [])
            if i not in grouped[known[i]]:
                grouped[known[i]].append(i)
    return [Source(title, url, tuple(got)) for (title, url), got in grouped.items()]


def markdown(text: str) -> str:
    """A ``source`` field as Markdown links to its publications (``[title](url)``), for the page."""
    items = [f"[{s.title}]({s.url})" if s.url.startswith("http") else s.title for s in sources(expand_ids(text))]
    return "; ".join(items) if items else text
