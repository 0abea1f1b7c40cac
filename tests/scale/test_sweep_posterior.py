"""Sweeps draw the calibration posterior by default (issue #5), paired across design points.

Replication ``k`` of every point gets the ``k``-th posterior draw (``draw_thetas(reps, seed)``);
a parameter the design sets overrides the draw; ``--point-estimate`` gives every run the
posterior mean. The mode is in the manifest and every run file; a folder made in one mode is
not resumed in another; results are identical whatever runs them (the existing executor tests
run this default mode on a LocalCluster and on separate scheduler and worker processes).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.design import load_design
from sim.errors import UserError
from sim.executor import make_executor
from sim.extrapolation import prior_draws
from sim.posterior import draw_thetas, point_estimate
from sim.results_io import read_provenance
from sim.runner import replication_seed, run
from sim.sweep import collect, run_files, run_sweep
from werkpad.cli import main

from .conftest import TINY_SET, write

CALIBRATED = "behaviour.job_hazard"  # a column of the committed posterior
DESIGN = f"""
[meta]
title = "posterior sweep"

[design]
method = "list"
reps = 3
seed = 5

[set]
{TINY_SET}
[[point]]
"guidance.dedicated_fte_per_100_inflow" = 0.0

[[point]]
"guidance.dedicated_fte_per_100_inflow" = 4.0
"""
# A design that varies a calibrated parameter: the design's value wins over the draw at every
# point (a list design gives every point a value for every lever: the base scenario's where
# the point names none).
OWN = DESIGN.replace('"guidance.dedicated_fte_per_100_inflow" = 4.0', f'"{CALIBRATED}" = 0.05')


def _sweep(tmp_path: Path, text: str = DESIGN, **kwargs: object) -> tuple[Path, pd.DataFrame]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    design = load_design(write(tmp_path, text))
    out = tmp_path / "out"
    with make_executor(1) as ex:
        run_sweep(design, out, design.reps, design.seed, ex, show_progress=False, **kwargs)  # type: ignore[arg-type]
    return out, collect(out)


def _provenance(out: Path) -> dict[str, dict]:
    return {f.stem: read_provenance(f) for f in run_files(out)}


def test_replication_k_of_every_point_gets_draw_k_and_the_design_wins(tmp_path: Path) -> None:
    out, _ = _sweep(tmp_path)
    thetas = draw_thetas(3, 5)
    assert thetas is not None and CALIBRATED in thetas[0]
    assert len({json.dumps(t, sort_keys=True) for t in thetas}) > 1  # real draws, not one set
    prov = _provenance(out)
    for k in range(3):
        assert prov[f"p0000-r{k:04d}"]["theta"] == thetas[k] == prov[f"p0001-r{k:04d}"]["theta"]
    own = _provenance(_sweep(tmp_path / "own", OWN)[0])
    for k in range(3):
        for point in ("p0000", "p0001"):
            assert own[f"{point}-r{k:04d}"]["theta"] == {a: v for a, v in thetas[k].items() if a != CALIBRATED}
    p = prov["p0000-r0000"]
    assert p["uncertain_parameters"] == "posterior draw per replication" and len(p["posterior_digest"]) == 16
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["uncertain_parameters"]["mode"] == "posterior draw per replication"


def test_a_run_equals_the_single_run_with_its_draw(tmp_path: Path) -> None:
    """The point that sets the calibrated parameter runs with it, the rest of draw k from the posterior."""
    out, df = _sweep(tmp_path, OWN)
    design = load_design(tmp_path / "design.toml")
    assert design.scenario(1).params()[CALIBRATED] == 0.05
    theta = {a: v for a, v in draw_thetas(3, 5)[1].items() if a != CALIBRATED}
    expected = run(design.scenario(1), replication_seed(5, 1), 1, theta=theta).kpis()["all"]
    got = df[(df.point == "p0001") & (df.replication == 1) & (df.group == "all")].set_index("kpi")["value"]
    assert got.to_dict() == pytest.approx(expected, nan_ok=True)
    assert read_provenance(out / "runs" / "p0001-r0001.parquet")["theta"] == theta


def test_point_estimate_gives_every_run_the_posterior_mean(tmp_path: Path) -> None:
    out, df = _sweep(tmp_path, point_estimate=True)
    mean = {**point_estimate(), **prior_draws(1, 0, point_estimate=True)[0]}  # with the 2021 law's prior means
    prov = _provenance(out)
    assert {p["uncertain_parameters"] for p in prov.values()} == {"posterior mean"}
    assert prov["p0001-r0002"]["theta"] == mean == prov["p0000-r0000"]["theta"]
    _, drawn = _sweep(tmp_path / "drawn")
    assert not drawn["value"].equals(df["value"])


def test_without_a_posterior_runs_use_the_scenario_values(tmp_path: Path) -> None:
    out, _ = _sweep(tmp_path, posterior=tmp_path / "none.csv")
    prov = _provenance(out)
    assert {p["uncertain_parameters"] for p in prov.values()} == {"baseline values (no posterior)"}
    assert prov["p0000-r0000"]["theta"] is None


def test_a_folder_is_not_resumed_in_another_mode(tmp_path: Path) -> None:
    _sweep(tmp_path)
    with pytest.raises(UserError, match="posterior mean"):
        _sweep(tmp_path, point_estimate=True)
    _sweep(tmp_path)  # the same mode resumes (nothing left to do)


def test_cli_point_estimate_flag(tmp_path: Path) -> None:
    design = write(tmp_path, DESIGN)
    out = tmp_path / "cli"
    assert main(["sweep", str(design), "--out", str(out), "--reps", "1", "--point-estimate"]) == 0
    assert read_provenance(out / "runs" / "p0000-r0000.parquet")["uncertain_parameters"] == "posterior mean"
    assert main(["sweep", str(design), "--out", str(out), "--reps", "1"]) == 2  # other mode: refused


def test_more_replications_keep_the_draws_of_the_finished_ones(tmp_path: Path) -> None:
    """Draw k does not depend on the number of replications, so extending a sweep stays paired."""
    design = load_design(write(tmp_path, DESIGN))
    with make_executor(1) as ex:
        run_sweep(design, tmp_path / "out", 2, 5, ex, show_progress=False)
        run_sweep(design, tmp_path / "out", 4, 5, ex, show_progress=False)
    prov = _provenance(tmp_path / "out")
    thetas = draw_thetas(4, 5)
    assert thetas is not None and draw_thetas(2, 5) == thetas[:2]
    for k in range(4):
        assert prov[f"p0001-r{k:04d}"]["theta"] == thetas[k]
