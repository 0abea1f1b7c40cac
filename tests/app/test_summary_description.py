"""The summary's description of a shipped option names what the page changed in it.

A shipped file's description speaks of its own values ("it stops in month 36"); when a slider or
a dated change gives the option another value of a key the file sets, the summary must not state
the old value as if it held.
"""

from __future__ import annotations

import pytest

from sim.params import load_specs
from sim.scenarios import Scenario, load_scenario
from webapp.state import AppState, Slot, build_scenario
from webapp.summary import DESCRIPTIONS_NL, changed_from_file, description


def _slot_scenario(base: str, edits: dict) -> Scenario:
    return build_scenario(AppState(), Slot(name=base, base=base, edits=edits))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_unchanged_shipped_option_keeps_its_own_text(lang: str) -> None:
    scen = _slot_scenario("funding_ends", {})
    text = description(scen, lang)
    assert text == (DESCRIPTIONS_NL["funding_ends"] if lang == "nl" else load_scenario("funding_ends").description)


@pytest.mark.parametrize(("lang", "said"), [("nl", "aangepast"), ("en", "changed on this page")])
def test_a_changed_value_the_file_sets_is_named(lang: str, said: str) -> None:
    scen = _slot_scenario("funding_ends", {"funding.end_month": 150})
    assert changed_from_file(scen, load_scenario("funding_ends")) == ["funding.end_month"]
    text = description(scen, lang)
    assert said in text and load_specs()["funding.end_month"].label(lang) in text


def test_a_value_the_file_does_not_set_is_not_named() -> None:
    scen = _slot_scenario("funding_ends", {"network.mentor_share": 0.5})
    assert changed_from_file(scen, load_scenario("funding_ends")) == []
