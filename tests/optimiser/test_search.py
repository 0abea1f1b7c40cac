"""The search: a known optimum, a non-dominated front, the budget, worker counts, resume."""

from __future__ import annotations

import math
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import optuna
import pandas as pd
import pytest

import optimise.search as search
from optimise.design import OptimiseDesign, load_design
from optimise.front import non_dominated
from optimise.metrics import run_metrics, run_metrics_block
from optimise.search import optimise
from sim.results_io import read_provenance
from sim.runner import replication_seed

from .conftest import ONE_LEVER, SMALL_SET, THREE_LEVERS, write_design

LEVER = "employers.municipal_places_per_100_inflow"


def _direct(design: OptimiseDesign, mix: dict[str, float]) -> list[float]:
    """Mean of each design metric for one mix, run directly (not through the search)."""
    scenario = design.scenario(mix, "direct")
    rows = [
        run_metrics((scenario, replication_seed(design.seed, k), k, None, design.metrics)) for k in range(design.reps)
    ]
    return [math.fsum(col) / len(col) for col in zip(*rows, strict=True)]


def test_finds_the_known_optimum_under_a_binding_budget(tmp_path: Path) -> None:
    """One lever with a monotone effect and cost; the budget lies between two of its values."""
    probe = load_design(write_design(tmp_path, ONE_LEVER.format(trials=40, fixed=SMALL_SET, budget=1e9), "probe"))
    grid = list(range(0, 21, 2))
    cost, work = zip(*(_direct(probe, {LEVER: v}) for v in grid), strict=True)
    assert all(np.diff(cost) > 0) and all(np.diff(work) > 0)  # the premise: more places, more cost and work
    best = 12
    budget = (cost[grid.index(best)] + cost[grid.index(best) + 1]) / 2  # binds: 14 places are over it
    design = load_design(write_design(tmp_path, ONE_LEVER.format(trials=40, fixed=SMALL_SET, budget=budget)))
    out = optimise(design)
    front = out.front
    assert front[LEVER].max() == best
    top = front.loc[front["employed_person_years"].idxmax()]
    assert top[LEVER] == best and top["employed_person_years"] == pytest.approx(work[grid.index(best)], rel=1e-12)
    assert set(front[LEVER]) <= {v for v in grid if v <= best}  # monotone: every feasible value found is on it
    assert (front["budget"] <= budget).all()
    infeasible = out.trials[out.trials[LEVER] > best]
    assert len(infeasible) and not infeasible["feasible"].any()


def test_front_is_non_dominated_and_keeps_the_budget(three_levers: OptimiseDesign) -> None:
    out = optimise(three_levers)
    front, trials = out.front, out.trials
    assert len(front) >= 2
    budget = three_levers.constraints[0].high
    assert (front["budget"] <= budget).all()
    assert (~trials["feasible"]).any()  # the budget excludes part of the space
    ok = trials[trials["feasible"]]
    values = ok[["net_cost_per_year", "employed_person_years"]].to_numpy()
    for _, row in front.iterrows():
        better = (values[:, 0] <= row["net_cost_per_year"]) & (values[:, 1] >= row["employed_person_years"])
        strictly = (values[:, 0] < row["net_cost_per_year"]) | (values[:, 1] > row["employed_person_years"])
        assert not (better & strictly).any()
    assert non_dominated(front[["net_cost_per_year", "employed_person_years"]].to_numpy(), [False, True]).all()
    mix = {lever.key: front.iloc[-1][lever.key] for lever in three_levers.levers}
    mix["guidance.coordinator"] = bool(mix["guidance.coordinator"])
    direct = _direct(three_levers, mix)  # recomputed outside the search: the budget holds
    assert direct[2] <= budget and direct[2] == pytest.approx(front.iloc[-1]["budget"], rel=1e-12)


@pytest.mark.parametrize("sampler", ["nsga2", "tpe"])
def test_identical_for_one_and_two_workers(three_levers: OptimiseDesign, tmp_path: Path, sampler: str) -> None:
    design = three_levers.with_options(sampler=sampler)
    one = optimise(design, tmp_path / "one", workers=1)
    two = optimise(design, tmp_path / "two", workers=2)
    pd.testing.assert_frame_equal(one.trials, two.trials)
    pd.testing.assert_frame_equal(one.front, two.front)
    saved = pd.read_parquet(tmp_path / "two" / "trials.parquet")
    pd.testing.assert_frame_equal(saved, two.trials, check_dtype=False)


def test_outputs_carry_provenance(three_levers: OptimiseDesign, tmp_path: Path) -> None:
    optimise(three_levers, tmp_path)
    prov = read_provenance(tmp_path / "front.parquet")
    assert prov["design_hash"] == three_levers.hash
    assert prov["seeds"] == [replication_seed(5, k) for k in range(3)]
    assert prov["sampler_seed"] == 1 and prov["git_commit"] is not None and prov["werkpad_version"]
    assert prov["posterior"]["uncertain_parameters"].startswith("baseline values")
    assert prov["complete"] is True and prov["trials_done"] == 18
    assert len(pd.read_parquet(tmp_path / "trials.parquet")) == 18


class Interrupt(BaseException):
    """Stands for Ctrl-C (or a killed process) in the middle of a generation."""


@pytest.mark.parametrize("sampler", ["nsga2", "tpe"])
def test_interrupted_and_resumed_gives_the_same_trials(
    three_levers: OptimiseDesign, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sampler: str
) -> None:
    three_levers = three_levers.with_options(sampler=sampler)
    whole = optimise(three_levers, tmp_path / "whole")
    calls = {"n": 0}

    def flaky(tasks: list[search.Task]) -> list[tuple[float, ...]]:
        calls["n"] += 1  # one call per scenario: its replications stacked
        if calls["n"] == 1 + 6 + 2:  # the reference, the first generation, then into the second
            raise Interrupt
        return run_metrics_block(tasks)

    monkeypatch.setattr(search, "run_metrics_block", flaky)
    with pytest.raises(Interrupt):
        optimise(three_levers, tmp_path / "cut")
    monkeypatch.setattr(search, "run_metrics_block", run_metrics_block)
    states = [t.state.name for t in _study(tmp_path / "cut").get_trials()]
    assert "COMPLETE" in states and "RUNNING" in states  # cut in the middle of a generation
    resumed = optimise(three_levers, tmp_path / "cut")
    pd.testing.assert_frame_equal(whole.trials, resumed.trials)
    pd.testing.assert_frame_equal(whole.front, resumed.front)


def test_time_limit_stops_early_and_a_rerun_goes_on(three_levers: OptimiseDesign, tmp_path: Path) -> None:
    first = optimise(three_levers, tmp_path, time_limit=1e-9)  # stops before the first generation
    assert not first.complete and first.trials.empty
    rest = optimise(three_levers, tmp_path)
    assert rest.complete and len(rest.trials) == 18


def _study(folder: Path) -> optuna.Study:
    return optuna.load_study(study_name=search.STUDY, storage=f"sqlite:///{folder / search.DB}")


def test_killed_process_resumes_with_nothing_lost(tmp_path: Path) -> None:
    """SIGKILL the command while it runs (wherever it is), run it again: the same trials as in one go."""
    text = THREE_LEVERS.format(trials=18, sampler_seed=3, fixed=SMALL_SET, budget=2_600_000)
    path = write_design(tmp_path, text, "killed")
    cmd = [sys.executable, "-m", "werkpad", "optimise", str(path), "--out"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    whole = subprocess.run([*cmd, str(tmp_path / "whole")], env=env, capture_output=True, text=True, check=True)
    assert "Pareto front" in whole.stdout
    proc = subprocess.Popen(
        [*cmd, str(tmp_path / "cut")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        db = tmp_path / "cut" / search.DB
        if db.exists() and _told(db) >= 7:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert _told(tmp_path / "cut" / search.DB) < 18  # killed before the end
    subprocess.run([*cmd, str(tmp_path / "cut")], env=env, capture_output=True, text=True, check=True)
    a, b = (pd.read_parquet(tmp_path / f / "trials.parquet") for f in ("whole", "cut"))
    pd.testing.assert_frame_equal(a, b)


def _told(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return int(con.execute("select count(*) from trials where state = 'COMPLETE'").fetchone()[0])
    except sqlite3.Error:  # tables not made yet
        return 0


def test_first_generation_starts_with_the_anchor_mixes(three_levers: OptimiseDesign) -> None:
    """The cheapest corner and the base's own mix (in force at from_month, put on the grid) are trial 0 and 1."""
    out = optimise(three_levers.with_options(trials=6))
    keys = [lever.key for lever in three_levers.levers]
    first = out.trials.set_index("trial").loc[[0, 1], keys].to_dict("records")
    assert first[0] == {
        "guidance.dedicated_fte_per_100_inflow": 0.0,
        "employers.mediation_share": 0.0,
        "guidance.coordinator": False,
    }
    assert first[1] == {
        "guidance.dedicated_fte_per_100_inflow": 5.0,  # funding_ends' own: 5 per 100 adults housed a year
        "employers.mediation_share": pytest.approx(0.3),
        "guidance.coordinator": False,
    }


def test_same_trials_on_a_dask_scheduler(three_levers: OptimiseDesign) -> None:
    """``--scheduler``: the runs go to a Dask cluster; the trials are those of one process."""
    from distributed import LocalCluster

    design = three_levers.with_options(trials=6)
    here = optimise(design)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        remote = optimise(design, scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(here.trials, remote.trials)
