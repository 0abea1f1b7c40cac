"""Where the uncertain parameters of the optimiser's replications come from.

Replication ``k`` of every mix (and of the reference) gets the same posterior draw, as in
``sim compare``, so the mixes are paired in their parameters as well as in their seeds. What the
design sets (the base scenario's values, ``[set]`` and the levers) wins over the draw; the draw
fills only what the design leaves open.
"""

from __future__ import annotations

from typing import Any

from optimise.design import OptimiseDesign
from sim.posterior import draw_thetas, posterior_stamp

Thetas = list[dict[str, float]] | None


def design_thetas(design: OptimiseDesign) -> tuple[Thetas, dict[str, Any]]:
    """One uncertain-parameter set per replication for the design's posterior mode, and its provenance.

    Returns:
        The sets (None when the mode is ``none`` or there is no posterior) and a record of
        where they come from, with the keys the design sets itself (those are not drawn).
    """
    if design.posterior == "none":
        return None, {"uncertain_parameters": "baseline values (posterior = none)"}
    thetas = draw_thetas(design.reps, design.seed, point_estimate=design.posterior == "mean")
    if thetas is None:
        return None, posterior_stamp(None, False)
    own = set(design.base.overrides) | set(design.fixed) | {lever.key for lever in design.levers}
    kept = [{k: v for k, v in th.items() if k not in own} for th in thetas]
    record = posterior_stamp(kept, design.posterior == "mean")
    record["set_by_design_not_drawn"] = sorted(own & set(thetas[0]))
    return kept, record
