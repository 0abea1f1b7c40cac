"""Extrapolation marks: results that rest on parameters no evidence measures are named."""

from __future__ import annotations

import json

import pytest

from sim import extrapolation
from sim.params import load_specs
from sim.scenarios import Scenario, load_scenario
from werkpad.cli import main


def _names(found: list[extrapolation.Mark]) -> dict[str, tuple[str, ...]]:
    return {m.key: m.scenarios for m in found}


def test_the_2021_law_marks_every_scenario_under_it_and_only_those() -> None:
    base, era = load_scenario("baseline"), load_scenario("era_2014")  # 2021 law / 2013 law
    found = extrapolation.marks([base, era])
    law = next(m for m in found if m.key == "law2021")
    assert law.scenarios == ("baseline",) and law.level and law.kpis == (extrapolation.ALL_KPIS,)
    assert extrapolation.marks([era]) == []  # a 2013-law scenario alone rests on no law mark


def test_a_dated_change_to_the_2021_law_counts() -> None:
    era = load_scenario("era_2014")
    later = Scenario(name="switch", overrides={"regime.law": 2013}, changes=((24, {"regime.law": 2021}),))
    assert extrapolation.under_law2021(later) and not extrapolation.under_law2021(era)


def test_a_lever_marks_a_scenario_only_when_its_effect_is_an_assumption() -> None:
    base = load_scenario("baseline")
    coordinator = base.with_overrides({"guidance.coordinator": True}, name="coordinator")
    mediation = base.with_overrides({"employers.jobcoach_share": 0.5}, name="jobcoach")  # effect has a source
    found = _names(extrapolation.marks([base, coordinator, mediation]))
    assert found["guidance.coordinator"] == ("coordinator",)
    assert "employers.jobcoach_share" not in found
    assert load_specs()["effects.jobcoach_separation_ratio"].source  # why: T4-166 measures it


def test_every_lever_effect_parameter_exists() -> None:
    specs = load_specs()
    for lever, effects in extrapolation.LEVER_EFFECTS.items():
        assert lever in specs and specs[lever].kind == "lever", lever
        assert all(e in specs for e in effects), (lever, effects)
    assert all(p in specs for p in extrapolation.LAW2021_PARAMETERS)


def test_notes_in_both_languages_and_kpi_marks() -> None:
    base = load_scenario("baseline")
    dual = load_scenario("dual_track")
    nl, en = extrapolation.notes([base, dual], "nl"), extrapolation.notes([base, dual], "en")
    assert len(nl) == len(en) >= 2 and nl[0].startswith("Extrapolatie") and en[0].startswith("Extrapolation")
    per_kpi = extrapolation.kpi_marks([base, dual], ["employed_share_m36"])
    assert per_kpi["dual_track"]["employed_share_m36"] == ["law2021", "learning.dual_places_per_100"]
    with pytest.raises(ValueError, match="lang"):
        extrapolation.notes([base], "de")


def test_sim_compare_prints_and_returns_the_marks(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "baseline", "dual_track", "--reps", "2", "--months", "24", "--point-estimate"]
    assert main([*args, "--json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert [m["key"] for m in table["extrapolation"]] == ["law2021", "learning.dual_places_per_100"]
    assert main(args) == 0
    assert "Extrapolation: the results under the 2021" in capsys.readouterr().out
