"""Tables and Altair charts of the calibration's fit, posterior and sensitivity files.

Each function takes a frame as read by :mod:`webapp.calibfiles` (columns as the calibration
writes them) and returns a translated display table or a chart; nothing here reads files or
draws. Target names follow ``<metric>_m<month>[_<origin>]`` (``employed_m36``,
``employed_m12_Syria``); a name that does not is shown as it is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from calibration.posterior import weighted_quantiles
from sim.params import load_specs
from webapp import paramtext
from webapp.calibtext import TARGET_METRICS
from webapp.charts import AnyChart
from webapp.i18n import GROUP_NAMES, METRIC_NAMES, name_of, tr
from webapp.tables import number

_TARGET = re.compile(r"^(?P<metric>[a-z_]+?)_m(?P<month>\d+)(?:_(?P<origin>\w+))?$")
SIM_COLOR, OK_COLOR, MISS_COLOR, ZERO_COLOR = "#1f77b4", "#1b7837", "#d62728", "#8c8c8c"
KIND_COLORS = {"lever": "#e6550d", "uncertain": "#3182bd", "context": "#31a354"}


def target_parts(target: str, lang: str) -> tuple[str, str]:
    """(outcome label, origin label) of a target name; the name itself when it does not parse."""
    m = _TARGET.match(target)
    if m is None:
        return target, ""
    metric = name_of(TARGET_METRICS if m["metric"] in TARGET_METRICS else METRIC_NAMES, m["metric"], lang)
    origin = name_of(GROUP_NAMES, f"origin={m['origin']}", lang) if m["origin"] else ""
    return metric, origin


def target_label(target: str, month: int, lang: str) -> str:
    """A target in words: outcome, months since permit and origin (``Met een baan, 36 mnd``)."""
    metric, origin = target_parts(target, lang)
    label = tr("target_label", lang, metric=metric, month=int(month))
    return f"{label}: {origin}" if origin else label


def status(row: Any) -> str:
    """``ok``, ``miss`` or ``unfitted`` (weight 0: reported, not used in the fit)."""
    if float(row["weight"]) == 0.0:
        return "unfitted"
    return "ok" if _truthy(row["within_tolerance"]) else "miss"


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "1", "yes")


def fit_counts(fit: pd.DataFrame) -> dict[str, int]:
    """Number of targets in all, within tolerance, missed (weight > 0) and not fitted (weight 0)."""
    kinds = [status(r) for _, r in fit.iterrows()]
    return {"n": len(kinds), "ok": kinds.count("ok"), "miss": kinds.count("miss"), "zero": kinds.count("unfitted")}


def _miss_line(r: Any, lang: str) -> str:
    """A missed target in words: label, row, CBS value, model median, error and tolerance."""
    return tr(
        "cal_miss_line",
        lang,
        label=target_label(str(r["target"]), int(r["month"]), lang),
        row=r["row_id"],
        obs=_pct(r["observed_pct"], lang),
        sim=_pct(r["simulated_pct"], lang),
        err=number(float(r["error_pp"]), 1, lang, sign=True),
        tol=_pct(r["tolerance_pp"], lang),
        zero=tr("cal_zero_weight", lang) if status(r) == "unfitted" else "",
    )


def miss_markdown(fit: pd.DataFrame, lang: str) -> str:
    """A Markdown list of the targets outside their tolerance (weight 0 included), each with its note.

    Targets sharing a note (e.g. the cells of one CBS table) are listed under it once.
    """
    groups: dict[str, list[str]] = {}
    for _, r in fit.iterrows():
        if status(r) != "ok":
            groups.setdefault(str(r["note"]), []).append(_miss_line(r, lang))
    items = []
    for note, lines in groups.items():
        quoted = note.replace("*", "\\*")
        if len(lines) == 1:
            items.append(f"- {lines[0]}. {tr('cal_note', lang, note=quoted)}")
        else:
            items.append(f"- {tr('cal_note_group', lang, n=len(lines), note=quoted)}")
            items += [f"    - {line}" for line in lines]
    return "\n".join(items)


def _pct(value: Any, lang: str) -> str:
    return number(float(value), 1, lang)


def fit_display(fit: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The error table: one row per target, numbers formatted, a within-tolerance flag and the note."""
    flag = {"ok": "✓ " + tr("yes", lang), "miss": "✗ " + tr("no", lang), "unfitted": "– " + tr("not_fitted", lang)}
    rows = [
        {
            tr("col_target", lang): target_label(str(r["target"]), int(r["month"]), lang),
            tr("col_row", lang): r["row_id"],
            tr("col_observed", lang): _pct(r["observed_pct"], lang),
            tr("col_simulated", lang): _pct(r["simulated_pct"], lang),
            tr("col_band", lang): f"{_pct(r['band_lo_pct'], lang)} – {_pct(r['band_hi_pct'], lang)}",
            tr("col_error", lang): number(float(r["error_pp"]), 1, lang, sign=True),
            tr("col_tolerance", lang): _pct(r["tolerance_pp"], lang),
            tr("col_weight", lang): number(float(r["weight"]), 2, lang),
            tr("col_within", lang): flag[status(r)],
            tr("col_note", lang): r["note"],
        }
        for _, r in fit.iterrows()
    ]
    return pd.DataFrame(rows)


def fit_frame(fit: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long frame for :func:`fit_chart`: a CBS row (value ± tolerance) and a model row (median, band) per target."""
    parts = [target_parts(str(t), lang) for t in fit["target"]]
    panel = [f"{m}: {o}" if o else m for m, o in parts]
    kinds = {k: tr(f"cal_{k}", lang) for k in ("ok", "miss", "unfitted")}
    base = pd.DataFrame({"panel": panel, "month": fit["month"].astype(int), "row": fit["row_id"].astype(str)})
    base["note"] = fit["note"].astype(str)
    obs = base.assign(
        series="cbs",
        kind=[kinds[status(r)] for _, r in fit.iterrows()],
        value=fit["observed_pct"],
        lo=(fit["observed_pct"] - fit["tolerance_pp"]).clip(lower=0.0),  # a share is never below 0
        hi=fit["observed_pct"] + fit["tolerance_pp"],
    )
    sim = base.assign(series="model", kind=tr("cal_sim", lang), value=fit["simulated_pct"])
    sim = sim.assign(lo=fit["band_lo_pct"], hi=fit["band_hi_pct"])
    return pd.concat([obs, sim], ignore_index=True)


def _kind_color(lang: str) -> alt.Color:
    """Colours of the fit chart: the model in blue, CBS values by whether the model is within tolerance."""
    domain = [tr(k, lang) for k in ("cal_sim", "cal_ok", "cal_miss", "cal_unfitted")]
    scale = alt.Scale(domain=domain, range=[SIM_COLOR, OK_COLOR, MISS_COLOR, ZERO_COLOR])
    return alt.Color("kind:N", title=None, scale=scale, legend=alt.Legend(orient="top", columns=4))


def fit_chart(df: pd.DataFrame, lang: str) -> AnyChart:
    """CBS value with its tolerance beside the model's median and 5-95% band, one panel per outcome."""
    x = alt.X("month:O", title=tr("months_since_permit", lang), axis=alt.Axis(labelAngle=0))
    base = alt.Chart().encode(x=x, color=_kind_color(lang))
    tooltip = ["panel:N", "month:O", "row:N", "kind:N", alt.Tooltip("value:Q", format=".1f"), "lo:Q", "hi:Q", "note:N"]
    y = alt.Y("lo:Q", title=tr("cal_pct_cohort", lang))
    layers = []
    for series, dx, shape in (("cbs", -5, "diamond"), ("model", 5, "circle")):
        part = base.transform_filter(alt.datum.series == series)
        layers.append(part.mark_rule(strokeWidth=3, opacity=0.55, xOffset=dx).encode(y=y, y2="hi:Q"))
        dot = part.mark_point(filled=True, size=70, opacity=1, shape=shape, xOffset=dx)
        layers.append(dot.encode(y="value:Q", tooltip=tooltip))
    chart = alt.layer(*layers, data=df).properties(width=175, height=165)
    facet = alt.Facet("panel:N", title=None, sort=list(dict.fromkeys(df["panel"])))
    return chart.facet(facet=facet, columns=4).resolve_scale(x="independent", y="independent")


# ----------------------------------------------------------------------------- posterior


def param_label(key: str, lang: str) -> str:
    """A parameter's app label (the key itself for a parameter the model no longer has)."""
    spec = load_specs().get(key)
    return paramtext.label(spec, lang) if spec is not None else key


def posterior_keys(post: pd.DataFrame, meta: dict[str, Any] | None) -> list[str]:
    """The calibrated parameters of a posterior frame (tied copies, e.g. Turkey = Other, left out)."""
    tied = set((meta or {}).get("tied", {}))
    numeric = [c for c in post.columns if pd.api.types.is_numeric_dtype(post[c])]
    return [c for c in numeric if c != "weight" and c not in tied] if "weight" in numeric else []


def marginal_frame(post: pd.DataFrame, keys: Iterable[str], lang: str, bins: int = 20) -> pd.DataFrame:
    """Weighted histogram of each parameter: param, lo, hi (bin edges) and share of the weight."""
    w = post["weight"].to_numpy(dtype=float)
    w = w / w.sum()
    parts = []
    for key in keys:
        share, edges = np.histogram(post[key].to_numpy(dtype=float), bins=bins, weights=w)
        parts.append(pd.DataFrame({"param": param_label(key, lang), "lo": edges[:-1], "hi": edges[1:], "share": share}))
    return pd.concat(parts, ignore_index=True)


def prior_frame(meta: dict[str, Any] | None, keys: Iterable[str], lang: str) -> pd.DataFrame:
    """The prior's central 95% range per parameter (from the provenance), where recorded."""
    priors = (meta or {}).get("priors", {})
    rows = [
        {"param": param_label(k, lang), "lo": float(priors[k][0]), "hi": float(priors[k][1])}
        for k in keys
        if isinstance(priors.get(k), list) and len(priors[k]) >= 2
    ]
    return pd.DataFrame(rows, columns=["param", "lo", "hi"])


def marginal_chart(hist: pd.DataFrame, prior: pd.DataFrame, lang: str) -> AnyChart:
    """Posterior histograms on a grey band of the prior's 95% range, one panel per parameter."""
    order = list(dict.fromkeys(hist["param"]))
    both = pd.concat([hist.assign(layer="posterior"), prior.assign(layer="prior", share=np.nan)], ignore_index=True)
    base = alt.Chart().encode(x=alt.X("lo:Q", title=None, scale=alt.Scale(zero=False)), x2="hi:Q")
    band = base.transform_filter("datum.layer == 'prior'").mark_rect(color="#e0e0e0", opacity=0.7)
    bars = base.transform_filter("datum.layer == 'posterior'").mark_rect(color="#8e6cbf")
    bars = bars.encode(y=alt.Y("share:Q", title=tr("cal_share_sets", lang), axis=alt.Axis(format="%")))
    chart = alt.layer(band, bars, data=both).properties(width=175, height=120)
    facet = alt.Facet("param:N", title=None, sort=order, header=alt.Header(labelFontSize=12))
    return chart.facet(facet=facet, columns=4).resolve_scale(x="independent", y="independent")


def posterior_display(post: pd.DataFrame, keys: Iterable[str], meta: dict[str, Any] | None, lang: str) -> pd.DataFrame:
    """Per parameter: weighted mean, 5%, median and 95%, the prior's range and the baseline value."""
    w = post["weight"].to_numpy(dtype=float)
    priors, specs = (meta or {}).get("priors", {}), load_specs()
    rows = []
    for key in keys:
        x = post[key].to_numpy(dtype=float)
        q = weighted_quantiles(x, w / w.sum(), 0.05)
        prior = priors.get(key)
        default = specs[key].default if key in specs else None
        rows.append(
            {
                tr("col_param", lang): param_label(key, lang),
                tr("col_key", lang): key,
                tr("col_mean", lang): _sig(float(np.dot(w, x) / w.sum()), lang),
                tr("col_lo", lang): _sig(q["lo"], lang),
                tr("col_median", lang): _sig(q["median"], lang),
                tr("col_hi", lang): _sig(q["hi"], lang),
                tr("col_prior", lang): f"{_sig(prior[0], lang)} – {_sig(prior[1], lang)}" if prior else "–",
                tr("col_default", lang): "–" if default is None else _sig(float(default), lang),
            }
        )
    return pd.DataFrame(rows)


def pinned_display(pinned: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per fitted parameter: the prior's and the posterior's 90% range and the width ratio (``pinned_down.csv``)."""
    rows = []
    for _, r in pinned.iterrows():
        key = str(r["parameter"])
        rows.append(
            {
                tr("col_param", lang): param_label(key, lang),
                tr("col_prior90", lang): f"{_sig(float(r['prior_lo']), lang)} – {_sig(float(r['prior_hi']), lang)}",
                tr("col_posterior90", lang): f"{_sig(float(r['posterior_lo']), lang)} – "
                f"{_sig(float(r['posterior_hi']), lang)}",
                tr("col_width", lang): number(100 * float(r["width_ratio"]), 0, lang) + "%",
            }
        )
    return pd.DataFrame(rows)


def _sig(x: float, lang: str, digits: int = 2) -> str:
    """A number with about ``digits`` significant digits, Dutch or English style."""
    if not math.isfinite(x) or x == 0:
        return number(x, 0, lang)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    return number(x, decimals, lang)


# ----------------------------------------------------------------------------- era_2020, provenance


def era_display(era: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The era_2020 prediction: a row per outcome, a column per month, ``median% (5%–95%)``."""
    cells = [
        f"{_pct(r['median_pct'], lang)}% ({_pct(r['band_lo_pct'], lang)}–{_pct(r['band_hi_pct'], lang)})"
        for _, r in era.iterrows()
    ]
    long = era.assign(cell=cells, month=era["month"].astype(int))
    wide = long.pivot_table(index="metric", columns="month", values="cell", aggfunc="first")
    wide = wide.reindex(list(dict.fromkeys(long["metric"])))
    outcome = [name_of(METRIC_NAMES if m in METRIC_NAMES else TARGET_METRICS, str(m), lang) for m in wide.index]
    wide.columns = [tr("after_months", lang, m=int(c)) for c in wide.columns]
    wide.insert(0, tr("col_outcome", lang), outcome)
    return wide.reset_index(drop=True)


def provenance_display(meta: dict[str, Any], lang: str) -> pd.DataFrame:
    """Every single-valued field of the posterior's provenance record, in the file's order."""
    rows = [
        {tr("col_field", lang): key, tr("col_value", lang): str(value)}
        for key, value in meta.items()
        if not isinstance(value, dict | list)
    ]
    return pd.DataFrame(rows, columns=[tr("col_field", lang), tr("col_value", lang)])


def generations_display(meta: dict[str, Any], lang: str) -> pd.DataFrame:
    """ABC-SMC generations: threshold (epsilon) and simulations run, from the provenance record."""
    rows = []
    for pop in meta.get("populations", []):
        eps = pop.get("epsilon") if isinstance(pop, dict) else None
        if isinstance(eps, int | float) and math.isfinite(eps) and int(pop.get("t", -1)) >= 0:
            rows.append(
                {
                    tr("col_generation", lang): int(pop["t"]) + 1,
                    tr("col_epsilon", lang): _sig(float(eps), lang, 3),
                    tr("col_samples", lang): number(float(pop.get("samples", math.nan)), 0, lang),
                }
            )
    return pd.DataFrame(rows)
