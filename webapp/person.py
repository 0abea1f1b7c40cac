"""One simulated person's months: the same person under the baseline and under a scenario.

Persons are keyed by a stable id (permit month, rank), and their traits and chance come from
keyed random streams, so person ``i`` of replication 1 is the same person in every scenario
of one municipality: the timelines differ only by policy. :func:`person_runs` runs replication
1 with ``keep_paths`` (cached): the run keeps every person's monthly history and their traits
at the permit (``RunResult.paths``), so the page reads them from the run it shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from sim.households import HOUSEHOLD_TYPES
from sim.outcomes import RunResult, person_path
from sim.population import ORIGIN_LABELS
from sim.runner import replication_seed
from sim.scenarios import from_toml_text
from sim.states import State
from webapp.charts import AnyChart, Data
from webapp.i18n import GROUP_NAMES, STATE_NAMES, name_of, tr
from webapp.runs import run_kept

NAME_PX = 320  # label room for a scenario name (at most 40 characters) or a state; Vega cut them at ~100 px
STATE_COLORS = {
    "WAITING": "#bdbdbd",
    "COURSE": "#9ecae1",
    "DUAL": "#3182bd",
    "EDUCATION": "#9e9ac8",
    "SEARCHING": "#fdae6b",
    "VOLUNTEER": "#fdd0a2",
    "JOB_PART": "#74c476",
    "JOB_FULL": "#238b45",
    "HEALTH_INACTIVE": "#e6550d",
}


@dataclass(frozen=True)
class People:
    """Everyone of one run with ``keep_paths``: histories and traits (``result.paths``)."""

    result: RunResult

    def column(self, name: str) -> np.ndarray:
        """A per-person array of the run's paths (``entry``, ``origin``, ``male``, ``age0``, ...)."""
        return np.asarray(self.result.paths[name]) if self.result.paths else np.zeros(0)


@st.cache_resource(max_entries=32, show_spinner=False)
def person_runs(toml_text: str, scenario_hash: str, seed: int, theta_json: str) -> People:
    """Replication 1 of a scenario with every person's path and traits (cached by content).

    Run on the server's process pool once it is warm (:func:`webapp.runs.run_kept`). Cached
    whole and shared by all sessions, without a copy per rerun (``st.cache_data`` unpickled
    ~0.8 MB a hit); the paths are read-only, so no page code can change another session's person.
    """
    scenario = from_toml_text(toml_text, "s", "<app>")
    theta = json.loads(theta_json)
    result = run_kept((scenario, replication_seed(seed, 0), 0, theta))
    for arr in (result.paths or {}).values():
        if isinstance(arr, np.ndarray):
            arr.flags.writeable = False
    return People(result)


def eligible(people: People, horizon: int, min_months: int = 48) -> np.ndarray:
    """Indices of persons followed for at least ``min_months`` (so their story has a middle)."""
    return np.flatnonzero(people.column("entry") <= horizon - min_months)


def traits_text(people: People, i: int, lang: str) -> str:
    """One sentence on who the person is (traits at the permit, from the run)."""
    return tr(
        "person_traits",
        lang,
        sex=tr("male" if people.column("male")[i] else "female", lang),
        age=int(people.column("age0")[i]),
        origin=name_of(GROUP_NAMES, "origin=" + ORIGIN_LABELS[int(people.column("origin")[i])], lang),
        edu=tr(f"edu_{int(people.column('edu')[i])}", lang),
        burden=tr("burden", lang) if people.column("burden")[i] else "",
        entry=int(people.column("entry")[i]),
    )


def household_text(people: People, i: int, lang: str) -> str:
    """One sentence on the person's household: its type, the children, how the partner came."""
    kind = HOUSEHOLD_TYPES[int(people.column("hh_type")[i])]
    q = int(people.column("partner")[i])
    kids = int(people.column("children")[i]) + (int(people.column("children")[q]) if q >= 0 else 0)
    text = tr("household_line", lang, kind=tr(f"hh_{kind}", lang))
    text += tr("household_kids", lang, kids=kids) if kids else ""
    text += ";"
    role = ("principal", "together", "nareiziger")[int(people.column("role")[i])]
    text += " " + tr(f"role_{role}", lang) + "."
    if q >= 0:
        entry = people.column("entry")
        text += " " + tr("partner_line", lang, q=q, month=int(entry[q]), offset=int(entry[q]) - int(entry[i]))
    return text


def partner_segments(people: People, i: int, label: str, lang: str) -> pd.DataFrame | None:
    """The partner's states on the person's axis (months since the person's permit), or None."""
    q = int(people.column("partner")[i])
    if q < 0:
        return None
    segs = segments(person_path(people.result, q), label, lang)
    shift = int(people.column("entry")[q]) - int(people.column("entry")[i])
    segs = segs.assign(start=segs["start"] + shift, end=segs["end"] + shift)
    return segs[segs["end"] > 0].assign(start=lambda d: d["start"].clip(lower=0))  # from the person's permit on


def segments(path: pd.DataFrame, label: str, lang: str) -> pd.DataFrame:
    """Runs of equal state in a person's path: scenario, state, start, end (months since permit)."""
    state = path["state"].to_numpy()
    welfare = path["on_welfare"].to_numpy()
    change = np.flatnonzero((state[1:] != state[:-1]) | (welfare[1:] != welfare[:-1])) + 1
    starts = np.r_[0, change]
    ends = np.r_[change, len(state)]
    return pd.DataFrame(
        {
            "scenario": label,
            "code": state[starts],
            "state": [name_of(STATE_NAMES, s, lang) for s in state[starts]],
            "welfare": welfare[starts],
            "start": starts,
            "end": ends,
        }
    )


def timeline_shape(data: Data, order: list[str], lang: str) -> AnyChart:
    """Coloured bars of states over months since permit, one row per scenario.

    ``data`` is a frame, or a named dataset (:func:`webapp.charts.data_chart`).
    """
    codes = [s.name for s in State]
    scale = alt.Scale(domain=[name_of(STATE_NAMES, c, lang) for c in codes], range=[STATE_COLORS[c] for c in codes])
    return (
        alt.Chart(data)
        .mark_bar(height=28)
        .encode(
            x=alt.X("start:Q", title=tr("months_since_permit", lang)),
            x2="end:Q",
            y=alt.Y("scenario:N", title=None, sort=order, axis=alt.Axis(labelLimit=NAME_PX)),
            color=alt.Color(
                "state:N", title=None, scale=scale, legend=alt.Legend(orient="bottom", columns=5, labelLimit=NAME_PX)
            ),
            tooltip=["scenario:N", "state:N", "start:Q", "end:Q", "welfare:N"],  # typed: data may be a named dataset
        )
        .properties(width=760, height=alt.Step(40))
    )


def language_frame(paths: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The language chart's rows: scenario, months since permit, language level (0-4)."""
    df = pd.concat([p.assign(scenario=name) for name, p in paths.items()], ignore_index=True)
    return df[["scenario", "months_since_permit", "language"]]


def language_shape(data: Data, order: list[str], lang: str) -> AnyChart:
    """Language level over months since permit, one line per scenario (``data``: a frame, or a named dataset)."""
    axis = alt.Axis(values=[0, 1, 2, 3, 4], labelExpr="['0', 'A1', 'A2', 'B1', 'B2'][datum.value]")
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("months_since_permit:Q", title=tr("months_since_permit", lang)),
            y=alt.Y("language:Q", title=tr("language_level", lang), scale=alt.Scale(domain=[0, 4]), axis=axis),
            color=alt.Color("scenario:N", title=None, sort=order, legend=alt.Legend(orient="top", labelLimit=NAME_PX)),
            strokeDash=alt.StrokeDash("scenario:N", sort=order, legend=None),
        )
        .properties(width=760, height=180)
    )


def story(segs: pd.DataFrame, lang: str) -> list[str]:
    """The timeline in words, one line per period."""
    lines = []
    for start, end, state, welfare in zip(segs["start"], segs["end"], segs["state"], segs["welfare"], strict=True):
        text = tr("story_line", lang, a=int(start), b=int(end) - 1, state=state)
        lines.append(text + (tr("story_welfare", lang) if welfare else ""))
    return lines


def path_of(people: People, i: int) -> pd.DataFrame:
    """The person's month-by-month path (``sim.outcomes.person_path``)."""
    return person_path(people.result, i)
