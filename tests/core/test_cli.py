"""The ``sim`` command line: listing, running to Parquet with provenance, comparing as JSON,
and user errors (exit 2, one line on stderr, no traceback)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.params import load_specs
from sim.results_io import read_provenance
from sim.runner import replication_seed
from sim.scenarios import list_scenarios, load_scenario
from werkpad.cli import main

from .helpers import FIXTURES

FAST = ["--reps", "3", "--seed", "1", "--months", "40"]


def test_scenarios_lists_every_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[0] for line in lines] == list_scenarios()
    assert load_scenario("funding_ends").title in lines[list_scenarios().index("funding_ends")]


def test_params_prints_every_parameter_with_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "funding_ends"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()[2:]}
    specs = load_specs()
    assert set(specs) <= set(rows)
    assert rows["funding.end_month"][44] == "*"  # set by the scenario
    assert rows["guidance.regular_caseload"][44] == " "  # baseline value
    assert " 36" in rows["funding.end_month"]
    assert specs["guidance.regular_caseload"].source in rows["guidance.regular_caseload"]


def test_run_writes_parquet_with_provenance(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sub" / "x.parquet"
    assert main(["run", "dedicated_client_managers", *FAST, "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err
    df = pd.read_parquet(out)
    assert {"scenario", "replication", "seed", "axis", "month", "metric", "sex", "origin", "value"} <= set(df.columns)
    assert set(df["scenario"]) == {"dedicated_client_managers"}
    assert sorted(df["replication"].unique()) == [0, 1, 2]
    prov = read_provenance(out)
    s = load_scenario("dedicated_client_managers").with_overrides({"context.horizon_months": 40})
    assert prov["scenario"] == "dedicated_client_managers"
    assert prov["scenario_hash"] == s.hash
    assert prov["base_seed"] == 1
    assert prov["seeds"] == [replication_seed(1, k) for k in range(3)]
    assert set(df["seed"]) == set(prov["seeds"])
    assert prov["werkpad_version"] and "git_commit" in prov and prov["python"]
    assert prov["uncertain_parameters"]  # baseline values or posterior draws: always stated
    for theta in prov.get("thetas", []):
        assert set(theta) <= set(load_specs())
    money = df[(df["axis"] == "calendar") & (df["metric"] == "net_municipal_cost")]
    assert money["month"].max() == 39


def test_compare_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "baseline", "dedicated_client_managers", "work_first", *FAST, "--json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert table["baseline"] == "baseline" and table["reps"] == 3 and table["seed"] == 1
    assert set(table["scenarios"]) == {"baseline", "dedicated_client_managers", "work_first"}
    for name, body in table["scenarios"].items():
        kpis = body["kpis"]
        for kpi in ("employed_share_m12", "employed_share_m36", "b1_share_m36", "net_municipal_cost_eur"):
            assert {"value", "diff", "lo", "hi"} <= set(kpis[kpi])
            k = kpis[kpi]
            assert isinstance(k["value"], float)
            if name == "baseline":
                assert k["diff"] == 0
            else:
                assert k["lo"] <= k["diff"] <= k["hi"]
        assert kpis["employed_share_m60"]["value"] is None  # beyond the 40-month horizon: null, not NaN
        groups = body["by_group"]
        assert {"sex=female", "sex=male", "origin=Syria"} <= set(groups)
        assert {"value", "diff", "lo", "hi"} <= set(groups["origin=Syria"]["employed_share_m36"])
    # the women's and men's shares bracket the overall share
    d = table["scenarios"]["dedicated_client_managers"]
    f, m = (d["by_group"][g]["employed_share_m36"]["value"] for g in ("sex=female", "sex=male"))
    assert min(f, m) <= d["kpis"]["employed_share_m36"]["value"] <= max(f, m)


def test_compare_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "baseline", "work_first", "--reps", "2", "--months", "40"]) == 0
    out = capsys.readouterr().out
    assert "work_first" in out and "employed_share_m12" in out and "diff" in out


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1, captured.err
    assert err[0].startswith("error: ")
    assert "Traceback" not in captured.err
    return err[0]


@pytest.mark.parametrize("fixture", ["unknown_parameter_key.toml", "invalid_toml.toml", "bad_change_month.toml"])
def test_malformed_file_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], fixture: str) -> None:
    line = _one_line_error(capsys, ["run", str(FIXTURES / fixture), *FAST])
    assert fixture in line


def test_user_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "unknown scenario 'nope'" in _one_line_error(capsys, ["run", "nope", *FAST])
    assert ".txt" in _one_line_error(capsys, ["run", "baseline", *FAST, "--out", str(tmp_path / "x.txt")])
    assert "distinct" in _one_line_error(capsys, ["compare", "baseline", "baseline", *FAST])
    assert "'nope'" in _one_line_error(capsys, ["compare", "baseline", "nope", *FAST])
    assert "'nope'" in _one_line_error(capsys, ["params", "nope"])


@pytest.mark.parametrize("args", [["run", "baseline", "--reps", "0"], ["run", "baseline", "--seed", "-3"], ["bogus"]])
def test_bad_arguments_exit_2_without_traceback(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "error:" in err.strip().splitlines()[-1]


def test_python_dash_m_sim(tmp_path: Path) -> None:
    bad = subprocess.run(
        [sys.executable, "-m", "werkpad", "run", str(FIXTURES / "out_of_range.toml"), *FAST],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "out_of_range.toml" in lines[0] and "guidance.screening_share" in lines[0]
    ok = subprocess.run(
        [sys.executable, "-m", "werkpad", "run", "baseline", "--reps", "1", "--months", "24"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    header = ok.stdout.splitlines()[0].split(",")
    assert header[:3] == ["scenario", "replication", "seed"]
    assert not math.isnan(float(ok.stdout.splitlines()[1].split(",")[-1]))


def test_run_writes_csv_with_a_provenance_sidecar(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert main(["run", "baseline", "--reps", "1", "--months", "24", "--out", str(out)]) == 0
    df = pd.read_csv(out)
    assert len(df) > 0 and set(df["scenario"]) == {"baseline"}
    prov = json.loads((tmp_path / "x.csv.provenance.json").read_text())
    assert prov["scenario"] == "baseline" and prov["seeds"] == [replication_seed(1, 0)]


def test_params_shows_dated_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "era_2014"]) == 0
    out = capsys.readouterr().out.splitlines()
    dated = [line for line in out if "from month" in line]
    changes = load_scenario("era_2014").changes
    assert len(dated) == sum(len(vals) for _, vals in changes)
    assert any(line.startswith("context.labour_tightness") and "from month 24" in line for line in dated)
