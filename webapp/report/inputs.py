"""What a council report is made from: the scenarios, their runs, the KPI table and the stamp.

The app passes what the page already computed (so the report shows the page's numbers); the
command line runs the comparison itself with :func:`run_comparison`, through
:func:`sim.compare.compare`, so the report's KPI table is the table of ``sim compare --json``
for the same scenarios, seed, replications and posterior setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim import __version__
from sim.provenance import git_commit
from sim.scenarios import Scenario
from webapp.slotruns import SlotRuns, summarise

UNC_CHOICES = ("posterior", "point", "none")  # draws per replication, posterior mean, baseline values


@dataclass(frozen=True)
class ReportStamp:
    """Where the numbers come from, printed in every page footer and chart.

    Attributes:
        seed: Base seed.
        reps: Replications per scenario.
        uncertainty: ``posterior`` (a draw per replication), ``point`` (posterior mean) or ``none``.
        posterior_written: When the posterior file was written (empty without one).
        posterior: The calibration drawn from when it is not the shipped one (a folder, named in
            every footer); empty for the shipped one.
        start_year: Calendar year of the first simulated month (budget years).
        date: Date the report was made.
        version: Werkpad version.
        commit: Git commit of the code (empty outside a checkout).
    """

    seed: int
    reps: int
    uncertainty: str
    posterior_written: str = ""
    start_year: int = field(default_factory=lambda: dt.date.today().year)
    date: dt.date = field(default_factory=dt.date.today)
    version: str = __version__
    commit: str = field(default_factory=git_commit)
    posterior: str = ""


@dataclass(frozen=True)
class ReportInputs:
    """Everything the report draws on.

    Attributes:
        scenarios: The compared scenarios, the reference first.
        runs: Their runs, by scenario name.
        table: The comparison table (``sim compare --json`` shape).
        stamp: Provenance.
    """

    scenarios: list[Scenario]
    runs: dict[str, SlotRuns]
    table: dict[str, Any]
    stamp: ReportStamp

    @property
    def reference(self) -> str:
        """Name of the reference scenario."""
        return self.scenarios[0].name

    @property
    def order(self) -> list[str]:
        """Scenario names, the reference first."""
        return [s.name for s in self.scenarios]


def run_comparison(
    scenarios: list[Scenario],
    reps: int,
    seed: int,
    point_estimate: bool = False,
    progress: Callable[[int], None] | None = None,
    start_year: int | None = None,
    posterior: Path | None = None,
) -> ReportInputs:
    """Run the reference and the options over paired replications, as ``sim compare`` does.

    Args:
        scenarios: Reference first, then the options (distinct names).
        reps: Replications.
        seed: Base seed.
        point_estimate: Use the posterior mean instead of a draw per replication.
        progress: Called with 1 after each finished run.
        start_year: Calendar year of month 0 (default: this year).
        posterior: The posterior CSV (``--posterior``; default the shipped one).
    """
    from sim.compare import compare
    from sim.posterior import POSTERIOR_PATH, draw_thetas, posterior_stamp

    path = posterior or POSTERIOR_PATH
    thetas = draw_thetas(reps, seed, point_estimate, path)
    comparison = compare(scenarios[0], scenarios[1:], reps, seed, thetas=thetas, progress=progress)
    runs = {s.name: summarise(comparison.results[s.name], s) for s in scenarios}
    post = posterior_stamp(thetas, point_estimate, path=path)
    unc = "none" if thetas is None else ("point" if point_estimate else "posterior")
    chosen = str(path.parent) if posterior is not None and thetas is not None else ""
    stamp = ReportStamp(seed, reps, unc, str(post.get("posterior_written", "")), posterior=chosen)
    if start_year is not None:
        stamp = ReportStamp(seed, reps, unc, stamp.posterior_written, start_year, posterior=chosen)
    return ReportInputs(scenarios, runs, comparison.table(), stamp)
