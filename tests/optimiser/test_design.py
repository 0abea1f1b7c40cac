"""Design files and the command line: a good design runs; every malformed one is one line and exit 2."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optimise.cli as cli
from optimise.design import load_design
from optimise.metrics import Metric
from sim.params import load_specs
from werkpad.cli import main

from .conftest import SMALL_SET, THREE_LEVERS

EXAMPLE = Path(__file__).parents[2] / "examples" / "optimise" / "funding_cut.toml"
GOOD = THREE_LEVERS.format(trials=6, sampler_seed=1, fixed=SMALL_SET, budget=2_600_000)


def test_example_design_loads_with_six_levers_and_a_budget() -> None:
    d = load_design(EXAMPLE)
    assert len(d.levers) == 6 and d.from_month == 36 and d.base.name == "funding_ends"
    assert [o.direction for o in d.objectives] == ["min", "max"]
    assert d.constraints[0].metric == Metric("programme_cost_per_year", 4) and d.constraints[0].high == 2_600_000
    scenario = d.scenario({lever.key: lever.low for lever in d.levers}, "x")
    assert scenario.changes[-1][0] == 36 and scenario.params()["funding.continue_share"] == 1.0


def test_cli_runs_prints_the_front_and_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.toml"
    path.write_text(GOOD)
    out = tmp_path / "out"
    assert main(["optimise", str(path), "--out", str(out)]) == 0
    first = capsys.readouterr()
    assert "Pareto front" in first.out and "6 mixes done" in first.err
    assert main(["optimise", str(path), "--out", str(out), "--trials", "12", "--workers", "2"]) == 0
    assert "12 mixes done" in capsys.readouterr().err
    assert main(["optimise", str(path), "--out", str(out), "--reps", "4"]) == 2  # another design
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "holds a search with another design" in err[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--reps", "1"], "--reps 1"),
        (["--trials", "10001"], "--trials 10001"),
        (["--workers", "99"], "--workers 99"),
        (["--posterior", "/no/such/folder"], "/no/such/folder"),
    ],
)
def test_bad_options_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    path = tmp_path / "d.toml"
    path.write_text(GOOD)
    assert main(["optimise", str(path), "--out", str(tmp_path / "o"), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and says in err[0]
    assert not (tmp_path / "o").exists()


def _dump(data: dict[str, Any]) -> str:
    """A small TOML writer for the shapes of a design (tables, arrays of tables, scalars, lists)."""
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"[{key}]")
            lines += [f"{_key(k)} = {_val(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                lines.append(f"[[{key}]]")
                lines += [f"{_key(k)} = {_val(v)}" for k, v in item.items()]
        else:
            lines.insert(0, f"{_key(key)} = {_val(value)}")
    return "\n".join(lines) + "\n"


def _key(k: str) -> str:
    return '"' + k.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _val(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return _key(v)
    if isinstance(v, list):
        return "[" + ", ".join(_val(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_val(x)}" for k, x in v.items()) + "}"
    return repr(v)


WORDS = st.text("abcdefghijklmnopqrstuvwxyz_.", min_size=1, max_size=12)
JUNK = st.one_of(
    st.text(max_size=8), st.integers(-(10**7), 10**7), st.floats(allow_nan=False, allow_infinity=False), st.booleans()
)
LEVER = "guidance.dedicated_fte_per_100_inflow"


def _mutations() -> st.SearchStrategy[tuple[str, Any]]:
    """(what is broken, how) pairs; every one makes the design invalid."""
    return st.one_of(
        st.tuples(
            st.just("top"),
            WORDS.filter(lambda w: w not in ("meta", "optimise", "set", "levers", "objective", "constraint")),
        ),
        st.tuples(
            st.just("head_key"),
            WORDS.filter(
                lambda w: (
                    w
                    not in (
                        "base",
                        "from_month",
                        "reps",
                        "seed",
                        "trials",
                        "population",
                        "sampler",
                        "sampler_seed",
                        "uncertainty",
                    )
                )
            ),
        ),
        st.tuples(
            st.just("reps"), st.one_of(st.integers(-5, 1), st.integers(1001, 10**6), st.text(max_size=3), st.just(2.5))
        ),
        st.tuples(st.just("trials"), st.one_of(st.integers(-5, 0), st.integers(10_001, 10**9), st.just(True))),
        st.tuples(st.just("uncertainty"), st.text(max_size=6).filter(lambda t: t not in ("draw", "mean", "none"))),
        st.tuples(st.just("from_month"), st.one_of(st.integers(48, 10**4), st.integers(-99, -1))),
        st.tuples(
            st.just("base"),
            WORDS.filter(
                lambda w: (
                    w
                    not in (
                        "baseline",
                        "funding_ends",
                        "dual_track",
                        "work_first",
                        "integrated",
                        "era_2014",
                        "era_2020",
                        "dedicated_client_managers",
                    )
                )
            ),
        ),
        st.tuples(st.just("lever_key"), WORDS),
        st.tuples(
            st.just("lever_range"),
            st.one_of(
                st.tuples(st.floats(-1e6, -0.01), st.floats(0, 5)).map(list),  # below the parameter's range
                st.tuples(st.floats(5, 8), st.floats(0, 4.9)).map(list),  # reversed
                st.lists(st.floats(0, 8), min_size=0, max_size=1),
                st.lists(st.floats(0, 8), min_size=3, max_size=4),
                JUNK,
            ),
        ),
        st.tuples(
            st.just("lever_step"), st.one_of(st.floats(-3, 0), st.floats(8.01, 100), st.just(3.0), st.text(max_size=2))
        ),
        st.tuples(st.just("lever_extra"), WORDS.filter(lambda w: w not in ("range", "step"))),
        st.tuples(st.just("metric"), WORDS),
        st.tuples(st.just("direction"), st.text(max_size=5).filter(lambda t: t not in ("min", "max"))),
        st.tuples(st.just("from_year"), st.one_of(st.integers(5, 100), st.integers(-9, 0), st.just(1.5))),
        st.tuples(st.just("objectives"), st.sampled_from([0, 4])),
        st.tuples(st.just("constraint_bound"), st.one_of(st.none(), st.text(max_size=4), st.just(True))),
        st.tuples(st.just("garbage"), st.text(min_size=1, max_size=40).filter(lambda t: "=" not in t)),
    )


def _broken(what: str, how: Any) -> str:
    data = tomllib.loads(GOOD)
    if what == "garbage":
        return "[optimise\n" + how
    if what == "top":
        data[how] = {"x": 1}
    elif what == "head_key":
        data["optimise"][how] = 1
    elif what in ("reps", "trials", "uncertainty", "from_month", "base"):
        data["optimise"][what] = how
    elif what == "lever_key":
        data["levers"][f"nope.{how}"] = {}
    elif what == "lever_range":
        data["levers"][LEVER] = {"range": how}
    elif what == "lever_step":
        data["levers"][LEVER] = {"range": [0.0, 8.0], "step": how}
    elif what == "lever_extra":
        data["levers"][LEVER][how] = 1
    elif what in ("metric", "direction", "from_year"):
        data["objective"][0][what] = how
    elif what == "objectives":
        data["objective"] = [dict(data["objective"][0], name=f"o{i}") for i in range(how)]
    elif what == "constraint_bound":
        data["constraint"][0].pop("max")
        if how is not None:
            data["constraint"][0]["max"] = how
    return _dump(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_mutations())
def test_malformed_design_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mutation: tuple[str, Any]
) -> None:
    def must_not_run(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a malformed design ran: {mutation}")

    monkeypatch.setattr(cli, "optimise", must_not_run)
    path = tmp_path / "bad design.toml"
    path.write_text(_broken(*mutation), encoding="utf-8")
    code = main(["optimise", str(path), "--out", str(tmp_path / "never")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2, mutation
    assert len(err) == 1 and err[0].startswith("error: ") and str(path) in err[0], (mutation, err)
    assert "Traceback" not in err[0]
    assert not (tmp_path / "never").exists()


def test_the_property_tests_writer_round_trips_the_good_design() -> None:
    data = tomllib.loads(GOOD)
    assert tomllib.loads(_dump(data)) == data


def test_lever_defaults_come_from_the_parameter_spec(tmp_path: Path) -> None:
    data = tomllib.loads(GOOD)
    data["levers"] = {"learning.dual_places_per_100": {}, "network.mentor_share": {"range": [0.0, 0.335]}}
    path = tmp_path / "d.toml"
    path.write_text(_dump(data))
    dual, mentor = load_design(path).levers
    spec = load_specs()["learning.dual_places_per_100"]
    assert (dual.low, dual.high, dual.step) == (*(spec.slider or spec.range or ()), spec.step)
    assert mentor.step is None  # the spec step (0.01) does not divide [0, 0.335]: any value in the range


def test_a_design_with_a_replaced_lever_is_refused_naming_the_new_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A design written when municipal jobs were an absolute number a year: one line, exit 2, the new key named."""
    path = tmp_path / "old.toml"
    old = GOOD.replace(f'"{LEVER}"', '"employers.municipal_places_per_year"', 1)
    assert old != GOOD
    path.write_text(old, encoding="utf-8")
    assert main(["optimise", str(path), "--out", str(tmp_path / "never")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err
    assert "'employers.municipal_places_per_year' was replaced by 'employers.municipal_places_per_100_inflow'" in err
