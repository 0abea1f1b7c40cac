"""Load every compiled kernel of a stacked run before the first real one: a pool's workers start warm.

Numba keeps each kernel compiled on disk (``cache=True``), but a process still loads a kernel
(its machine code and every type signature it was compiled for) at its first call: about
0.3 s of CPU for the kernels of a stacked run and its summary. A pool worker that meets its
first real block paid that on the clock of whoever asked for the block; in the app, the first
slider move after the server starts paid it once per worker (issue #13's ten-sessions figure).

:func:`warm_kernels` runs one tiny stacked block of every shipped scenario (so each lever's
kernels and signatures load: dedicated managers, dual places, work first, a funding stop, the
2021 law) and reads every output a summary reads. The process pool's forkserver imports
:mod:`sim.stack.preload`, which calls it, so every worker forked from it starts with the
kernels in memory (``sim.executor.LocalPoolExecutor``). ``python3 run.py app`` runs it once
before the server starts (``python -m sim.stack.warm``), so after an install or an update the
kernels are compiled in the terminal, with a message, and not while the first page waits.
"""

from __future__ import annotations

import time

from sim.errors import ScenarioError
from sim.params import Value
from sim.runner import replication_seed, run, run_stacked
from sim.scenarios import Scenario, list_scenarios, load_scenario

WARM_INFLOW_PER_YEAR = 24  # people a year in each tiny run: every rule meets someone
WARM_HORIZON_MONTHS = 24  # months of each tiny run


def warm_kernels() -> float:
    """Run a tiny stacked block of every shipped scenario and read its outputs; the seconds it took.

    Results are thrown away; nothing is written. Two replications per scenario, so the
    stacked kernels see several runs (the shapes the app and ``sim compare`` stack); then one
    run alone that keeps every person's path (the app's one-person tab).
    """
    start = time.perf_counter()
    scenarios = _tiny_scenarios()
    tasks = [(s, replication_seed(0, k), k, None) for s in scenarios for k in range(2)]
    for r in run_stacked(tasks):
        r.kpis()
        r.shares()
        r.population()
        r.household_population()
    run(scenarios[0], replication_seed(0, 0), keep_paths=True).kpis()
    return time.perf_counter() - start


def _tiny_scenarios() -> list[Scenario]:
    """Every shipped scenario with :data:`WARM_INFLOW_PER_YEAR` a year over :data:`WARM_HORIZON_MONTHS` months.

    A funding stop moves to the middle of the tiny horizon, so the month it happens is run too.
    """
    tiny: dict[str, Value] = {
        "context.inflow_per_year": WARM_INFLOW_PER_YEAR,
        "context.horizon_months": WARM_HORIZON_MONTHS,
        "context.inflow_months": 0,
        "funding.end_month": WARM_HORIZON_MONTHS // 2,
    }
    out = [_shortened(load_scenario(name), tiny) for name in list_scenarios()]
    return [s for s in out if s is not None]


def _shortened(scenario: Scenario, tiny: dict[str, Value]) -> Scenario | None:
    """The scenario with ``tiny`` set; None when the scenario layer refuses the result.

    The warm-up is a convenience: a scenario it cannot shorten is left out (its kernels load at
    its first real run), never refused.
    """
    try:
        return scenario.with_overrides(tiny)
    except ScenarioError:
        return None


def main() -> int:
    """``python -m sim.stack.warm``: compile (first start after an install or update) or load the kernels."""
    print("Preparing the simulation engine (the first start after installing or updating compiles it: about a minute)")
    try:
        seconds = warm_kernels()
    except Exception as exc:  # noqa: BLE001 - a convenience: the app compiles at its first page instead
        print(f"could not prepare it ({type(exc).__name__}: {exc}); the app will at its first page", flush=True)
        return 1
    print(f"ready in {seconds:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
