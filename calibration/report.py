"""Fit report: observed vs simulated for every target, with bands, errors and posterior marginals.

Data flow: ``draws`` parameter sets are drawn from the committed posterior
(:func:`calibration.posterior.draw_thetas`); each is run once in ``era_2014`` with its own seed
through the executor; every target is measured in every run (the posterior predictive). The
table compares the observed value with the predictive median and its 5-95% band; a target
passes when the median lies within its tolerance (3 pp employment, 5 pp benefits, exam, origin
cell). Files written to ``calibration/``:

* ``fit_table.csv``: one row per target (for the app and the fit-check test);
* ``fit_report.png``: trajectories with bands and observed points; origin panels;
* ``posterior_marginals.png``: weighted posterior histograms on the prior ranges;
* ``fit_report.html``: the table, both figures and the provenance, one page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from calibration.posterior import POSTERIOR_PATH, credible_intervals, draw_thetas, load_posterior, read_meta
from calibration.priors import PRIORS
from calibration.simulate import calibration_scenario
from calibration.targets import Target, extract_many, load_targets
from sim.executor import TaskFailed, make_executor
from sim.outcomes import GROUPS, METRICS
from sim.runner import replication_seed, run
from sim.scenarios import load_scenario

HERE = Path(__file__).parent
CURVE_METRICS = ("employed", "welfare", "exam_passed", "exempt")
CURVE_MONTHS = 109  # months since permit shown (0..108)
ORIGINS_SHOWN = ("Syria", "Eritrea", "Afghanistan", "Iraq", "Iran", "Other")
REPORT_DRAWS, REPORT_SEED = 40, 7  # posterior draws of the committed report and their seed


def _report_run(item: tuple[dict[str, float], int, int | None]) -> dict[str, Any]:
    """One posterior-predictive run: target values and curves (top-level, for the executor)."""
    theta, seed, inflow = item
    result = run(calibration_scenario("era_2014", inflow), seed, theta=dict(theta))
    sh, names = result.shares(), list(METRICS)
    curves = {m: sh[:CURVE_MONTHS, 0, names.index(m)] for m in CURVE_METRICS}
    rows = {o: i for i, (sex, o) in enumerate(GROUPS) if sex == "all"}
    for o in ORIGINS_SHOWN:
        curves[f"employed_{o}"] = sh[:CURVE_MONTHS, rows[o], names.index("employed")]
    by_sex = {sex: i for i, (sex, o) in enumerate(GROUPS) if o == "all"}
    for sex in ("female", "male"):
        curves[f"employed_{sex}"] = sh[:CURVE_MONTHS, by_sex[sex], names.index("employed")]
    return {"targets": extract_many(load_targets(), result), "curves": curves}


def predictive(
    draws: int = REPORT_DRAWS,
    seed: int = REPORT_SEED,
    inflow: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    posterior: Path = POSTERIOR_PATH,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Run the posterior predictive.

    Args:
        draws: Parameter sets drawn (one run each).
        seed: Seed of the draws and of the runs.
        inflow: Cohort size (default: the scenario's).
        workers: Local worker processes.
        scheduler: Dask scheduler address.
        posterior: The posterior CSV.

    Returns:
        (targets x draws simulated values; curve name -> months x draws).
    """
    thetas = draw_thetas(draws, seed, path=posterior)
    if thetas is None:
        raise FileNotFoundError(f"{posterior}: no posterior")
    items = [(th, replication_seed(seed, k), inflow) for k, th in enumerate(thetas)]
    out: list[dict[str, Any]] = [{} for _ in items]
    with make_executor(workers, scheduler) as ex:
        for k, res in ex.map(_report_run, items):
            if isinstance(res, TaskFailed):
                raise RuntimeError(res.traceback)
            out[k] = res
    values = np.stack([r["targets"] for r in out], axis=1)
    curves = {name: np.stack([r["curves"][name] for r in out], axis=1) for name in out[0]["curves"]}
    return values, curves


def fit_table(values: np.ndarray, targets: Sequence[Target] | None = None) -> pd.DataFrame:
    """Observed vs simulated per target (percent), with the band, error and pass mark.

    Args:
        values: targets x draws simulated shares.
        targets: The targets (default: all).

    Returns:
        One row per target.
    """
    targets = list(targets or load_targets())
    med = np.nanmedian(values, axis=1)
    lo, hi = np.nanpercentile(values, 5, axis=1), np.nanpercentile(values, 95, axis=1)
    rows = []
    for i, t in enumerate(targets):
        err = 100 * (med[i] - t.observed)
        rows.append(
            {
                "target": t.name,
                "block": t.block,
                "row_id": t.row_id,
                "month": t.month,
                "observed_pct": round(100 * t.observed, 2),
                "simulated_pct": round(100 * med[i], 2),
                "band_lo_pct": round(100 * lo[i], 2),
                "band_hi_pct": round(100 * hi[i], 2),
                "error_pp": round(err, 2),
                "tolerance_pp": round(100 * t.tolerance, 1),
                "weight": round(t.weight, 3),
                "within_tolerance": bool(abs(err) <= 100 * t.tolerance),
                "note": t.note,
            }
        )
    return pd.DataFrame(rows)


def _plot_series(ax: Any, curve: np.ndarray, obs: list[Target], title: str, color: str) -> None:
    months = np.arange(curve.shape[0])
    lo, med, hi = (np.nanpercentile(100 * curve, q, axis=1) for q in (5, 50, 95))
    ax.fill_between(months, lo, hi, color=color, alpha=0.25, lw=0, label="simulated 5-95%")
    ax.plot(months, med, color=color, lw=1.5, label="simulated median")
    for t in obs:
        style = {"fmt": "o", "ms": 5, "capsize": 3, "color": "black" if t.weight > 0 else "grey"}
        ax.errorbar(t.month, 100 * t.observed, yerr=100 * t.tolerance, **style)
        ax.annotate(t.row_id, (t.month, 100 * t.observed), fontsize=6, xytext=(3, 3), textcoords="offset points")
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("months since permit", fontsize=8)
    ax.set_ylabel("% of cohort (18-64)", fontsize=8)
    ax.tick_params(labelsize=7)


def plot_fit(curves: dict[str, np.ndarray], path: Path) -> Path:
    """Trajectories with bands and observed points (black: fitted; grey: weight 0)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    targets = load_targets()
    head = [t for t in targets if not t.origins and t.sex == "all"]
    fig, axes = plt.subplots(3, 4, figsize=(15, 10.5))
    panels = [("employed", "Employed (any job)"), ("welfare", "On benefits (bijstand)")]
    panels += [("exam_passed", "Integration exam passed"), ("exempt", "Exempted from the exam")]
    for ax, (metric, title) in zip(axes[0], panels, strict=True):
        _plot_series(ax, curves[metric], [t for t in head if t.metric == metric], title, "tab:blue")
    for ax, origin in zip(axes[1:].ravel()[:6], ORIGINS_SHOWN, strict=True):
        obs = [t for t in targets if t.origins and t.name.endswith(f"_{origin}")]
        _plot_series(ax, curves[f"employed_{origin}"][:37], obs, f"Employed by origin: {origin}", "tab:green")
    women = [t for t in targets if t.sex == "female"]
    _plot_series(axes[1:].ravel()[6], curves["employed_female"], women, "Employed: women", "tab:purple")
    _plot_series(axes[1:].ravel()[7], curves["employed_male"], [], "Employed: men", "tab:orange")
    axes[0, 0].legend(fontsize=7, loc="upper left")
    fig.suptitle("Werkpad calibrated to the 2014 permit cohort (era_2014): posterior predictive vs CBS", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def plot_marginals(path: Path, posterior: Path = POSTERIOR_PATH) -> Path:
    """Weighted posterior histograms of the calibrated parameters, x-axis = prior range."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    df, w = load_posterior(posterior)
    fig, axes = plt.subplots(3, 5, figsize=(15, 8))
    for ax, pr in zip(axes.ravel(), PRIORS, strict=False):
        lo, hi = min(pr.low, float(df[pr.key].min())), max(pr.high, float(df[pr.key].max()))
        ax.hist(df[pr.key], bins=20, range=(lo, hi), weights=w, color="tab:purple", alpha=0.8)
        ax.axvspan(pr.low, pr.high, color="grey", alpha=0.1)
        ax.set_title(pr.key.replace("behaviour.", "").replace("effects.", ""), fontsize=8)
        ax.set_yticks([])
        ax.tick_params(labelsize=7)
    fig.suptitle("Posterior marginals (weighted); shaded: the prior's central 95% range", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def _html(table: pd.DataFrame, ci: pd.DataFrame, meta: dict[str, Any]) -> str:
    ok = table[table.weight > 0]
    summary = f"{int(ok.within_tolerance.sum())} of {len(ok)} fitted targets within tolerance"
    prov = ", ".join(f"{k}: {html.escape(str(meta.get(k, '')))}" for k in ("written", "git_commit", "particles"))
    prov += f", generations: {meta.get('generations', '')}, simulations: {meta.get('total_simulations', '')}"
    cols = ["target", "row_id", "observed_pct", "simulated_pct", "band_lo_pct", "band_hi_pct", "error_pp"]
    cols += ["tolerance_pp", "weight", "within_tolerance", "note"]
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Werkpad fit report</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;font-size:12px}}
td,th{{border:1px solid #ccc;padding:2px 6px}}</style></head><body>
<h1>Werkpad fit report: the 2014 permit cohort</h1>
<p>Scenario <code>era_2014</code>; posterior predictive median and 5-95% band over posterior draws.
{summary}. Weight 0 = reported, not fitted (below the model's structural floor; see README).</p>
<p>Provenance: {prov}</p>
<img src="fit_report.png" style="max-width:100%"><h2>Targets</h2>
{table[cols].to_html(index=False)}
<h2>Posterior (mean, 90% credible interval)</h2>{ci.round(4).to_html()}
<img src="posterior_marginals.png" style="max-width:100%"></body></html>
"""


def write_report(
    out_dir: Path,
    draws: int = REPORT_DRAWS,
    seed: int = REPORT_SEED,
    workers: int = 1,
    scheduler: str | None = None,
    posterior: Path = POSTERIOR_PATH,
) -> list[Path]:
    """Run the posterior predictive and write the table, the figures and the HTML page.

    Args:
        out_dir: Folder to write to (``calibration/`` for the shipped report).
        draws: Posterior draws in the predictive.
        seed: Seed of the draws.
        workers: Local worker processes.
        scheduler: Dask scheduler address.
        posterior: The posterior CSV.

    Returns:
        The files written.
    """
    values, curves = predictive(draws, seed, None, workers, scheduler, posterior)
    table = fit_table(values)
    paths = [out_dir / "fit_table.csv", out_dir / "fit_report.png", out_dir / "posterior_marginals.png"]
    table.to_csv(paths[0], index=False)
    plot_fit(curves, paths[1])
    plot_marginals(paths[2], posterior)
    page = out_dir / "fit_report.html"
    page.write_text(
        _html(table, credible_intervals(path=posterior), read_meta(posterior.with_suffix(".json"))), encoding="utf-8"
    )
    return [*paths, page]


ERA_MONTHS = (12, 24, 36)
ERA_METRICS = ("employed", "fulltime", "welfare", "b1", "exam_passed")


def _era_run(item: tuple[str, dict[str, float], int]) -> np.ndarray:
    """Shares (metrics x months) of one run of an era scenario (top-level, for the executor)."""
    name, theta, seed = item
    sh, names = run(load_scenario(name), seed, theta=dict(theta)).shares(), list(METRICS)
    return np.array([[sh[m, 0, names.index(k)] for m in ERA_MONTHS] for k in ERA_METRICS])


def era_prediction(
    scenario: str = "era_2020", draws: int = 40, seed: int = 11, workers: int = 1, posterior: Path = POSTERIOR_PATH
) -> pd.DataFrame:
    """Posterior-predictive shares of an era scenario at 1, 2 and 3 years after the permit.

    Args:
        scenario: Scenario name (an era file).
        draws: Posterior draws (one run each, paired seeds).
        seed: Seed of the draws and runs.
        workers: Local worker processes.
        posterior: The posterior CSV.

    Returns:
        One row per metric and month: median and 5-95% band (percent).
    """
    thetas = draw_thetas(draws, seed, path=posterior)
    if thetas is None:
        raise FileNotFoundError(f"{posterior}: no posterior")
    out = np.full((draws, len(ERA_METRICS), len(ERA_MONTHS)), np.nan)
    with make_executor(workers) as ex:
        items = [(scenario, th, replication_seed(seed, k)) for k, th in enumerate(thetas)]
        for k, res in ex.map(_era_run, items):
            if isinstance(res, TaskFailed):
                raise RuntimeError(res.traceback)
            out[k] = res
    rows = []
    for i, metric in enumerate(ERA_METRICS):
        for j, month in enumerate(ERA_MONTHS):
            lo, med, hi = np.nanpercentile(100 * out[:, i, j], (5, 50, 95))
            rows.append({"scenario": scenario, "metric": metric, "month": month, "median_pct": med})
            rows[-1] |= {"band_lo_pct": lo, "band_hi_pct": hi}
    return pd.DataFrame(rows).round(2)
