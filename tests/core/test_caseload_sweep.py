"""``sim sweep DESIGN --start-from CASELOAD.csv``: every point from the same people, resumable, private.

The points of a sweep from a caseload are paired as the scenarios of a comparison are (one
past: the design's base), so a point that sets a shipped scenario's levers gives that
scenario's numbers in ``sim compare --start-from`` exactly. A sweep killed half way and run
again gives the same files as one that was not; a resumed sweep refuses a caseload file that
changed; the run files and manifest hold the file's SHA-256, never its rows.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings

import sim.sweep
from sim.caseload.reader import read_caseload
from sim.caseload.sweep import StartFrom
from sim.design import Design, load_design
from sim.executor import make_executor
from sim.results_io import read_provenance
from sim.sweep import MANIFEST, collect, run_files, run_sweep

from .test_caseload_compare import BAD_FILES, GENERATED_BAD, SYNTHETIC, _quiet_cli, _refused
from .test_caseload_file import csv_bytes, rows
from .test_caseload_run import _run_cli as run_cli

ORDER = ["point", "replication", "group", "kpi"]
DESIGN = """
[meta]
title = "dual tracks from a caseload"

[design]
base = "baseline"
method = "list"
reps = 2
seed = 4

[set]
"context.horizon_months" = 24

[[point]]
"learning.dual_places_per_100" = 4.0

[[point]]
"learning.dual_places_per_100" = 25.0
"learning.dual_min_language" = 0.8
"learning.work_first" = 0.0
"""


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Identical sweep results (row order aside)."""
    a, b = (x.sort_values(ORDER).reset_index(drop=True) for x in (a, b))
    pd.testing.assert_frame_equal(a, b)


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> Design:
    path = tmp_path_factory.mktemp("design") / "dual_from_caseload.toml"
    path.write_text(DESIGN)
    return load_design(path)


@pytest.fixture(scope="module")
def start(design: Design) -> StartFrom:
    return StartFrom.of(read_caseload(SYNTHETIC.read_bytes())[0], design)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, design: Design, start: StartFrom) -> Path:
    """The sweep run in process without interruption."""
    out = tmp_path_factory.mktemp("reference") / "out"
    with make_executor(1) as ex:
        run_sweep(design, out, design.reps, design.seed, ex, show_progress=False, start=start)
    return out


def test_a_killed_sweep_from_a_caseload_resumes_bit_identically(
    tmp_path: Path, design: Design, start: StartFrom, reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save = sim.sweep.save_run

    def save_then_ctrl_c(*args: Any, **kwargs: Any) -> None:
        save(*args, **kwargs)
        raise KeyboardInterrupt  # Ctrl-C right after the first run file is written

    with monkeypatch.context() as m:
        m.setattr(sim.sweep, "save_run", save_then_ctrl_c)
        with pytest.raises(KeyboardInterrupt), make_executor(1) as ex:
            run_sweep(design, tmp_path, design.reps, design.seed, ex, show_progress=False, start=start)
    assert len(run_files(tmp_path)) == 1
    with make_executor(2) as ex:  # the rest on two local worker processes
        summary = run_sweep(design, tmp_path, design.reps, design.seed, ex, show_progress=False, start=start)
    assert (summary.done_before, summary.ran, summary.failed) == (1, 3, 0)
    same(collect(tmp_path), collect(reference))
    got = collect(reference)
    cl = got[got["group"] == "caseload"]
    assert len(cl) == 4 * 9 and cl["value"].notna().sum() == 4 * 6  # +36 months is beyond the 24-month horizon


def test_points_give_the_comparisons_numbers(reference: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Point 0 sets the baseline's value, point 1 dual_track's levers: ``compare --start-from`` gives the same."""
    argv = ["compare", "baseline", "dual_track", "--start-from", str(SYNTHETIC), "--reps", "2", "--seed", "4"]
    code, out, err = run_cli(capsys, [*argv, "--months", "24", "--json"])
    assert code == 0, err
    table = json.loads(out)["scenarios"]
    df = collect(reference)
    cl = df[df["group"] == "caseload"]
    for point, name in (("p0000", "baseline"), ("p0001", "dual_track")):
        for kpi, stats in table[name]["kpis"].items():
            values = cl[(cl["point"] == point) & (cl["kpi"] == kpi)].sort_values("replication")["value"].to_numpy()
            expected = np.nan if stats["value"] is None else stats["value"]
            assert np.mean(values) == pytest.approx(expected, abs=1e-12, nan_ok=True), (point, kpi)


def test_every_run_file_and_the_manifest_carry_the_files_digest(reference: Path, tmp_path: Path) -> None:
    digest = hashlib.sha256(SYNTHETIC.read_bytes()).hexdigest()
    manifest = json.loads((reference / MANIFEST).read_text())
    assert manifest["start_from"]["caseload_sha256"] == digest and manifest["start_from"]["caseload_people"] == 559
    for path in run_files(reference):
        prov = read_provenance(path)
        assert (prov["caseload_sha256"], prov["suppressed_below"]) == (digest, 10), path.name
    code, _, _ = _quiet_cli(["sweep", "--collect", str(reference), "--to", str(tmp_path / "all.parquet")])
    assert code == 0
    assert read_provenance(tmp_path / "all.parquet")["sweep"]["start_from"]["caseload_sha256"] == digest


def _cli_sweep(capsys: pytest.CaptureFixture[str], design: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli(capsys, ["sweep", str(design), "--out", str(out), *extra])


def test_a_resumed_sweep_refuses_a_changed_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    design = tmp_path / "d.toml"
    design.write_text(DESIGN.replace("reps = 2", "reps = 1").replace("= 24", "= 12"))
    src, out = tmp_path / "caseload.csv", tmp_path / "out"
    src.write_bytes(csv_bytes(rows(12)))
    code, _, err = _cli_sweep(capsys, design, out, "--start-from", str(src))
    assert code == 0, err
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    src.write_bytes(csv_bytes(rows(13)))  # a client more: another file
    code, stdout, err = _cli_sweep(capsys, design, out, "--start-from", str(src))
    assert code == 2 and stdout == "" and err.count("error:") == 1 and "Traceback" not in err
    assert "the caseload file changed since the sweep" in err and "new --out folder" in err
    code, _, err = _cli_sweep(capsys, design, out)
    assert code == 2 and "give the same --start-from FILE" in err
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    src.write_bytes(csv_bytes(rows(12)))  # the file it began with: resumes (nothing left to run)
    code, _, err = _cli_sweep(capsys, design, out, "--start-from", str(src))
    assert code == 0 and "2/2 runs done (0 now" in err


def test_nothing_of_the_file_leaves_the_sweep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A canary: the file's name, local ids and rows appear in no output, file or message; it is not copied."""
    body = rows(30)
    for k, r in enumerate(body):
        r[0] = str(7770 + k)
    src = tmp_path / "caseload_Jansen_canary.csv"
    src.write_bytes(csv_bytes(body))
    design = tmp_path / "d.toml"
    design.write_text(DESIGN.replace("reps = 2", "reps = 1").replace("= 24", "= 12"))
    out = tmp_path / "out"
    code, stdout, stderr = _cli_sweep(capsys, design, out, "--start-from", str(src))
    assert code == 0, stderr
    code, table, err = run_cli(capsys, ["sweep", "--collect", str(out)])
    assert code == 0, err
    files = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file()).decode("latin-1")
    provenance = "".join(json.dumps(read_provenance(p)) for p in run_files(out))
    written = stdout + stderr + table + err + files + provenance
    assert "Jansen" not in written and "canary" not in written
    assert not any(re.search(rf"\b{7770 + k}\b", stdout + stderr + table + provenance) for k in range(30))
    assert not any(",".join(r[2:]) in written for r in body)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["caseload_Jansen_canary.csv", "d.toml", "out"]


@pytest.mark.parametrize(("content", "said"), BAD_FILES)
def test_bad_files_refuse_the_sweep_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, said: str
) -> None:
    design, src, out = tmp_path / "d.toml", tmp_path / "c.csv", tmp_path / "out"
    design.write_text(DESIGN)
    src.write_bytes(content)
    code, stdout, err = _cli_sweep(capsys, design, out, "--start-from", str(src))
    assert code == 2 and stdout == "" and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"error: --start-from {src}") and said in err
    assert not out.exists()


@settings(max_examples=30, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=GENERATED_BAD)
def test_generated_bad_files_refuse_the_sweep(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    assume(_refused(data))
    folder = tmp_path_factory.mktemp("bad")
    design, src, out = folder / "d.toml", folder / "generated.csv", folder / "out"
    design.write_text(DESIGN)
    src.write_bytes(data)
    code, stdout, err = _quiet_cli(["sweep", str(design), "--out", str(out), "--start-from", str(src)])
    assert code == 2 and stdout == "" and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"error: --start-from {src}") and not out.exists()


def test_a_remote_cluster_and_collect_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    design = tmp_path / "d.toml"
    design.write_text(DESIGN)
    argv = ["sweep", str(design), "--start-from", str(SYNTHETIC), "--scheduler", "tcp://127.0.0.1:1"]
    code, _, err = run_cli(capsys, [*argv, "--out", str(tmp_path / "out")])
    assert code == 2 and "this machine only" in err and not (tmp_path / "out").exists()
    code, _, err = run_cli(capsys, ["sweep", "--collect", str(tmp_path), "--start-from", str(SYNTHETIC)])
    assert code == 2 and "--start-from is for running a sweep" in err
    code, out, _ = run_cli(capsys, ["sweep", "--help"])
    assert code == 0 and "every run of every point starts from your own anonymised caseload" in " ".join(out.split())
