"""Sweeps: streamed to Parquet, identical on every executor, resumable, failures recorded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sim.sweep
from sim.design import Design, load_design
from sim.errors import UserError
from sim.executor import DaskExecutor, Executor, make_executor
from sim.results_io import read_provenance
from sim.sweep import RUNS, TMP, collect, failures, run_files, run_sweep
from werkpad.cli import main

from .conftest import GRID, TINY_SET, write

ORDER = ["point", "replication", "group", "kpi"]


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Identical sweep results (row order aside)."""
    a, b = (x.sort_values(ORDER).reset_index(drop=True) for x in (a, b))
    pd.testing.assert_frame_equal(a, b)


def test_in_process_sweep_streams_one_file_per_run(reference_sweep: pd.DataFrame, grid: Design) -> None:
    df = reference_sweep
    assert df[["point", "replication"]].drop_duplicates().shape[0] == 12
    assert set(df["group"]) >= {"all", "sex=female", "origin=Syria"}
    assert {"employed_share_m24", "net_municipal_cost_eur"} <= set(df["kpi"])
    assert list(df.columns[:6]) == ["point", "replication", "seed", "scenario_hash", *grid.levers]
    # paired seeds: replication k has one seed at every point
    assert (df.groupby("replication")["seed"].nunique() == 1).all()
    p3 = df[df["point"] == "p0003"]
    assert set(p3["guidance.dedicated_fte_per_100_inflow"]) == {4.0} and set(p3["learning.dual_places_per_100"]) == {
        10.0
    }


def test_run_files_carry_provenance(tmp_path: Path, grid: Design) -> None:
    with make_executor(1) as ex:
        run_sweep(grid, tmp_path, 1, grid.seed, ex, show_progress=False)
    files = run_files(tmp_path)
    assert [f.name for f in files] == [f"p000{i}-r0000.parquet" for i in range(4)]
    prov = read_provenance(files[3])
    assert prov["point"] == "p0003" and prov["replication"] == 0
    assert prov["scenario_hash"] == grid.scenario(3).hash
    assert {"werkpad_version", "git_commit", "seed", "design_hash"} <= set(prov)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["design_hash"] == grid.hash and len(manifest["points"]) == 4


def test_local_cluster_gives_identical_results(tmp_path: Path, grid: Design, reference_sweep: pd.DataFrame) -> None:
    with make_executor(2) as ex:
        summary = run_sweep(grid, tmp_path, grid.reps, grid.seed, ex, show_progress=False)
    assert summary.complete and summary.ran == 12
    same(collect(tmp_path), reference_sweep)


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[str]:
    """A Dask scheduler and one worker started as separate processes on 127.0.0.1."""
    info = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli"]
    log = (tmp_path / "dask.log").open("w")
    procs = [
        subprocess.Popen(
            [*dask[:2], "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0"]
            + ["--no-dashboard", "--scheduler-file", str(info)],
            stdout=log,
            stderr=log,
        )
    ]
    try:
        address = _wait_for_address(info)
        procs.append(
            subprocess.Popen(
                [*dask[:2], "distributed.cli.dask_worker", address, "--host", "127.0.0.1"]
                + ["--nthreads", "1", "--no-nanny", "--no-dashboard"],
                stdout=log,
                stderr=log,
            )
        )
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


def _wait_for_address(info: Path, timeout: float = 30.0) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if info.exists() and info.stat().st_size:
            return str(json.loads(info.read_text())["address"])
        time.sleep(0.1)
    raise RuntimeError("the dask scheduler did not start")


def test_scheduler_and_worker_processes_give_identical_results(
    tmp_path: Path, grid: Design, reference_sweep: pd.DataFrame, scheduler: str
) -> None:
    out = tmp_path / "out"
    assert main(["sweep", str(tmp_path / "design.toml"), "--out", str(out), "--scheduler", scheduler]) == 0
    same(collect(out), reference_sweep)


class CrashAfter(Executor):
    """In-process executor that raises KeyboardInterrupt after ``n`` results (a Ctrl-C)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        for k, pair in enumerate(make_executor(1).map(fn, items)):
            if k == self.n:
                raise KeyboardInterrupt
            yield pair


def test_resume_after_a_crash_loses_and_duplicates_nothing(
    tmp_path: Path, grid: Design, reference_sweep: pd.DataFrame
) -> None:
    with pytest.raises(KeyboardInterrupt):
        run_sweep(grid, tmp_path, grid.reps, grid.seed, CrashAfter(5), show_progress=False)
    assert len(run_files(tmp_path)) == 5
    (tmp_path / TMP / "p0001-r0002.1234.parquet").write_bytes(b"PAR1 half written")  # a killed write
    with make_executor(1) as ex:
        summary = run_sweep(grid, tmp_path, grid.reps, grid.seed, ex, show_progress=False)
    assert (summary.done_before, summary.ran, summary.total) == (5, 7, 12)
    assert not list((tmp_path / TMP).iterdir())
    same(collect(tmp_path), reference_sweep)
    again = run_sweep(grid, tmp_path, grid.reps, grid.seed, make_executor(1), show_progress=False)
    assert (again.done_before, again.ran) == (12, 0)


class KillAWorker(Executor):
    """A LocalCluster executor that SIGKILLs one worker process after the first result."""

    def __init__(self, inner: DaskExecutor) -> None:
        self.inner, self.n_workers, self.killed = inner, inner.n_workers, 0

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        for k, pair in enumerate(self.inner.map(fn, items)):
            if k == 0:
                pids = self.inner.client.run(os.getpid)
                os.kill(next(iter(pids.values())), signal.SIGKILL)
                self.killed += 1
            yield pair


def test_a_killed_worker_loses_nothing(tmp_path: Path, grid: Design, reference_sweep: pd.DataFrame) -> None:
    with make_executor(2) as ex:
        assert isinstance(ex, DaskExecutor)
        killer = KillAWorker(ex)
        summary = run_sweep(grid, tmp_path, grid.reps, grid.seed, killer, show_progress=False)
    assert killer.killed == 1
    assert summary.complete and summary.failed == 0
    same(collect(tmp_path), reference_sweep)


def test_resume_after_killing_the_client_process(tmp_path: Path) -> None:
    """SIGKILL a running ``sim sweep`` half way; the same command then finishes the sweep."""
    text = GRID.replace("reps = 3", "reps = 20").replace("= 60", "= 180")
    design = write(tmp_path, text)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "werkpad", "sweep", str(design), "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 60
        while len(list((out / RUNS).glob("*.parquet"))) < 10 and time.monotonic() < end and proc.poll() is None:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    done = len(run_files(out))
    assert 10 <= done < 80, "the sweep should have been killed half way"
    assert main(["sweep", str(design), "--out", str(out)]) == 0
    df = collect(out)
    assert df[["point", "replication"]].drop_duplicates().shape[0] == 80
    assert not df.duplicated(ORDER).any()
    fresh = tmp_path / "fresh"
    with make_executor(1) as ex:
        d = load_design(design)
        run_sweep(d, fresh, d.reps, d.seed, ex, show_progress=False)
    same(df, collect(fresh))


def test_a_failing_point_is_recorded_and_the_others_finish(
    tmp_path: Path, grid: Design, reference_sweep: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sim.sweep.run_task

    def flaky(task: sim.sweep.RunTask) -> dict[str, Any]:
        if task.point == "p0001":
            raise RuntimeError("solver exploded")
        return real(task)

    monkeypatch.setattr(sim.sweep, "run_task", flaky)
    with make_executor(1) as ex:
        summary = run_sweep(grid, tmp_path, grid.reps, grid.seed, ex, show_progress=False)
    assert (summary.ran, summary.failed, summary.complete) == (12, 3, False)
    failed = failures(tmp_path)
    assert list(failed["point"]) == ["p0001"] * 3 and list(failed["replication"]) == [0, 1, 2]
    assert failed["error"].eq("RuntimeError: solver exploded").all()
    assert "solver exploded" in failed["traceback"][0]
    assert len(run_files(tmp_path)) == 9
    monkeypatch.setattr(sim.sweep, "run_task", real)
    with make_executor(1) as ex:
        retry = run_sweep(grid, tmp_path, grid.reps, grid.seed, ex, show_progress=False)
    assert (retry.ran, retry.failed, retry.complete) == (3, 0, True)
    assert failures(tmp_path).empty
    same(collect(tmp_path), reference_sweep)


def test_more_replications_extend_a_finished_sweep(tmp_path: Path, grid: Design) -> None:
    with make_executor(1) as ex:
        run_sweep(grid, tmp_path, 2, grid.seed, ex, show_progress=False)
        summary = run_sweep(grid, tmp_path, 3, grid.seed, ex, show_progress=False)
    assert (summary.done_before, summary.ran) == (8, 4)


def test_an_output_folder_of_another_sweep_is_refused(tmp_path: Path, grid: Design) -> None:
    with make_executor(1) as ex:
        run_sweep(grid, tmp_path / "out", 1, grid.seed, ex, show_progress=False)
        with pytest.raises(UserError, match="holds another sweep"):
            run_sweep(grid, tmp_path / "out", 1, grid.seed + 1, ex, show_progress=False)
        other = load_design(write(tmp_path, GRID.replace("[0.0, 4.0]", "[0.0, 2.0]"), "other.toml"))
        with pytest.raises(UserError, match="holds another sweep"):
            run_sweep(other, tmp_path / "out", 1, grid.seed, ex, show_progress=False)


def test_cli_runs_shows_progress_and_collects(
    tmp_path: Path, grid_file: Path, capsys: pytest.CaptureFixture, reference_sweep: pd.DataFrame
) -> None:
    out = tmp_path / "out"
    assert main(["sweep", str(grid_file), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "4 points x 3 replications = 12 runs" in err and "12/12 runs done" in err
    assert main(["sweep", "--collect", str(out), "--to", str(tmp_path / "all.parquet")]) == 0
    same(pd.read_parquet(tmp_path / "all.parquet"), reference_sweep)
    assert main(["sweep", "--collect", str(tmp_path)]) == 2  # not a sweep folder
    with pytest.raises(SystemExit, match="2"):  # argparse: --workers and --scheduler exclude each other
        main(["sweep", str(grid_file), "--workers", "2", "--scheduler", "tcp://x:1"])


def test_cli_sweep_with_a_tiny_design_file_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, f'[design]\nreps = 1\n[set]\n{TINY_SET}[levers]\n"network.mentor_share" = [0.0, 0.5]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["sweep", str(path)]) == 0
    assert len(run_files(tmp_path / "out" / "sweeps" / "design")) == 2  # default folder under out/
