"""The council report's and the page's source list: readable confidence labels, no working notes.

The evidence file grades each row (``H-verified``, ``M-verified (report of source)``, ``L-unverified``,
...) and its ``source`` column sometimes holds the research team's notes ("figure from brief; not
found in corpus", "recalled"). A council files the report, so each cited figure must carry one label
of a fixed vocabulary in the report's language and no note. The expected label of a row is derived
here from the file's columns by the rules the README states, independently of the app's mapping.
"""

from __future__ import annotations

import csv
import re
from types import SimpleNamespace
from typing import Any

import pytest

from sim.scenarios import load_scenario
from webapp import confidence, evidence
from webapp.i18n import LANGS, tr
from webapp.report.blocks import Bullets
from webapp.report.sections import sources_section

NOTES = ("recalled", "not found in corpus", "figure from brief", "-verified", "unverified", "direction only")
_ITEM = re.compile(r"^(?P<title>.+) — (?P<cited>T\d.*)$")
_GROUP = re.compile(r"(?P<ids>T\d+-\d+(?:, T\d+-\d+)*): (?P<label>[^;]+)")


def _csv() -> dict[str, dict[str, str]]:
    with evidence.EVIDENCE.open(encoding="utf-8", newline="") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def _expected_level(row: dict[str, str]) -> str:
    """The README's rules: a working note decides; else H read in the source, M in a report of it, L below."""
    src, grade = row["source"].lower(), row["confidence"]
    if "figure from brief" in src:
        return "brief"
    if "recalled" in src:
        return "recalled"
    first = {"H": "checked", "M": "secondhand"}.get(grade[0])
    lows = {"L-verified": "uncertain", "L-direction only": "direction", "L-unverified": "unchecked"}
    return first or lows[grade]


def _items(lang: str, *names: str) -> list[str]:
    inputs: Any = SimpleNamespace(scenarios=[load_scenario(n) for n in names])
    bullets = [b for b in sources_section(inputs, lang) if isinstance(b, Bullets)]
    assert len(bullets) == 1
    return bullets[0].items


@pytest.mark.parametrize("lang", LANGS)
def test_every_cited_figure_carries_its_label_and_no_note(lang: str) -> None:
    rows, labels = _csv(), {tr(f"conf_{lvl}", lang): lvl for lvl in confidence.LEVELS}
    seen: set[str] = set()
    for item in _items(lang, "baseline", "funding_ends", "work_first", "era_2014"):
        assert not any(n in item.lower() for n in NOTES), item
        m = _ITEM.match(item)
        assert m, item
        assert not m["title"].startswith(("same", "[same]")), item
        groups = list(_GROUP.finditer(m["cited"]))
        assert "; ".join(g[0] for g in groups) == m["cited"], item  # nothing but ids and labels after the dash
        for g in groups:
            for i in g["ids"].split(", "):
                assert labels[g["label"]] == _expected_level(rows[i]), (i, item)
                seen.add(i)
    assert len({_expected_level(rows[i]) for i in seen}) >= 3  # the list is not one label throughout


def test_the_brief_figure_and_a_checked_cbs_table_in_dutch() -> None:
    """KIS 2018's dedicated client managers (T2-127) came from the brief; the CBS table T1-001 was read."""
    items = _items("nl", "baseline", "funding_ends")
    kis = [i for i in items if "T2-127" in i]
    assert kis == [
        "KIS monitor 3rd edition 2018 (KIS monitor 2018) — T2-127: cijfer uit de projectopdracht, "
        "bron niet teruggevonden"
    ]
    assert evidence.markdown("T1-001", "nl").endswith("(T1-001: bron gecontroleerd)")
    assert evidence.markdown("T4-162", "en") == "Publication not named (T4-162: cited from memory, source not read)"


def test_every_row_of_the_evidence_file_has_a_level_and_an_unknown_grade_is_refused() -> None:
    rows = _csv()
    got = evidence.rows()
    assert {i: lvl for i, (_, _, lvl) in got.items()} == {i: _expected_level(r) for i, r in rows.items()}
    assert all(title != "same" for title, _, _ in got.values())
    with pytest.raises(ValueError, match="T0-001.*'X-guessed' is not one of H-verified"):
        confidence.level("X-guessed", "a paper", "T0-001")


def test_working_notes_are_stripped_from_titles() -> None:
    assert confidence.clean_title("KIS monitor 2018 (figure from brief; not found in corpus)") == "KIS monitor 2018"
    assert confidence.clean_title("Card, Kluve & Weber, JEEA 2018 (recalled)") == "Card, Kluve & Weber, JEEA 2018"
    assert confidence.clean_title("recalled, no source read") == ""
    assert confidence.clean_title("Månsson & Delander 2015 (RCT)") == "Månsson & Delander 2015 (RCT)"
