"""``--start-from CASELOAD.csv`` of ``sim run`` and ``sim compare``: the forecast for a caseload.

The file is read once into memory (:func:`load`); its validation report goes to stderr; the
runs start from its people (:mod:`sim.caseload.forecast`). What is written or printed holds
only aggregates of groups of 10 or more people and the file's SHA-256, never the file's rows
or its path.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import numpy as np
import pandas as pd

from sim.argtypes import bounded
from sim.caseload.columns import MAX_BYTES
from sim.caseload.forecast import MIN_GROUP, CaseloadResult, kpis, run_caseload_replications, summary
from sim.caseload.reader import Caseload, CaseloadError, read_caseload
from sim.compare import paired_stats
from sim.errors import UserError
from sim.scenarios import Scenario


def add_options(p: argparse.ArgumentParser) -> None:
    """``--start-from`` and ``--as-of-year`` on a subcommand."""
    p.add_argument(
        "--start-from",
        metavar="CASELOAD.csv",
        default=None,
        help="start from your own anonymised caseload (format: README, template: examples/caseload/); "
        "the forecast counts months from the file's date",
    )
    p.add_argument(
        "--as-of-year",
        type=bounded(1990, 2100, " (a year)", grouped=False),
        default=None,
        help="year of the caseload file's date (needed with birth_year)",
    )


def refuse_stray_year(args: argparse.Namespace) -> None:
    """``--as-of-year`` is about a caseload file: without ``--start-from`` it would be ignored, so refuse it.

    Raises:
        UserError: ``--as-of-year`` given without ``--start-from``.
    """
    if getattr(args, "as_of_year", None) is not None and not getattr(args, "start_from", None):
        raise UserError(f"--as-of-year {args.as_of_year}: only used with --start-from CASELOAD.csv (the file's year)")


def load(path: str, as_of_year: int | None) -> Caseload:
    """Read a caseload file into memory and print its validation report on stderr.

    Raises:
        CaseloadError: The file is refused (exit 2); the message names line and column.
    """
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise CaseloadError(f"--start-from: the file has {size:,} bytes, at most {MAX_BYTES:,}")
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UserError(f"--start-from {path}: cannot read: {exc.strerror}") from None
    caseload, report = read_caseload(data, as_of_year)
    for line in report.lines():
        print(f"caseload: {line}", file=sys.stderr)
    return caseload


def provenance(caseload: Caseload) -> dict[str, Any]:
    """What a result file says about the caseload: its hash and size, never its rows or path."""
    return {"caseload_sha256": caseload.digest, "caseload_people": len(caseload), "suppressed_below": MIN_GROUP}


def run_table(
    scenario: Scenario, reps: int, seed: int, caseload: Caseload, thetas: Any, tick: Any
) -> tuple[pd.DataFrame, list[CaseloadResult]]:
    """The tidy table of replications started from the caseload, and the results."""
    results = run_caseload_replications(scenario, reps, seed, caseload, thetas=thetas, progress=tick)
    return pd.concat([r.tidy() for r in results], ignore_index=True), results


def print_summary(results: list[CaseloadResult], out: Any = sys.stderr) -> None:
    """The caseload's forecast (all people: mean and 5-95% over replications) as lines of text."""
    table = summary(results)
    print(
        f"caseload forecast, {results[0].scenario}, {len(results)} replications (months from the file's date):",
        file=out,
    )
    for month, rows in table.groupby("month", sort=True):
        cells = "  ".join(
            f"{r['metric']} {100 * r['mean']:.1f}% [{100 * r['p05']:.1f}-{100 * r['p95']:.1f}]"
            for r in rows.to_dict("records")
            if r["metric"] in ("employed", "welfare", "b1", "in_course")
        )
        print(f"  +{month:<3d} people {rows['people'].iloc[0]:.0f}  {cells}", file=out)


def compare_table(runs: dict[str, list[CaseloadResult]], baseline: str) -> str:
    """Paired comparison of the caseload KPIs with the baseline's, as text."""
    base = [kpis(r) for r in runs[baseline]]
    lines = ["caseload forecast: % of the file's people (18-64) at months from the file's date; paired differences"]
    for name, results in runs.items():
        lines.append(f"\n{name}")
        values = [kpis(r) for r in results]
        for key in base[0]:
            st = paired_stats([v[key] for v in values], [b[key] for b in base])
            diff = (
                ""
                if name == baseline
                else f"  diff {100 * st['diff']:+.1f} [{100 * st['lo']:+.1f}, {100 * st['hi']:+.1f}]"
            )
            value = "-" if np.isnan(st["value"]) else f"{100 * st['value']:.1f}%"
            lines.append(f"  {key:22s} {value:>8s}{diff}")
    return "\n".join(lines)
