"""The committed posterior: the calibration writes it; every face draws its replications from it.

``calibration/posterior.csv`` holds the last ABC-SMC generation (one row per particle, one
column per calibrated parameter plus the tied ones, and ``weight``); ``posterior.json`` holds
its provenance (git commit, date, pyABC version, settings, epsilon and acceptance per
generation, scenario hash). Both are small text files under version control.

The reader (:func:`draw_thetas`, :func:`load_posterior`, :func:`point_estimate`,
:func:`read_meta`, :func:`posterior_stamp`) lives in :mod:`sim.posterior`, so that the engine
needs nothing from this layer; it is re-exported here. This module adds the writer and the
summaries the calibration report uses.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.posterior import (
    META_PATH,
    POSTERIOR_PATH,
    clear_cache,
    draw_thetas,
    load_posterior,
    point_estimate,
    posterior_stamp,
    read_meta,
)

__all__ = [
    "META_PATH",
    "POSTERIOR_PATH",
    "credible_intervals",
    "draw_thetas",
    "load_posterior",
    "point_estimate",
    "posterior_stamp",
    "read_meta",
    "weighted_quantiles",
    "write_posterior",
]


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
    path.parent.mkdir(parents=True, exist_ok=True)
    out = df.copy()
    out["weight"] = np.asarray(w, dtype=float) / float(np.sum(w))
    out.to_csv(path, index=False, float_format="%.6g")
    meta = {"written": datetime.now(UTC).isoformat(timespec="seconds"), "n_sets": len(out), **meta}
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, default=str) + "\n", encoding="utf-8")
    clear_cache()
