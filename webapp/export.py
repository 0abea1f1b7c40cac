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
from webapp import smallgroups
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
    """Every share curve and money series as mean and 10/50/90% over replications (long table).

    The curves of groups too small at a month are left out there (:mod:`webapp.smallgroups`).
    """
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
    return smallgroups.drop_small_rows(pd.concat(parts, ignore_index=True), runs)


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

    The text is read by :func:`sim.scenarios.from_toml_text` as the command line reads files
    (:mod:`sim.tomlfile`: a byte-order mark as Windows Notepad writes is fine; a nesting bomb or
    a duplicate key gives one line).

    Raises:
        ScenarioError: Too large, not UTF-8, not TOML, nested too deeply, or invalid parameters
            (the message names the key; its code and fields let :mod:`webapp.scenario_text` say it in Dutch).
    """
    name = safe_name(filename)
    where = f"{name}.toml"  # the file as the user knows it (its name made safe), in every message
    if len(data) > MAX_UPLOAD_BYTES:
        kb = MAX_UPLOAD_BYTES // 1000
        raise ScenarioError(f"{where}: larger than {kb} kB", "upload_too_big", {"where": where, "kb": kb})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{where}: not UTF-8 text", "upload_not_utf8", {"where": where}) from None
    if not text.lstrip("\ufeff").strip():  # a failed save, not a scenario: it would load as a copy of the baseline
        empty = f"{where}: the file is empty; a scenario file has a [meta] or [set] table"
        raise ScenarioError(empty, "upload_empty", {"where": where})
    return from_toml_text(text, name, where)  # sim.tomlfile: BOM, nesting bombs, duplicate keys


def reproduce_snippet(
    scenarios: list[Scenario], seed: int, reps: int, point_estimate: bool, lang: str, posterior: str = ""
) -> str:
    """Python that reproduces the page's comparison and prints its KPI table (the same numbers).

    The snippet runs the same scenarios, seed and replications with the same uncertain-parameter
    sets as the page (the calibration's draws, or its mean; what a scenario sets wins over a draw
    in the scenario layer, as on the page) and formats the table as the page does. Run it from the
    project folder.

    Args:
        scenarios: The page's scenarios, baseline first.
        seed: Base seed.
        reps: Replications.
        point_estimate: The page uses the posterior mean instead of one draw per replication.
        lang: Language of the table.
        posterior: The posterior CSV below the project folder when it is not the shipped one.
    """
    where = f", path=Path({posterior!r})" if posterior else ""
    lines = [
        "# Werkpad: the comparison on this page, run with the simulation core (from the project folder).",
        *(["from pathlib import Path"] if posterior else []),
        "from sim.posterior import draw_thetas",
        "from sim.compare import compare",
        "from sim.scenarios import from_toml_text",
        "from webapp.tables import kpi_display",
        "",
        "texts = {",
        *(f"    {s.name!r}: {s.to_toml()!r}," for s in scenarios),
        "}",
        "scenarios = [from_toml_text(text, name, name) for name, text in texts.items()]",
        "# One set of uncertain parameters per replication from the calibration (None without one);",
        "# what a scenario sets itself wins over the draw.",
        f"thetas = draw_thetas({reps}, {seed}, point_estimate={point_estimate}{where})",
    ]
    lines += [
        f"comparison = compare(scenarios[0], scenarios[1:], reps={reps}, seed={seed}, thetas=thetas)",
        f"table = kpi_display(comparison.table(), {lang!r})  # the page's KPI table",
        "print(table.to_string(index=False))",
    ]
    return "\n".join(lines) + "\n"
