"""Helpers shared by the core tests (plain functions; fixtures live in ``conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from sim.extrapolation import PRIORS
from sim.model import MunicipalityModel
from sim.params import ParamSpec, load_specs
from sim.population import ORIGINS
from sim.scenarios import Scenario, from_dict
from sim.scenarios.checks import SHARE_PAIRS
from sim.states import JOB_FULL, JOB_PART, lut

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "scenarios"
JOB = lut(JOB_PART, JOB_FULL)
SMALL = {"context.inflow_per_year": 240, "context.inflow_months": 24, "context.horizon_months": 48}
# The 2021 law as designed: every effect fully realised (the rule tests check the designed formulas).
AS_DESIGNED = {k: 1.0 for k in PRIORS}
# Every principal alone (no partner, no children): each adult is their own household.
SINGLES = {f"household.partner_share.{o}": 0.0 for o in ORIGINS} | {"household.single_parent_share": 0.0}


def step_months(model: MunicipalityModel, months: int | None = None) -> Iterator[int]:
    """Step a model month by month, yielding the calendar month just simulated."""
    last = model.horizon if months is None else min(months, model.horizon)
    while model.month < last - 1:
        model.step()
        yield model.month


# ------------------------------------------------------------- hypothesis strategies
# Property tests run with ``derandomize=True`` and no example database: the same examples on
# every machine and every run, so a failure in CI reproduces locally. For a longer random
# search, raise max_examples and drop derandomize locally.

SIZE_LIMITS = {
    "context.inflow_per_year": (1, 400),
    "context.horizon_months": (12, 48),
}


def _value(spec: ParamSpec) -> st.SearchStrategy[Any]:
    if isinstance(spec.default, bool):
        return st.booleans()
    if spec.choices is not None:
        return st.sampled_from(spec.choices)
    lo, hi = SIZE_LIMITS.get(spec.key, spec.range)  # type: ignore[arg-type]
    if isinstance(spec.default, int):
        return st.integers(int(lo), int(hi))
    return st.floats(float(lo), float(hi), allow_nan=False)


SPECS = load_specs()


def _make_consistent(values: dict[str, Any]) -> None:
    """Adjust drawn values to what ``sim.scenarios.checks`` accepts: shares within 1, someone arrives."""
    p = {**{k: s.default for k, s in SPECS.items()}, **values}
    for first, second, _ in SHARE_PAIRS:
        if float(p[first]) + float(p[second]) > 1:
            values[second] = p[second] = max(0.0, 1.0 - float(p[first]))
    if not any(float(v) > 0 for k, v in p.items() if k.startswith("population.origin_share.")):
        values["population.origin_share.syria"] = 1.0
    months = min(int(p["context.inflow_months"]) or int(p["context.horizon_months"]), int(p["context.horizon_months"]))
    if int(p["context.inflow_per_year"]) * months < 12:
        values["context.inflow_months"] = 0


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A valid scenario: random overrides of up to 15 parameters, and maybe a lever change."""
    keys = draw(st.lists(st.sampled_from(list(SPECS)), unique=True, max_size=15))
    values = {k: draw(_value(SPECS[k])) for k in keys}
    values.setdefault("context.horizon_months", draw(st.integers(12, 36)))
    values.setdefault("context.inflow_per_year", draw(st.integers(1, 300)))
    _make_consistent(values)
    data: dict[str, Any] = {"set": values}
    levers = [k for k, s in SPECS.items() if s.kind == "lever"]
    changed = draw(st.lists(st.sampled_from(levers), unique=True, max_size=3))
    if changed:
        month = draw(st.integers(1, int(values["context.horizon_months"]) - 1))
        data["change"] = [{"month": month, "set": {k: draw(_value(SPECS[k])) for k in changed}}]
    return from_dict(data, "random")


def refusal(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run the CLI on ``argv`` and return its one error line (exit 2, nothing on stdout)."""
    from werkpad.cli import main  # the whole command line only for the tests that run it

    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("error: "), captured.err
    assert captured.out == ""
    return err[0]
