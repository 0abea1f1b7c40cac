"""The calibration's result files, read where the ``calibration`` package is installed.

``sim calibrate`` and ``sim sensitivity`` write their results beside ``calibration/__init__.py``
and rewrite them, with the same names and columns, whenever the model is recalibrated. This
module finds them relative to the imported package (so a non-editable install finds them too:
``pyproject.toml`` ships them as package data), reads each file once per version (path,
modification time and size are the cache key, so a rewritten file is read again) and checks
its columns. A missing, unreadable or malformed file gives ``None``; the page then says so::

    calibration/fit_table.csv            -> table(FIT_TABLE)   one row per target
    calibration/posterior.csv            -> table(POSTERIOR)   weighted parameter sets
    calibration/posterior.json           -> provenance()       how the posterior was made
    calibration/era_2020_prediction.csv  -> table(ERA_2020)
    calibration/sensitivity_*.csv        -> table(RANKING), table(MORRIS)
    calibration/*.png, *.html            -> file_bytes(name)

Every function takes the folder to read (``folder``): ``calibration/`` by default, or a
posterior folder ``sim calibrate --out`` wrote, chosen in the app (:mod:`webapp.posteriors`).
The sensitivity files are read from ``calibration/`` only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import calibration

CALIB_DIR: Path = Path(calibration.__file__).resolve().parent

PINNED = "pinned_down.csv"
FIT_TABLE = "fit_table.csv"
POSTERIOR = "posterior.csv"
PROVENANCE = "posterior.json"
ERA_2020 = "era_2020_prediction.csv"
RANKING = "sensitivity_ranking.csv"
MORRIS = "sensitivity_morris.csv"
FIT_PNG = "fit_report.png"
MARGINALS_PNG = "posterior_marginals.png"
REPORT_HTML = "fit_report.html"

COLUMNS: dict[str, tuple[str, ...]] = {
    FIT_TABLE: (
        "target",
        "block",
        "row_id",
        "month",
        "observed_pct",
        "simulated_pct",
        "band_lo_pct",
        "band_hi_pct",
        "error_pp",
        "tolerance_pp",
        "weight",
        "within_tolerance",
        "note",
    ),
    POSTERIOR: ("weight",),
    PINNED: ("parameter", "prior_lo", "prior_hi", "posterior_lo", "posterior_hi", "width_ratio"),
    ERA_2020: ("metric", "month", "median_pct", "band_lo_pct", "band_hi_pct"),
    RANKING: ("factor", "kind", "mean_normalised", "rank"),
    MORRIS: ("factor", "kind", "kpi", "index", "sigma"),
}
Version = tuple[int, int]


def path_of(name: str, folder: Path | None = None) -> Path:
    """Where a calibration file lives (``CALIB_DIR`` read at call time, so tests can point elsewhere)."""
    return (folder or CALIB_DIR) / name


def _stat(path: Path) -> Version | None:
    """Modification time and size of a file, or None when it is not a readable file."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size) if path.is_file() else None


@st.cache_data(max_entries=32, show_spinner=False)
def _read_csv(path: str, version: Version, required: tuple[str, ...]) -> pd.DataFrame | None:
    """A CSV file with the required columns, or None (``version`` is only part of the cache key)."""
    try:
        df = pd.read_csv(path)
    except (OSError, ValueError):  # pandas' parser and empty-file errors are ValueErrors
        return None
    return df if set(required) <= set(df.columns) and len(df) > 0 else None


def table(name: str, folder: Path | None = None) -> pd.DataFrame | None:
    """One of the calibration's CSV files (a copy), or None when missing or malformed.

    Args:
        name: File name in ``calibration/``, e.g. :data:`FIT_TABLE`.
        folder: Another posterior folder to read from.
    """
    path = path_of(name, folder)
    ver = _stat(path)
    if ver is None:
        return None
    df = _read_csv(str(path), ver, COLUMNS.get(name, ()))
    return None if df is None else df.copy()


@st.cache_data(max_entries=8, show_spinner=False)
def _read_json(path: str, version: Version) -> dict[str, Any] | None:
    try:
        got = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return got if isinstance(got, dict) else None


def provenance(folder: Path | None = None) -> dict[str, Any] | None:
    """The posterior's provenance record (``posterior.json``), or None when missing or malformed."""
    path = path_of(PROVENANCE, folder)
    ver = _stat(path)
    return None if ver is None else _read_json(str(path), ver)


def file_bytes(name: str, folder: Path | None = None) -> bytes | None:
    """The bytes of a figure or report file, or None when it is missing."""
    path = path_of(name, folder)
    if _stat(path) is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def version(name: str, folder: Path | None = None) -> Version | None:
    """Modification time and size of a calibration file (part of cache keys of what is drawn from it)."""
    return _stat(path_of(name, folder))


def required_columns(name: str) -> str:
    """The columns a file must have, for the page's message about a missing file."""
    return ", ".join(COLUMNS.get(name, ())) or "–"
