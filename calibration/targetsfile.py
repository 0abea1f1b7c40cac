"""The targets file: the observed figures a calibration fits, one CSV row per figure.

Format (UTF-8 CSV, a header row, rows counted as in a spreadsheet: the header is row 1)::

    name,metric,month,group,observed,tolerance,weight,source,note
    employed_m24,employed,24,all,0.06,0.03,1,T1-042,'a job' after 2 years
    employed_m24_Syria,employed,24,origin=Syria,0.084,0.05,0.1666666667,T1-021,CBS table

Required columns:

* ``metric``: a share ``sim run`` writes (:data:`sim.outcomes.METRICS`: employed, fulltime,
  welfare, welfare_main, b1, exam_passed, exempt, in_course, ...), cohort-aligned, ages 18-64;
* ``month``: months since the permit, a whole number below the scenario's horizon;
* ``observed``: the observed share, a fraction in [0, 1] (25% is 0.25);
* ``tolerance``: the error allowed, a fraction in (0, 1]: it scales the error in the distance
  and is the pass mark of the fit report (0.03 = 3 percentage points);
* ``weight``: how much the distance trusts the figure, a number >= 0 (0: reported, not fitted);
  at least one row must have a weight above 0;
* ``source``: where the figure comes from (an evidence row id, a report, a monitor), not empty.

Optional columns: ``group`` (empty or ``all``; ``sex=female`` / ``sex=male``;
``origin=Syria``, several origins pooled with ``+`` as in ``origin=Turkey+Other``;
``household=single`` / ``couple`` / ``couple_children`` / ``single_parent``), ``name`` (a
unique short name; default ``<metric>_m<month>`` plus the group) and ``note`` (the figure's
definition). Any other column, a missing required column or a bad value is refused with one
line naming the file, the row and the column (:class:`sim.errors.UserError`).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from calibration.targets import Target, extract_many
from sim.errors import UserError
from sim.households import HOUSEHOLD_TYPES
from sim.outcomes import METRICS, RunResult
from sim.population import ORIGIN_LABELS

REQUIRED = ("metric", "month", "observed", "tolerance", "weight", "source")
OPTIONAL = ("name", "group", "note")
COLUMNS = ("name", "metric", "month", "group", "observed", "tolerance", "weight", "source", "note")
MAX_BYTES = 1_000_000  # a targets file is a handful to a few hundred figures
MAX_ROWS = 2_000
SEXES = ("female", "male")
_NAME = re.compile(r"^[A-Za-z0-9_.+\-]{1,80}$")


def read_targets(path: Path, horizon: int | None = None) -> tuple[Target, ...]:
    """Read and check a targets file.

    Args:
        path: The CSV file.
        horizon: The scenario's horizon (months); a month at or beyond it is refused.

    Returns:
        One :class:`~calibration.targets.Target` per row, in file order.

    Raises:
        UserError: One line naming the file, the row and the column of the first problem.
    """
    header, rows = _read_rows(path)
    _check_header(path, header)
    out = [_target(path, n, dict(zip(header, row, strict=True)), horizon) for n, row in rows]
    _check_unique(path, out, [n for n, _ in rows])
    if not any(t.weight > 0 for t in out):
        raise UserError(f"{path}, column 'weight': every row has weight 0; at least one figure must be fitted (> 0)")
    return tuple(out)


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty data rows with their spreadsheet row numbers."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"{path}: {size:,} bytes; a targets file may have at most {MAX_BYTES:,}")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path}: not a UTF-8 text file; save the targets as CSV (UTF-8)") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the targets file ({exc.strerror or exc})") from None
    try:
        lines = list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise UserError(f"{path}: not a readable CSV ({exc})") from None
    numbered = [(i + 1, [c.strip() for c in r]) for i, r in enumerate(lines) if any(c.strip() for c in r)]
    if not numbered:
        raise UserError(f"{path}: empty; expected a header row with the columns {', '.join(REQUIRED)}")
    (_, header), rows = numbered[0], numbered[1:]
    if not rows:
        raise UserError(f"{path}: a header but no rows; add one row per observed figure")
    if len(rows) > MAX_ROWS:
        raise UserError(f"{path}: {len(rows):,} rows; a targets file may have at most {MAX_ROWS:,}")
    for n, row in rows:
        if len(row) != len(header):
            raise UserError(f"{path}, row {n}: {len(row)} fields but the header has {len(header)} columns")
    return [h.lower() for h in header], rows


def _check_header(path: Path, header: list[str]) -> None:
    for col in header:
        if col not in COLUMNS:
            raise UserError(f"{path}, row 1, column '{col}': unknown column; allowed: {', '.join(COLUMNS)}")
    if len(set(header)) != len(header):
        twice = next(c for c in header if header.count(c) > 1)
        raise UserError(f"{path}, row 1, column '{twice}': appears twice")
    for col in REQUIRED:
        if col not in header:
            raise UserError(f"{path}, row 1: missing column '{col}'; required: {', '.join(REQUIRED)}")


def _where(path: Path, n: int, col: str, value: str) -> str:
    return f"{path}, row {n}, column '{col}': {value!r}"


def _number(path: Path, n: int, col: str, value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise UserError(f"{_where(path, n, col, value)} is not a number") from None
    if not math.isfinite(x):
        raise UserError(f"{_where(path, n, col, value)} is not a finite number")
    return x


def _in_range(path: Path, n: int, col: str, value: str, low: float, high: float, low_open: bool = False) -> float:
    x = _number(path, n, col, value)
    if x < low or x > high or (low_open and x == low):
        bracket = "(" if low_open else "["
        hint = " (write a share: 25% is 0.25)" if col in ("observed", "tolerance") and x > 1 else ""
        raise UserError(f"{_where(path, n, col, value)} is outside {bracket}{low:g}, {high:g}]{hint}")
    return x


def _month(path: Path, n: int, value: str, horizon: int | None) -> int:
    x = _number(path, n, "month", value)
    if x != int(x) or x < 0:
        raise UserError(f"{_where(path, n, 'month', value)} is not a whole number of months >= 0")
    if horizon is not None and x >= horizon:
        raise UserError(
            f"{_where(path, n, 'month', value)} is beyond the scenario's horizon: "
            f"months 0 to {horizon - 1} since the permit are simulated"
        )
    return int(x)


def parse_group(text: str) -> tuple[tuple[str, ...], str, str]:
    """A group as (pooled origins, sex, household type); empty / ``all`` is everyone.

    Raises:
        ValueError: Not one of the allowed forms (the message lists them).
    """
    text = text.strip()
    if text in ("", "all"):
        return (), "all", ""
    kind, _, value = text.partition("=")
    if kind == "sex" and value in SEXES:
        return (), value, ""
    if kind == "household" and value in HOUSEHOLD_TYPES:
        return (), "all", value
    origins = tuple(value.split("+"))
    if kind == "origin" and value and all(o in ORIGIN_LABELS for o in origins) and len(set(origins)) == len(origins):
        return origins, "all", ""
    raise ValueError(
        "is not a group; allowed: all, sex=female|male, origin="
        + "|".join(ORIGIN_LABELS)
        + " (pool with +, e.g. origin=Turkey+Other), household="
        + "|".join(HOUSEHOLD_TYPES)
    )


def group_text(t: Target) -> str:
    """The ``group`` cell of a target (the inverse of :func:`parse_group`)."""
    if t.origins:
        return "origin=" + "+".join(t.origins)
    if t.household:
        return f"household={t.household}"
    return f"sex={t.sex}" if t.sex != "all" else "all"


def _target(path: Path, n: int, row: dict[str, str], horizon: int | None) -> Target:
    metric = row["metric"]
    if metric not in METRICS:
        raise UserError(f"{_where(path, n, 'metric', metric)} is not a metric; allowed: {', '.join(METRICS)}")
    month = _month(path, n, row["month"], horizon)
    try:
        origins, sex, household = parse_group(row.get("group", ""))
    except ValueError as exc:
        raise UserError(f"{_where(path, n, 'group', row.get('group', ''))} {exc}") from None
    if not row["source"]:
        raise UserError(f"{path}, row {n}, column 'source': empty; say where the figure comes from")
    t = Target(
        name=row.get("name", ""),
        row_id=row["source"],
        metric=metric,
        month=month,
        origins=origins,
        observed=_in_range(path, n, "observed", row["observed"], 0.0, 1.0),
        weight=_in_range(path, n, "weight", row["weight"], 0.0, 1e6),
        tolerance=_in_range(path, n, "tolerance", row["tolerance"], 0.0, 1.0, low_open=True),
        note=row.get("note", ""),
        sex=sex,
        household=household,
        row=n,
    )
    return t if t.name else _named(t)


def _named(t: Target) -> Target:
    from dataclasses import replace

    group = group_text(t)
    suffix = "" if group == "all" else "_" + group.split("=", 1)[1]
    return replace(t, name=f"{t.metric}_m{t.month}{suffix}")


def _check_unique(path: Path, targets: Sequence[Target], numbers: Sequence[int]) -> None:
    seen: dict[Any, int] = {}
    for t, n in zip(targets, numbers, strict=True):
        if not _NAME.match(t.name):
            raise UserError(f"{_where(path, n, 'name', t.name)} is not a name: letters, digits and _ . + - (max 80)")
        for key, col in ((("what", t.metric, t.month, group_text(t)), "group"), (("name", t.name), "name")):
            if key in seen:
                raise UserError(f"{path}, row {n}, column '{col}': the same {_same(col)} as row {seen[key]}")
            seen[key] = n


def _same(col: str) -> str:
    return "name" if col == "name" else "metric, month and group"


def check_measurable(targets: Sequence[Target], result: RunResult, path: Path, scenario: str) -> None:
    """Refuse a target that a run of the scenario cannot measure (nobody of its group reaches its month).

    Raises:
        UserError: Naming the file, the row and the group.
    """
    values = extract_many(tuple(targets), result)
    for t, v in zip(targets, values, strict=True):
        if not math.isfinite(float(v)):
            raise UserError(
                f"{path}, row {t.row}, column 'group': nobody of {group_text(t)} reaches month {t.month} in a check "
                f"run of {scenario}; pool it with others (origin=Turkey+Other) or leave it out"
            )


def write_targets(targets: Sequence[Target], path: Path) -> None:
    """Write targets in the file format (``observed``, ``tolerance`` and ``weight`` to 10 digits)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for t in targets:
            nums = [f"{x:.10g}" for x in (t.observed, t.tolerance, t.weight)]
            w.writerow([t.name, t.metric, t.month, group_text(t), *nums, t.row_id, t.note])
