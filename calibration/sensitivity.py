"""Global sensitivity analysis (SALib): which uncertain parameters and levers move the KPIs.

Data flow: a design over the factors below (Morris trajectories or Saltelli/Sobol samples,
seeded) -> one baseline run per design point through the executor (levers as scenario
overrides, uncertain parameters as ``theta``; every run uses the same seed, so differences
between points are the factors' doing, not noise) -> KPIs -> SALib analysis -> a ranking.

Factors and ranges:

* the 15 calibrated parameters over their posterior 90% credible interval (what calibration
  left open; prior range when there is no posterior);
* five lever effects the 2014 cohort could not pin down, over ranges the trial evidence allows
  (guidance T4-161/T4-164, dual tracks T4-157, mediation T4-163, network T4-172/T4-173,
  women's offer ratio T1-102/T1-105);
* ten levers over the range a municipality can choose.

Outputs (``out/sensitivity/`` by default; the shipped ones are in ``calibration/``):
``sensitivity_<method>.csv`` (one row per factor and KPI: mu*, sigma or S1/ST, normalised
index, rank), ``sensitivity_ranking.csv`` (one row per factor, mean normalised index over the
KPIs, overall rank) and ``sensitivity_<method>.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from calibration.posterior import POSTERIOR_PATH, credible_intervals
from calibration.priors import PRIORS, TIED
from sim.executor import TaskFailed, make_executor
from sim.params import load_specs
from sim.runner import run
from sim.scenarios import load_scenario

HERE = Path(__file__).parent
KPIS = ("employed_share_m36", "employed_share_m60", "welfare_share_m24", "net_municipal_cost_eur")
EFFECT_RANGES: dict[str, tuple[float, float]] = {
    "effects.guidance_ratio": (1.0, 2.0),
    "effects.dual_ratio": (1.0, 4.0),
    "effects.mediation_ratio": (1.0, 2.5),
    "effects.network_ratio": (1.0, 2.0),
    "behaviour.female_factor": (0.2, 0.8),
}
LEVER_RANGES: dict[str, tuple[float, float]] = {
    "guidance.dedicated_fte_per_100_inflow": (0.0, 8.0 * 100 / 150),  # 0-8 FTE at the baseline's 150 a year
    "guidance.screening_share": (0.0, 1.0),
    "learning.dual_places_per_100": (0.0, 20.0),
    "learning.course_hours": (8.0, 24.0),
    "learning.work_first": (0.0, 1.0),
    "network.mentor_share": (0.0, 1.0),
    "employers.mediation_share": (0.0, 0.6),
    "employers.jobcoach_share": (0.0, 1.0),
    "employers.language_strictness": (-1.0, 1.0),
    "health.screening_share": (0.0, 1.0),
    "context.labour_tightness": (0.5, 1.2),  # kind "context": not a lever, the main outside driver
}


def factors(posterior: Path = POSTERIOR_PATH) -> dict[str, tuple[float, float]]:
    """Every factor with its range: calibrated (posterior 90% CI), lever effects, levers."""
    out: dict[str, tuple[float, float]] = {}
    ci = credible_intervals(0.9, posterior) if posterior.is_file() else None
    for pr in PRIORS:
        lo, hi = (pr.low, pr.high)
        if ci is not None and pr.key in ci.index:  # a prior newer than the posterior keeps its range
            lo, hi = (float(v) for v in ci.loc[pr.key, ["lo", "hi"]].to_numpy())
        out[pr.key] = (lo, hi) if hi > lo else (pr.low, pr.high)
    return {**out, **EFFECT_RANGES, **LEVER_RANGES}


def factor_kind(key: str) -> str:
    """``context`` (the municipality's surroundings), ``lever`` or ``uncertain``."""
    if key.startswith("context."):
        return "context"
    return "lever" if key in LEVER_RANGES else "uncertain"


def _split(point: dict[str, float]) -> tuple[dict[str, Any], dict[str, float]]:
    """Levers (typed like their defaults) and uncertain parameters (with tied ones) of a point."""
    specs = load_specs()
    levers: dict[str, Any] = {}
    theta: dict[str, float] = {}
    for key, v in point.items():
        if factor_kind(key) != "uncertain":
            levers[key] = int(round(v)) if isinstance(specs[key].default, int) else float(v)
        else:
            theta[key] = float(v)
    for tied, source in TIED.items():
        if source in theta:
            theta[tied] = theta[source]
    return levers, theta


def _sens_run(item: tuple[dict[str, float], int]) -> np.ndarray:
    """KPIs of one design point in the baseline (top-level, for the executor)."""
    point, seed = item
    levers, theta = _split(point)
    result = run(load_scenario("baseline").with_overrides(levers, name="sensitivity"), seed, theta=dict(theta))
    k = result.kpis()["all"]
    return np.array([k[name] for name in KPIS])


def _design(method: str, problem: dict[str, Any], n: int, seed: int) -> np.ndarray:
    if method == "morris":
        from SALib.sample import morris

        return np.asarray(morris.sample(problem, n, num_levels=4, seed=seed))
    from SALib.sample import sobol

    return np.asarray(sobol.sample(problem, n, calc_second_order=False, seed=seed))


def _analyse(method: str, problem: dict[str, Any], x: np.ndarray, y: np.ndarray, seed: int) -> pd.DataFrame:
    rows = []
    for j, kpi in enumerate(KPIS):
        if method == "morris":
            from SALib.analyze import morris

            res = morris.analyze(problem, x, y[:, j], num_levels=4, seed=seed)
            index, extra = np.asarray(res["mu_star"]), {"sigma": res["sigma"], "mu_star_conf": res["mu_star_conf"]}
        else:
            from SALib.analyze import sobol

            res = sobol.analyze(problem, y[:, j], calc_second_order=False, seed=seed)
            index, extra = np.asarray(res["ST"]), {"S1": res["S1"], "ST_conf": res["ST_conf"]}
        norm = index / index.max() if index.max() > 0 else index
        for i, name in enumerate(problem["names"]):
            row = {"factor": name, "kind": factor_kind(name), "kpi": kpi, "index": float(index[i])}
            row |= {k: float(v[i]) for k, v in extra.items()} | {"normalised": float(norm[i])}
            rows.append(row)
    df = pd.DataFrame(rows)
    df["rank"] = df.groupby("kpi")["normalised"].rank(ascending=False, method="min").astype(int)
    return df


def ranking(table: pd.DataFrame) -> pd.DataFrame:
    """One row per factor: normalised index per KPI, their mean and the overall rank."""
    wide = table.pivot(index="factor", columns="kpi", values="normalised")[list(KPIS)]
    wide.insert(0, "kind", [factor_kind(f) for f in wide.index])
    wide["mean_normalised"] = wide[list(KPIS)].mean(axis=1)
    wide = wide.sort_values("mean_normalised", ascending=False)
    wide["rank"] = np.arange(1, len(wide) + 1)
    return wide.reset_index()


def plot_ranking(rank: pd.DataFrame, method: str, path: Path, top: int = 20) -> Path:
    """Horizontal bars: normalised index per KPI for the top factors."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    head = rank.head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(10, 0.35 * len(head) + 1.5))
    y = np.arange(len(head))
    for j, kpi in enumerate(KPIS):
        ax.barh(y + (j - 1.5) * 0.2, head[kpi], height=0.2, label=kpi)
    labels = [f"{f} ({k})" for f, k in zip(head.factor, head.kind, strict=True)]
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlabel("normalised " + ("mu*" if method == "morris" else "total-order index ST"))
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(f"Sensitivity ({method}) of baseline KPIs: uncertain parameters and levers", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90, bbox_inches="tight")
    plt.close(fig)
    return path


def run_sensitivity(
    method: str = "morris",
    n: int = 20,
    seed: int = 1,
    workers: int = 1,
    scheduler: str | None = None,
    out_dir: Path = Path("out/sensitivity"),
) -> list[Path]:
    """Run the design, analyse it and write the tables and the chart.

    Args:
        method: ``morris`` (elementary effects; n trajectories) or ``sobol`` (n base samples).
        n: Trajectories or base samples.
        seed: Seed of the design and of every run.
        workers: Local worker processes.
        scheduler: Dask scheduler address.
        out_dir: Output folder (created; ``calibration/`` holds the shipped ranking).

    Returns:
        The files written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    fac = factors()
    names = list(fac)
    problem: dict[str, Any] = {"num_vars": len(fac), "names": names, "bounds": [list(b) for b in fac.values()]}
    x = _design(method, problem, n, seed)
    y = np.full((len(x), len(KPIS)), np.nan)
    with make_executor(workers, scheduler) as ex:
        items = ((dict(zip(names, row, strict=True)), seed) for row in x)
        for i, res in ex.map(_sens_run, items):
            if isinstance(res, TaskFailed):
                raise RuntimeError(res.traceback)
            y[i] = res
    table = _analyse(method, problem, x, y, seed)
    rank = ranking(table)
    paths = [out_dir / f"sensitivity_{method}.csv", out_dir / "sensitivity_ranking.csv"]
    table.to_csv(paths[0], index=False, float_format="%.6g")
    rank.to_csv(paths[1], index=False, float_format="%.4g")
    return [*paths, plot_ranking(rank, method, out_dir / f"sensitivity_{method}.png")]
