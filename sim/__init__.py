"""Werkpad: a municipal policy scenario simulator for status holders' path to work.

Data flow (each stage a plain function of the one before):

    scenario file (TOML overlay on sim/scenarios/baseline.toml)
      -> sim.scenarios.load_scenario      validated Scenario (every default traced to evidence)
      -> sim.runner.run(scenario, seed)   one MunicipalityModel run (Mesa), array-backed people
         (sim.runner.run_replications: runs stacked in one array pass, sim.stack)
      -> sim.outcomes                     tidy table, KPIs, paired differences vs baseline
      -> faces                            CLI (werkpad.cli, commands from sim.cli), Streamlit app (app.py), calibration
"""

from importlib.metadata import PackageNotFoundError, version

from sim.kernel_cache import use_versioned_cache

use_versioned_cache()  # before any rule imports numba: a cache per version of the engine's source

try:
    __version__ = version("werkpad")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+src"

__all__ = ["__version__"]
