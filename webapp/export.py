"""Downloads (CSV, Parquet with provenance, scenario TOML, chart PNG/SVG) and checked uploads.

Uploads are read as text only: at most :data:`MAX_UPLOAD_BYTES`, UTF-8, parsed as TOML and
validated by :func:`sim.scenarios.from_toml_text` before anything changes. Nothing from an
upload is used as a path, unpickled or executed.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.errors import ScenarioError
from sim.outcomes import GROUPS, METRICS
from sim.scenarios import Scenario, from_toml_text
from webapp.slotruns import SlotRuns

MAX_UPLOAD_BYTES = 100_000


def csv_bytes(df: pd.DataFrame, lang: str = "en") -> bytes:
    """A table as UTF-8 CSV; Dutch: semicolons and decimal commas (as Dutch Excel reads it)."""
    if lang == "nl":
        return df.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    return df.to_csv(index=False).encode("utf-8")


def parquet_bytes(df: pd.DataFrame, provenance: dict[str, Any]) -> bytes:
    """A table as Parquet with the provenance as JSON in the schema metadata (key ``werkpad``)."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"werkpad"] = json.dumps(provenance, default=str).encode()
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buf)
    return buf.getvalue()


def series_long(runs: dict[str, SlotRuns]) -> pd.DataFrame:
    """Every share curve and money series as mean and 10/50/90% over replications (long table)."""
    parts = []
    names = list(METRICS)
    for scen, r in runs.items():
        q = np.nanpercentile(r.shares, [10, 50, 90], axis=0)
        mean = np.nanmean(r.shares, axis=0)
        t, g, m = np.meshgrid(*(np.arange(n) for n in mean.shape), indexing="ij")
        parts.append(
            pd.DataFrame(
                {
                    "scenario": scen,
                    "axis": "since_permit",
                    "month": t.ravel(),
                    "metric": np.array(names)[m.ravel()],
                    "sex": np.array([x[0] for x in GROUPS])[g.ravel()],
                    "origin": np.array([x[1] for x in GROUPS])[g.ravel()],
                    "mean": mean.ravel(),
                    "p10": q[0].ravel(),
                    "p50": q[1].ravel(),
                    "p90": q[2].ravel(),
                }
            ).dropna(subset=["mean"])
        )
        parts.append(_money_long(scen, r))
    return pd.concat(parts, ignore_index=True)


def _money_long(scen: str, r: SlotRuns) -> pd.DataFrame:
    rows = []
    for key, arr in r.money.items():
        q = np.percentile(arr, [10, 50, 90], axis=0)
        rows.append(
            pd.DataFrame(
                {"scenario": scen, "axis": "calendar", "month": np.arange(arr.shape[1]), "metric": f"{key}_eur"}
                | {"sex": "all", "origin": "all", "mean": arr.mean(axis=0), "p10": q[0], "p50": q[1], "p90": q[2]}
            )
        )
    return pd.concat(rows, ignore_index=True)


def chart_bytes(chart: alt.TopLevelMixin, fmt: str) -> bytes:
    """A chart as PNG or SVG (rendered by vl-convert)."""
    if fmt == "png":
        png = io.BytesIO()
        chart.save(png, format="png", scale_factor=2)
        return png.getvalue()
    svg = io.StringIO()
    chart.save(svg, format="svg")
    return svg.getvalue().encode("utf-8")


def safe_name(text: str, fallback: str = "scenario") -> str:
    """A short name made only of letters, digits, dash and underscore (for names and download files)."""
    stem = re.sub(r"\.toml$", "", text.strip(), flags=re.IGNORECASE)
    clean = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:40]
    return clean or fallback


def read_upload(data: bytes, filename: str) -> Scenario:
    """Validate an uploaded scenario file (bytes only; the file name is used as a label).

    Raises:
        ScenarioError: Too large, not UTF-8, not TOML, or invalid parameters (message names the key).
    """
    name = safe_name(filename)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ScenarioError(f"{name}: larger than {MAX_UPLOAD_BYTES // 1000} kB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{name}: not UTF-8 text") from None
    return from_toml_text(text, name, f"upload {name}")


def reproduce_snippet(state_query: dict[str, str], scenarios: list[Scenario], seed: int, reps: int) -> str:
    """Python that reproduces the comparison with the simulation core."""
    lines = [
        "from sim.compare import compare",
        "from sim.scenarios import from_toml_text",
        "",
        "texts = {",
    ]
    lines += [f"    {s.name!r}: {s.to_toml()!r}," for s in scenarios]
    lines += [
        "}",
        "scen = [from_toml_text(t, n, n) for n, t in texts.items()]",
        f"table = compare(scen[0], scen[1:], reps={reps}, seed={seed}).table()",
    ]
    return "\n".join(lines)
