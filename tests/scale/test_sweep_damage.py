"""A sweep folder damaged on disk: a truncated or foreign run file is redone on resume, a damaged
manifest is one clear line, ``--collect`` names what is wrong before reading anything."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.design import Design
from sim.executor import make_executor
from sim.sweep import collect, run_files, run_sweep
from werkpad.cli import main

from .conftest import TINY_SET, write


def _sweep(design: Design, out: Path) -> int:
    with make_executor(1) as ex:
        return run_sweep(design, out, design.reps, design.seed, ex, show_progress=False).ran


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    order = ["point", "replication", "group", "kpi"]
    pd.testing.assert_frame_equal(
        a.sort_values(order).reset_index(drop=True), b.sort_values(order).reset_index(drop=True)
    )


def test_truncated_empty_and_swapped_run_files_are_redone(
    tmp_path: Path, grid: Design, reference_sweep: pd.DataFrame
) -> None:
    out = tmp_path / "out"
    assert _sweep(grid, out) == 12
    files = run_files(out)
    files[0].write_bytes(files[0].read_bytes()[:100])  # cut short (a full disk, a killed copy)
    files[1].write_bytes(b"")
    files[3].write_bytes(files[2].read_bytes())  # another run's file under this name
    with pytest.raises(Exception):  # noqa: B017 - the damaged file cannot be read as it is
        pd.concat([pd.read_parquet(f) for f in run_files(out)])
    assert _sweep(grid, out) == 3  # exactly the three damaged runs again
    _same(collect(out), reference_sweep)


def test_damaged_manifest_and_run_file_are_one_line(
    tmp_path: Path, grid_file: Path, grid: Design, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _sweep(grid, out)
    run_files(out)[0].write_bytes(b"PAR1 garbage")
    assert main(["sweep", "--collect", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "damaged run file" in err[0] and "p0000-r0000" in err[0]
    (out / "manifest.json").write_text('{"design": "tiny", ')
    for argv in (["sweep", str(grid_file), "--out", str(out)], ["sweep", "--collect", str(out)]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "manifest.json: damaged" in err[0], err
    (out / "manifest.json").write_text(json.dumps([1, 2]))
    assert main(["sweep", "--collect", str(out)]) == 2


def test_collect_checks_the_target_first_and_names_to(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "--collect", str(tmp_path / "missing"), "--to", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --to ") and "x.xlsx" in err and ".parquet or .csv" in err
    assert main(["sweep", "--collect", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_too_many_runs_are_refused_before_anything_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    levers = '[levers]\n"guidance.dedicated_fte_per_100_inflow" = { range = [0.0, 8.0], steps = 11 }\n'
    design = write(tmp_path, f"[design]\nreps = 1\n[set]\n{TINY_SET}{levers}")
    out = tmp_path / "never"
    assert main(["sweep", str(design), "--reps", "100000", "--out", str(out)]) == 2  # 11 x 100,000 runs
    assert "= 1,100,000 runs; at most 1,000,000" in capsys.readouterr().err and not out.exists()
