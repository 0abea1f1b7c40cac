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


def test_a_shared_setting_is_not_named_but_a_lever_is() -> None:
    """The municipality's settings are the same for every option; a lever is the option's own."""
    shared = build_scenario(AppState(shared={"context.inflow_per_year": 25}), Slot(name="x", base="funding_ends"))
    assert changed_from_file(shared, load_scenario("funding_ends")) == []
    scen = _slot_scenario("funding_ends", {"network.mentor_share": 0.5})
    assert changed_from_file(scen, load_scenario("funding_ends")) == ["network.mentor_share"]


def test_an_upload_without_description_is_the_baseline_with_its_changes_named() -> None:
    """Found by the optimiser's helper: an upload without a description was shown as the plain baseline."""
    upload = build_scenario(
        AppState(), Slot(name="eigen", base="upload", edits={"guidance.dedicated_fte_per_100_inflow": 6.0})
    )
    text = description(upload, "nl")
    assert (
        text.startswith(DESCRIPTIONS_NL["baseline"])
        and load_specs()["guidance.dedicated_fte_per_100_inflow"].label("nl") in text
    )


def test_every_shipped_scenario_has_a_dutch_name_and_description() -> None:
    """A Dutch page showed era_2014's English description and era_2020's file name."""
    from sim.scenarios import list_scenarios
    from webapp.i18n import SCENARIO_NAMES, name_of

    for name in list_scenarios():
        dutch = description(_slot_scenario(name, {}), "nl")
        assert dutch != load_scenario(name).description, name
        assert name_of(SCENARIO_NAMES, name, "nl") != name, name


@pytest.mark.parametrize(
    ("inflow", "nl", "en"), [(150, "7,5 fte bij 150", "7.5 FTE at 150"), (20, "1 fte bij 20", "1 FTE at 20")]
)
def test_a_lever_per_100_housed_names_the_amount_at_the_municipalitys_inflow(inflow: int, nl: str, en: str) -> None:
    """Five FTE per 100 adults housed a year reads as the team a council pays for, at its own size."""
    from webapp.describe import lever_lines

    scen = load_scenario("funding_ends").with_overrides({"context.inflow_per_year": inflow})
    ref = load_scenario("baseline").with_overrides({"context.inflow_per_year": inflow})
    label = load_specs()["guidance.dedicated_fte_per_100_inflow"].label("nl")
    (line_nl,) = [x for x in lever_lines(scen, ref, "Basis", "nl") if x.startswith(label)]
    (line_en,) = [x for x in lever_lines(scen, ref, "Basis", "en") if x.startswith("Dedicated client managers")]
    assert line_nl.endswith(f"; {nl} per jaar") and line_en.endswith(f"; {en} a year")
