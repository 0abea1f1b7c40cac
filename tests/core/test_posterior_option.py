"""``--posterior DIR`` selects which calibration the uncertain parameters come from (issue #14)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.errors import UserError
from sim.extrapolation import PRIORS
from sim.posterior import POSTERIOR_PATH, draw_thetas, resolve_posterior
from sim.results_io import read_provenance
from werkpad.cli import main

FAST = ["--reps", "2", "--months", "24"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A posterior folder with one parameter set: job offers 30x slower than the shipped fit."""
    out = tmp_path / "mine"
    out.mkdir()
    pd.DataFrame({"behaviour.job_hazard": [0.005], "weight": [1.0]}).to_csv(out / "posterior.csv", index=False)
    (out / "posterior.json").write_text(json.dumps({"written": "2026-12-03T00:00:00+00:00", "note": "test"}))
    return out


def test_the_folder_is_used_and_named(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert resolve_posterior(None) == POSTERIOR_PATH
    assert resolve_posterior(folder) == resolve_posterior(folder / "posterior.csv") == folder / "posterior.csv"
    mine, shipped = tmp_path / "mine.parquet", tmp_path / "shipped.parquet"
    assert main(["run", "baseline", *FAST, "--posterior", str(folder), "--out", str(mine)]) == 0
    assert main(["run", "baseline", *FAST, "--out", str(shipped)]) == 0
    prov = read_provenance(mine)
    assert prov["posterior"] == str(folder / "posterior.csv") and prov["posterior_written"].startswith("2026-12-03")
    assert all(t["behaviour.job_hazard"] == 0.005 for t in prov["thetas"])
    assert all(set(t) == {"behaviour.job_hazard", *PRIORS} for t in prov["thetas"])  # and the 2021 law's prior draws

    def employed(path: Path) -> float:
        df = pd.read_parquet(path)
        sel = (df.axis == "since_permit") & (df.metric == "employed") & (df.sex == "all") & (df.origin == "all")
        return float(df[sel & (df.month == 20)].value.mean())

    assert employed(mine) < employed(shipped)  # its slow job offers were used
    assert main(["compare", "baseline", "work_first", *FAST, "--json", "--posterior", str(folder)]) == 0
    assert (
        "behaviour.job_hazard" in json.loads(capsys.readouterr().out)["uncertain_parameters"]["baseline"]["from_draw"]
    )


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("behaviour.job_hazard\n0.1\n", "'weight'"),
        (
            "guidance.dedicated_fte_per_100_inflow,weight\n1.0,1\n",
            "'guidance.dedicated_fte_per_100_inflow' is not an uncertain parameter",
        ),
        ("behaviour.job_hazard,weight\n0.1,-1\n", "'weight' must hold numbers"),
        ("behaviour.job_hazard,weight\nx,1\n", "'behaviour.job_hazard' must hold numbers"),
        ("behaviour.nope,weight\n0.1,1\n", "'behaviour.nope'"),
    ],
)
def test_a_file_that_is_not_a_posterior_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, said: str
) -> None:
    bad = tmp_path / "posterior.csv"
    bad.write_text(content)
    with pytest.raises(UserError, match=said):
        resolve_posterior(tmp_path)
    assert main(["run", "baseline", *FAST, "--posterior", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --posterior")
    assert main(["run", "baseline", *FAST, "--posterior", str(tmp_path / "missing")]) == 2
    assert "no posterior there" in capsys.readouterr().err


def test_draws_come_from_the_chosen_file(folder: Path) -> None:
    got = draw_thetas(3, 1, path=folder / "posterior.csv")
    assert [{k: v for k, v in t.items() if k not in PRIORS} for t in got] == [{"behaviour.job_hazard": 0.005}] * 3


def test_report_takes_the_folder_too(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``sim report --posterior DIR``: refused like the others when it is not a posterior, used when it is."""
    pdf = tmp_path / "r.pdf"
    argv = ["report", "work_first", "--reps", "2", "--months", "24", "--out", str(pdf)]
    assert main([*argv, "--posterior", str(tmp_path / "x")]) == 2
    assert "no posterior there" in capsys.readouterr().err and not pdf.exists()
    from sim.scenarios import load_scenario
    from webapp.report import run_comparison

    inputs = run_comparison(
        [load_scenario("baseline"), load_scenario("work_first")], 2, 1, posterior=folder / "posterior.csv"
    )
    assert inputs.stamp.posterior == str(folder) and inputs.stamp.uncertainty == "posterior"
