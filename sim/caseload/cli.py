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

import pandas as pd

from sim.argtypes import bounded
from sim.caseload.columns import MAX_BYTES
from sim.caseload.forecast import CaseloadResult, kpis, provenance, run_caseload_replications, summary
from sim.caseload.reader import Caseload, CaseloadError, read_caseload
from sim.compare import nan_to_none, paired_stats
from sim.errors import UserError
from sim.scenarios import Scenario

START_HELP = (
    "start from your own anonymised caseload (format: README, template: examples/caseload/); "
    "the forecast counts months from the file's date"
)


def add_options(p: argparse.ArgumentParser, what: str = START_HELP) -> None:
    """``--start-from`` (its help: ``what``) and ``--as-of-year`` on a subcommand."""
    p.add_argument("--start-from", metavar="CASELOAD.csv", default=None, help=what)
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
        CaseloadError: The file is refused (exit 2); the message names the file, line and column.
    """
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise CaseloadError(f"--start-from {path}: the file has {size:,} bytes, at most {MAX_BYTES:,}")
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UserError(f"--start-from {path}: cannot read: {exc.strerror}") from None
    try:
        caseload, report = read_caseload(data, as_of_year)
    except CaseloadError as exc:
        where = str(exc).removeprefix("caseload file")
        raise CaseloadError(f"--start-from {path}{where if where[:1] in ' :' else ': ' + where}") from None
    for line in report.lines():
        print(f"caseload: {line}", file=sys.stderr)
    return caseload


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


def compare_runs(
    scenarios: list[Scenario], reps: int, seed: int, caseload: Caseload, thetas: Any, tick: Any
) -> dict[str, list[CaseloadResult]]:
    """Paired runs of every scenario from the caseload: the same seeds, draws and past (the first's).

    The file's people start identically in every scenario: what the file cannot show (intake,
    the donors' traits) is drawn under the baseline, the policy they lived under until the
    file's date; the scenarios differ from month 0 on only.
    """
    past = scenarios[0]
    return {
        s.name: run_caseload_replications(s, reps, seed, caseload, thetas=thetas, progress=tick, past=past)
        for s in scenarios
    }


def compare_dict(
    runs: dict[str, list[CaseloadResult]], baseline: str, reps: int, seed: int, caseload: Caseload
) -> dict[str, Any]:
    """The paired comparison of the caseload KPIs (the shape of ``sim compare --start-from --json``).

    Returns:
        ``baseline``, ``reps``, ``seed``, ``seeds``, ``start_from`` (:func:`provenance` and the
        past) and per scenario its hash and ``kpis`` (value, paired diff, 90% interval lo/hi,
        p05/p95 of the diff; shares 0-1 of the file's people aged 18-64 at +12/+24/+36 months
        from the file's date); NaN (a group under :data:`~sim.caseload.forecast.MIN_GROUP`, beyond the horizon) as None.
    """
    base = [kpis(r) for r in runs[baseline]]
    scenarios: dict[str, Any] = {}
    for name, results in runs.items():
        values = [kpis(r) for r in results]
        stats = {key: paired_stats([v[key] for v in values], [b[key] for b in base]) for key in base[0]}
        scenarios[name] = {"scenario_hash": results[0].scenario_hash, "kpis": stats}
    head = {"baseline": baseline, "reps": reps, "seed": seed, "seeds": [r.seed for r in runs[baseline]]}
    start = provenance(caseload) | {"past": baseline, "months": "since the file's date"}
    return nan_to_none(head | {"start_from": start, "scenarios": scenarios})


def compare_table(table: dict[str, Any]) -> str:
    """The text form of :func:`compare_dict`: value, paired difference and its 90% interval."""
    start = table["start_from"]
    lines = [
        f"baseline: {table['baseline']}   replications: {table['reps']}   seed: {table['seed']}",
        f"start from: caseload sha256 {start['caseload_sha256']}, {start['caseload_people']} people; "
        f"groups under {start['suppressed_below']} left out; its past (before the file's date): {start['past']}",
        "caseload forecast: % of the file's people (18-64) at months from the file's date; paired differences",
    ]
    for name, body in table["scenarios"].items():
        lines.append(f"\n{name}")
        for key, st in body["kpis"].items():
            diff = "" if name == table["baseline"] else f"  diff {_pp(st['diff'])} [{_pp(st['lo'])}, {_pp(st['hi'])}]"
            value = "-" if st["value"] is None else f"{100 * st['value']:.1f}%"
            lines.append(f"  {key:22s} {value:>8s}{diff}")
    return "\n".join(lines)


def _pp(x: float | None) -> str:
    """A share difference in percentage points with its sign, '-' when undefined."""
    return "-" if x is None else f"{100 * x:+.1f}"
