"""A sweep that starts from a caseload (``sim sweep DESIGN --start-from CASELOAD.csv``).

Every run of every point starts from the same people: the caseload read once in memory by
the client, sent with each task to the local worker processes (never to a remote cluster,
never to a file), placed under one past, the design's base with its fixed values, with
replication ``k``'s whole posterior draw, so the points differ from the file's date on only.
A run file holds the inflow's KPIs as in any sweep plus the caseload's (group ``caseload``:
the shares of the file's people at +12/+24/+36 months, NaN for fewer than
:data:`~sim.caseload.forecast.MIN_GROUP` people) and the file's SHA-256, never its rows.
The manifest records the SHA-256 too: a resumed sweep refuses a file that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.caseload.forecast import kpis, provenance, run_caseload
from sim.caseload.reader import Caseload
from sim.design import Design
from sim.errors import UserError
from sim.outcomes import RunResult
from sim.params import Value
from sim.scenarios import Scenario

GROUP = "caseload"  # the run files' group of the caseload's KPIs


@dataclass(frozen=True)
class StartFrom:
    """The caseload a sweep starts from and the past it is placed under.

    Attributes:
        caseload: The file's people (in memory).
        past: The scenario in force before the file's date: the design's base with its fixed values.
    """

    caseload: Caseload
    past: Scenario

    @classmethod
    def of(cls, caseload: Caseload, design: Design) -> StartFrom:
        """The start of every point of ``design``."""
        return cls(caseload, design.base.with_overrides(design.fixed, name=f"{design.name}/past"))

    def record(self) -> dict[str, Any]:
        """What the manifest and every run file say of it: the file's SHA-256 and size, the past."""
        return provenance(self.caseload) | {"past": self.past.name, "past_hash": self.past.hash}

    def run(
        self, scenario: Scenario, seed: int, replication: int, draw: dict[str, Value] | None
    ) -> tuple[RunResult, dict[str, dict[str, float]]]:
        """One run of a point from the caseload and its KPIs (the inflow's and group :data:`GROUP`).

        Args:
            scenario: The point's scenario.
            seed: The run's seed.
            replication: Replication index.
            draw: Replication ``k``'s whole posterior draw (the past takes it all, the point
                what it leaves open), or None.
        """
        result = run_caseload(scenario, seed, self.caseload, replication, draw, past=self.past)
        return result, {**result.kpis(), GROUP: kpis(result)}


def check_same_start(out: Path, before: dict[str, Any] | None, now: dict[str, Any] | None) -> None:
    """Refuse to resume a sweep from another caseload file (or with / without one) than it began with.

    Args:
        out: The sweep folder.
        before: The manifest's ``start_from`` (None: the sweep began without a caseload).
        now: :meth:`StartFrom.record` of this invocation (None: no ``--start-from``).

    Raises:
        UserError: The two differ; the message gives both SHA-256 prefixes, never a path or row.
    """
    was, is_ = (before or {}).get("caseload_sha256"), (now or {}).get("caseload_sha256")
    if was == is_:
        return
    if was and is_:
        raise UserError(
            f"--start-from: the caseload file changed since the sweep in {out} began (SHA-256 {was[:16]}..., "
            f"now {is_[:16]}...): resume with the file it began with, or use a new --out folder"
        )
    if was:
        raise UserError(
            f"--out {out} holds a sweep that starts from a caseload (SHA-256 {was[:16]}...): "
            "give the same --start-from FILE to resume it, or use a new --out folder"
        )
    raise UserError(f"--out {out} holds a sweep without --start-from: use a new --out folder for one from a caseload")
