"""The Pareto front of the evaluated mixes, the intervals of its objectives, and how stable it is.

A mix is on the front when it keeps every constraint and no other such mix is at least as good
in every objective and better in one (means over the paired replications). Each objective comes
with a 90% t-interval of its mean over the replications (``<name>_lo``, ``<name>_hi``) and its
paired difference with the reference scenario (``<name>_diff`` with ``_diff_lo``, ``_diff_hi``):
all mixes share the replications' seeds and posterior draws, so these differences are narrow.

:func:`epsilon_gap` compares two fronts of the same design (say, two sampler seeds) in units of
the replication noise: an additive epsilon indicator (Zitzler et al. 2003) in which each
objective's shortfall between two mixes is divided by the half-width of the 90% interval of
their paired difference (the mixes of both fronts ran on the same replications). A gap of at
most 1 both ways means each front has, for every point of the other, a point at least as good
to within the noise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

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


NOISES = ("replication", "paired")


def epsilon_gap(
    a: pd.DataFrame, b: pd.DataFrame, names: Sequence[str], maximise: Sequence[bool], noise: str = "replication"
) -> float:
    """How far front ``a`` falls short of covering front ``b``, in units of the replication noise.

    For a point ``x`` of ``a`` and ``y`` of ``b`` (both run on the same replications), the
    shortfall in objective ``i`` is the mean by which ``x`` is worse than ``y``, ``d_i``, divided
    by a noise unit ``h_i``; ``x`` covers ``y`` by ``max_i d_i / h_i``. The unit is either

    * ``replication``: the half-width of the 90% t-interval of ``y``'s mean over the
      replications (the interval the front is reported with): "``a`` has a point at least as
      good as ``y`` to within ``y``'s own interval";
    * ``paired``: the half-width of the 90% t-interval of the paired difference ``x - y``
      (the same seeds and draws): "the replications cannot tell ``x`` from ``y``". Stricter:
      with common random numbers this unit is a few person-years, less than one grid step of
      a strong lever, so two fronts meet it only when they hold the same grid mixes.

    Args:
        a: A front (objective columns ``name`` and per-replication values ``name_reps``).
        b: Another front of the same design (the same seeds and posterior draws).
        names: Objective columns.
        maximise: Per objective, whether more is better.
        noise: ``replication`` or ``paired`` (see above).

    Returns:
        The largest, over the points of ``b``, of the best cover by a point of ``a`` (0 or less:
        every point of ``b`` has a point of ``a`` at least as good; at most 1: as good to within
        the noise).
    """
    sign = np.where(np.asarray(maximise, dtype=bool), -1.0, 1.0)
    ra, rb = _reps(a, names), _reps(b, names)
    d = (ra[:, None] - rb[None, :]) * sign[None, None, :, None]  # (a, b, objectives, reps): > 0 = a worse
    reps = d.shape[-1]
    spread = d.std(axis=-1, ddof=1) if noise == "paired" else np.broadcast_to(rb.std(axis=-1, ddof=1), d.shape[:-1])
    half = _t90(reps - 1) * spread / np.sqrt(reps)
    mean = d.mean(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        units = np.where(half > 0, mean / np.where(half > 0, half, 1.0), np.sign(mean) * np.inf)
    units = np.where(mean == 0, 0.0, units)
    return float(units.max(axis=2).min(axis=0).max())


def _reps(front: pd.DataFrame, names: Sequence[str]) -> np.ndarray:
    """(points, objectives, replications) values of a front."""
    return np.array([[np.asarray(row[f"{n}_reps"], dtype=float) for n in names] for _, row in front.iterrows()])


def _t90(dof: int) -> float:
    """Two-sided 90% quantile of Student's t."""
    return float(stats.t.ppf(0.95, dof))


def compare_fronts(
    a: pd.DataFrame, b: pd.DataFrame, names: Sequence[str], maximise: Sequence[bool]
) -> dict[str, float]:
    """How two fronts of the same design (e.g. two sampler seeds) differ, in units of the replication noise.

    Returns:
        ``a_covers_b`` and ``b_covers_a`` (:func:`epsilon_gap` each way, ``replication`` unit),
        ``stable`` (1.0 when both are at most 1: each front matches the other to within the
        intervals it is reported with, else 0.0), and the same with the stricter ``paired`` unit
        (``paired_a_covers_b``, ``paired_b_covers_a``, ``stable_paired``).
    """
    out: dict[str, float] = {}
    for noise, prefix in (("replication", ""), ("paired", "paired_")):
        ab = epsilon_gap(a, b, names, maximise, noise)
        ba = epsilon_gap(b, a, names, maximise, noise)
        out[f"{prefix}a_covers_b"], out[f"{prefix}b_covers_a"] = ab, ba
        out["stable" if not prefix else "stable_paired"] = float(ab <= 1.0 and ba <= 1.0)
    return out
