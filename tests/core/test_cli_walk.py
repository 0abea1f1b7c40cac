"""The command line as a researcher met it (session 3 walk): each case failed or misled before.

Every refusal is one line ``error: ...`` on stderr, exit 2, nothing on stdout, no traceback.
"""

from __future__ import annotations

import pytest

from .helpers import refusal

FAST = ["--reps", "1", "--months", "12"]


def test_a_very_long_scenario_name_is_an_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    """It said '<path>/éééé...toml: cannot write: File name too long' (about reading a name, not writing)."""
    line = refusal(capsys, ["run", "é" * 300, *FAST])
    assert "unknown scenario 'ééé" in line and "cannot write" not in line and "baseline" in line
    assert len(line) < 400  # the name is cut, the shipped names are listed


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "baseline", *FAST],
        ["compare", "baseline", "dual_track", *FAST],
        ["sweep", "examples/sweeps/grid.toml", "--reps", "1"],
    ],
)
def test_as_of_year_without_a_caseload_is_refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """``--as-of-year`` alone was ignored without a word; it only means something with ``--start-from``."""
    line = refusal(capsys, [*argv, "--as-of-year", "2024"])
    assert "--as-of-year 2024" in line and "--start-from" in line


def test_a_year_out_of_range_is_written_as_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    """The range read '[1,990, 2,100]' (thousands separators in a year)."""
    line = refusal(capsys, ["run", "baseline", "--as-of-year", "1800", *FAST])
    assert "[1990, 2100]" in line and "1800" in line
