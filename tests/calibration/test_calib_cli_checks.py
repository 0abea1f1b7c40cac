"""``sim calibrate`` / ``sim sensitivity`` refuse, before any simulation, what would go wrong later:
another program's database, a resume with other settings, the shipped files without a flag."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from calibration import fit
from calibration.fit import FitSettings
from calibration.priors import PRIORS
from sim.errors import UserError
from werkpad.cli import main

PRIOR = tuple(p for p in PRIORS if p.key == "behaviour.job_hazard")


def _one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "Traceback" not in err[0], err
    return err[0]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_db_that_is_not_pyabc_is_refused_and_left_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ["--out", str(tmp_path / "p" / "posterior.csv"), "--no-report"]
    text = tmp_path / "notes.db"
    text.write_text("not a database\n")
    assert "not an SQLite database" in _one_line(capsys, ["calibrate", "--db", str(text), *out])
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE invoices (id INTEGER, amount REAL)")
        con.execute("INSERT INTO invoices VALUES (1, 9.5)")
    con.close()
    before = _digest(other)
    line = _one_line(capsys, ["calibrate", "--db", str(other), *out])
    assert "another program" in line and "invoices" in line
    assert _digest(other) == before
    assert "is a file, not a folder" in _one_line(capsys, ["calibrate", "--db", str(text / "x.db"), *out])
    assert "is a folder" in _one_line(capsys, ["calibrate", "--db", str(tmp_path), *out])
    assert not (tmp_path / "p").exists()  # nothing was created


@pytest.mark.parametrize("cmd", ["calibrate", "sensitivity"])
def test_negative_seed_and_too_many_workers_are_one_line(cmd: str, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--seed", "-1"], ["--workers", "1000"], ["--seed", "x"]):
        with pytest.raises(SystemExit) as info:
            main([cmd, *args])
        assert info.value.code == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and args[0] in err[0] and "Traceback" not in err[0]


def test_shipped_results_need_an_explicit_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = Path(fit.__file__).parent
    before = {p.name: _digest(p) for p in shipped.glob("*.csv")}
    line = _one_line(capsys, ["calibrate", "--out", str(shipped / "posterior.csv"), "--db", str(tmp_path / "x.db")])
    assert "--replace-shipped" in line
    assert "--replace-shipped" in _one_line(capsys, ["sensitivity", "--out-dir", str(shipped)])
    assert {p.name: _digest(p) for p in shipped.glob("*.csv")} == before
    from calibration.calibrate_cmd import plan
    from werkpad.cli import build_parser

    made = plan(build_parser().parse_args(["calibrate"]))
    assert str(made.folder).startswith("out/") and str(made.db).startswith("out/")
    mine = tmp_path / "mine.csv"
    mine.write_text("metric,month,observed,tolerance,weight,source\nemployed,24,0.2,0.03,1,monitor\n")
    made = plan(build_parser().parse_args(["calibrate", "--targets", str(mine), "--quick"]))
    assert made.folder == Path("out/calibration/mine") and made.db == made.folder / "history.db"
    assert made.quick and "behaviour.job_hazard" in {p.key for p in made.priors} and made.particles == 150
    assert "behaviour.exam_monthly_pass" not in {p.key for p in made.priors}
    assert "behaviour.exam_monthly_pass" in made.fixed  # held at the shipped posterior's mean
    assert str(build_parser().parse_args(["sensitivity"]).out_dir).startswith("out/")


def _open(settings: FitSettings) -> int:
    abc = fit._abc(settings)
    return fit._start_or_resume(abc, settings)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"particles": 7}, "--particles"),
        ({"seed": 5}, "--seed"),
        ({"inflow_per_year": 240}, "--cohort"),
        ({"observed": {"employed_m12": 0.5}}, "--targets"),
        ({"priors": PRIORS[:2]}, "--quick"),
    ],
)
def test_resume_with_other_settings_is_refused_naming_the_setting(tmp_path: Path, change: dict, named: str) -> None:
    base = {"db": tmp_path / "h.db", "particles": 6, "seed": 1, "priors": PRIOR, "inflow_per_year": 120}
    assert _open(FitSettings(**base, progress=False)) == 0  # a new run, settings stored with it
    assert _open(FitSettings(**base, progress=False)) >= 0  # the same settings resume
    with pytest.raises(UserError, match=named):
        _open(FitSettings(**{**base, **change}, progress=False))


def test_provenance_names_project_files_without_the_machines_folders(tmp_path: Path) -> None:
    from calibration.calibrate_cmd import shown_path
    from calibration.targets import TARGETS_PATH

    assert shown_path(TARGETS_PATH) == "calibration/targets_2014.csv"
    outside = tmp_path / "mine.csv"
    assert shown_path(outside) == str(outside)  # a user's own file keeps the path they gave
