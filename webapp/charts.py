"""Altair charts: shares with 10-90% bands, paired differences, money, and their data frames.

The ``*_frame`` functions turn cached runs into small tidy frames (percent or euros, means and
10th/90th percentiles over replications); the ``*_chart`` functions draw them. Scenario
colours follow the slot order (the baseline is dark grey) in every chart.

The page does not build Altair charts per rerun: each ``*_shape`` function draws its chart on
named datasets, built once per shape (language, options, scenario names, panels), and
:func:`data_chart` puts each rerun's frames in as Arrow datasets (the same spec and rows as the
``*_chart`` functions give; the council report still uses those).
"""

from __future__ import annotations

import hashlib
import html
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from sim.budget import MONEY_SERIES
from sim.outcomes import GROUPS, METRICS
from webapp.i18n import METRIC_NAMES, MONEY_NAMES, name_of, tr
from webapp.slotruns import SlotRuns

PALETTE = ("#444444", "#1f77b4", "#d62728", "#2ca02c")
PEOPLE_METRICS = ("employed", "welfare", "b1")
BAND = (10.0, 90.0)
WIDTH = 250
TAIL_MONTHS = 24  # months since permit only the first cohorts reach: too few people to show
AnyChart = alt.Chart | alt.LayerChart | alt.FacetChart
Data = pd.DataFrame | alt.Data  # a chart's rows, or the name of a dataset given with the spec
Frames = dict[str, pd.DataFrame]  # a chart's datasets by role ("main", ...)


# Dutch number format in every chart (decimal comma, thousands dot) through Vega's locale.
NL_LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}}


def dutch(chart: Any, lang: str) -> Any:
    """A top-level chart with Dutch number formats when the page is Dutch (unchanged in English)."""
    return chart.configure(locale=NL_LOCALE) if lang == "nl" else chart


# An axis label in Dutch without a Vega locale: Vega's own label (``datum.label``, "1,234.5") with
# the separators swapped ("1.234,5"). The selectable optimiser chart cannot take a locale (its
# point clicks stopped reaching the page), so it formats its axes this way.
DUTCH_LABEL = (
    "replace(replace(replace(datum.label, regexp(',', 'g'), '_'), regexp('[.]', 'g'), ','), regexp('_', 'g'), '.')"
)


def axis(lang: str, **kwargs: Any) -> alt.Axis:
    """An axis whose labels are written the page's way (decimal comma in Dutch) without a chart locale."""
    return alt.Axis(labelExpr=DUTCH_LABEL, **kwargs) if lang == "nl" else alt.Axis(**kwargs)


def localised(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    """A chart's Vega-Lite dict with Dutch number formats when the page is Dutch (a copy; the cache stays clean)."""
    if lang != "nl":
        return spec
    return {**spec, "config": {**spec.get("config", {}), "locale": NL_LOCALE}}


def panels(spec: dict[str, Any], legend_first: bool = False) -> list[dict[str, Any]]:
    """A faceted chart's Vega-Lite dict as one chart per panel, each as wide as its container.

    A facet has a fixed width per panel, so three panels of 250 px were cut off on a 1024 px
    screen; the page shows these panels in columns instead (``width="stretch"``). Each panel
    filters the shared data on its facet value and keeps the inner layers (and their own data,
    such as the rule where the national money stops) and its height. The legend is left out
    (the page draws one above the panels: :func:`legend_html`), or with ``legend_first`` kept
    under the first panel only, one entry a line.
    """
    field = spec["facet"]["field"]
    bottom = {"orient": "bottom", "columns": 1}
    shared = {k: spec[k] for k in ("$schema", "datasets", "data", "config") if k in spec}
    out = []
    for i, value in enumerate(spec["facet"].get("sort") or []):
        inner = _set_legend(spec["spec"], bottom if legend_first and i == 0 else None)
        inner.pop("width", None)
        title = {"text": value, "limit": 0, "anchor": "start"}
        panel = {**shared, **inner, "title": title, "width": "container", "autosize": {"type": "fit-x"}}
        panel["transform"] = [{"filter": {"field": field, "equal": value}}, *inner.get("transform", [])]
        out.append(panel)
    return out


def _set_legend(node: Any, legend: dict[str, Any] | None) -> Any:
    """A copy of a Vega-Lite (sub)spec with every colour legend replaced (None: switched off)."""
    if isinstance(node, list):
        return [_set_legend(n, legend) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _set_legend(v, legend) for k, v in node.items()}
    if isinstance(out.get("color"), dict) and "field" in out["color"]:
        out["color"] = {**out["color"], "legend": legend}
    return out


def legend_html(order: list[str]) -> str:
    """One line with each scenario's colour and name (names are cleaned: no markup in them)."""
    items = [
        f'<span style="color:{c};font-weight:700">━━</span>&nbsp;{html.escape(name)}'
        for name, c in zip(order, PALETTE, strict=False)
    ]
    return '<div style="font-size:0.9rem">' + " &nbsp;&nbsp; ".join(items) + "</div>"


_SPECS: OrderedDict[Hashable, Any] = OrderedDict()
_SPECS_LOCK = threading.Lock()
SPEC_ENTRIES = 512


def cached_spec(key: Hashable, make: Callable[[], AnyChart]) -> dict[str, Any]:
    """The Vega-Lite dict of a chart, built once per key (shared by all sessions, LRU-bounded).

    Building an Altair chart and validating it costs more than the rest of a page redraw, and
    most redraws (another tab, a toggle, another session with the same settings) show charts
    of unchanged runs. ``key`` must identify the data: scenario names and hashes, seed,
    replications, uncertainty draws, language and the chart's options.
    """
    return cached_value(("chart", key), lambda: make().to_dict(validate=False))


def cached_value(key: Hashable, make: Callable[[], Any]) -> Any:
    """``make()`` once per key in the shared LRU cache (:data:`SPEC_ENTRIES` entries); the same object after."""
    with _SPECS_LOCK:
        if key in _SPECS:
            _SPECS.move_to_end(key)
            return _SPECS[key]
    value = make()
    with _SPECS_LOCK:
        _SPECS[key] = value
        while len(_SPECS) > SPEC_ENTRIES:
            _SPECS.popitem(last=False)
    return value


def data_chart(
    shape: Hashable,
    key: Hashable,
    frames: Callable[[], Frames],
    template: Callable[[Frames], AnyChart],
    as_altair: bool = False,
) -> dict[str, Any]:
    """A chart's Vega-Lite dict whose spec is built once per shape and whose numbers come as data.

    Building Altair objects costs far more than computing the numbers, and a new scenario
    changes only the numbers. ``template(frames)`` must build the chart on named datasets
    (``alt.Data(name=role)`` for every role of ``frames``), taking from the frames only what
    ``shape`` and :func:`frame_shape` identify (scenario names, panel titles, which datasets
    there are); its spec is cached by those. Each role's frame is then sent as Arrow bytes
    under a name hashed from its content (as Altair names its datasets), so the spec still
    changes with the data. The result is cached by ``key``, which must identify the data
    (see :func:`cached_spec`), and is the same dict as the chart built on the frames directly
    (``tests/app/test_chart_data.py``), its datasets as Arrow instead of rows.

    Args:
        shape: What the spec depends on besides the frames: chart, language, options, scenario names.
        key: What identifies the data: chart, language, options and the runs.
        frames: The chart's data by role (made only when ``key`` is not cached).
        template: The chart on named datasets.
        as_altair: The dict ``st.altair_chart`` made of the chart on the frames (for the charts the
            page drew that way): spec without Altair's default theme, each frame as Streamlit
            converts a chart's frame (:func:`altair_arrow_bytes`), named as Streamlit names it.
            Else the dict of ``chart.to_dict()`` with rows as they came through JSON (:func:`arrow_bytes`).
    """

    def finish() -> dict[str, Any]:
        got = frames()
        make = (lambda: altair_spec(template(got))) if as_altair else (lambda: template(got).to_dict(validate=False))
        spec = cached_value(("shape", as_altair, shape, frame_shape(got)), make)
        return with_data(spec, got, as_altair)

    return cached_value(("data", as_altair, key), finish)


def altair_spec(chart: AnyChart) -> dict[str, Any]:
    """The dict ``st.altair_chart`` makes of a chart on named datasets (Streamlit's own conversion).

    Its ``datasets`` hold only what the chart carries itself (Altair's ``empty`` row of a layer
    without data); the named ones come with each rerun's frames (:func:`with_data`).
    """
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    return dict(_convert_altair_to_vega_lite_spec(chart))


def frame_shape(frames: Frames) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What a template takes from the frames: the roles and each one's panels (``what``) in order."""
    return tuple((role, tuple(facet_values(df)) if "what" in df else ()) for role, df in frames.items())


def facet_values(df: pd.DataFrame) -> list[str]:
    """The panels of a faceted chart in order of first appearance (``what``)."""
    return [str(v) for v in pd.unique(df["what"])]


def named(frames: Frames) -> dict[str, alt.Data]:
    """Each role as a named dataset (the datasets of a template)."""
    return {role: alt.Data(name=role) for role in frames}


def with_data(template: dict[str, Any], frames: Frames, as_altair: bool = False) -> dict[str, Any]:
    """The template with each role's dataset named by its content, its rows as Arrow bytes (:func:`data_chart`)."""
    if as_altair:
        from streamlit.util import calc_hash

        blobs = {role: altair_arrow_bytes(df) for role, df in frames.items()}
        names = {role: calc_hash(b) for role, b in blobs.items()}
    else:
        blobs = {role: arrow_bytes(df) for role, df in frames.items()}
        names = {role: "data-" + hashlib.sha256(b).hexdigest()[:32] for role, b in blobs.items()}
    spec = _renamed(template, names)
    own = spec.get("datasets") or {}  # e.g. Altair's "empty" row; the frames' datasets after, as Streamlit does
    return {**spec, "datasets": {**own, **{names[role]: blob for role, blob in blobs.items()}}}


def altair_arrow_bytes(df: pd.DataFrame) -> bytes:
    """A frame as ``st.altair_chart`` sends a chart's frame: Arrow IPC of the frame as it is."""
    from streamlit import dataframe_util

    return dataframe_util.convert_anything_to_arrow_bytes(df)


def arrow_bytes(df: pd.DataFrame) -> bytes:
    """A frame as Streamlit sent a chart's rows before: Arrow IPC, a fresh index, 64-bit floats.

    The rows used to go through JSON (Altair's inline ``datasets``), so every float arrived as a
    64-bit float and an empty frame as an empty list (no columns); these bytes are the same.
    """
    from streamlit import dataframe_util

    if df.empty:
        return dataframe_util.convert_pandas_df_to_arrow_bytes(pd.DataFrame())
    narrow = {c: "float64" for c, t in df.dtypes.items() if t == np.float32}
    wide = df.astype(narrow) if narrow else df
    fresh = isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1
    return dataframe_util.convert_pandas_df_to_arrow_bytes(wide if fresh else wide.reset_index(drop=True))


def _renamed(node: Any, names: dict[str, str]) -> Any:
    """A copy of a Vega-Lite (sub)spec with every ``{"data": {"name": role}}`` renamed by ``names``."""
    if isinstance(node, list):
        return [_renamed(n, names) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _renamed(v, names) for k, v in node.items()}
    data = out.get("data")
    if isinstance(data, dict) and data.get("name") in names:
        out["data"] = {**data, "name": names[data["name"]]}
    return out


def group_index(sex: str = "all", origin: str = "all") -> int:
    """Row of a reported group in ``RunResult.shares()``."""
    return GROUPS.index((sex, origin))


def _band(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 10th/90th percentiles over axis 0 (NaN where any replication has no one at that month).

    Vectorised ``np.percentile``: ``np.nanpercentile`` loops in Python over every month and is
    ~10x slower; months without anyone are NaN in every replication anyway (same inflow).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, hi = np.percentile(values, BAND, axis=0)
        return np.mean(values, axis=0), lo, hi


Block = tuple[str, str, np.ndarray, np.ndarray, np.ndarray]  # scenario, label, mean, lo, hi by month


def _rows(blocks: list[Block], dropna: bool = False) -> pd.DataFrame:
    """One frame (scenario, what, month, mean, lo, hi) of blocks of months, one block after the other.

    Means as 64-bit floats (of 32-bit shares: the same numbers, as the browser gets them) and,
    with ``dropna``, without the months whose mean is NaN. One frame made at once: a small
    frame per block and ``pd.concat`` cost ten times as much.
    """
    if not blocks:
        return pd.DataFrame()
    sizes = [len(b[2]) for b in blocks]
    names, labels = (np.array([b[i] for b in blocks], dtype=object) for i in (0, 1))
    cols = {"scenario": np.repeat(names, sizes), "what": np.repeat(labels, sizes)}
    cols["month"] = np.concatenate([np.arange(n) for n in sizes])
    cols |= {
        c: np.concatenate([b[i] for b in blocks]).astype(np.float64) for i, c in ((2, "mean"), (3, "lo"), (4, "hi"))
    }
    keep = ~np.isnan(cols["mean"]) if dropna else slice(None)
    return pd.DataFrame({c: v[keep] for c, v in cols.items()})


def _blocks(scenario: str, labels: list[str], values: np.ndarray) -> list[Block]:
    """Mean and band over replications of (reps, months, len(labels)) values, a block per label."""
    mean, lo, hi = _band(values)
    return [(scenario, label, mean[:, j], lo[:, j], hi[:, j]) for j, label in enumerate(labels)]


def people_frame(runs: dict[str, SlotRuns], lang: str, group: int = 0, metrics=PEOPLE_METRICS) -> pd.DataFrame:
    """Share (%) by month since permit per scenario and metric: mean and 10-90% band."""
    idx = [list(METRICS).index(m) for m in metrics]
    labels = [name_of(METRIC_NAMES, m, lang) for m in metrics]
    blocks = []
    for scen, r in runs.items():
        blocks += _blocks(scen, labels, r.shares[:, : shown_months(r), group, idx] * 100.0)
    return _rows(blocks, dropna=True)


def diffs_frame(
    runs: dict[str, SlotRuns], baseline: str, metrics: list[str], lang: str, group: int = 0
) -> pd.DataFrame:
    """Paired difference from the baseline (percentage points) by month since permit, metric after metric."""
    idx = [list(METRICS).index(m) for m in metrics]
    labels = [name_of(METRIC_NAMES, m, lang) for m in metrics]
    ref = runs[baseline]
    per_scenario = []
    for scen, r in runs.items():
        if scen != baseline:
            n = min(shown_months(ref), shown_months(r))  # a scenario may have another horizon
            diff = r.shares[:, :n, group][:, :, idx] - ref.shares[:, :n, group][:, :, idx]
            per_scenario.append(_blocks(scen, labels, diff * 100.0))
    blocks = [b[j] for j in range(len(metrics)) for b in per_scenario]  # metric by metric
    return _rows(blocks, dropna=True)


def shown_months(r: SlotRuns) -> int:
    """Months since permit drawn: the last ``TAIL_MONTHS`` rest on the first cohorts only (noisy)."""
    return max(12, r.shares.shape[1] - TAIL_MONTHS) if r.horizon > 36 else r.shares.shape[1]


def money_frame(runs: dict[str, SlotRuns], lang: str, cumulative: bool = False) -> pd.DataFrame:
    """Euros per calendar month (or cumulative) per scenario and money series: mean and band."""
    labels = [name_of(MONEY_NAMES, key, lang) for key in MONEY_SERIES]
    blocks = []
    for scen, r in runs.items():
        arr = np.stack([r.money[key] for key in MONEY_SERIES], axis=-1)  # (reps, months, series)
        values = np.cumsum(arr, axis=1) if cumulative else arr
        blocks += _blocks(scen, labels, values * (1e-6 if cumulative else 1e-3))
    return _rows(blocks)


def funding_frame(runs: dict[str, SlotRuns]) -> pd.DataFrame:
    """Month the national money stops, for scenarios where it stops within the horizon."""
    rows = [{"scenario": s, "month": r.funding_end} for s, r in runs.items() if r.funding_end < r.horizon]
    return pd.DataFrame(rows, columns=["scenario", "month"])


def _color(order: list[str]) -> alt.Color:
    """Scenario colours; one legend (a solid stroke per scenario) shared by every layer."""
    scale = alt.Scale(domain=order, range=list(PALETTE[: len(order)]))
    key = alt.Legend(orient="top", symbolType="stroke", symbolOpacity=1, symbolStrokeWidth=3, labelLimit=0)
    return alt.Color("scenario:N", title=None, scale=scale, legend=key)


def _tooltip(unit: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("scenario:N"),
        alt.Tooltip("month:Q"),
        alt.Tooltip("mean:Q", format=".1f", title=unit),
        alt.Tooltip("lo:Q", format=".1f", title="10%"),
        alt.Tooltip("hi:Q", format=".1f", title="90%"),
    ]


def band_shape(
    data: Data, whats: list[str], order: list[str], x_title: str, y_title: str, zero: bool = False, columns: int = 3
) -> AnyChart:
    """Mean lines with 10-90% bands, one small chart per ``what`` (the panels ``whats``), coloured by scenario.

    ``data`` is a frame, or a named dataset (:func:`data_chart`).
    """
    base = alt.Chart().encode(
        x=alt.X("month:Q", title=x_title), color=_color(order), tooltip=_tooltip(y_title), order=alt.value(0)
    )
    band = base.mark_area(opacity=0.18).encode(y=alt.Y("lo:Q", title=y_title), y2="hi:Q", color=_color(order))
    layers: list[alt.Chart] = [band, base.mark_line(strokeWidth=2).encode(y="mean:Q")]
    if zero:
        layers.append(alt.Chart().mark_rule(color="#888").encode(y=alt.datum(0)))
    chart = alt.layer(*layers, data=data).properties(width=WIDTH, height=220)
    facet = alt.Facet("what:N", title=None, sort=whats)
    return chart.facet(facet=facet, columns=columns).resolve_scale(y="independent")


def money_chart(df: pd.DataFrame, funding: pd.DataFrame, order: list[str], lang: str, cumulative: bool) -> AnyChart:
    """Money series (k€ per month or € mln cumulative) with a dashed rule where national money stops."""
    return money_shape(money_frames(df, funding, lang), facet_values(df), order, lang, cumulative)


def money_frames(df: pd.DataFrame, funding: pd.DataFrame, lang: str) -> Frames:
    """The money chart's data: the series (``main``) and, when the money stops, the rule and its label."""
    if funding.empty:
        return {"main": df}
    return {"main": df, "funding": funding, "label": funding.assign(label=tr("funding_ends_marker", lang))}


def money_shape(data: Mapping[str, Data], whats: list[str], order: list[str], lang: str, cumulative: bool) -> AnyChart:
    """:func:`money_chart` on ``data`` (roles of :func:`money_frames`) with these panels."""
    unit = "€ mln" if cumulative else "€ 1.000" if lang == "nl" else "€ 1,000"
    base = alt.Chart().encode(x=alt.X("month:Q", title=tr("calendar_month", lang)), color=_color(order))
    band = base.mark_area(opacity=0.15).encode(y=alt.Y("lo:Q", title=unit), y2="hi:Q", color=_color(order))
    line = base.mark_line(strokeWidth=2).encode(y="mean:Q", tooltip=_tooltip(unit))
    layers: list[alt.Chart] = [band, line]
    if "funding" in data:
        rule = alt.Chart(data["funding"]).mark_rule(strokeDash=[6, 4], strokeWidth=2)
        rule = rule.encode(x="month:Q", color=_color(order))
        text = alt.Chart(data["label"]).mark_text(align="left", dx=4, dy=-4, baseline="top", fontSize=11)
        layers += [rule, text.encode(x="month:Q", y=alt.value(2), text="label:N", color=_color(order))]
    chart = alt.layer(*layers, data=data["main"]).properties(width=WIDTH, height=200)
    facet = alt.Facet("what:N", title=None, sort=whats)
    return chart.facet(facet=facet, columns=2).resolve_scale(y="independent")


def people_chart(runs: dict[str, SlotRuns], order: list[str], lang: str, group: int = 0) -> AnyChart:
    """Share employed, on welfare and at B1 by month since permit, with bands."""
    df = people_frame(runs, lang, group)
    return people_shape(df, facet_values(df), order, lang)


def people_shape(data: Data, whats: list[str], order: list[str], lang: str) -> AnyChart:
    """:func:`people_chart` on ``data`` with these panels."""
    return band_shape(data, whats, order, tr("months_since_permit", lang), tr("share_pct", lang))


def diff_chart(runs: dict[str, SlotRuns], order: list[str], baseline: str, metrics: list[str], lang: str) -> AnyChart:
    """Paired differences from the baseline (percentage points) with bands."""
    df = diffs_frame(runs, baseline, metrics, lang)
    return diff_shape(df, facet_values(df), order, lang)


def diff_shape(data: Data, whats: list[str], order: list[str], lang: str) -> AnyChart:
    """:func:`diff_chart` on ``data`` with these panels."""
    return band_shape(data, whats, order, tr("months_since_permit", lang), tr("diff_pp", lang), zero=True)


def group_shape(data: Data, order: list[str], x_title: str) -> AnyChart:
    """Paired difference by group: a dot and its 90% interval per scenario (``data``: a frame, or a named dataset)."""
    y = alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit=0))  # "Couple with children" in full
    base = alt.Chart(data).encode(y=y, yOffset="scenario:N", color=_color(order))
    rule = base.mark_rule(strokeWidth=2).encode(x=alt.X("lo:Q", title=x_title), x2="hi:Q")
    tips = ["scenario:N", "group:N", "diff:Q", "lo:Q", "hi:Q"]  # typed: the data may be a named dataset
    dot = base.mark_point(filled=True, size=60).encode(x="diff:Q", tooltip=tips)
    zero = alt.Chart().mark_rule(color="#888").encode(x=alt.datum(0))
    return alt.layer(rule, dot, zero).properties(width=520, height=alt.Step(14))
