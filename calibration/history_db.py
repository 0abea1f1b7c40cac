"""The pyABC history database of ``sim calibrate --db``: checked before pyABC opens it.

pyABC creates its tables in whatever SQLite file it is given, so a wrong ``--db`` would be
changed: a file that is not SQLite, or the database of another program. :func:`check_db`
reads the file (read-only) and refuses both, naming the tables it found; a missing or empty
file is a new calibration.

Resuming (:func:`check_resume`) continues only the same calibration: the settings that decide
what the generations mean (particles, seed, scenario and the hash of its parameter files,
cohort size, targets, the parameters fitted: all, or those of ``--quick``) are stored with the
run and compared with this command's; a difference is refused, naming the setting, instead of
mixing two calibrations in one history and rewriting the posterior's provenance.
"""

from __future__ import annotations

import ast
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from sim.errors import UserError
from sim.outputs import check_file

SQLITE_HEADER = b"SQLite format 3\x00"
PYABC_TABLES = {"abc_smc", "populations", "models", "particles"}
# setting stored with the run -> the option that sets it (the scenario's hash last: a cohort
# size changes it too, and the option is the better name)
RESUME_SETTINGS = {
    "particles": "--particles",
    "seed": "--seed",
    "scenario": "--scenario",
    "inflow_per_year": "--cohort",
    "targets_sha256": "--targets",
    "fitted": "--quick",
    "scenario_hash": "the parameter files (baseline.toml and the scenario's own)",
}


def check_db(path: Path) -> None:
    """Refuse a ``--db`` that is a folder, not SQLite, or another program's database.

    Raises:
        UserError: Naming the option, the file and what was found.
    """
    if path.is_dir():
        raise UserError(f"--db {path}: is a folder; give a database file (e.g. out/calibration/era_2014.db)")
    if not path.exists():
        check_file(path, "--db")
        return
    if path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER:
        raise UserError(f"--db {path}: not an SQLite database; give a new file name or a pyABC history database")
    tables = _tables(path)
    if tables and not tables >= PYABC_TABLES:
        shown = ", ".join(sorted(tables)[:5])
        raise UserError(
            f"--db {path}: an SQLite database of another program (tables {shown}); it is left untouched: "
            "give a new file name"
        )


def _tables(path: Path) -> set[str]:
    try:
        con = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"--db {path}: damaged SQLite database ({exc}); give a new file name") from None
    return {str(r[0]) for r in rows}


def targets_digest(observed: dict[str, float]) -> str:
    """SHA-256 (16 hex digits) of the observed targets, stored with a run to check a resume.

    Values are rounded to 10 significant digits first, so a figure read from a targets file
    (``0.014``) and the same figure computed (``1.4 / 100``) give the same digest.
    """
    rounded = {k: float(f"{float(v):.10g}") for k, v in observed.items()}
    return hashlib.sha256(json.dumps(rounded, sort_keys=True).encode()).hexdigest()[:16]


def stored_settings(history: Any) -> dict[str, Any]:
    """The settings stored with the latest run of a pyABC history (``meta_info`` of ``abc.new``)."""
    raw = history.get_abc().json_parameters or "{}"
    try:
        got = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return {}
    return got if isinstance(got, dict) else {}


def check_resume(db: Path, stored: dict[str, Any], now: dict[str, Any], observed_in_db: dict[str, float]) -> None:
    """Refuse to continue a calibration with other settings than it was started with.

    Args:
        db: The database (for the message).
        stored: Settings stored with the run (:func:`stored_settings`).
        now: This command's settings, same keys as :data:`RESUME_SETTINGS`.
        observed_in_db: The observed statistics pyABC stored (their digest is compared when
            there are any).

    Raises:
        UserError: Naming the first setting that differs, both values and what to do.
    """
    if observed_in_db:  # the figures pyABC stored decide (also for runs from before the rounding)
        stored = {**stored, "targets_sha256": targets_digest(observed_in_db)}
    for key, option in RESUME_SETTINGS.items():
        if key in stored and stored[key] != now[key]:
            raise UserError(
                f"--db {db} holds a calibration with {key} = {stored[key]!r}; this command has {option} giving "
                f"{now[key]!r}: resume with the same setting, or use a new --db"
            )
