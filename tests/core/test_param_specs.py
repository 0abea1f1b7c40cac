"""The parameter spec schema: every field a parameter needs is there and consistent, or loading fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from sim import extrapolation
from sim.params import BASELINE_PATH, ParamSpec, load_groups, load_specs
from sim.scenarios import load_scenario


def _raw(key: str) -> dict[str, Any]:
    return load_specs()[key].model_dump(exclude_none=True)


@pytest.mark.parametrize(
    ("key", "change", "fragment"),
    [
        ("guidance.dedicated_fte_per_100_inflow", {"step": None}, "step"),
        ("guidance.dedicated_fte_per_100_inflow", {"step": 0.0}, "step"),
        ("guidance.dedicated_fte_per_100_inflow", {"slider": (0.0, 3000.0)}, "slider"),
        ("guidance.coordinator", {"funded": True}, "funded"),
        ("costs.mentor_eur_month", {"funded": True}, "funded"),
        ("regime.law", {"step": 1.0}, "step"),
        ("guidance.dedicated_fte_per_100_inflow", {"label_nl": ""}, "label_nl"),
        ("guidance.dedicated_fte_per_100_inflow", {"help_en": ""}, "help_en"),
        ("guidance.dedicated_fte_per_100_inflow", {"colour": "red"}, "colour"),
        ("guidance.coordinator", {"assumption_nl": ""}, "assumption_nl"),
        ("effects.dual_ratio", {"acts_through": ("effects.guidance_ratio",)}, "acts_through"),
        ("costs.course_eur", {"also_uses": ("costs.screening_eur",)}, "also_uses"),
        ("guidance.dedicated_caseload", {"assumption_nl": "waarom"}, "assumption_nl"),
    ],
)
def test_inconsistent_spec_is_refused(key: str, change: dict[str, Any], fragment: str) -> None:
    raw = {k: v for k, v in (_raw(key) | change).items() if v is not None}
    with pytest.raises(ValidationError, match=fragment):
        ParamSpec(**raw)


def test_every_spec_round_trips_through_the_schema() -> None:
    for key in load_specs():
        assert ParamSpec(**_raw(key)) == load_specs()[key]


def test_unknown_group_is_refused(tmp_path: Path) -> None:
    text = BASELINE_PATH.read_text(encoding="utf-8").replace('group = "health"', 'group = "wellbeing"', 1)
    path = tmp_path / "baseline.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="'health.screening_share' has group 'wellbeing'"):
        load_specs.__wrapped__(path)


def test_unknown_parameter_in_acts_through_is_refused(tmp_path: Path) -> None:
    text = BASELINE_PATH.read_text(encoding="utf-8")
    text = text.replace('acts_through = ["effects.screening_ratio"]', 'acts_through = ["effects.screning_ratio"]', 1)
    path = tmp_path / "baseline.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="'guidance.screening_share' names unknown parameters"):
        load_specs.__wrapped__(path)


def test_a_lever_s_extrapolation_mark_comes_from_its_spec() -> None:
    """network.mentor_months acts through an assumed effect: its difference is marked, from acts_through alone."""
    base = load_scenario("baseline")
    longer = base.with_overrides({"network.mentor_months": 24}, name="longer")
    mark = next(m for m in extrapolation.marks([base, longer]) if m.key == "network.mentor_months")
    assert mark.scenarios == ("longer",) and mark.parameters == ("effects.network_gain_mentor",)


def test_groups_have_both_labels_and_every_group_is_used() -> None:
    used = {s.group for s in load_specs().values()}
    assert set(load_groups()) == used
    assert all(g.nl and g.en for g in load_groups().values())


def test_funded_help_lists_the_funded_levers() -> None:
    specs = load_specs()
    funded = [s for s in specs.values() if s.funded]
    assert funded and all(s.kind == "lever" for s in funded)
    text = specs["funding.funded_share"].help_en
    assert all(s.label_en[1:] in text for s in funded)
