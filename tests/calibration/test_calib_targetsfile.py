"""The targets file: the shipped 2014 file follows from the evidence rows; bad files are one clear line.

Hypothesis builds valid targets files and breaks each in one place (an unknown metric or group,
a month beyond the horizon, a share outside [0, 1], a missing column, a non-number, an empty
source, a repeated figure); ``sim calibrate`` must refuse every one before any simulation with
exit 2 and one line naming the file, the row and the column.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calibration.cbs2014 import evidence_targets
from calibration.simulate import calibration_scenario
from calibration.targets import TARGETS_PATH, extract_many, load_targets
from calibration.targetsfile import COLUMNS, REQUIRED, check_measurable, read_targets, write_targets
from sim.errors import UserError
from sim.households import HOUSEHOLD_TYPES
from sim.outcomes import METRICS
from sim.population import ORIGIN_LABELS
from sim.runner import run
from werkpad.cli import main

HORIZON = 120  # era_2014's
GROUPS = ["all", "", "sex=female", "sex=male", *(f"origin={o}" for o in ORIGIN_LABELS), "origin=Turkey+Other"]
GROUPS += [f"household={h}" for h in HOUSEHOLD_TYPES]


def test_shipped_file_is_what_the_evidence_rows_give() -> None:
    shipped, made = load_targets(), evidence_targets()
    assert [t.name for t in shipped] == [t.name for t in made] and len(shipped) == 52
    for a, b in zip(shipped, made, strict=True):
        for f in dataclasses.fields(a)[:-1]:  # all but the row read from
            x, y = getattr(a, f.name), getattr(b, f.name)
            assert math.isclose(x, y, rel_tol=1e-9) if isinstance(x, float) else x == y, (a.name, f.name)


def test_regenerating_the_shipped_file_gives_the_same_bytes(tmp_path: Path) -> None:
    write_targets(evidence_targets(), tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == TARGETS_PATH.read_bytes()


def test_groups_names_and_a_household_figure_are_measured(tmp_path: Path) -> None:
    rows = [["employed", "24", g, "0.1", "0.03", "1", "test"] for g in GROUPS if g not in ("", "origin=Turkey")]
    path = _write(tmp_path / "t.csv", list(REQUIRED[:2]) + ["group", *REQUIRED[2:]], rows)
    targets = read_targets(path, HORIZON)
    names = [t.name for t in targets]
    assert names[:3] == ["employed_m24", "employed_m24_female", "employed_m24_male"]
    assert "employed_m24_Turkey+Other" in names and "employed_m24_single_parent" in names
    result = run(calibration_scenario("era_2014"), 3)  # 3,000 people: every group is there at 24 months
    check_measurable(targets, result, path, "era_2014")
    values = extract_many(targets, result)
    assert ((values >= 0) & (values <= 1)).all()  # every group, household types included, is measured
    assert values[names.index("employed_m24_female")] < values[names.index("employed_m24_male")]


# ----------------------------------------------------------------------------- bad files

VALID_ROW = st.fixed_dictionaries(
    {
        "name": st.just(""),
        "metric": st.sampled_from(list(METRICS)),
        "month": st.integers(0, HORIZON - 1).map(str),
        "group": st.sampled_from(GROUPS),
        "observed": st.floats(0, 1).map(lambda x: f"{x:.4g}"),
        "tolerance": st.floats(0.001, 1).map(lambda x: f"{x:.4g}"),
        "weight": st.floats(0.01, 10).map(lambda x: f"{x:.4g}"),
        "source": st.sampled_from(["monitor 2023", "T1-042", "CBS StatLine"]),
        "note": st.just(""),
    }
)
BREAKS = {  # what breaks, the column named, the replacement value
    "metric": ["jobs", "employment", "net_municipal_cost", "EMPLOYED", ""],
    "group": ["origin=Mars", "sex=other", "household=big", "age=18-25", "origin=", "origin=Syria+Syria"],
    "month": [str(HORIZON), "999", "-1", "1.5", "twelve", ""],
    "observed": ["1.2", "-0.1", "25", "x", "", "nan", "inf"],
    "tolerance": ["0", "-0.03", "3", "x", ""],
    "weight": ["-1", "x", "", "inf"],
    "source": [""],
}


@st.composite
def broken_file(draw: st.DrawFn) -> tuple[list[dict[str, str]], int, str]:
    """Valid rows with one cell broken: (rows, broken row index, column)."""
    rows = _unique(draw(st.lists(VALID_ROW, min_size=1, max_size=6)))
    col = draw(st.sampled_from(sorted(BREAKS)))
    k = draw(st.integers(0, len(rows) - 1))
    rows[k] = {**rows[k], col: draw(st.sampled_from(BREAKS[col]))}
    return rows, k, col


def _unique(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows with distinct (metric, month, group) (a repeat is its own error)."""
    seen, out = set(), []
    for r in rows:
        key = (r["metric"], r["month"], r["group"] or "all")
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _refused(path: Path, capsys: pytest.CaptureFixture[str], out: Path) -> str:
    code = main(["calibrate", "--targets", str(path), "--out", str(out), "--no-report", "--db", str(out / "h.db")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "Traceback" not in err[0], err
    assert not out.exists()  # refused before anything was written
    return err[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=broken_file())
def test_a_broken_cell_is_one_line_naming_file_row_and_column(
    case: tuple[list[dict[str, str]], int, str], capsys: pytest.CaptureFixture[str]
) -> None:
    rows, k, col = case
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "mine.csv", list(COLUMNS), [[r[c] for c in COLUMNS] for r in rows])
        line = _refused(path, capsys, Path(tmp) / "out")
    assert str(path) in line and f"row {k + 2}," in line and f"column '{col}'" in line, line


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(VALID_ROW, min_size=1, max_size=4).map(_unique), drop=st.sampled_from(REQUIRED))
def test_a_missing_column_is_named(rows: list[dict[str, str]], drop: str, capsys: pytest.CaptureFixture[str]) -> None:
    cols = [c for c in COLUMNS if c != drop]
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "mine.csv", cols, [[r[c] for c in cols] for r in rows])
        line = _refused(path, capsys, Path(tmp) / "out")
    assert str(path) in line and "row 1" in line and f"column '{drop}'" in line, line


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "empty"),
        ("metric,month,observed,tolerance,weight,source\n", "no rows"),
        ("metric,month,observed,tolerance,weight,source,colour\nemployed,12,0.1,0.03,1,x,red\n", "column 'colour'"),
        ("metric,month,observed,tolerance,weight,source\nemployed,12,0.1,0.03,1\n", "row 2: 5 fields"),
        ("metric,month,observed,tolerance,weight,source\nemployed,12,0.1,0.03,0,x\n", "weight 0"),
        (
            "metric,month,observed,tolerance,weight,source\nemployed,12,0.1,0.03,1,x\nemployed,12,0.2,0.03,1,y\n",
            "row 3, column 'group': the same metric, month and group as row 2",
        ),
        ("metric,month,observed,tolerance,weight,source,name\nemployed,12,0.1,0.03,1,x,a b\n", "column 'name'"),
    ],
)
def test_other_malformed_files(text: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(text, encoding="utf-8")
    assert said in _refused(path, capsys, tmp_path / "out")


def test_not_text_and_missing_file_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "sheet.csv"
    binary.write_bytes(b"\xff\xfe\x00PK\x03\x04" * 10)
    assert "not a UTF-8 text file" in _refused(binary, capsys, tmp_path / "out")
    assert "cannot read" in _refused(tmp_path / "nope.csv", capsys, tmp_path / "out")


def test_a_month_within_a_shorter_scenario_horizon(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("metric,month,observed,tolerance,weight,source\nemployed,60,0.3,0.03,1,x\n", encoding="utf-8")
    assert read_targets(path, 61)[0].month == 60
    with pytest.raises(UserError, match=r"row 2, column 'month': '60' is beyond the scenario's horizon"):
        read_targets(path, 60)


def test_a_group_nobody_is_in_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "no_turkey.toml"
    scenario.write_text('[set]\n"population.origin_share.turkey" = 0\n"context.inflow_per_year" = 600\n')
    path = tmp_path / "mine.csv"
    text = "metric,month,group,observed,tolerance,weight,source\nemployed,12,all,0.1,0.03,1,x\n"
    path.write_text(text + "employed,12,origin=Turkey,0.1,0.03,1,x\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = ["calibrate", "--targets", str(path), "--scenario", str(scenario), "--out", str(out), "--no-report"]
    assert main(argv) == 2
    line = capsys.readouterr().err.strip()
    assert "row 3, column 'group': nobody of origin=Turkey reaches month 12" in line and "no_turkey.toml" in line


def test_quick_needs_figures_that_inform_a_parameter_and_out_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("metric,month,observed,tolerance,weight,source\nvolunteering,24,0.1,0.03,1,x\n", encoding="utf-8")
    argv = ["calibrate", "--targets", str(path), "--no-report", "--db", str(tmp_path / "h.db")]
    assert main([*argv, "--quick", "--out", str(tmp_path / "out")]) == 2
    assert "inform none of the calibrated parameters" in capsys.readouterr().err
    assert main([*argv, "--out", str(tmp_path / "out.txt")]) == 2
    assert "expected a folder" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (tmp_path / "h.db").exists()


def test_the_example_file_is_valid_for_its_scenario() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "targets" / "municipality_2020.csv"
    horizon = int(calibration_scenario("era_2020").params()["context.horizon_months"])
    targets = read_targets(example, horizon)
    assert [t.name for t in targets] == ["employed_m12", "employed_m24", "employed_m36", "welfare_m24"]
    assert all("EXAMPLE" in t.row_id for t in targets)  # marked as invented in every row
