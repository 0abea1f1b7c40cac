"""Batch sweeps: every design point x replication, streamed to Parquet, resumable.

``run_sweep(design, out, reps, seed, executor)`` runs replication ``k`` of every point with
the seed :func:`sim.runner.replication_seed` (base seed, k), the same at every point, so the
differences between points are paired. By default replication ``k`` also draws its uncertain
parameters from the calibration posterior (``sim.posterior.draw_thetas(reps, seed)``),
the same draw at every point, so the spread over replications includes what calibration could
not pin down. A parameter the point's scenario sets wins over the draw (the scenario layer's
rule, :meth:`sim.scenarios.Scenario.open_theta`): a ``[set]`` value or a lever (a list design
gives every point a value for each of its levers, the base scenario's where the point names
none, as the manifest shows).
``point_estimate=True`` (``sim sweep --point-estimate``) gives every run the posterior mean.
The mode and the posterior used are recorded in the manifest and in every run file. Runs go
through :mod:`sim.executor` (in process, a Dask LocalCluster, or a remote Dask cluster);
whichever runs them, a run's result depends only on (point, seed, theta), all fixed by the
client, so 1 worker, 2 workers and a cluster give identical files.

The output folder holds::

    manifest.json               design, its hash, levers, points, base seed, provenance
    runs/p0003-r0007.parquet    one file per completed run: KPI rows, provenance in metadata
    failures/p0003-r0007.json   a run that raised: its error and traceback
    tmp/                        files being written (renamed into runs/ when complete)

The client (not the worker) writes each run's file as soon as the run completes, to a
temporary file flushed to disk (fsync) and renamed into ``runs/`` (atomic on one file system):
a run is done if and only if its file exists. On resume every run file is checked (Parquet
footer, rows, its own point, replication and seed); a damaged one (a full disk, a copy cut
short) is removed and run again. Kill the sweep at any point (Ctrl-C, a dead worker, a dead client) and
run the same command again: it skips the runs that have a file and runs the rest, so no run
is lost and none is duplicated. A failed run does not stop the others; it is retried on the
next invocation and its failure file is removed once it succeeds. Read a whole sweep with
:func:`collect` (one long DataFrame) and :func:`failures`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from sim.caseload.sweep import StartFrom, check_same_start
from sim.design import Design
from sim.errors import UserError
from sim.executor import Executor, TaskFailed
from sim.outputs import fsync_replace
from sim.posterior import POSTERIOR_PATH, draw_thetas, read_meta
from sim.provenance import stamp
from sim.results_io import write_table
from sim.runner import replication_seed, run
from sim.scenarios import Scenario

RUNS, FAILURES, TMP, MANIFEST = "runs", "failures", "tmp", "manifest.json"
KEY_COLUMNS = ("point", "replication", "seed", "scenario_hash")


@dataclass(frozen=True)
class RunTask:
    """One replication of one design point: everything a worker needs.

    Attributes:
        index: Position of the point in the design.
        point: Design point id (``p0003``).
        replication: Replication index k.
        seed: The run's seed (paired: the same for replication k of every point).
        scenario: The point's validated scenario.
        theta: Uncertain-parameter values of this replication (its posterior draw, less what
            the point sets), or None for the scenario's own values.
        start: The caseload every run starts from (``--start-from``), or None.
        draw: With ``start``: replication k's whole draw (the caseload's past takes all of it).
    """

    index: int
    point: str
    replication: int
    seed: int
    scenario: Scenario
    theta: dict[str, float] | None = None
    start: StartFrom | None = None
    draw: dict[str, float] | None = None

    @property
    def name(self) -> str:
        """File stem of the run: ``p0003-r0007``."""
        return f"{self.point}-r{self.replication:04d}"


def run_task(task: RunTask) -> dict[str, Any]:
    """Run one task (on a worker) and return its KPIs with the worker's provenance.

    Returns:
        ``kpis`` (as :meth:`sim.outcomes.RunResult.kpis`, with a caseload also group
        ``caseload``: :meth:`sim.caseload.sweep.StartFrom.run`), ``scenario_hash``, ``version``,
        ``host`` and ``seconds`` (wall time of the run).
    """
    start = time.perf_counter()
    if task.start is None:
        result = run(task.scenario, task.seed, task.replication, theta=task.theta)
        kpis = result.kpis()
    else:
        result, kpis = task.start.run(task.scenario, task.seed, task.replication, task.draw)
    return {
        "kpis": kpis,
        "scenario_hash": result.scenario_hash,
        "version": result.version,
        "host": socket.gethostname(),
        "seconds": time.perf_counter() - start,
    }


@dataclass
class SweepSummary:
    """What one invocation of a sweep did (counts of runs)."""

    total: int
    done_before: int
    ran: int
    failed: int
    redone: int = 0  # damaged run files found on resume and run again

    @property
    def complete(self) -> bool:
        """Every run of the design has a result file."""
        return self.done_before + self.ran - self.failed == self.total


def plan(
    design: Design,
    reps: int,
    seed: int,
    thetas: list[dict[str, float]] | None = None,
    start: StartFrom | None = None,
) -> list[RunTask]:
    """Every run of the design, replication-major (all points of replication 0 first).

    Replication-major order means a half-finished sweep already covers every point with
    fewer replications.

    Args:
        design: The validated design.
        reps: Replications per point.
        seed: Base seed.
        thetas: One uncertain-parameter draw per replication (paired across points), or None.
        start: The caseload every run starts from, or None.
    """
    scenarios = [design.scenario(i) for i in range(len(design.points))]
    draws = thetas if thetas is not None else [None] * reps
    return [
        RunTask(
            i,
            design.point_id(i),
            k,
            replication_seed(seed, k),
            s,
            None if draws[k] is None else s.open_theta(draws[k]),
            start,
            draws[k] if start is not None else None,
        )
        for k in range(reps)
        for i, s in enumerate(scenarios)
    ]


@dataclass(frozen=True)
class Uncertainty:
    """Where a sweep's uncertain parameters come from (recorded in the manifest and run files).

    Attributes:
        mode: ``posterior draw per replication``, ``posterior mean`` or
            ``baseline values (no posterior)``.
        posterior_digest: SHA-256 (16 hex digits) of the posterior file used, '' for none.
        posterior_written: When the posterior was written (its provenance), '' for none.
    """

    mode: str
    posterior_digest: str = ""
    posterior_written: str = ""

    @classmethod
    def of(
        cls, thetas: list[dict[str, float]] | None, point_estimate: bool, path: Path = POSTERIOR_PATH
    ) -> Uncertainty:
        """Describe the draws ``thetas`` made from the posterior at ``path``."""
        if thetas is None:
            return cls("baseline values (no posterior)")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        mode = "posterior mean" if point_estimate else "posterior draw per replication"
        return cls(mode, digest, str(read_meta(path.with_suffix(".json")).get("written", "")))

    def record(self) -> dict[str, str]:
        """The JSON form."""
        return {
            "mode": self.mode,
            "posterior_digest": self.posterior_digest,
            "posterior_written": self.posterior_written,
        }


def prepare_output(
    out: Path,
    design: Design,
    seed: int,
    reps: int,
    uncertainty: Uncertainty | None = None,
    start: dict[str, Any] | None = None,
) -> None:
    """Create the folder and its manifest, or check that it holds this same sweep.

    Args:
        out: The sweep folder.
        design: The design.
        seed: Base seed.
        reps: Replications per point (the manifest keeps the most asked for).
        uncertainty: Where the uncertain parameters come from.
        start: :meth:`sim.caseload.sweep.StartFrom.record` of the caseload, or None.

    Raises:
        UserError: The folder holds a different design, base seed, uncertain-parameter
            mode (or posterior) or caseload file, or cannot be written.
    """
    uncertainty = uncertainty or Uncertainty("baseline values (no posterior)")
    try:
        for sub in (RUNS, FAILURES):
            (out / sub).mkdir(parents=True, exist_ok=True)
        shutil.rmtree(out / TMP, ignore_errors=True)  # leftovers of a killed client
        (out / TMP).mkdir()
    except OSError as exc:
        raise UserError(f"--out {out}: cannot create the output folder: {exc.strerror}") from None
    path = out / MANIFEST
    old = check_same_sweep(out, design, seed, start)
    if old is not None:
        _check_uncertainty(out, old.get("uncertain_parameters"), uncertainty)
        reps = max(reps, int(old.get("reps", 0)))
    record = manifest(design, seed, reps, uncertainty) | ({"start_from": start} if start is not None else {})
    _write_atomic(path, json.dumps(record, indent=2), out)


def check_same_sweep(
    out: Path, design: Design, seed: int, start: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The manifest of the sweep already in ``out`` (None when there is none), checked to be this sweep.

    Args:
        out: The sweep folder.
        design: The design.
        seed: Base seed.
        start: :meth:`sim.caseload.sweep.StartFrom.record` of this invocation's caseload, or None.

    Raises:
        UserError: The manifest is damaged, or holds another design, base seed or caseload file.
    """
    if not (out / MANIFEST).exists():
        return None
    old = read_manifest(out)
    if old.get("design_hash") != design.hash or old.get("seed") != seed:
        raise UserError(
            f"--out {out} holds another sweep (design hash {old.get('design_hash')}, seed {old.get('seed')}); "
            f"this one is design hash {design.hash}, seed {seed}: use a new --out folder"
        )
    check_same_start(out, old.get("start_from"), start)
    return old


def read_manifest(out: Path) -> dict[str, Any]:
    """The sweep folder's manifest.

    Raises:
        UserError: It is missing, or damaged (not a JSON object); the runs beside it are untouched.
    """
    path = out / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{out}: not a sweep folder (no {MANIFEST})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(
            f"{path}: damaged ({exc}); the finished runs in {out / RUNS} are kept: "
            "restore the manifest or use a new --out folder"
        ) from None
    if not isinstance(data, dict) or "design_hash" not in data:
        raise UserError(f"{path}: damaged (not a sweep manifest); restore it or use a new --out folder")
    return data


def _check_uncertainty(out: Path, old: dict[str, str] | None, new: Uncertainty) -> None:
    """Refuse to resume a sweep whose finished runs used other uncertain-parameter values."""
    before = old or Uncertainty("baseline values (no posterior)").record()  # sweeps before posterior draws
    if before == new.record():
        return
    flag = " (--point-estimate)" if before.get("mode") == "posterior mean" else ""
    raise UserError(
        f"--out {out} holds runs made with uncertain parameters from: {before.get('mode')}{flag}, posterior "
        f"{before.get('posterior_digest') or '-'}; this sweep uses: {new.mode}, posterior "
        f"{new.posterior_digest or '-'}: use a new --out folder (or the same mode)"
    )


def manifest(design: Design, seed: int, reps: int, uncertainty: Uncertainty | None = None) -> dict[str, Any]:
    """The sweep's description: design, points, seeds, uncertain-parameter mode and provenance."""
    points = [
        {"point": design.point_id(i), **pt, "scenario_hash": design.scenario(i).hash}
        for i, pt in enumerate(design.points)
    ]
    return {
        "design": design.name,
        "title": design.title,
        "design_file": design.source,
        "design_hash": design.hash,
        "method": design.method,
        "base_scenario": design.base.name,
        "fixed": design.fixed,
        "levers": list(design.levers),
        "points": points,
        "seed": seed,
        "reps": reps,
        "seeds": [replication_seed(seed, k) for k in range(reps)],
        "uncertain_parameters": (uncertainty or Uncertainty("baseline values (no posterior)")).record(),
        "provenance": stamp(),
    }


def _write_atomic(path: Path, text: str, out: Path) -> None:
    tmp = out / TMP / f"{path.name}.{os.getpid()}"
    tmp.write_text(text)
    fsync_replace(tmp, path)


def kpi_frame(design: Design, task: RunTask, output: dict[str, Any]) -> pd.DataFrame:
    """The long KPI rows of one run: keys, lever values, group, kpi, value."""
    rows = [(group, kpi, value) for group, kpis in output["kpis"].items() for kpi, value in kpis.items()]
    df = pd.DataFrame(rows, columns=["group", "kpi", "value"])
    keys: dict[str, Any] = {"point": task.point, "replication": task.replication, "seed": task.seed}
    keys["scenario_hash"] = output["scenario_hash"]
    for i, (col, value) in enumerate({**keys, **design.points[task.index]}.items()):
        df.insert(i, col, value)
    return df


def save_run(
    out: Path,
    design: Design,
    task: RunTask,
    output: dict[str, Any],
    base_seed: int,
    uncertainty: Uncertainty | None = None,
) -> None:
    """Write one run's file atomically (temporary file, then rename into ``runs/``).

    With a caseload the provenance holds its :meth:`~sim.caseload.sweep.StartFrom.record`.
    """
    uncertainty = uncertainty or Uncertainty("baseline values (no posterior)")
    prov = stamp(
        design=design.name,
        design_hash=design.hash,
        point=task.point,
        replication=task.replication,
        seed=task.seed,
        base_seed=base_seed,
        scenario_hash=output["scenario_hash"],
        worker_version=output["version"],
        worker_host=output["host"],
        run_seconds=output["seconds"],
        uncertain_parameters=uncertainty.mode,
        posterior_digest=uncertainty.posterior_digest,
        posterior_written=uncertainty.posterior_written,
        theta=task.theta,
    ) | ({} if task.start is None else task.start.record())
    tmp = out / TMP / f"{task.name}.{os.getpid()}.parquet"
    write_table(kpi_frame(design, task, output), tmp, prov)  # a full disk: an OSError naming the file
    fsync_replace(tmp, out / RUNS / f"{task.name}.parquet")
    (out / FAILURES / f"{task.name}.json").unlink(missing_ok=True)


def save_failure(out: Path, task: RunTask, failed: TaskFailed) -> None:
    """Record a failed run with its error (the run stays to do)."""
    record = {"point": task.point, "replication": task.replication, "seed": task.seed}
    record |= {"scenario_hash": task.scenario.hash, "error": failed.error, "traceback": failed.traceback}
    _write_atomic(out / FAILURES / f"{task.name}.json", json.dumps(record, indent=2), out)


def is_done(out: Path, task: RunTask) -> bool:
    """A run is done if and only if its result file exists (see :func:`intact` for its check)."""
    return (out / RUNS / f"{task.name}.parquet").exists()


def intact(path: Path, task: RunTask) -> bool:
    """Whether a run file is whole: a readable Parquet footer, rows, and this run's provenance."""
    try:
        meta = pq.read_metadata(path)
        prov = json.loads((meta.metadata or {}).get(b"werkpad", b"{}"))
    except (OSError, ValueError, pa.ArrowException):
        return False
    same = (prov.get("point"), prov.get("replication"), prov.get("seed")) == (task.point, task.replication, task.seed)
    return meta.num_rows > 0 and same


def redo_damaged(out: Path, tasks: list[RunTask]) -> list[str]:
    """Remove the run files of ``tasks`` that are not :func:`intact` (so they run again); return their names."""
    damaged = []
    for task in tasks:
        path = out / RUNS / f"{task.name}.parquet"
        if path.exists() and not intact(path, task):
            path.unlink()
            damaged.append(task.name)
    return damaged


def run_sweep(
    design: Design,
    out: str | Path,
    reps: int,
    seed: int,
    executor: Executor,
    show_progress: bool = True,
    point_estimate: bool = False,
    posterior: Path = POSTERIOR_PATH,
    start: StartFrom | None = None,
) -> SweepSummary:
    """Run every replication of every point that has no result file yet.

    Args:
        design: The validated design.
        out: Output folder (created; resumed when it holds this sweep).
        reps: Replications per point.
        seed: Base seed.
        executor: Where the runs execute.
        show_progress: Show a progress bar (runs done, runs left, ETA) on stderr.
        point_estimate: Give every run the posterior mean instead of replication ``k``'s draw.
        posterior: The posterior CSV (without one, runs use the scenario's values).
        start: The caseload every run starts from (``--start-from``), or None.

    Returns:
        Counts of runs: total, done before, run now, failed now.
    """
    folder = Path(out)
    thetas = draw_thetas(reps, seed, point_estimate, posterior)
    uncertainty = Uncertainty.of(thetas, point_estimate, posterior)
    tasks = plan(design, reps, seed, thetas, start)
    prepare_output(folder, design, seed, reps, uncertainty, None if start is None else start.record())
    damaged = redo_damaged(folder, tasks)
    if damaged and show_progress:
        print(f"redoing {len(damaged)} damaged run file(s): {', '.join(damaged[:5])}", file=sys.stderr)
    todo = [t for t in tasks if not is_done(folder, t)]
    summary = SweepSummary(total=len(tasks), done_before=len(tasks) - len(todo), ran=0, failed=0, redone=len(damaged))
    with _progress(summary, show_progress) as bar:
        for i, output in executor.map(run_task, todo):
            summary.ran += 1
            if isinstance(output, TaskFailed):
                summary.failed += 1
                save_failure(folder, todo[i], output)
            else:
                save_run(folder, design, todo[i], output, seed, uncertainty)
            bar.update(1)
            bar.set_postfix(left=len(todo) - summary.ran, failed=summary.failed, refresh=False)
    return summary


def _progress(summary: SweepSummary, show: bool) -> tqdm:
    return tqdm(
        total=summary.total,
        initial=summary.done_before,
        desc="sweep",
        unit="run",
        file=sys.stderr,
        disable=not show,
        dynamic_ncols=True,
    )


def run_files(out: str | Path) -> list[Path]:
    """The result files of a sweep folder, sorted by name (point, then replication)."""
    return sorted((Path(out) / RUNS).glob("*.parquet"))


def collect(out: str | Path) -> pd.DataFrame:
    """Read a whole sweep into one long DataFrame.

    Returns:
        One row per (point, replication, group, kpi) with the point's lever values, the
        run's seed and scenario hash; empty (with the key columns) when nothing is done.

    Raises:
        UserError: The folder is not a sweep folder.
    """
    folder = Path(out)
    if not folder.is_dir():
        raise UserError(f"--collect {folder}: no such folder")
    read_manifest(folder)
    files = run_files(folder)
    if not files:
        return pd.DataFrame(columns=[*KEY_COLUMNS, "group", "kpi", "value"])
    return pd.concat([_read_run(f) for f in files], ignore_index=True)


def _read_run(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise UserError(f"{path}: damaged run file ({exc}); run the sweep again to redo it") from None


def _failure(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        record = None
    if isinstance(record, dict):
        return record
    return {"point": path.stem.split("-")[0], "error": f"damaged failure record {path.name}"}


def failures(out: str | Path) -> pd.DataFrame:
    """The runs of a sweep that failed and have not succeeded since (point, replication, error)."""
    records = [_failure(p) for p in sorted((Path(out) / FAILURES).glob("*.json"))]
    cols = ["point", "replication", "seed", "scenario_hash", "error", "traceback"]
    return pd.DataFrame(records, columns=cols)
