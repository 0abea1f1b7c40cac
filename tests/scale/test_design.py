"""Design files: expansion (grid, Latin hypercube, list) and validation before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.design import load_design
from sim.errors import ScenarioError
from werkpad.cli import main

from .conftest import TINY_SET, write


def test_grid_expands_every_combination(grid_file: Path) -> None:
    d = load_design(grid_file)
    assert d.levers == ("guidance.dedicated_fte_per_100_inflow", "learning.dual_places_per_100")
    assert d.points == (
        {"guidance.dedicated_fte_per_100_inflow": 0.0, "learning.dual_places_per_100": 0.0},
        {"guidance.dedicated_fte_per_100_inflow": 0.0, "learning.dual_places_per_100": 10.0},
        {"guidance.dedicated_fte_per_100_inflow": 4.0, "learning.dual_places_per_100": 0.0},
        {"guidance.dedicated_fte_per_100_inflow": 4.0, "learning.dual_places_per_100": 10.0},
    )
    assert (d.reps, d.seed, d.point_id(3)) == (3, 11, "p0003")
    s = d.scenario(3)
    assert s.params()["guidance.dedicated_fte_per_100_inflow"] == 4.0
    assert s.params()["context.horizon_months"] == 36


def test_command_line_seed_overrides_design(grid_file: Path) -> None:
    assert load_design(grid_file, seed=5).seed == 5


LHS = """
[design]
method = "lhs"
samples = 12
sample_seed = 3

[levers]
"context.labour_tightness" = { range = [0.5, 1.5] }
"learning.education_months" = { range = [12, 48] }
"regime.law" = [2013, 2021]
"""


def test_latin_hypercube_is_stratified_typed_and_seeded(tmp_path: Path) -> None:
    d = load_design(write(tmp_path, LHS))
    tight = sorted(p["context.labour_tightness"] for p in d.points)
    # one sample in each of the 12 equal strata of [0.5, 1.5]
    assert [int((t - 0.5) / (1.0 / 12)) for t in tight] == list(range(12))
    assert all(isinstance(p["learning.education_months"], int) for p in d.points)
    assert {p["regime.law"] for p in d.points} == {2013, 2021}
    assert load_design(tmp_path / "design.toml").points == d.points  # same seed, same points
    other = load_design(write(tmp_path, LHS.replace("sample_seed = 3", "sample_seed = 4"), "b.toml"))
    assert other.points != d.points


def test_list_points_fill_unset_levers_from_the_base(tmp_path: Path) -> None:
    text = """
[design]
method = "list"
base = "funding_ends"

[[point]]
"funding.end_month" = 24

[[point]]
"funding.continue_share" = 0.5
"""
    d = load_design(write(tmp_path, text))
    assert d.levers == ("funding.end_month", "funding.continue_share")
    assert d.points[1] == {"funding.end_month": 36, "funding.continue_share": 0.5}  # 36 from funding_ends


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[levers]\n"guidance.dedicated_ftee" = [1.0]', "did you mean 'guidance.dedicated_caseload'"),
        (
            '[levers]\n"guidance.dedicated_fte" = [0.0, 8.0]',  # a design written before it was set per 100 housed
            "'guidance.dedicated_fte' was replaced by 'guidance.dedicated_fte_per_100_inflow'",
        ),
        (
            '[levers]\n"guidance.dedicated_fte_per_100_inflow" = { range = [0.0, 5000.0], steps = 2 }',
            "expected a number in [0, 100]",
        ),
        ('[levers]\n"regime.law" = [2019]', "expected one of 2013, 2021"),
        ('[levers]\n"regime.law" = { range = [2013, 2021], steps = 2 }', "give a list of values"),
        ('[levers]\n"guidance.dedicated_fte_per_100_inflow" = { range = [4.0, 1.0], steps = 2 }', "low is above high"),
        ('[levers]\n"guidance.dedicated_fte_per_100_inflow" = { range = [0.0, 1.0], step = 2 }', "unknown key 'step'"),
        (
            '[design]\nmethod = "sobol"\n[levers]\n"guidance.dedicated_fte_per_100_inflow" = [1.0]',
            "expected one of grid, lhs, list",
        ),
        (
            '[design]\nmethod = "lhs"\n[levers]\n"guidance.dedicated_fte_per_100_inflow" = { range = [0.0, 1.0] }',
            "needs 'samples'",
        ),
        ('[design]\nreps = 0\n[levers]\n"guidance.dedicated_fte_per_100_inflow" = [1.0]', "reps = 0"),
        ("[levers]\n", "[levers] is empty"),
        (
            '[set]\n"guidance.dedicated_fte_per_100_inflow" = 1.0\n'
            '[levers]\n"guidance.dedicated_fte_per_100_inflow" = [2.0]',
            "both fixed",
        ),
        (
            '[design]\nbase = "nope"\n[levers]\n"guidance.dedicated_fte_per_100_inflow" = [1.0]',
            "unknown scenario 'nope'",
        ),
        (
            '[levers]\n"guidance.dedicated_fte_per_100_inflow" = [1.0]\n'
            '[[point]]\n"guidance.dedicated_fte_per_100_inflow" = 1.0',
            "method = 'list'",
        ),
        ('[sweep]\nmethod = "grid"', "unknown top-level table 'sweep'"),
        ("[levers\n", "not valid TOML"),
    ],
)
def test_bad_designs_name_the_file_and_what_is_allowed(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ScenarioError) as err:
        load_design(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_cli_rejects_a_bad_design_with_exit_2_before_running(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = write(tmp_path, f'[set]\n{TINY_SET}[levers]\n"guidance.dedicated_ftee" = [1.0]\n')
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "guidance.dedicated_fte_per_100_inflow" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("path", sorted(Path(__file__).parents[2].joinpath("examples", "sweeps").glob("*.toml")))
def test_example_designs_are_valid(path: Path) -> None:
    d = load_design(path)
    assert d.points and d.levers and d.title
