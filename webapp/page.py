"""The page's sections: state from the URL, the runs, and the tabs that show them.

``app.py`` calls these in order. Each tab function takes the :class:`~webapp.state.AppState`
and the computed results and only draws; nothing here changes the simulation.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from sim import __version__, extrapolation
from sim.errors import ScenarioError
from sim.provenance import git_commit, stamp
from sim.scenarios import Scenario
from webapp import (
    budget_page,
    budget_years,
    charts,
    choices,
    export,
    limits,
    person,
    posteriors,
    scenario_text,
    series_csv,
    summary,
    tables,
    urltext,
)
from webapp.controls import KEY, app_state, upload_section
from webapp.i18n import METRIC_NAMES, name_of, tr
from webapp.query import from_query, to_query
from webapp.report import figures, sections
from webapp.runs import (
    QUICK_REPS,
    SlotRuns,
    cache_text,
    comparison_table,
    posterior_available,
    run_all,
    thetas_for,
    wants_quick,
)
from webapp.state import START_YEARS, AppState, build_scenario

PAGE_TITLE = "Werkpad"


@dataclass
class Results:
    """Everything the tabs draw from."""

    scenarios: list[Scenario]
    runs: dict[str, SlotRuns]
    table: dict[str, Any]
    thetas: list[dict[str, float]] | None
    seconds: float
    refining: bool = False  # drawn from the quick first block; the page reruns for the rest

    @property
    def reps(self) -> int:
        """Replications behind what is drawn."""
        return len(self.runs[self.baseline].seeds)

    @property
    def order(self) -> list[str]:
        """Scenario names in slot order (baseline first)."""
        return [s.name for s in self.scenarios]

    @functools.cached_property
    def key(self) -> tuple[object, ...]:
        """What identifies these results (for cached chart specs; worked out once: it writes the thetas as JSON)."""
        seeds = self.runs[self.scenarios[0].name].seeds  # the base seed and the replications
        return (tuple((s.name, s.hash) for s in self.scenarios), json.dumps(self.thetas), seeds)

    @property
    def baseline(self) -> str:
        """Name of the baseline scenario."""
        return self.scenarios[0].name

    @property
    def years(self) -> int:
        """Years simulated."""
        return self.runs[self.baseline].horizon // 12


def init_state() -> AppState:
    """The session's state: read once from the URL, then kept in ``st.session_state``."""
    if KEY not in st.session_state:
        state, errors = from_query(st.query_params.to_dict())
        st.session_state[KEY] = state
        st.session_state["url_errors"] = errors
    return app_state()


def show_url_errors(state: AppState) -> None:
    """Warn about parts of the URL that were ignored, until the user changes a setting."""
    first = st.session_state.setdefault("url_errors_q", to_query(state))
    if first != to_query(state):
        st.session_state["url_errors"] = []
    for msg in st.session_state.get("url_errors", []):
        st.warning(tr("url_bad", state.lang, msg=urltext.in_lang(msg, state.lang)))


def sync_url(state: AppState) -> None:
    """Write the state to the URL when it changed (so the address bar is always a share link)."""
    q = to_query(state)
    if st.query_params.to_dict() != q:
        st.query_params.from_dict(q)


def thetas(state: AppState) -> list[dict[str, float]] | None:
    """Uncertain-parameter sets per replication (what a scenario sets wins: ``Scenario.open_theta``).

    They come from the calibration the user chose (:mod:`webapp.posteriors`); a chosen folder
    that has gone since is said, and the shipped calibration is used.
    """
    path = posteriors.csv_path(state.posterior)
    if path is None:
        st.warning(tr("post_gone", state.lang, name=state.posterior))
        state.posterior = posteriors.SHIPPED
        path = posteriors.csv_path(posteriors.SHIPPED)
    assert path is not None
    stat = path.stat() if path.is_file() else None
    return _thetas(state.uncertainty, state.reps, state.seed, path, stat and (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _thetas(
    mode: str, reps: int, seed: int, path: Path, version: tuple[int, int] | None
) -> list[dict[str, float]] | None:
    """:func:`webapp.runs.thetas_for`, drawn once per file version (``version``: its time and size; read only)."""
    return thetas_for(mode, reps, seed, path)


def compute(state: AppState) -> Results:
    """Build the scenarios and run them (each from the cache unless it changed).

    A scenario the scenario layer refuses, or a comparison over the work ceiling
    (:func:`webapp.limits.refusal`), stops the page with a message before anything runs.
    """
    scenarios = buildable(state)
    refused = limits.refusal(scenarios, state.reps, state.lang)
    if refused:
        stop(state, refused)
    th = thetas(state)
    start = time.perf_counter()
    refining_now = st.session_state.pop("refine", False)
    quick = not refining_now and wants_quick(scenarios, state.seed, state.reps, th)
    with st.spinner(tr("running", state.lang, n=len(scenarios), reps=QUICK_REPS if quick else state.reps)):
        runs = run_all(scenarios, state.seed, state.reps, th, quick=quick)
        table = comparison_table(runs, scenarios[0].name, state.seed, len(runs[scenarios[0].name].seeds))
    return Results(scenarios, runs, table, th, time.perf_counter() - start, quick)


def buildable(state: AppState) -> list[Scenario]:
    """The scenarios of the slots; the page stops with a message when one cannot be built."""
    out = []
    for slot in state.slots:
        try:
            out.append(build_scenario(state, slot))
        except ScenarioError as exc:
            stop(state, tr("scenario_refused", state.lang, name=slot.name, msg=scenario_text.explain(exc, state.lang)))
    return out


def stop(state: AppState, message: str) -> None:
    """Show why nothing is computed, keep the URL in step with the settings, and end this run."""
    st.error(message)
    sync_url(state)
    st.stop()


def refine(res: Results) -> None:
    """After a quick first drawing, rerun at once to add the remaining replications."""
    if res.refining:
        st.session_state["refine"] = True
        st.rerun()


def show_panels(spec: dict[str, Any], columns: int, order: list[str]) -> None:
    """A faceted chart as separate charts in ``columns`` page columns, each filling its column, one legend above."""
    st.markdown(charts.legend_html(order), unsafe_allow_html=True)
    specs = charts.panels(spec)
    for start in range(0, len(specs), columns):
        for col, panel in zip(st.columns(columns), specs[start : start + columns], strict=False):
            col.vega_lite_chart(panel, width="stretch")


def chart(
    res: Results,
    what: tuple[object, ...],
    frames: Callable[[], charts.Frames],
    template: Callable[[charts.Frames], charts.AnyChart],
) -> dict[str, Any]:
    """A chart's Vega-Lite spec: its shape built once per options and scenario names, its numbers as data.

    ``what`` is ``(chart name, language, options...)``; Dutch charts get decimal commas. See
    :func:`webapp.charts.data_chart` for ``frames`` and ``template``.
    """
    spec = charts.data_chart((*what, tuple(res.order)), (*what, res.key), frames, template)
    return charts.localised(spec, str(what[1]))


def header(state: AppState) -> None:
    """Title and one line on what the page does."""
    st.title(tr("app_title", state.lang))
    st.caption(tr("app_intro", state.lang, reps=state.reps, seed=state.seed))


# ----------------------------------------------------------------------------- tabs


def compare_tab(state: AppState, res: Results) -> None:
    """Summary, people and difference charts, money chart and the KPI table."""
    lang = state.lang
    if len(res.scenarios) < 2:
        st.info(tr("no_scenarios", lang))
    budget_page.mixed_warning(state, res)
    if res.refining:
        with st.container(key="refining"):
            st.info(tr("refining", lang, n=res.reps, reps=state.reps))
    budget_page.report_button(state, res, uncertainty_mode(state, res))
    st.subheader(tr("summary", lang))
    with st.container(key="summary"):
        for text in summary.paragraphs(res.table, res.scenarios, res.runs, lang):
            st.markdown(text)
    st.subheader(tr("people_chart", lang))
    st.caption(tr("band_note", lang, reps=res.reps, unc=tr(f"band_{uncertainty_mode(state, res)}", lang)))
    show_panels(people_spec(res, lang), 3, res.order)
    if len(res.scenarios) > 1:
        st.subheader(tr("diff_chart", lang))
        show_panels(diff_spec(res, lang), 3, res.order)
    money_section(state, res)
    st.subheader(tr("kpi_table", lang))
    kpis = tables.kpi_display(res.table, lang)
    st.dataframe(kpis, hide_index=True, height=min(36 * (len(kpis) + 1) + 4, 900))
    st.caption(tr("kpi_note", lang))
    with st.container(key="extrapolation"):  # what rests on parameters no evidence measures (sim.extrapolation)
        for note in extrapolation.notes(res.scenarios, lang):
            st.caption("⚠️ " + note)


def money_section(state: AppState, res: Results) -> None:
    """Money over calendar months with a marker where the national money stops."""
    lang = state.lang
    st.subheader(tr("money_chart", lang))
    cols = st.columns([2, 1])
    cumulative = cols[0].toggle(
        tr("cumulative", lang), st.session_state.get("cumulative", state.cumulative), key="cumulative"
    )
    state.cumulative = bool(cumulative)
    year = st.session_state.get("start_year", state.start_year)
    state.start_year = int(
        cols[1].number_input(
            tr("start_year", lang), *START_YEARS, year, key="start_year", help=tr("start_year_help", lang)
        )
    )

    show_panels(money_spec(res, lang, cumulative), 2, res.order)
    budget_page.budget_section(state, res, cumulative)


def people_spec(res: Results, lang: str) -> dict[str, Any]:
    """The people chart (:func:`webapp.charts.people_chart`) as a spec with its numbers as data."""

    def frames() -> charts.Frames:
        return {"main": charts.people_frame(res.runs, lang)}

    def template(f: charts.Frames) -> charts.AnyChart:
        return charts.people_shape(charts.named(f)["main"], charts.facet_values(f["main"]), res.order, lang)

    return chart(res, ("people", lang), frames, template)


def diff_spec(res: Results, lang: str) -> dict[str, Any]:
    """The difference chart (:func:`webapp.charts.diff_chart`) as a spec with its numbers as data."""
    metrics = list(charts.PEOPLE_METRICS)

    def frames() -> charts.Frames:
        return {"main": charts.diffs_frame(res.runs, res.baseline, metrics, lang)}

    def template(f: charts.Frames) -> charts.AnyChart:
        return charts.diff_shape(charts.named(f)["main"], charts.facet_values(f["main"]), res.order, lang)

    return chart(res, ("diff", lang), frames, template)


def money_spec(res: Results, lang: str, cumulative: bool) -> dict[str, Any]:
    """The money chart (:func:`webapp.charts.money_chart`) as a spec with its numbers as data."""

    def frames() -> charts.Frames:
        df = charts.money_frame(res.runs, lang, cumulative)
        return charts.money_frames(df, charts.funding_frame(res.runs), lang)

    def template(f: charts.Frames) -> charts.AnyChart:
        return charts.money_shape(charts.named(f), charts.facet_values(f["main"]), res.order, lang, cumulative)

    return chart(res, ("money", lang, cumulative), frames, template)


def groups_tab(state: AppState, res: Results) -> None:
    """The comparison by sex, origin and household type for one KPI: a chart of differences and a table."""
    lang = state.lang
    st.subheader(tr("groups_title", lang))
    kpi = choices.choice(
        st.selectbox, tr("group_kpi", lang), tables.GROUP_KPIS, "group_kpi", lang, lambda k: tables.kpi_label(k, lang)
    )
    if len(res.scenarios) > 1:
        st.vega_lite_chart(group_spec(res, kpi, lang))
    st.dataframe(tables.group_display(res.table, kpi, lang), hide_index=True)
    st.caption(tr("kpi_note", lang))
    small = tables.small_groups_note(res.table, kpi, lang)
    if small:
        st.caption(small)


def group_spec(res: Results, kpi: str, lang: str) -> dict[str, Any]:
    """The groups chart (:func:`webapp.charts.group_shape`) as ``st.altair_chart`` drew it, its numbers as data."""

    def frames() -> charts.Frames:
        return {"main": tables.group_frame(res.table, kpi, lang)}

    def template(f: charts.Frames) -> charts.AnyChart:
        return charts.dutch(charts.group_shape(charts.named(f)["main"], res.order, tr("diff_pp", lang)), lang)

    shape = ("groups", lang, tuple(res.order))
    return charts.data_chart(shape, (*shape, kpi, res.key), frames, template, as_altair=True)


def person_specs(
    key: tuple[object, ...], bars: pd.DataFrame, rows: list[str], paths: dict[str, pd.DataFrame], lang: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The person's timeline and language charts as ``st.altair_chart`` drew them, their numbers as data.

    ``key`` identifies the person and the runs (scenario names and hashes, seed, theta, person);
    ``rows`` are the timeline's rows (the scenarios shown, then the partner's row if any);
    ``paths`` the person's path under each scenario shown, in the order shown.
    """
    shown = list(paths)

    def timeline(f: charts.Frames) -> charts.AnyChart:
        return charts.dutch(person.timeline_shape(charts.named(f)["main"], rows, lang), lang)

    def language(f: charts.Frames) -> charts.AnyChart:
        return charts.dutch(person.language_shape(charts.named(f)["main"], shown, lang), lang)

    bar_shape, line_shape = ("person_timeline", lang, tuple(rows)), ("person_language", lang, tuple(shown))
    return (
        charts.data_chart(bar_shape, (*bar_shape, key), lambda: {"main": bars}, timeline, as_altair=True),
        charts.data_chart(
            line_shape, (*line_shape, key), lambda: {"main": person.language_frame(paths)}, language, as_altair=True
        ),
    )


def person_tab(state: AppState, res: Results) -> None:
    """One person's months under the baseline and a chosen scenario."""
    lang = state.lang
    st.subheader(tr("person_title", lang))
    st.caption(tr("person_intro", lang, seed=state.seed))
    other = st.selectbox(tr("person_scenario", lang), res.order[1:] or res.order, key="person_scenario")
    shown = [res.baseline] if other == res.baseline else [res.baseline, other]
    theta = res.thetas[0] if res.thetas else None
    people = {
        n: person.person_runs(cache_text(s), s.hash, state.seed, json.dumps(theta))
        for s in res.scenarios
        for n in [s.name]
        if n in shown
    }
    pool = person.eligible(people[res.baseline], res.runs[res.baseline].horizon)
    if len(pool) == 0:
        return
    pick = st.slider(tr("person_pick", lang), 1, len(pool), value=min(7, len(pool)), key="person_pick")
    i = int(pool[pick - 1])
    st.markdown(person.traits_text(people[res.baseline], i, lang))
    st.markdown(person.household_text(people[res.baseline], i, lang))
    paths = {n: person.path_of(p, i) for n, p in people.items()}
    segs = pd.concat([person.segments(p, n, lang) for n, p in paths.items()], ignore_index=True)
    partner_row = tr("partner_row", lang, name=res.baseline)
    partner = person.partner_segments(people[res.baseline], i, partner_row, lang)
    rows = shown if partner is None else [*shown, partner_row]
    bars = segs if partner is None else pd.concat([segs, partner], ignore_index=True)
    key = (tuple((s.name, s.hash) for s in res.scenarios if s.name in shown), state.seed, json.dumps(theta), i)
    timeline, language = person_specs(key, bars, rows, paths, lang)
    st.vega_lite_chart(timeline)
    st.vega_lite_chart(language, height=260)
    cols = st.columns(len(shown))
    for col, n in zip(cols, shown, strict=True):
        col.markdown(f"**{n}**\n\n" + "\n".join(f"- {line}" for line in person.story(segs[segs.scenario == n], lang)))


def share_tab(state: AppState, res: Results) -> None:
    """Share link, downloads of results, scenarios and charts, and the upload."""
    lang = state.lang
    st.subheader(tr("share_title", lang))
    st.write(tr("share_text", lang))
    prov = stamp(scenarios={s.name: s.hash for s in res.scenarios}, seed=state.seed, reps=res.reps)
    prov |= {"uncertain_parameters": uncertainty_mode(state, res)} | posteriors.provenance(state.posterior)
    st.subheader(tr("download_results", lang))
    kpi = tables.kpi_long(res.table)
    c = st.columns(4)
    c[0].download_button(
        tr("dl_kpi_csv", lang),
        lambda: export.csv_bytes(tables.kpi_download(res.table, lang), lang),
        "werkpad_kerncijfers.csv" if lang == "nl" else "werkpad_key_figures.csv",
        "text/csv",
        key="dl1",
        on_click="ignore",
    )
    c[1].download_button(
        tr("dl_kpi_parquet", lang),
        export.parquet_bytes(kpi, prov),
        "werkpad_kpis.parquet",
        key="dl2",
        on_click="ignore",
    )
    c[2].download_button(
        tr("dl_series_csv", lang),
        lambda: export.csv_bytes(series_csv.series_display(export.series_long(res.runs), lang), lang),
        "werkpad_tijdreeksen.csv" if lang == "nl" else "werkpad_series.csv",
        key="dl3",
        on_click="ignore",
    )
    c[3].download_button(
        tr("dl_series_parquet", lang),
        lambda: export.parquet_bytes(export.series_long(res.runs), prov),
        "werkpad_series.parquet",
        key="dl4",
        on_click="ignore",
    )
    scenario_downloads(state, res)
    chart_downloads(state, res)
    upload_section(state)
    with st.expander(tr("reproduce", lang)):
        point = state.uncertainty != "posterior"  # as webapp.runs.thetas_for draws them
        chosen = "" if state.posterior == posteriors.SHIPPED else f"out/{state.posterior}/posterior.csv"
        code = export.reproduce_snippet(res.scenarios, state.seed, state.reps, point, lang, chosen)
        st.code(code, language="python")


def scenario_downloads(state: AppState, res: Results) -> None:
    """One TOML overlay file per scenario."""
    st.subheader(tr("download_scenarios", state.lang))
    cols = st.columns(len(res.scenarios))
    for i, (col, s) in enumerate(zip(cols, res.scenarios, strict=True)):
        name = export.safe_name(s.name)
        col.download_button(
            s.name, s.to_toml(), f"{name}.toml", "application/toml", key=f"dltoml{i}", on_click="ignore"
        )


def chart_downloads(state: AppState, res: Results) -> None:
    """PNG and SVG of the people, difference and money-per-year charts (rendered only when asked).

    Each carries its title, unit, reference, band and footer, as in the council report.
    """
    lang = state.lang
    st.subheader(tr("download_charts", lang))
    inputs = budget_page.report_inputs(state, res, uncertainty_mode(state, res))
    made: dict[str, Callable[[], Any]] = {
        "people": lambda: figures.people_figure(inputs, lang)[1],
        "diff": lambda: figures.diff_figure(inputs, lang)[1],
        "money": lambda: figures.money_figure(inputs, lang, budget_years.yearly_frame(res.runs, state.start_year))[1],
    }
    cols = st.columns(6)
    for j, (what, make) in enumerate(made.items()):
        for k, fmt in enumerate(("png", "svg")):
            label = f"{tr('chart_' + what, lang)} ({fmt.upper()})"
            cols[2 * j + k].download_button(
                label, _chart_data(make, fmt), f"werkpad_{what}.{fmt}", key=f"dlc{what}{fmt}", on_click="ignore"
            )


def _chart_data(make: Callable[[], Any], fmt: str) -> Callable[[], bytes]:
    """Deferred chart rendering (vl-convert runs only when the button is pressed)."""
    return lambda: export.chart_bytes(make(), fmt)


def about_tab(state: AppState, res: Results) -> None:
    """What the model does not capture, and the metrics shown."""
    lang = state.lang
    st.subheader(tr("limits_title", lang))
    st.markdown(tr("limits_text", lang))
    st.caption(", ".join(name_of(METRIC_NAMES, m, lang) for m in METRIC_NAMES))


def footer(state: AppState, res: Results) -> None:
    """Model version, commit, replications, seed and scenario hashes; the compute time."""
    lang = state.lang
    unc = sections.calibration_words(budget_page.report_stamp(state, res, uncertainty_mode(state, res)), lang)
    hashes = ", ".join(f"{s.name}: {s.hash}" for s in res.scenarios)
    commit = git_commit()[:8] or "–"
    st.divider()
    st.caption(
        tr("footer", lang, version=__version__, commit=commit, reps=res.reps, seed=state.seed, unc=unc, hashes=hashes)
    )
    st.caption(tr("compute_time", lang, s=tables.number(res.seconds, 2, lang)))


def uncertainty_mode(state: AppState, res: Results) -> str:
    """``posterior`` when the replications drew from the calibration, else ``point``."""
    return "posterior" if state.uncertainty == "posterior" and res.thetas else "point"


def posterior_note(state: AppState) -> bool:
    """Whether a calibration posterior exists (for the advanced section's note)."""
    return posterior_available()
