"""Scenario files: one malformed fixture per error class, all-or-nothing validation, round trips.

Fixtures live in ``tests/fixtures/scenarios/``; each holds exactly one mistake (some after
valid lines, to show that nothing before the mistake is applied).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.errors import ScenarioError, UserError
from sim.params import defaults, load_specs
from sim.runner import run
from sim.scenarios import Scenario, from_dict, from_toml_text, list_scenarios, load_scenario

from .helpers import FIXTURES, scenarios

# fixture file -> fragments the one-line message must contain (besides the file's path)
MALFORMED = {
    "unknown_top_level_table.toml": ["unknown top-level table", "'sett'", "meta, set, change"],
    "unknown_meta_key.toml": ["unknown meta key", "'author'", "title"],
    "unknown_parameter_key.toml": [
        "unknown parameter",
        "'guidance.dedicated_ftes'",
        "did you mean",
        "'guidance.dedicated_fte_per_100_inflow'",
    ],
    "wrong_type.toml": ["'guidance.dedicated_fte_per_100_inflow'", "'eight'", "[0, 100]"],
    "wrong_type_fraction_for_int.toml": ["'guidance.dedicated_caseload'", "50.5", "[10, 400]"],
    "out_of_range.toml": ["'guidance.screening_share'", "1.5", "[0, 1]"],
    "bad_choice.toml": ["'regime.law'", "2017", "one of 2013, 2021"],
    "bad_change_month.toml": ["[[change]] #1", "'month'", "300", "[0, 240]"],
    "empty_change_set.toml": ["[[change]] #1", "'set'", "non-empty"],
    "bad_key_in_change.toml": ["[[change]] #2", "'learning.dual_place_per_100'", "'learning.dual_places_per_100'"],
    "invalid_toml.toml": ["not valid TOML", "line 4"],
    "start_only_in_change.toml": ["[[change]] #1", "'population.share_male'", "[set]"],
    "key_twice_dotted_and_table.toml": ["'guidance.dedicated_fte_per_100_inflow'", "given twice"],
    "key_twice.toml": ["'\"guidance.dedicated_fte_per_100_inflow\"'", "given twice", "line 4"],
    "two_changes_one_month.toml": ["'guidance.dedicated_fte_per_100_inflow'", "changed twice at month 24"],
    "change_beyond_horizon.toml": ["month 72", "'guidance.dedicated_fte_per_100_inflow'", "horizon of 60 months"],
    "age_shares_over_one.toml": ["'population.share_young' + 'population.share_older' = 1.1", "at most 1"],
    "education_shares_over_one.toml": ["'population.share_low_education'", "= 1.1", "at most 1"],
    "meta_not_a_string.toml": ["[meta] title = 2024", "expected a string"],
    "no_arrivals.toml": ["no one arrives", "'context.inflow_per_year' = 1", "'context.inflow_months' = 1"],
    # a key replaced by a lever per 100 adults housed a year: refused naming the new key and how to convert
    "replaced_dedicated_fte.toml": [
        "'guidance.dedicated_fte' was replaced by 'guidance.dedicated_fte_per_100_inflow'",
        "old FTE / context.inflow_per_year x 100",
    ],
    "replaced_municipal_places.toml": [
        "[[change]] #1",
        "'employers.municipal_places_per_year' was replaced by 'employers.municipal_places_per_100_inflow'",
    ],
}


def test_every_fixture_is_covered() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.toml")) == sorted(MALFORMED)


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_scenario_names_file_and_key(name: str) -> None:
    path = FIXTURES / name
    before = defaults()
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    msg = str(info.value)
    assert isinstance(info.value, UserError)  # the CLI turns it into exit code 2
    assert "\n" not in msg
    assert msg.startswith(str(path))
    for fragment in MALFORMED[name]:
        assert fragment in msg, (fragment, msg)
    # nothing was applied anywhere: the baseline values are untouched
    assert defaults() == before


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"meta": "x"}, "'meta' must be a table"),
        ({"set": 3}, "'set' must be a table"),
        ({"change": {"month": 1}}, "'change' must be a list"),
        (
            {"change": [{"month": 1, "set": {"guidance.dedicated_fte_per_100_inflow": 1.0}, "when": 2}]},
            "unknown key 'when'",
        ),
        ({"change": [{"month": True, "set": {"guidance.dedicated_fte_per_100_inflow": 1.0}}]}, "'month' = True"),
        ({"change": [{"month": "36", "set": {"guidance.dedicated_fte_per_100_inflow": 1.0}}]}, "'month' = '36'"),
        ({"change": [{"month": -1, "set": {"guidance.dedicated_fte_per_100_inflow": 1.0}}]}, "'month' = -1"),
        ({"set": {"guidance.coordinator": 1}}, "'guidance.coordinator' = 1"),  # int for a bool
        (
            {"set": {"guidance.dedicated_fte_per_100_inflow": True}},
            "'guidance.dedicated_fte_per_100_inflow' = True",
        ),  # bool for a number
        ({"set": {"guidance.screening_share": float("nan")}}, "'guidance.screening_share' = nan"),
        (
            {"set": {"guidance": {"dedicated_fte_per_100_inflow": -1.0}}},
            "'guidance.dedicated_fte_per_100_inflow' = -1.0",
        ),  # nested tables
    ],
)
def test_more_malformed_overlays(data: dict, fragment: str) -> None:
    with pytest.raises(ScenarioError) as info:
        from_dict(data, "x", where="<upload.toml>")
    assert str(info.value).startswith("<upload.toml>")
    assert fragment in str(info.value)


def test_with_overrides_bad_key_among_good_ones_leaves_scenario_untouched(small: Scenario) -> None:
    overrides, hash_, params = dict(small.overrides), small.hash, small.params()
    with pytest.raises(ScenarioError, match="'guidance.screening_shar'.*did you mean 'guidance.screening_share'"):
        small.with_overrides(
            {"guidance.dedicated_fte_per_100_inflow": 8.0, "guidance.screening_shar": 0.5, "learning.work_first": 1.0}
        )
    with pytest.raises(ScenarioError, match="'learning.work_first' = 2"):
        small.with_overrides({"guidance.dedicated_fte_per_100_inflow": 8.0, "learning.work_first": 2})
    assert small.overrides == overrides
    assert small.hash == hash_
    assert small.params() == params


def test_with_overrides_converts_and_keeps_earlier_overrides(small: Scenario) -> None:
    s = small.with_overrides(
        {"guidance.dedicated_fte_per_100_inflow": 8, "context.inflow_per_year": 300.0}, name="more"
    )
    assert s.overrides["guidance.dedicated_fte_per_100_inflow"] == 8.0 and isinstance(
        s.overrides["guidance.dedicated_fte_per_100_inflow"], float
    )
    assert s.overrides["context.inflow_per_year"] == 300 and isinstance(s.overrides["context.inflow_per_year"], int)
    assert s.overrides["context.horizon_months"] == 48  # from `small`
    assert s.name == "more" and small.name == "small"
    assert s.hash != small.hash


def test_unknown_scenario_name_lists_the_shipped_ones() -> None:
    with pytest.raises(ScenarioError, match="unknown scenario 'nope'.*baseline"):
        load_scenario("nope")
    with pytest.raises(ScenarioError, match="missing.toml"):
        load_scenario(Path("/nonexistent/missing.toml"))


def test_shipped_scenarios_load_and_round_trip() -> None:
    names = list_scenarios()
    assert names[0] == "baseline"
    assert {"dedicated_client_managers", "dual_track", "funding_ends", "integrated", "work_first"} <= set(names)
    specs = load_specs()
    for name in names:
        s = load_scenario(name)
        assert s.name == name and s.title
        assert set(s.overrides) <= set(specs)
        back = from_toml_text(s.to_toml(), name, "<round trip>")
        assert back.overrides == s.overrides
        assert back.changes == s.changes
        assert back.hash == s.hash
    assert load_scenario("baseline").overrides == {} and load_scenario("baseline").changes == ()


def test_changes_apply_at_their_month_in_order() -> None:
    s = from_dict(
        {
            "change": [
                {"month": 36, "set": {"guidance.dedicated_fte_per_100_inflow": 0.0}},
                {"month": 12, "set": {"guidance.dedicated_fte_per_100_inflow": 4.0, "learning.work_first": 0.5}},
            ]
        },
        "dated",
    )
    assert [m for m, _ in s.changes] == [12, 36]
    assert s.changes_at(12) == {"guidance.dedicated_fte_per_100_inflow": 4.0, "learning.work_first": 0.5}
    assert s.changes_at(13) == {}
    assert s.params() == defaults()


def test_defaults_are_a_fresh_copy() -> None:
    d = defaults()
    d["guidance.dedicated_fte_per_100_inflow"] = 99.0
    assert defaults()["guidance.dedicated_fte_per_100_inflow"] == 0.0


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)  # any text that can be written


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(scenario=scenarios(), name=TEXT, title=TEXT, description=TEXT)
def test_to_toml_round_trips_any_valid_scenario(scenario: Scenario, name: str, title: str, description: str) -> None:
    s = dataclasses.replace(scenario, name=name, title=title, description=description)
    back = from_toml_text(s.to_toml(), "ignored", "<round trip>")
    assert (back.name, back.title, back.description) == (name, title, description)
    assert back.overrides == s.overrides
    assert back.changes == s.changes
    assert back.hash == s.hash


def test_to_toml_round_trips_characters_outside_the_bmp(baseline: Scenario) -> None:
    s = dataclasses.replace(baseline, title="Werk \U0001f600 first", name="emoji \U0001f680")
    back = from_toml_text(s.to_toml(), "ignored", "<round trip>")
    assert back.title == s.title and back.name == s.name


@pytest.mark.parametrize(
    ("key", "value"),
    [("context.horizon_months", 12), ("context.inflow_months", 1), ("population.share_male", 0.0)],
)
def test_dated_change_of_a_start_only_parameter_is_rejected_or_applied(key: str, value: float) -> None:
    base = {"set": {"context.horizon_months": 48, "context.inflow_per_year": 240}}
    try:
        changed = from_dict({**base, "change": [{"month": 24, "set": {key: value}}]}, "changed")
    except ScenarioError as exc:
        assert key in str(exc)
        return
    a, b = run(from_dict(base, "base"), 1), run(changed, 1)
    assert not np.array_equal(a.counts, b.counts), f"[[change]] of {key} was accepted but had no effect"


def test_saved_overlay_file_loads_back(tmp_path: Path) -> None:
    s = load_scenario("era_2014").with_overrides(
        {"guidance.dedicated_fte_per_100_inflow": 2.5}, name="Gemeente Ødegård \U0001f3d8"
    )
    path = tmp_path / "mine.toml"
    path.write_text(s.to_toml(), encoding="utf-8")
    back = load_scenario(path)
    assert back.name == s.name and back.origin == str(path)
    assert back.overrides == s.overrides and back.changes == s.changes and back.hash == s.hash


ANY_VALUE = st.one_of(
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=3),
    st.dates(),
    st.datetimes(),
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(key=st.sampled_from(list(load_specs())), value=ANY_VALUE)
def test_any_value_is_accepted_in_type_and_range_or_rejected_with_a_scenario_error(key: str, value: object) -> None:
    spec = load_specs()[key]
    try:
        got = from_dict({"set": {key: value}}, "x", "<prop>").overrides[key]
    except ScenarioError as exc:
        assert str(exc).startswith("<prop>: ") and key in str(exc)
        return
    assert type(got) is type(spec.default)
    if spec.choices is not None:
        assert got in spec.choices
    elif spec.range is not None:
        assert spec.range[0] <= got <= spec.range[1]
    assert not isinstance(value, bool) or isinstance(spec.default, bool)
    assert got == value
