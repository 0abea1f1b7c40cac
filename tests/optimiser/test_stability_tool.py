"""tools/front_stability.py: two sampler seeds, their fronts compared, timed; bad options are one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .conftest import SMALL_SET, THREE_LEVERS, write_design

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import front_stability  # noqa: E402


def _design(tmp_path: Path) -> Path:
    return write_design(tmp_path, THREE_LEVERS.format(trials=12, sampler_seed=1, fixed=SMALL_SET, budget=2_600_000))


def test_two_seeds_compared_in_both_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.json"
    args = ["--trials", "12", "--at", "6", "--workers", "1", "--json", str(out)]
    code = front_stability.main([str(_design(tmp_path)), *args])
    assert code == 0
    report = json.loads(out.read_text())
    assert [r["sampler_seed"] for r in report["runs"]] == [1, 2] and all(r["mixes"] == 12 for r in report["runs"])
    assert [f["mixes"] for f in report["fronts"]] == [6, 12]
    last = report["fronts"][-1]
    for key in ("a_covers_b", "b_covers_a", "paired_a_covers_b", "paired_b_covers_a"):
        assert isinstance(last[key], float)
    assert last["stable"] == (last["a_covers_b"] <= 1 and last["b_covers_a"] <= 1)
    assert last["settled"] == (last["a_covers_final_b"] <= 1 and last["b_covers_final_a"] <= 1)
    text = capsys.readouterr().out
    assert "seed 1: 12 mixes x 3 replications" in text and "gap (paired)" in text


@pytest.mark.parametrize(
    ("args", "says"),
    [(["--at", "5"], "--at 5: expected a multiple of the population (6)"), (["--seeds", "1", "1"], "two different")],
)
def test_bad_options_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    assert front_stability.main([str(_design(tmp_path)), "--trials", "12", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert says in err and len(err.splitlines()) == 1
