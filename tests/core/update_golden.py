"""Recompute the golden summary of the baseline (``golden_baseline.json``).

Run this only when a change of model output is intended, and say so in the commit message
and the changelog::

    .venv/bin/python tests/core/update_golden.py

The summary is the mean over ``REPS`` paired replications (base seed ``SEED``) of every KPI
of the shipped baseline at its default size, for all people and per group.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from sim.runner import run_replications
from sim.scenarios import load_scenario

GOLDEN = Path(__file__).with_name("golden_baseline.json")
SCENARIO, REPS, SEED = "baseline", 3, 1


def compute() -> dict[str, Any]:
    """The summary as a JSON-ready dict."""
    scenario = load_scenario(SCENARIO)
    results = run_replications([scenario], REPS, SEED)[scenario.name]
    per_rep = [r.kpis() for r in results]
    kpis: dict[str, dict[str, float | None]] = {}
    for group in per_rep[0]:
        kpis[group] = {}
        for key in per_rep[0][group]:
            v = float(np.mean([rep[group][key] for rep in per_rep]))
            kpis[group][key] = None if math.isnan(v) else v
    return {
        "scenario": SCENARIO,
        "scenario_hash": scenario.hash,
        "reps": REPS,
        "seed": SEED,
        "seeds": [r.seed for r in results],
        "kpis": kpis,
    }


def main() -> None:
    """Write the golden file."""
    GOLDEN.write_text(json.dumps(compute(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
