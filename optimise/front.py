"""The Pareto front of the evaluated mixes, the intervals of its objectives, and how stable it is.

A mix is on the front when it keeps every constraint and no other such mix is at least as good
in every objective and better in one (means over the paired replications). Each objective comes
with a 90% t-interval of its mean over the replications (``<name>_lo``, ``<name>_hi``) and its
paired difference with the reference scenario (``<name>_diff`` with ``_diff_lo``, ``_diff_hi``):
all mixes share the replications' seeds and posterior draws, so these differences are narrow.

:func:`epsilon_gap` compares two fronts in units of the replication noise: the additive
epsilon indicator (Zitzler et al. 2003) with each objective divided by the typical half-width
of its paired-difference interval (the noise left in a comparison of two mixes). A gap of at
most 1 both ways means each front has, for every point of the other, a point at least as good
to within the noise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.compare import paired_stats


def non_dominated(values: np.ndarray, maximise: Sequence[bool]) -> np.ndarray:
    """Which rows no other row dominates.

    Args:
        values: (points, objectives) means.
        maximise: Per objective, whether more is better.

    Returns:
        Boolean mask of the non-dominated rows (equal rows do not dominate each other).
    """
    v = np.where(np.asarray(maximise, dtype=bool), -values, values)  # all minimised
    n = len(v)
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        others = np.delete(v, i, axis=0)
        dominated = (others <= v[i]).all(axis=1) & (others < v[i]).any(axis=1)
        keep[i] = not dominated.any()
    return keep


def summarise(reps: Sequence[float], reference: Sequence[float]) -> dict[str, float]:
    """Mean and interval of one metric over replications, and its paired difference with the reference.

    Returns:
        ``value``, ``lo``, ``hi`` (90% t-interval of the mean), ``diff``, ``diff_lo``, ``diff_hi``.
    """
    own = paired_stats(reps, [0.0] * len(reps))
    d = paired_stats(reps, reference)
    out = {
        "value": own["value"],
        "lo": own["lo"],
        "hi": own["hi"],
        "diff": d["diff"],
        "diff_lo": d["lo"],
        "diff_hi": d["hi"],
    }
    return {k: float(v) for k, v in out.items()}


def pareto_rows(trials: pd.DataFrame, names: Sequence[str], maximise: Sequence[bool]) -> pd.DataFrame:
    """The front: feasible, completed trials that no other one dominates, one row per distinct mix.

    Args:
        trials: The trials table (columns ``feasible``, ``state``, ``mix_key`` and the objectives).
        names: Objective columns.
        maximise: Per objective, whether more is better.

    Returns:
        The front's rows sorted by the first objective (empty when no mix is feasible).
    """
    ok = trials[(trials["state"] == "COMPLETE") & trials["feasible"]].drop_duplicates("mix_key")
    if ok.empty:
        return ok
    mask = non_dominated(ok[list(names)].to_numpy(dtype=float), maximise)
    return ok[mask].sort_values([*names, "trial"]).reset_index(drop=True)


def epsilon_gap(a: pd.DataFrame, b: pd.DataFrame, names: Sequence[str], maximise: Sequence[bool]) -> float:
    """How far front ``a`` falls short of covering front ``b``, in units of the replication noise.

    Args:
        a: A front (objective columns and their ``_diff_lo``/``_diff_hi``).
        b: Another front on the same objectives.
        names: Objective columns.
        maximise: Per objective, whether more is better.

    Returns:
        The smallest ``e`` such that every point of ``b`` is matched by a point of ``a`` that is
        no worse than it by more than ``e`` half-widths in any objective (0 or less: covered).
    """
    noise = np.array([_half_width(pd.concat([a, b]), n) for n in names])
    sign = np.where(np.asarray(maximise, dtype=bool), -1.0, 1.0)
    va = a[list(names)].to_numpy(dtype=float) * sign / noise
    vb = b[list(names)].to_numpy(dtype=float) * sign / noise
    shortfall = (va[:, None, :] - vb[None, :, :]).max(axis=2)  # (a points, b points)
    return float(shortfall.min(axis=0).max())


def _half_width(front: pd.DataFrame, name: str) -> float:
    """Median half-width of an objective's paired-difference interval over the front's points (above 0)."""
    half = (front[f"{name}_diff_hi"] - front[f"{name}_diff_lo"]).to_numpy(dtype=float) / 2.0
    half = half[np.isfinite(half)]
    return float(max(np.median(half), 1e-12)) if len(half) else 1.0
