"""Read and check a caseload file in memory: the people it describes and a validation report.

:func:`read_caseload` takes the file's bytes (never a path it would keep) and returns a
:class:`Caseload` (arrays, no identifiers: the partner link is an index) and a :class:`Report`
(rows read, rows refused and why, links dropped, per column). Whatever could identify a
person (:mod:`sim.caseload.privacy`), an unknown or missing column, a file over
:data:`~sim.caseload.columns.MAX_BYTES` or :data:`~sim.caseload.columns.MAX_ROWS`, or fewer
than :data:`MIN_ROWS` usable rows refuses the whole file (:class:`CaseloadError`, naming the
line and column, never a value). A row with a value that is not allowed is refused and named
in the report; the other rows are used.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from sim.caseload import columns as fmt
from sim.caseload.privacy import identifying_name, identifying_value, shown_name
from sim.errors import UserError

MIN_ROWS = 10  # fewer usable rows would describe individuals, not a caseload


class CaseloadError(UserError):
    """A caseload file that is refused as a whole; the message names line and column, not values."""


@dataclass
class Caseload:
    """The people of a caseload file, in file order (rows refused left out).

    Attributes:
        months: Months since the permit at the file date.
        male: Sex.
        age_band: Index into ``AGE_BANDS`` (-1 when the birth year is given).
        age_years: Age in whole years at the file date from the birth year (-1 with an age band).
        origin: Index into ``sim.population.ORIGINS``.
        hh_type: Household type (``sim.households``).
        partner: Index of the partner's row in these arrays (-1: no partner row).
        dutch: Whole CEFR level reached (0 = below A1 .. 4 = B2 or higher).
        exam: EXAM_NONE, EXAM_PASSED or EXAM_EXEMPT.
        state: The person's state (``sim.states``).
        bijstand: On bijstand at the file date.
        digest: SHA-256 of the file's bytes (and the year given, with ``birth_year``): with the
            scenario and the seed it decides a run.
    """

    months: np.ndarray
    male: np.ndarray
    age_band: np.ndarray
    age_years: np.ndarray
    origin: np.ndarray
    hh_type: np.ndarray
    partner: np.ndarray
    dutch: np.ndarray
    exam: np.ndarray
    state: np.ndarray
    bijstand: np.ndarray
    digest: str

    def __len__(self) -> int:
        return len(self.months)


@dataclass
class Report:
    """What reading a file found: rows read and used, refusals by column and reason, with lines.

    ``refused`` maps (column, reason) to the file's line numbers of the rows refused for it;
    ``links`` maps a reason to the lines whose partner link was not used (the rows are used).
    """

    rows_read: int = 0
    rows_used: int = 0
    refused: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    links: dict[str, list[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def refuse(self, column: str, reason: str, line: int) -> None:
        """Record a refused row (its first reason only is counted by the caller)."""
        self.refused.setdefault((column, reason), []).append(line)

    def lines(self) -> list[str]:
        """The report as lines of text (English; the app translates the fixed phrases)."""
        out = [f"rows read: {self.rows_read}, rows used: {self.rows_used}, refused: {self.rows_read - self.rows_used}"]
        for (column, reason), lines in sorted(self.refused.items()):
            out.append(f"refused {len(lines)} row(s), column {column}: {reason} (lines {_some(lines)})")
        for reason, lines in sorted(self.links.items()):
            out.append(f"partner link not used for {len(lines)} row(s): {reason} (lines {_some(lines)})")
        out += self.notes
        return out


def _some(lines: list[int], k: int = 10) -> str:
    shown = ", ".join(str(x) for x in lines[:k])
    return shown + (f" and {len(lines) - k} more" if len(lines) > k else "")


def read_caseload(data: bytes, as_of_year: int | None = None) -> tuple[Caseload, Report]:
    """Read a caseload file's bytes into people and a validation report.

    Args:
        data: The file's content (UTF-8 CSV, comma, semicolon or tab separated; lines that
            start with ``#`` are comments).
        as_of_year: The year of the file's date; needed (and only used) with ``birth_year``.

    Returns:
        The people of the rows used, and the report.

    Raises:
        CaseloadError: The file is refused as a whole (identifying data, format, size).
    """
    rows, header, first_line = _parse(data)
    _check_header(header, first_line, as_of_year)
    report = Report(rows_read=len(rows))
    values = _read_rows(rows, header, first_line, report, as_of_year)
    if len(values) < MIN_ROWS:
        raise CaseloadError(
            f"caseload file: {len(values)} usable rows, at least {MIN_ROWS} are needed "
            f"(fewer would describe individuals); {'; '.join(report.lines()[1:]) or 'no row was refused'}"
        )
    partner = _links(values, report)
    report.rows_used = len(values)
    year = as_of_year if "birth_year" in values[0] else None  # the year counts only where it is used
    digest = hashlib.sha256(data + (f"|as_of_year={year}".encode() if year is not None else b"")).hexdigest()
    return _arrays(values, partner, digest, as_of_year), report


def _parse(data: bytes) -> tuple[list[tuple[int, list[str]]], list[str], int]:
    """(line number, cells) of every data row, the header's cells and its line number."""
    if len(data) > fmt.MAX_BYTES:
        raise CaseloadError(
            f"caseload file: {len(data):,} bytes, at most {fmt.MAX_BYTES:,} (about {fmt.MAX_ROWS:,} rows)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseloadError(f"caseload file: not UTF-8 text (byte {exc.start}); save it as CSV UTF-8") from None
    lines = re.split(r"\r\n|\n|\r", text)  # not str.splitlines: it also splits at \x1e, \u2028 ...
    nul = next((i + 1 for i, ln in enumerate(lines) if "\x00" in ln), 0)
    if nul:
        raise CaseloadError(f"caseload file line {nul}: holds a NUL byte, not CSV text; save the file as CSV UTF-8")
    numbered = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")]
    if not numbered:
        raise CaseloadError("caseload file: no header line; start from the template")
    if len(numbered) - 1 > fmt.MAX_ROWS:
        raise CaseloadError(f"caseload file: {len(numbered) - 1:,} rows, at most {fmt.MAX_ROWS:,}")
    head = numbered[0][1]
    delimiter = max((";", ",", "\t"), key=head.count)
    parsed = []
    for n, ln in numbered:
        try:
            parsed.append((n, next(csv.reader([ln], delimiter=delimiter, strict=True))))
        except csv.Error:
            raise CaseloadError(f"caseload file line {n}: not valid CSV (an unbalanced quote?)") from None
    cells = [(n, [c.strip() for c in row]) for n, row in parsed]
    return cells[1:], cells[0][1], cells[0][0]


def _check_header(header: list[str], line: int, as_of_year: int | None) -> None:
    """Refuse identifying, unknown, repeated and missing columns (named, never a value)."""
    names = [h.lower().replace(" ", "_") for h in header]
    for k, (raw, name) in enumerate(zip(header, names, strict=True), start=1):
        what = None if name in fmt.COLUMNS else (identifying_name(raw) or identifying_value(raw))
        if what is not None:
            raise CaseloadError(
                f"caseload file line {line}: column {shown_name(raw, k)} may identify a person ({what}); "
                "remove it: the file must be anonymised"
            )
    if any(n not in fmt.COLUMNS and _is_value(raw) for raw, n in zip(header, names, strict=True)):
        raise CaseloadError(
            f"caseload file line {line}: the first line holds values, not the column names; "
            "start from the template's header line"
        )
    unknown = [
        shown_name(raw, k) for k, (raw, n) in enumerate(zip(header, names, strict=True), 1) if n not in fmt.COLUMNS
    ]
    if unknown:
        raise CaseloadError(
            f"caseload file line {line}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(fmt.COLUMNS)}"
        )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise CaseloadError(f"caseload file line {line}: column(s) {', '.join(repeated)} appear more than once")
    missing = [c.name for c in fmt.COLUMNS.values() if c.required and c.name not in names]
    ages = [c for c in fmt.AGE_COLUMNS if c in names]
    if missing or len(ages) != 1:
        need = missing + ([] if len(ages) == 1 else ["exactly one of age_band, birth_year"])
        raise CaseloadError(f"caseload file line {line}: missing column(s): {', '.join(need)}")
    if ages == ["birth_year"] and as_of_year is None:
        raise CaseloadError("caseload file: birth_year needs the year of the file's date (--as-of-year YEAR)")


def _is_value(cell: str) -> bool:
    """Whether a header cell is a value some column allows (a file without its header line)."""
    for column in fmt.COLUMNS.values():
        try:
            column.parse(cell.strip())
        except fmt.BadValue:
            continue
        return True
    return False


def _read_rows(
    rows: list[tuple[int, list[str]]], header: list[str], first_line: int, report: Report, as_of_year: int | None
) -> list[dict[str, object]]:
    """The values of every row that is allowed, in file order; the others are refused in the report."""
    names = [h.lower().replace(" ", "_") for h in header]
    _scan(rows, header)
    out: list[dict[str, object]] = []
    seen: set[object] = set()
    for line, cells in rows:
        if len(cells) != len(names):
            report.refuse("-", f"{len(cells)} fields where the header has {len(names)}", line)
            continue
        row, bad = _row_values(dict(zip(names, cells, strict=True)), as_of_year)
        if bad is None and row["local_id"] in seen:
            bad = ("local_id", "the same local_id as an earlier row")
        if bad is not None:
            report.refuse(*bad, line)
            continue
        seen.add(row["local_id"])
        row["line"] = line
        out.append(row)
    return out


def _scan(rows: list[tuple[int, list[str]]], header: list[str]) -> None:
    """Refuse the file at the first cell that could identify a person (line and column named)."""
    for line, cells in rows:
        for k, cell in enumerate(cells):
            what = identifying_value(cell)
            if what is not None:
                column = shown_name(header[k], k + 1) if k < len(header) else f"number {k + 1}"
                raise CaseloadError(
                    f"caseload file line {line}, column {column}: a value that may identify a person ({what}); "
                    "the file must be anonymised, remove it and read the file again"
                )


def _row_values(cells: dict[str, str], as_of_year: int | None) -> tuple[dict[str, object], tuple[str, str] | None]:
    """A row's values, or the first (column, reason) that refuses it."""
    row: dict[str, object] = {}
    for name, cell in cells.items():
        column = fmt.COLUMNS[name]
        if cell == "" and not column.required and name != "birth_year" and name != "age_band":
            row[name] = -1 if name == "partner_id" else 0
            continue
        try:
            row[name] = column.parse(cell)
        except fmt.BadValue as exc:
            return row, (name, "empty; " + str(exc) if cell == "" else str(exc))
    if "birth_year" in row:
        age = int(as_of_year or 0) - int(row["birth_year"])  # type: ignore[call-overload]
        if not fmt.MIN_AGE <= age <= fmt.MAX_AGE:
            return row, ("birth_year", f"an age of {fmt.MIN_AGE} .. {fmt.MAX_AGE} in {as_of_year}")
        row["age_years"] = age
    return row, None


LINK_REASONS = {
    "missing": "the partner_id names no row that is used",
    "self": "a row cannot be its own partner",
    "one_sided": "the partner's row does not name this row back",
    "alone": "household single or single_parent cannot have a partner row",
    "types": "the two rows give different household types",
}


def _links(values: list[dict[str, object]], report: Report) -> np.ndarray:
    """Index of each row's partner row (-1 none); links that do not hold are dropped and reported."""
    index = {v["local_id"]: i for i, v in enumerate(values)}
    partner = np.full(len(values), -1, dtype=np.int64)
    for i, v in enumerate(values):
        pid = v.get("partner_id", -1)
        if pid == -1:
            continue
        j = index.get(pid, -1)
        reason = _link_reason(values, i, j)
        if reason is None:
            partner[i] = j
        else:
            report.links.setdefault(LINK_REASONS[reason], []).append(int(v["line"]))  # type: ignore[call-overload]
    partner[(partner >= 0) & (partner[np.maximum(partner, 0)] != np.arange(len(values)))] = -1
    return partner


def _link_reason(values: list[dict[str, object]], i: int, j: int) -> str | None:
    if j < 0:
        return "missing"
    if j == i:
        return "self"
    if values[j].get("partner_id", -1) != values[i]["local_id"]:
        return "one_sided"
    if fmt.HOUSEHOLD_TYPES[cast(int, values[i]["household"])] in ("single", "single_parent"):
        return "alone"
    if values[j]["household"] != values[i]["household"]:
        return "types"
    return None


def _arrays(values: list[dict[str, object]], partner: np.ndarray, digest: str, as_of_year: int | None) -> Caseload:
    def col(name: str, dtype: type, default: object = -1) -> np.ndarray:
        return np.array([v.get(name, default) for v in values], dtype=dtype)

    return Caseload(
        months=col("months_since_permit", np.int32),
        male=col("sex", np.bool_),
        age_band=col("age_band", np.int8),
        age_years=col("age_years", np.int16),
        origin=col("origin", np.int8),
        hh_type=col("household", np.int8),
        partner=partner.astype(np.int32),
        dutch=col("dutch_level", np.int8),
        exam=col("exam", np.int8, 0),
        state=col("state", np.int8),
        bijstand=col("bijstand", np.bool_),
        digest=digest,
    )
