"""Generated bad input at the command line: malformed arguments, scenario files and design files.

Every example carries at least one fault. The property: exit code 2, exactly one line on stderr
starting ``error: ``, nothing on stdout, no traceback, no simulation started and no file changed.
``main`` is called in process (a subprocess costs ~1 s; tests/core/test_cli_errors.py runs a few);
the engine's entry points are replaced by a tripwire, so an input that slips through the checks
fails the test instead of running. Several hundred examples per run, derandomized (the same on
every machine, see helpers.py).
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from werkpad.cli import main

from .helpers import SPECS

FUZZ = settings(
    max_examples=250,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SHIPPED = ["baseline", "work_first", "dual_track"]
NUMERIC = {  # option -> (lowest allowed, highest allowed) of the commands below
    "--reps": (1, 200),
    "--months": (12, 240),
    "--particles": (1, 10_000),
    "--generations": (1, 100),
    "--n": (1, 10_000),
    "--cohort": (1, 60_000),
    "--workers": (1, 2),
}


class Tripwire(Exception):
    """Raised when bad input reached the engine."""


def _trip(*args: object, **kwargs: object) -> None:
    raise Tripwire(f"work started with {args!r:.200}")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A working folder, with every entry point that does work replaced by the tripwire."""
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "afile").write_text("a file, not a folder\n")
    with pytest.MonkeyPatch.context() as mp:
        for target in (
            "sim.runner.run_replications",
            "sim.runner.run",
            "sim.sweep.run_sweep",
            "calibration.fit.calibrate",
            "calibration.sensitivity.run_sensitivity",
            "bench.suite.main",
        ):
            mp.setattr(target, _trip)
        yield folder


def _listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


def assert_clean_error(folder: Path, argv: list[str]) -> str:
    """Run ``sim argv`` in ``folder``; check the one-line error and that nothing changed."""
    before = _listing(folder)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code
    lines = err.getvalue().splitlines()
    assert code == 2, (argv, code, err.getvalue())
    assert len(lines) == 1 and lines[0].startswith("error: "), (argv, err.getvalue())
    assert out.getvalue() == "" and "Traceback" not in lines[0]
    assert _listing(folder) == before, argv
    return lines[0]


# ----------------------------------------------------------------- arguments


def _bad_number(option: str) -> st.SearchStrategy[str]:
    low, high = NUMERIC.get(option, (0, 2**63 - 1))
    return st.one_of(
        st.integers(max_value=low - 1).map(str),
        st.integers(min_value=high + 1).map(str),
        st.sampled_from(["", "x", "1.5", "1e3", "²", "10**12", "nan", "-", "1" * 5000, " ", "0x10", "٣.٣"]),
        st.text(st.characters(blacklist_categories=["Cs", "Nd"], blacklist_characters="\x00"), min_size=1).filter(
            lambda t: not t.strip().lstrip("+-").isdigit()
        ),
    )


RUN_OPTIONS = {"--reps": "1", "--seed": "1", "--months": "12"}


@st.composite
def bad_run_args(draw: st.DrawFn) -> list[str]:
    """``run`` or ``compare`` with one fault (bad number, unknown scenario or option, bad --out)."""
    cmd = draw(st.sampled_from(["run", "compare"]))
    scenarios = [draw(st.sampled_from(SHIPPED)) for _ in range(1 if cmd == "run" else 2)]
    if cmd == "compare":
        scenarios = list(dict.fromkeys(scenarios)) + ["work_first"] * (len(set(scenarios)) == 1)
    opts = dict(RUN_OPTIONS)
    fault = draw(st.sampled_from(["number", "seed", "scenario", "option", "out", "missing"]))
    if fault == "number":
        key = draw(st.sampled_from(["--reps", "--months"]))
        opts[key] = draw(_bad_number(key))
    elif fault == "seed":
        opts["--seed"] = draw(st.one_of(st.integers(max_value=-1), st.integers(min_value=2**63)).map(str))
    elif fault == "scenario":
        scenarios[-1] = "no_such_" + draw(st.text("abcxyz_.", max_size=8))
    elif fault == "option":
        opts["--zz" + draw(st.text("abcdefgh-", max_size=6))] = "1"
    elif fault == "out":
        opts["--out"] = draw(st.sampled_from(["x.txt", "x", "afile/x.csv", "/proc/x/y.csv", "n" * 300 + ".csv"]))
    else:
        scenarios = []
    argv = [cmd, *scenarios]
    for key, value in opts.items():
        argv += [key, value] if not value.startswith("-") else [f"{key}={value}"]
    return argv


@st.composite
def bad_batch_args(draw: st.DrawFn) -> list[str]:
    """``calibrate``, ``sensitivity``, ``sweep``, ``bench`` or ``params`` with one fault."""
    cmd = draw(st.sampled_from(["calibrate", "sensitivity", "sweep", "bench", "params"]))
    if cmd == "params":
        return ["params", "no_such_" + draw(st.text("abc", max_size=4))]
    if cmd == "bench":
        return ["bench", "--json", draw(st.sampled_from(["x.txt", "afile/x.json", "/proc/x/y.json", "afile"]))]
    numbers = {"calibrate": ["--particles", "--generations", "--cohort", "--workers", "--seed"]}
    numbers["sensitivity"] = ["--n", "--workers", "--seed"]
    numbers["sweep"] = ["--reps", "--workers", "--seed"]
    paths = {"calibrate": ["--db", "--out"], "sensitivity": ["--out-dir"], "sweep": ["--collect"]}
    if draw(st.booleans()):
        key = draw(st.sampled_from(numbers[cmd]))
        bad = draw(_bad_number(key)) if key != "--seed" else draw(st.integers(max_value=-1).map(str))
        argv = [cmd, f"{key}={bad}"]
    else:
        key = draw(st.sampled_from(paths[cmd]))
        bad = draw(st.sampled_from(["afile", "afile/x", "/proc/x/y", "n" * 300, "/proc"]))
        argv = [cmd, key, bad]
    return argv + (["design-missing.toml"] if cmd == "sweep" and key != "--collect" else [])


@FUZZ
@given(argv=bad_run_args())
def test_bad_run_and_compare_arguments(sandbox: Path, argv: list[str]) -> None:
    assert_clean_error(sandbox, argv)


@FUZZ
@given(argv=bad_batch_args())
def test_bad_batch_arguments(sandbox: Path, argv: list[str]) -> None:
    assert_clean_error(sandbox, argv)


# ----------------------------------------------------------------- scenario files

NUMBERS = [k for k, s in SPECS.items() if s.range is not None and not isinstance(s.default, bool)]


def _toml_float(value: float) -> str:
    if value != value:
        return "nan"
    return {float("inf"): "inf", float("-inf"): "-inf"}.get(value, repr(value))


def _out_of_range(d: st.DrawFn) -> str:
    key = d(st.sampled_from(NUMBERS))
    lo, hi = SPECS[key].range  # type: ignore[misc]
    value = d(st.one_of(st.floats(max_value=lo, exclude_max=True), st.floats(min_value=hi, exclude_min=True)))
    return f'[set]\n"{key}" = {_toml_float(value)}\n'


def _two_changes(d: st.DrawFn) -> str:
    month = d(st.integers(0, 100))
    return f'[[change]]\nmonth = {month}\nset = {{ "guidance.dedicated_fte_per_100_inflow" = 1.0 }}\n' * 2


def _late_change(d: st.DrawFn) -> str:
    horizon = d(st.integers(12, 200))
    change = '[[change]]\nmonth = 240\nset = { "guidance.dedicated_fte_per_100_inflow" = 0.0 }\n'
    return f'[set]\n"context.horizon_months" = {horizon}\n{change}'


def _shares(d: st.DrawFn) -> str:
    first, second = d(
        st.sampled_from([("share_young", "share_older"), ("share_low_education", "share_high_education")])
    )
    a = d(st.floats(0.0, 1.0))
    b = d(st.floats(min(1.0, 1.0 - a + 1e-6), 1.0).filter(lambda x: a + x > 1 + 1e-9))
    return f'[set]\n"population.{first}" = {a!r}\n"population.{second}" = {b!r}\n'


def _change_month(d: st.DrawFn) -> str:
    month = d(st.sampled_from(["-1", "241", "1.5", "true", '"3"']))
    return f'[[change]]\nmonth = {month}\nset = {{ "guidance.dedicated_fte_per_100_inflow" = 1.0 }}\n'


SCENARIO_FAULTS = {
    "unknown key": lambda d: f'[set]\n"{d(st.sampled_from(NUMBERS))}x" = 1\n',
    "out of range": _out_of_range,
    "wrong type": lambda d: f'[set]\n"{d(st.sampled_from(NUMBERS))}" = "{d(st.text("abc", max_size=3))}"\n',
    "key twice": lambda d: (
        '[set]\n"guidance.dedicated_fte_per_100_inflow" = 1.0\nguidance.dedicated_fte_per_100_inflow = 2.0\n'
    ),
    "same key": lambda d: (
        '[set]\n"guidance.dedicated_fte_per_100_inflow" = 1.0\n"guidance.dedicated_fte_per_100_inflow" = 1.0\n'
    ),
    "two changes": _two_changes,
    "late change": _late_change,
    "shares": _shares,
    "meta": lambda d: f"[meta]\ntitle = {d(st.sampled_from(['1', 'true', '[1]', '{a = 1}', '1979-05-27']))}\n",
    "no arrivals": lambda d: (
        f'[set]\n"context.inflow_per_year" = {d(st.integers(1, 11))}\n"context.inflow_months" = 1\n'
    ),
    "bomb": lambda d: "x = " + "[" * d(st.integers(13, 6000)) + "]" * 6000,
    "dotted bomb": lambda d: "x" + ".x" * d(st.integers(13, 4000)) + " = 1\n",
    "not toml": lambda d: "= = " + d(st.text(max_size=40)),
    "top level": lambda d: f"[{d(st.sampled_from(['sett', 'changes', 'levers', 'x']))}]\na = 1\n",
    "change month": _change_month,
    "start only": lambda d: '[[change]]\nmonth = 3\nset = { "context.inflow_per_year" = 100 }\n',
}


@st.composite
def bad_scenario_text(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(SCENARIO_FAULTS)))
    text = SCENARIO_FAULTS[kind](draw)
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return kind, bom + text.encode("utf-8", "surrogatepass")


@FUZZ
@given(case=bad_scenario_text())
def test_bad_scenario_files(sandbox: Path, case: tuple[str, bytes]) -> None:
    kind, raw = case
    path = sandbox / "scenario.toml"
    path.write_bytes(raw)
    try:
        line = assert_clean_error(sandbox, ["run", "scenario.toml", "--reps", "1", "--months", "12"])
    finally:
        path.unlink()
    assert "scenario.toml" in line, (kind, line)


# ----------------------------------------------------------------- design files

LEVERS = '[levers]\n"guidance.dedicated_fte_per_100_inflow" = [0.0, 4.0]\n'


def _design(method: str = "grid", reps: object = 1, extra: str = "", levers: str = LEVERS, fixed: str = "") -> str:
    head = f'[design]\nmethod = "{method}"\nreps = {reps}\n{extra}\n'
    return f'{head}[set]\n"context.horizon_months" = 24\n{fixed}{levers}'


def _range(lo: float, hi: float, steps: int) -> str:
    return f'[levers]\n"guidance.dedicated_fte_per_100_inflow" = {{ range = [{lo}, {hi}], steps = {steps} }}\n'


HUGE = _range(0.0, 8.0, 1000) + '"guidance.screening_share" = { range = [0.0, 1.0], steps = 1001 }\n'
DESIGN_FAULTS = {
    "method": lambda d: _design(method=d(st.text("xyz", min_size=1, max_size=4))),
    "reps": lambda d: _design(reps=d(st.sampled_from(["0", "-2", "1.5", '"3"', "200000"]))),
    "unknown lever": lambda d: _design(levers='[levers]\n"guidance.fte" = [1.0]\n'),
    "reversed range": lambda d: _design(levers=_range(8.0, 1.0, 2)),
    "steps": lambda d: _design(levers=_range(0.0, 1.0, d(st.integers(max_value=0)))),
    "lhs samples": lambda d: _design(method="lhs", levers=LEVERS.replace("[0.0, 4.0]", "{ range = [0.0, 4.0] }")),
    "points with grid": lambda d: _design(levers=LEVERS + '[[point]]\n"guidance.dedicated_fte_per_100_inflow" = 1.0\n'),
    "empty levers": lambda d: _design(levers="[levers]\n"),
    "base": lambda d: _design(extra=f'base = "{d(st.text("abq", min_size=1, max_size=5))}_none"'),
    "fixed and varied": lambda d: _design(fixed='"guidance.dedicated_fte_per_100_inflow" = 1.0\n'),
    "short horizon": lambda d: _design(extra='base = "era_2014"'),
    "huge grid": lambda d: _design(levers=HUGE),
    "bomb": lambda d: "[design]\nx = " + "{a = " * d(st.integers(13, 3000)) + "1" + "}" * 3000,
    "not toml": lambda d: "[design\n" + d(st.text(max_size=30)),
}


@FUZZ
@given(kind=st.sampled_from(sorted(DESIGN_FAULTS)), data=st.data())
def test_bad_design_files(sandbox: Path, kind: str, data: st.DataObject) -> None:
    path = sandbox / "design.toml"
    path.write_text(DESIGN_FAULTS[kind](data.draw))
    try:
        line = assert_clean_error(sandbox, ["sweep", "design.toml", "--out", "sweep-out"])
    finally:
        path.unlink()
    assert "design.toml" in line, (kind, line)
    assert not os.path.exists(sandbox / "sweep-out")
