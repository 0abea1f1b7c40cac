"""The tab "Beste inzet van het budget": the lever optimiser on the page.

The council picks the scenario it starts from (a slot of the comparison), its programme budget
per year and the levers it is willing to change. :func:`question` turns that into an
:class:`optimise.design.OptimiseDesign` (objectives: programme cost per year and
person-years in work; constraint: programme cost per year within the budget; reported beside
them: the net municipal cost per year; the mix applies
from the month the extra national money stops, when the council pays for everything itself), sized by
:func:`search_size` to finish in about a minute. Levers not searched stay as the scenario has them
after the money stops (:func:`takeover`). :func:`optimise.search.optimise` runs it in
memory with a progress bar; the front is drawn as an Altair chart whose points (or the list
below it) pick a mix, which a button puts into a scenario slot for the normal comparison.
Results are kept in the session, keyed by the question, so picking a point does not rerun.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from optimise.design import OptimiseDesign, design_from_dict
from optimise.search import Outcome, optimise
from sim.executor import usable_cpus
from sim.params import Value, funded_keys, load_specs
from sim.population import inflow_schedule
from sim.scenarios import Scenario
from sim.values import Params
from webapp import posteriors
from webapp.i18n import tr
from webapp.paramtext import label
from webapp.state import MAX_SLOTS, AppState, clean_text, mix_values, replace_slot, slot_from_upload

# lever -> (highest value, step); every lever is a share or per 100 (clients, or adults housed a
# year), so the same range fits a municipality of any size
CANDIDATES: dict[str, tuple[float, float]] = {
    "guidance.dedicated_fte_per_100_inflow": (8.0, 0.5),
    "learning.dual_places_per_100": (30.0, 2.5),
    "employers.mediation_share": (1.0, 0.05),
    "employers.jobcoach_share": (1.0, 0.05),
    "network.mentor_share": (1.0, 0.05),
    "employers.municipal_places_per_100_inflow": (20.0, 1.0),
    "guidance.screening_share": (1.0, 0.05),
}
DEFAULT_LEVERS = tuple(list(CANDIDATES)[:6])
REPS, POPULATION = 6, 12
SECONDS = 45.0  # aim: the search finishes in about a minute on this 2-core machine
RUN_S_FIXED, PERSON_MONTHS_PER_S = 0.02, 4e6  # a small run: fixed cost + people (bench/README)
KEY = "optimise"


def lever_table(key: str) -> dict[str, Any]:
    """The design's ``[levers]`` entry of a candidate (the same for a municipality of any size)."""
    high, step = CANDIDATES[key]
    high = min(high, float(load_specs()[key].range[1]))  # type: ignore[index]
    return {"range": [0, int(high)] if step.is_integer() else [0.0, high], "step": step}


def search_size(scenario: Scenario) -> int:
    """Trials (whole generations, 24 to 96) that fit :data:`SECONDS` for this municipality's runs."""
    person_months = float(inflow_schedule(scenario.params()).cumsum().sum())
    run_s = RUN_S_FIXED + person_months / PERSON_MONTHS_PER_S
    runs = SECONDS * min(2, usable_cpus()) / run_s
    generations = int(runs / REPS / POPULATION)
    return POPULATION * min(8, max(2, generations))


def start_month(scenario: Scenario) -> int:
    """The month the mix starts: when the extra national money stops, or 0 when it does not within the horizon."""
    p = scenario.params()
    end = int(p["funding.end_month"])
    return end if 0 < end < int(p["context.horizon_months"]) else 0


def question(scenario: Scenario, budget: float, levers: list[str], seed: int, uncertainty: str) -> OptimiseDesign:
    """The design of the council's question (see the module docstring).

    Args:
        scenario: The slot's scenario (with the municipality's shared settings).
        budget: Programme budget per year (EUR) from the year the mix starts.
        levers: Lever keys to search (from :data:`CANDIDATES`).
        seed: The page's base seed (the same replications as the comparison).
        uncertainty: ``draw``, ``mean`` or ``none``.
    """
    month = start_month(scenario)
    year = month // 12 + 1
    data = {
        "optimise": {"from_month": month, "reps": REPS, "seed": seed, "population": POPULATION}
        | {"trials": search_size(scenario), "sampler": "tpe", "sampler_seed": 1, "uncertainty": uncertainty},
        "levers": {k: lever_table(k) for k in levers},
        "objective": [
            {"metric": "programme_cost_per_year", "from_year": year, "direction": "min", "name": "spend"},
            {"metric": "employed_person_years", "direction": "max", "name": "work"},
        ],
        "constraint": [{"metric": "programme_cost_per_year", "from_year": year, "max": budget, "name": "budget"}],
        "report": [{"metric": "net_cost_per_year", "from_year": year, "name": "net_cost"}],
    }
    design = design_from_dict(data, "app", "<app>", base=scenario)
    if not month:
        return design
    p = scenario.params()
    in_force = takeover(scenario, [])  # the scenario's own mix after the money stops: searched from the start
    own = {k: in_force.get(k, p[k]) for k in levers}
    return replace(design, carry=takeover(scenario, levers), start=(own,))


def takeover(scenario: Scenario, searched: list[str]) -> dict[str, Value]:
    """What the council pays for itself from the month the money stops, besides the searched levers.

    Every funded lever that is not searched keeps the value in force after the money stops in
    the scenario (:meth:`sim.values.Params.now`); from then on the council pays for all of it
    (``continue_share`` 1), so the mixes differ from the scenario only in the searched levers.
    """
    p = Params(scenario.params())
    p.set_month(start_month(scenario))
    out: dict[str, Value] = {"funding.continue_share": 1.0}
    out.update({k: p.now(k) for k in sorted(funded_keys()) if k not in searched})
    return out


def optimise_tab(state: AppState, res: Any) -> None:
    """Inputs, the search with its progress, the front and the button that puts a mix in a slot."""
    lang = state.lang
    st.subheader(tr("opt_title", lang))
    msg = st.session_state.pop("opt_msg", None)
    if msg:
        st.success(msg)
    st.markdown(tr("opt_intro", lang, reps=REPS))
    names = res.order
    pick = st.selectbox(tr("opt_slot", lang), range(len(names)), index=min(state.edit, len(names) - 1),
                        format_func=lambda i: names[i], key="opt_slot")  # fmt: skip
    scenario = res.scenarios[pick]
    month = start_month(scenario)
    st.caption(tr("opt_from", lang, month=month, year=month // 12 + 1) if month else tr("opt_from_start", lang))
    now = spend_now(res.runs[names[pick]].money["programme_costs"], month)
    helptext = tr("opt_budget_help", lang, now=f"{now:,.0f}")
    budget = st.number_input(tr("opt_budget", lang), min_value=0, value=int(math.ceil(now / 50_000) * 50_000),
                             step=50_000, key=f"opt_budget.{pick}", help=helptext)  # fmt: skip
    specs = load_specs()
    levers = st.multiselect(tr("opt_levers", lang), list(CANDIDATES), default=list(DEFAULT_LEVERS),
                            format_func=lambda k: label(specs[k], lang), key="opt_levers")  # fmt: skip
    ask = (scenario.hash, budget, tuple(levers), state.seed, state.uncertainty, state.posterior)
    if st.button(tr("opt_run", lang), key="opt_run", type="primary", disabled=not levers):
        mode = "draw" if state.uncertainty == "posterior" else "mean"
        design = question(scenario, budget, levers, state.seed, mode)
        chosen = posteriors.csv_path(state.posterior)  # the calibration the comparison draws from
        if state.posterior != posteriors.SHIPPED and chosen is not None:
            design = replace(design, posterior=str(chosen))
        st.session_state[KEY] = (ask, run_search(design, lang))
    if not levers:
        st.info(tr("opt_need_lever", lang))
    got = st.session_state.get(KEY)
    if got is not None and got[0] == ask:
        show_front(state, got[1])
    st.caption(tr("opt_cli", lang))


def spend_now(programme: Any, month: int) -> float:
    """Mean programme cost per year (EUR) from ``month`` over the replications of a slot."""
    part = programme[:, month:]
    return float(part.mean() * 12.0)


def run_search(design: OptimiseDesign, lang: str) -> Outcome:
    """Run the search with a progress bar (2 local processes when the machine has them)."""
    bar = st.progress(0.0, text=tr("opt_running", lang, done=0, wanted=design.trials))

    def tick(done: int, wanted: int) -> None:
        bar.progress(min(1.0, done / wanted), text=tr("opt_running", lang, done=done, wanted=wanted))

    out = optimise(design, workers=min(2, usable_cpus()), progress=tick)
    bar.empty()
    return out


def chart_frame(out: Outcome, lang: str) -> pd.DataFrame:
    """Points to draw: the front, the other mixes within the budget, and the scenario itself."""
    t = out.trials[out.trials["feasible"] & ~out.trials["reused"]]
    kind = t["trial"].isin(out.front["trial"]).map({True: tr("opt_front", lang), False: tr("opt_other", lang)})
    df = pd.DataFrame({"trial": t["trial"], "kind": kind, "cost": t["spend"] / 1e6, "work": t["work"]})
    for col, name in (("cost", "spend"), ("work", "work")):
        scale = 1e6 if col == "cost" else 1.0
        half = (t[f"{name}_diff_hi"] - t[f"{name}_diff_lo"]) / 2 / scale
        df[f"{col}_lo"], df[f"{col}_hi"] = df[col] - half, df[col] + half
    ref = out.reference
    row = {"trial": -1, "kind": tr("opt_reference", lang), "cost": ref[_label(out, 0)]["value"] / 1e6}
    row["work"] = ref[_label(out, 1)]["value"]
    return pd.concat([df, pd.DataFrame([row])], ignore_index=True)


def _label(out: Outcome, i: int) -> str:
    return out.design.objectives[i].metric.label()


def front_chart(df: pd.DataFrame, lang: str) -> alt.LayerChart | alt.FacetChart:
    """Cost against work: front points (selectable), other feasible mixes, the scenario, 90% bars."""
    pick = alt.selection_point(fields=["trial"], name="pick", on="click")
    x = alt.X("cost:Q", title=tr("opt_x", lang), scale=alt.Scale(zero=False))
    y = alt.Y("work:Q", title=tr("opt_y", lang), scale=alt.Scale(zero=False))
    base = alt.Chart(df).encode(x=x, y=y)
    kinds = [tr(k, lang) for k in ("opt_front", "opt_other", "opt_reference")]
    scale = alt.Scale(domain=kinds, range=["#1f77b4", "#bbbbbb", "#d62728"])
    colour = alt.Color("kind:N", title=tr("opt_kind", lang), scale=scale)
    points = base.mark_point(filled=True, size=80).encode(
        color=colour,
        shape=alt.condition("datum.trial < 0", alt.value("diamond"), alt.value("circle")),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.5)),
        tooltip=["trial", "kind", alt.Tooltip("cost:Q", format=".2f"), alt.Tooltip("work:Q", format=".0f")],
    ).add_params(pick)  # fmt: skip
    front = df[df["kind"] == tr("opt_front", lang)]
    xbars = alt.Chart(front).mark_rule().encode(x="cost_lo:Q", x2="cost_hi:Q", y="work:Q")
    ybars = alt.Chart(front).mark_rule().encode(x="cost:Q", y="work_lo:Q", y2="work_hi:Q")
    line = alt.Chart(front).mark_line(color="#1f77b4").encode(x="cost:Q", y="work:Q", order="cost:Q")
    return alt.layer(line, xbars, ybars, points).properties(height=380)


def show_front(state: AppState, out: Outcome) -> None:
    """The outcome line, the chart, the list of mixes and the button that puts one in a slot."""
    lang = state.lang
    feasible = int(out.trials["feasible"].sum())
    done = {"trials": len(out.trials), "s": f"{out.seconds:.0f}", "feasible": feasible, "front": len(out.front)}
    st.success(tr("opt_done", lang, **done))
    if out.front.empty:
        st.warning(tr("opt_none", lang))
        return
    event = st.altair_chart(front_chart(chart_frame(out, lang), lang), on_select="rerun", key="opt_chart")
    st.caption(tr("opt_chart_note", lang))
    clicked = _clicked(event, out)
    st.dataframe(front_table(out, lang), hide_index=True)
    trials = out.front["trial"].tolist()
    if clicked is not None:
        st.session_state["opt_pick"] = clicked
    chosen = st.selectbox(tr("opt_pick", lang), trials, key="opt_pick", format_func=lambda n: _mix_name(out, n, lang))
    put_in_slot_ui(state, out, int(chosen))


def _clicked(event: Any, out: Outcome) -> int | None:
    """The front trial clicked in the chart, if any."""
    try:
        points = event.selection.pick
    except AttributeError:
        return None
    for p in points or []:
        n = p.get("trial")
        if n is not None and n in set(out.front["trial"]):
            return int(n)
    return None


def front_table(out: Outcome, lang: str) -> pd.DataFrame:
    """The front's mixes as a table: levers (with labels), cost, work and spend per year.

    Cells are text as the page writes numbers (``0,05`` on a Dutch page; a numeric column would
    show ``0.05`` whatever the language).
    """
    specs = load_specs()
    df = pd.DataFrame({tr("opt_pick", lang): [_mix_name(out, n, lang) for n in out.front["trial"]]})
    for lever in out.design.levers:
        df[label(specs[lever.key], lang)] = [_text(v, lang) for v in out.front[lever.key]]
    df[tr("opt_spend", lang)] = [_text(v / 1e6, lang, 2) for v in out.front["spend"]]
    df[tr("opt_work", lang)] = [_text(v, lang, 0) for v in out.front["work"]]
    df[tr("opt_cost", lang)] = [_text(v / 1e6, lang, 2) for v in out.front["net_cost"]]
    return df


def _mix_name(out: Outcome, trial: int, lang: str) -> str:
    rank = out.front["trial"].tolist().index(trial) + 1
    return tr("opt_mix_name", lang, n=rank)


def put_in_slot_ui(state: AppState, out: Outcome, trial: int) -> None:
    """Choose a slot (or a new one) and put the chosen mix there."""
    lang = state.lang
    targets = list(range(1, min(len(state.slots) + 1, MAX_SLOTS)))
    target = st.selectbox(
        tr("opt_target", lang),
        targets,
        index=len(targets) - 1,  # a new slot while there is room: the scenario searched from stays
        key="opt_target",
        format_func=lambda i: state.slots[i].name if i < len(state.slots) else tr("opt_new_slot", lang),
    )
    if st.button(tr("opt_put", lang), key="opt_put"):
        name = put_in_slot(state, out, trial, int(target), _mix_name(out, trial, lang), lang)
        st.session_state["opt_msg"] = tr("opt_put_done", lang, name=name)
        st.rerun()


def put_in_slot(state: AppState, out: Outcome, trial: int, target: int, name: str, lang: str = "nl") -> str:
    """Put a front mix into slot ``target`` (appending when it is one past the end) as an edited scenario.

    The slot's description says what the mix is (the summary of the comparison shows it; without
    one an uploaded scenario would be described as the baseline).

    Returns:
        The slot's name.
    """
    row = out.front[out.front["trial"] == trial].iloc[0]
    mix: dict[str, Value] = {lever.key: _value(row[lever.key]) for lever in out.design.levers}
    taken = {s.name for i, s in enumerate(state.slots) if i != target}
    unique = next(n for n in (name, *(f"{name}-{k}" for k in range(2, 99))) if n not in taken)
    scenario = out.design.scenario(mix, unique)
    slot = slot_from_upload(scenario, unique)
    slot.description = clean_text(mix_description(out, row, lang))
    shared = {**mix_values(state.mix), **state.shared}  # stay shared: a later change of them reaches this slot too
    slot.edits = {k: v for k, v in slot.edits.items() if k not in shared}
    replace_slot(state, target, slot)
    state.edit = min(target, len(state.slots) - 1)
    return unique


def mix_description(out: Outcome, row: pd.Series, lang: str) -> str:
    """A front mix in words: its levers from the month it applies, and its programme cost per year."""
    specs = load_specs()
    levers = ", ".join(f"{label(specs[lever.key], lang)} {_text(row[lever.key], lang)}" for lever in out.design.levers)
    return tr(
        "opt_mix_desc", lang, month=out.design.from_month, levers=levers, spend=_text(row["spend"] / 1e6, lang, 2)
    )


def _text(v: Any, lang: str, decimals: int | None = None) -> str:
    """A lever value or amount as the page writes numbers (a decimal comma in Dutch)."""
    v = _value(v)
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    out = f"{v:.{decimals}f}" if decimals is not None else f"{v:g}"
    return out.replace(".", ",") if lang == "nl" else out


def _value(v: Any) -> Value:
    """A table cell as a plain parameter value (numpy scalars to Python)."""
    return v.item() if hasattr(v, "item") else v
