"""Reading a calibration posterior: weighted parameter sets that runs draw their uncertain values from.

The calibration layer (``calibration/``) writes a posterior; the engine only reads one. A
posterior is a CSV (one row per particle, one column per dotted parameter key, and ``weight``)
with its provenance in a JSON file beside it (``posterior.json``: git commit, date, settings,
scenario hash). The shipped posterior is ``calibration/posterior.csv``, found here by its path
(a data file, not an import: ``sim`` imports none of the layers above it).

Use::

    thetas = draw_thetas(reps=20, seed=1)         # one dict per replication, or None
    run_replications(scenarios, 20, seed=1, thetas=thetas)

Replication ``k`` gets the ``k``-th draw, so scenarios compared with the same ``thetas`` are
paired in their parameters as well as in their seeds. ``point_estimate=True`` gives every
replication the posterior mean instead (the calibration's uncertainty left out). A draw fills
only what a scenario leaves open (:meth:`sim.scenarios.Scenario.open_theta`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

POSTERIOR_PATH = Path(__file__).resolve().parent.parent / "calibration" / "posterior.csv"
META_PATH = POSTERIOR_PATH.with_suffix(".json")


@lru_cache(maxsize=4)
def _read(path: Path) -> tuple[pd.DataFrame, np.ndarray] | None:
    if not path.is_file():
        return None
    df = pd.read_csv(path)
    w = df.pop("weight").to_numpy(dtype=float)
    return df, w / w.sum()


def clear_cache() -> None:
    """Forget the posteriors read so far (call after writing one)."""
    _read.cache_clear()
    _point_estimate_cached.cache_clear()


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


@lru_cache(maxsize=4)
def _point_estimate_cached(path: Path) -> dict[str, float]:
    return point_estimate(path)


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
        or None when no posterior exists (runs then use the scenario's values).
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
