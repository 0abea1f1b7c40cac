"""The README's lever table is generated from the parameter specs and kept in step by this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.paramdoc import in_table, lever_table, readme_table
from sim.params import load_specs
from werkpad.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lever_table_is_the_generated_one() -> None:
    got = readme_table(README.read_text(encoding="utf-8"))
    assert got, "README.md lacks the <!-- levers:start --> ... <!-- levers:end --> marks"
    assert got == lever_table(), "README's lever table is stale: paste `sim params --markdown` between the marks"


def test_table_has_one_row_per_lever_and_context_parameter() -> None:
    rows = lever_table().splitlines()[2:]
    keys = [row.split("`")[1] for row in rows]
    assert keys == [k for k, s in load_specs().items() if in_table(s)]
    assert all(load_specs()[k].kind == "lever" for k in keys if not k.startswith(("context.", "region.")))
    assert all(row.count(" | ") == 3 for row in rows)  # a '|' in a help text would break the table


def test_params_markdown_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "--markdown"]) == 0
    assert capsys.readouterr().out.strip() == lever_table()
