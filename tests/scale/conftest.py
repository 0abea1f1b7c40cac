"""Shared fixtures for the scale tests: tiny designs that run in a fraction of a second."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim.design import Design, load_design
from sim.executor import make_executor
from sim.sweep import collect, run_sweep

TINY_SET = '"context.inflow_per_year" = 60\n"context.horizon_months" = 36\n'
GRID = f"""
[meta]
title = "tiny grid"

[design]
method = "grid"
reps = 3
seed = 11

[set]
{TINY_SET}
[levers]
"guidance.dedicated_fte_per_100_inflow" = [0.0, 4.0]
"learning.dual_places_per_100" = {{ range = [0.0, 10.0], steps = 2 }}
"""


def write(tmp_path: Path, text: str, name: str = "design.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture
def grid_file(tmp_path: Path) -> Path:
    """A 2 x 2 grid, 3 replications: 12 runs of 60 people a year over 36 months."""
    return write(tmp_path, GRID)


@pytest.fixture
def grid(grid_file: Path) -> Design:
    return load_design(grid_file)


@pytest.fixture(scope="session")
def reference_sweep(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The tiny grid run in process: what every other executor must reproduce exactly."""
    folder = tmp_path_factory.mktemp("reference")
    design = load_design(write(folder, GRID))
    with make_executor(1) as ex:
        run_sweep(design, folder / "out", design.reps, design.seed, ex, show_progress=False)
    return collect(folder / "out")
