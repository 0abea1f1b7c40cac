"""What a calibration's figures pin down: each parameter's posterior 90% range against its prior's.

A handful of figures (a municipality's monitor) informs few parameters, and those only
partly; the fit report says so per parameter. Priors are log-normal, so widths are compared
on the log scale: a ratio of 1.0 means the figures left the prior as it was, 0.5 that they
halved its 90% range (as a factor). Parameters held fixed in a quick calibration are listed
with the value they were held at.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from calibration.posterior import load_posterior, weighted_quantiles
from calibration.priors import PRIORS, Prior

Z90 = 1.644854  # standard normal 95% quantile: the central 90% range
INFORMED, WEAK = 0.5, 0.8  # width ratios: below 0.5 "pinned down", above 0.8 "hardly informed"


def fitted_priors(meta: dict[str, Any]) -> tuple[Prior, ...]:
    """The priors a posterior was fitted with (``posterior.json``'s ``priors``; all when not recorded)."""
    recorded = meta.get("priors")
    if not isinstance(recorded, dict) or not recorded:
        return PRIORS
    return tuple(p for p in PRIORS if p.key in recorded)


def prior_range(p: Prior) -> tuple[float, float]:
    """The prior's central 90% range (parameter unit)."""
    return math.exp(p.log_mean - Z90 * p.log_sd), math.exp(p.log_mean + Z90 * p.log_sd)


def pinned_down(posterior: Path, priors: Sequence[Prior]) -> pd.DataFrame:
    """Per fitted parameter: the prior's and the posterior's 90% range and the ratio of their widths.

    Args:
        posterior: The posterior CSV.
        priors: The fitted parameters' priors.

    Returns:
        Columns parameter, prior_lo, prior_hi, posterior_lo, posterior_median, posterior_hi,
        width_ratio (log scale), verdict (``pinned down``, ``partly`` or ``hardly informed``).
    """
    df, w = load_posterior(posterior)
    rows = []
    for p in priors:
        lo, hi = prior_range(p)
        q = weighted_quantiles(df[p.key].to_numpy(dtype=float), w, 0.05)
        ratio = math.log(q["hi"] / q["lo"]) / math.log(hi / lo) if q["lo"] > 0 else float("nan")
        rows.append(
            {
                "parameter": p.key,
                "prior_lo": lo,
                "prior_hi": hi,
                "posterior_lo": q["lo"],
                "posterior_median": q["median"],
                "posterior_hi": q["hi"],
                "width_ratio": ratio,
                "verdict": _verdict(ratio),
            }
        )
    return pd.DataFrame(rows).round(4)


def _verdict(ratio: float) -> str:
    if not np.isfinite(ratio) or ratio > WEAK:
        return "hardly informed"
    return "pinned down" if ratio < INFORMED else "partly"


def _line(r: dict[Any, Any]) -> str:
    return (
        f"{r['parameter']}: prior 90% {r['prior_lo']:.3g}-{r['prior_hi']:.3g}, posterior 90% "
        f"{r['posterior_lo']:.3g}-{r['posterior_hi']:.3g} ({100 * r['width_ratio']:.0f}% of the prior's width, "
        f"log scale): {r['verdict']}"
    )


def pinned_lines(table: pd.DataFrame) -> list[str]:
    """The table in words: one line per parameter, then a one-line summary."""
    lines = [_line(r) for r in table.to_dict("records")]
    n = int((table["verdict"] == "pinned down").sum())
    weak = int((table["verdict"] == "hardly informed").sum())
    lines.append(
        f"the figures pin down {n} of {len(table)} fitted parameters (posterior 90% range under half the "
        f"prior's); {weak} are hardly informed (over {WEAK:.0%} of it): their uncertainty stays in every band"
    )
    return lines
