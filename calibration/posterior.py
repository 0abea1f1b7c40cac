"""The committed posterior: weighted parameter sets that every face draws its replications from.

``calibration/posterior.csv`` holds the last ABC-SMC generation (one row per particle, one
column per calibrated parameter plus the tied ones, and ``weight``); ``posterior.json`` holds
its provenance (git commit, date, pyABC version, settings, epsilon and acceptance per
generation, scenario hash). Both are small text files under version control.

Use::

    thetas = draw_thetas(reps=20, seed=1)         # one dict per replication, or None
    run_replications(scenarios, 20, seed=1, thetas=thetas)

Replication ``k`` gets the ``k``-th draw, so scenarios compared with the same ``thetas`` are
paired in their parameters as well as in their seeds. ``point_estimate=True`` gives every
replication the posterior mean instead (the calibration's uncertainty left out).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
POSTERIOR_PATH = HERE / "posterior.csv"
META_PATH = HERE / "posterior.json"


@lru_cache(maxsize=4)
def _read(path: Path) -> tuple[pd.DataFrame, np.ndarray] | None:
    if not path.is_file():
        return None
    df = pd.read_csv(path)
    w = df.pop("weight").to_numpy(dtype=float)
    return df, w / w.sum()


def load_posterior(path: Path = POSTERIOR_PATH) -> tuple[pd.DataFrame, np.ndarray]:
    """The posterior parameter sets and their normalised weights.

    Args:
        path: The posterior CSV.

    Returns:
        (DataFrame: one row per parameter set, one column per dotted parameter key;
        weights summing to 1).

    Raises:
        FileNotFoundError: There is no posterior file.
    """
    got = _read(path)
    if got is None:
        raise FileNotFoundError(f"{path}: no posterior; run `sim calibrate` first")
    return got[0].copy(), got[1].copy()


def point_estimate(path: Path = POSTERIOR_PATH) -> dict[str, float]:
    """The posterior mean of every parameter (weighted), as a theta dict."""
    df, w = load_posterior(path)
    return {k: float(np.dot(w, df[k].to_numpy(dtype=float))) for k in df.columns}


def draw_thetas(
    reps: int, seed: int, point_estimate: bool = False, path: Path = POSTERIOR_PATH
) -> list[dict[str, float]] | None:
    """One parameter set per replication, drawn from the posterior by weight.

    Args:
        reps: Number of replications.
        seed: Seed of the draw (a local ``np.random.default_rng``; the same seed gives the
            same sets).
        point_estimate: Give every replication the posterior mean instead of a draw.
        path: The posterior CSV.

    Returns:
        ``reps`` dicts ``{dotted key: value}`` for ``sim.runner.run_replications(thetas=...)``,
        or None when no posterior exists (runs then use the baseline values).
    """
    got = _read(path)
    if got is None:
        return None
    if point_estimate:
        pe = _point_estimate_cached(path)
        return [dict(pe) for _ in range(reps)]
    df, w = got
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0x9E3779B9]))
    idx = rng.choice(len(df), size=reps, replace=True, p=w)
    rows = df.to_dict("records")
    return [{k: float(v) for k, v in rows[i].items()} for i in idx]


@lru_cache(maxsize=4)
def _point_estimate_cached(path: Path) -> dict[str, float]:
    return point_estimate(path)


def credible_intervals(level: float = 0.9, path: Path = POSTERIOR_PATH) -> pd.DataFrame:
    """Weighted posterior mean and central credible interval of every parameter.

    Returns:
        Rows per parameter; columns mean, lo, median, hi.
    """
    df, w = load_posterior(path)
    a = (1.0 - level) / 2.0
    rows = {k: {"mean": float(np.dot(w, df[k])), **weighted_quantiles(df[k].to_numpy(), w, a)} for k in df}
    return pd.DataFrame(rows).T


def weighted_quantiles(x: np.ndarray, w: np.ndarray, a: float) -> dict[str, float]:
    """Lower (``a``), median and upper (``1 - a``) weighted quantiles of a sample."""
    order = np.argsort(x)
    xs, cw = x[order], np.cumsum(w[order]) / np.sum(w)
    q = np.interp([a, 0.5, 1.0 - a], cw - w[order] / (2 * np.sum(w)), xs)
    return {"lo": float(q[0]), "median": float(q[1]), "hi": float(q[2])}


def write_posterior(df: pd.DataFrame, w: np.ndarray, meta: dict[str, Any], path: Path = POSTERIOR_PATH) -> None:
    """Write the posterior CSV and its provenance JSON beside it (``.json``).

    Args:
        df: Parameter sets (one column per dotted key).
        w: Weights (normalised here).
        meta: Provenance and settings to record.
        path: The CSV path.
    """
    out = df.copy()
    out["weight"] = np.asarray(w, dtype=float) / float(np.sum(w))
    out.to_csv(path, index=False, float_format="%.6g")
    meta = {"written": datetime.now(UTC).isoformat(timespec="seconds"), "n_sets": len(out), **meta}
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, default=str) + "\n", encoding="utf-8")
    _read.cache_clear()
    _point_estimate_cached.cache_clear()


def read_meta(path: Path = META_PATH) -> dict[str, Any]:
    """The posterior's provenance record (empty when none)."""
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def posterior_stamp(thetas: list[dict[str, float]] | None, point_estimate: bool) -> dict[str, Any]:
    """Provenance of the uncertain parameters a set of runs used (for result files)."""
    if thetas is None:
        return {"uncertain_parameters": "baseline values (no posterior)"}
    meta = read_meta()
    how = "posterior mean" if point_estimate else "one posterior draw per replication"
    return {"uncertain_parameters": how, "posterior_written": meta.get("written", ""), "thetas": thetas}
