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
replication the posterior mean instead (the calibration's uncertainty left out). Each set also
holds a draw of the parameters no calibration can inform, the 2021 law's effects, from their
prior (:func:`sim.extrapolation.prior_draws`; the middle for the point estimate). A draw fills
only what a scenario leaves open (:meth:`sim.scenarios.Scenario.open_theta`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.errors import UserError
from sim.extrapolation import prior_draws

if TYPE_CHECKING:
    from sim.scenarios import Scenario

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
    extra = prior_draws(reps, seed, point_estimate)  # the 2021 law's effects: no data, their prior
    if point_estimate:
        pe = _point_estimate_cached(path)
        return [dict(pe) | extra[k] for k in range(reps)]
    df, w = got
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0x9E3779B9]))
    idx = rng.choice(len(df), size=reps, replace=True, p=w)
    rows = df.to_dict("records")
    return [{k: float(v) for k, v in rows[i].items()} | extra[r] for r, i in enumerate(idx)]


def resolve_posterior(choice: str | Path | None) -> Path:
    """The posterior CSV a ``--posterior`` option names, checked (the shipped one when None).

    Args:
        choice: A posterior folder (holding ``posterior.csv``), a posterior CSV, or None.

    Returns:
        The CSV path.

    Raises:
        UserError: Missing, unreadable, or not a posterior (no ``weight`` column, weights not
            positive numbers, or a column that is not an uncertain parameter of the model).
    """
    if choice is None:
        return POSTERIOR_PATH
    given = Path(choice)
    path = given / "posterior.csv" if given.is_dir() else given
    if not path.is_file():
        raise UserError(f"--posterior {choice}: no posterior there (expected a folder with posterior.csv, or a .csv)")
    check_posterior(path, f"--posterior {choice}")
    return path


def check_posterior(path: Path, where: str) -> None:
    """Refuse a CSV that is not a posterior of this model's uncertain parameters.

    Raises:
        UserError: Naming the file and the column or row.
    """
    from sim.params import load_specs

    try:
        df = pd.read_csv(path)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"{where}: {path} is not a readable CSV ({exc})") from None
    if "weight" not in df.columns or len(df) == 0:
        raise UserError(f"{where}: {path} has no 'weight' column or no rows; not a posterior")
    specs = load_specs()
    unknown = [c for c in df.columns if c != "weight" and (c not in specs or specs[c].kind != "uncertain")]
    if unknown:
        raise UserError(f"{where}: {path} column '{unknown[0]}' is not an uncertain parameter (`sim params`)")
    w = pd.to_numeric(df["weight"], errors="coerce")
    if w.isna().any() or (w < 0).any() or not float(w.sum()) > 0:
        raise UserError(f"{where}: {path} column 'weight' must hold numbers >= 0 with a positive sum")
    for col in df.columns:
        if df[col].isna().any() or not pd.api.types.is_numeric_dtype(df[col]):
            raise UserError(f"{where}: {path} column '{col}' must hold numbers in every row")


def read_meta(path: Path = META_PATH) -> dict[str, Any]:
    """The posterior's provenance record (empty when none)."""
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def posterior_stamp(
    thetas: list[dict[str, float]] | None,
    point_estimate: bool,
    scenarios: Sequence[Scenario] = (),
    path: Path = POSTERIOR_PATH,
) -> dict[str, Any]:
    """Provenance of the uncertain parameters a set of runs used (for result files).

    Args:
        thetas: The draws (one per replication), or None without a posterior.
        point_estimate: Whether they are the posterior mean.
        scenarios: The scenarios run: for each, which keys came from the draw and which of the
            draw's keys the scenario sets itself (:func:`draw_keys`).
        path: The posterior CSV the draws came from (named in the record).
    """
    if thetas is None:
        return {"uncertain_parameters": "baseline values (no posterior)"}
    meta = read_meta(path.with_suffix(".json"))
    how = "posterior mean" if point_estimate else "one posterior draw per replication"
    out = {"uncertain_parameters": how, "posterior": str(path), "posterior_written": meta.get("written", "")}
    out["thetas"] = thetas
    return out | ({"from_draw": draw_keys(thetas, scenarios)} if scenarios else {})


def draw_keys(thetas: list[dict[str, float]] | None, scenarios: Sequence[Scenario]) -> dict[str, dict[str, list[str]]]:
    """Per scenario: the uncertain keys taken from the draw, and those the scenario sets itself (they win).

    Returns:
        ``{scenario name: {"from_draw": [...], "set_by_scenario": [...]}}`` (empty lists without a posterior).
    """
    drawn = set(thetas[0]) if thetas else set()
    out = {}
    for s in scenarios:
        taken = set(s.open_theta(dict.fromkeys(drawn, 0.0)))
        out[s.name] = {"from_draw": sorted(taken), "set_by_scenario": sorted(drawn - taken)}
    return out
