"""Writing result tables to Parquet or CSV with provenance attached.

Parquet files carry the provenance as JSON in the schema metadata (key ``werkpad``); CSV
files get a sidecar ``<file>.provenance.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.errors import UserError
from sim.outputs import check_file

FORMATS = (".parquet", ".csv")
SIDECAR = ".provenance.json"


def check_output_path(path: str | Path, option: str = "--out") -> Path:
    """Validate an output file before any work is done (type, folder, that it can be written).

    Args:
        path: The .parquet or .csv file.
        option: The option that named it, for messages.

    Raises:
        UserError: Unsupported extension, or the file cannot be written (see :mod:`sim.outputs`).
    """
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise UserError(f"{option} {path}: unsupported file type '{out.suffix}'; use .parquet or .csv")
    return check_file(out, option, (SIDECAR,) if out.suffix.lower() == ".csv" else ())


def write_table(df: pd.DataFrame, path: str | Path, provenance: dict[str, Any]) -> Path:
    """Write a table with its provenance; the format follows the extension.

    Raises:
        UserError: The extension is neither .parquet nor .csv.
        OSError: The file cannot be written (e.g. a full disk), with the file's name (pandas
            and Arrow raise some without one).
    """
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise UserError(f"{path}: unsupported file type '{out.suffix}'; use .parquet or .csv")
    try:
        return _write(df, out, provenance)
    except OSError as exc:
        if exc.filename:
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(out)) from None


def _write(df: pd.DataFrame, out: Path, provenance: dict[str, Any]) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".parquet":
        table = pa.Table.from_pandas(df, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[b"werkpad"] = json.dumps(provenance).encode()
        pq.write_table(table.replace_schema_metadata(meta), out)
    else:
        df.to_csv(out, index=False)
        out.with_name(out.name + SIDECAR).write_text(json.dumps(provenance, indent=2))
    return out


def read_provenance(path: str | Path) -> dict[str, Any]:
    """Provenance of a Parquet file written by :func:`write_table`."""
    meta = pq.read_schema(path).metadata or {}
    return dict(json.loads(meta.get(b"werkpad", b"{}")))
