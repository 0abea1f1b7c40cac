"""Where the uncertain parameters of the optimiser's replications come from.

Replication ``k`` of every mix (and of the reference) gets the same posterior draw, as in
``sim compare``, so the mixes are paired in their parameters as well as in their seeds. What a
mix's scenario sets wins over the draw; the draw fills only what it leaves open (the model
applies :meth:`sim.scenarios.Scenario.open_theta`). The design's ``uncertainty`` says how:
``draw`` (one posterior draw per replication), ``mean`` (the posterior mean for all) or ``none``
(the baseline values); ``posterior`` names the calibration (``--posterior DIR``; the shipped one
by default).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from optimise.design import OptimiseDesign
from sim.posterior import POSTERIOR_PATH, draw_thetas, posterior_stamp

Thetas = list[dict[str, float]] | None


def design_thetas(design: OptimiseDesign) -> tuple[Thetas, dict[str, Any]]:
    """One uncertain-parameter set per replication for the design, and where they come from.

    Returns:
        The sets (None when ``uncertainty`` is ``none`` or there is no posterior) and their
        provenance (mode, posterior file and date, the draws, which keys the reference takes from them).
    """
    if design.uncertainty == "none":
        return None, {"uncertain_parameters": "baseline values (uncertainty = none)"}
    path = Path(design.posterior) if design.posterior else POSTERIOR_PATH
    mean = design.uncertainty == "mean"
    thetas = draw_thetas(design.reps, design.seed, point_estimate=mean, path=path)
    return thetas, posterior_stamp(thetas, mean, [design.reference()], path)
