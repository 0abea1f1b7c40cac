"""Widgets: the sidebar (language, municipality, levers of one scenario, advanced) and the slot bar.

The canonical settings live in one :class:`~webapp.state.AppState` in ``st.session_state``.
Each widget gets the state's current value as its *default* (``value=`` / ``index=``) and
writes what it returns back; keys carry the slot's id (and the language for names), so a
replaced scenario or a language switch shows fresh widgets. Widgets are not seeded once through
``st.session_state``: Streamlit sends such a value to the browser once, and a widget the
browser draws later falls back to its default -- which, without ``value=``, is the slider's
minimum or the first option, and the next upload or click then sent those values back for
every setting (the lost-state bug of November 2026). The radio of the edited scenario, which
callbacks move (add, upload, new source), is instead set through ``st.session_state`` on
every run, so the browser gets its value each time. Structural
changes (add, remove, replace a scenario, upload) run as callbacks before the page is drawn.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from sim.errors import ScenarioError
from sim.params import ParamSpec, Value, load_specs
from sim.scenarios import list_scenarios
from webapp import choices, describe, limits, posteriors
from webapp import paramtext as pt
from webapp.export import read_upload
from webapp.i18n import LANGS, SCENARIO_NAMES, name_of, tr
from webapp.state import (
    MAX_SLOTS,
    ORIGIN_MIX,
    REPS_CHOICES,
    UNC_MODES,
    UPLOAD,
    AppState,
    Slot,
    base_scenario,
    clean_name,
    replace_slot,
    slot_from_upload,
    unique_name,
)

KEY = "wp"
TAB_AT_SWITCH = "tab_at_switch"  # (language, label of the open tab) when the language was last switched


def app_state() -> AppState:
    """The session's state object."""
    state: AppState = st.session_state[KEY]
    return state


def _current(key: str, value: Any) -> Any:
    """The widget's value as of this run (the browser's latest), else the state's value.

    Used as the widget's default, so the default always equals what the widget shows.
    """
    return st.session_state.get(key, value)


def _clean(spec: ParamSpec, value: Any) -> Value:
    if isinstance(spec.default, bool):
        return bool(value)
    if isinstance(spec.default, int):
        return int(round(float(value)))
    return float(round(float(value), 6))


def param_widget(spec: ParamSpec, value: Value, key: str, lang: str, disabled: bool = False) -> Value:
    """One control for a parameter (toggle, choice, month picker or slider) with its help text.

    Args:
        spec: The parameter.
        value: Current value (seeds the widget the first time).
        key: Widget key.
        lang: Language.
        disabled: Show but do not allow changes.

    Returns:
        The control's value in the parameter's type.
    """
    label, help_ = pt.label(spec, lang), pt.help_text(spec, lang)
    if spec.key == "funding.end_month":
        return _month_picker(spec, value, key, lang, help_)
    value = _current(key, value)
    if isinstance(spec.default, bool):
        return bool(st.toggle(label, bool(value), key=key, help=help_, disabled=disabled))
    if spec.choices is not None:
        index = list(spec.choices).index(int(value))
        return int(st.radio(label, spec.choices, index, key=key, help=help_, horizontal=True, disabled=disabled))
    if spec.key in pt.NUMBER_INPUTS and spec.range is not None:  # any whole number, e.g. an inflow of 25
        lo_n, hi_n = int(spec.range[0]), int(spec.range[1])
        got_n = st.number_input(label, lo_n, hi_n, int(value), step=1, key=key, help=help_, disabled=disabled)
        return _clean(spec, got_n)
    lo, hi, step = pt.ui_range(spec, float(value))
    start = int(value) if isinstance(spec.default, int) else float(value)
    fmt = slider_format(spec, step)
    got = st.slider(label, lo, hi, start, step=step, key=key, help=help_, disabled=disabled, format=fmt)
    return _clean(spec, got)


def slider_format(spec: ParamSpec, step: float) -> str:
    """How a slider shows its value: a share as a percentage, else as many decimals as the step has.

    Streamlit's default shows every decimal slider with two decimals and a decimal point
    ('8.00' fte, '0.30' for 30%); a share reads as '30%' in both languages, a whole step without
    decimals ('8'), a half step with one ('4.5').
    """
    if spec.unit == "fraction":
        return "percent"
    if isinstance(spec.default, int):
        return "%d"
    decimals = next((d for d in range(4) if abs(round(step, d) - step) < 1e-9), 3)
    return f"%.{decimals}f"


def _month_picker(spec: ParamSpec, value: Value, key: str, lang: str, help_: str) -> Value:
    """'Funding ends in month X': a toggle and, when on, a month slider (999 = never).

    The month is shown as set, whatever the horizon (a month past the horizon: the money never
    stops within the run); the URL and uploads hold it to the slider's range (:mod:`webapp.limits`).
    """
    stops = _current(key + ".on", int(value) < limits.NEVER)
    if not st.toggle(tr("funding_stops", lang), stops, key=key + ".on", help=help_):
        return limits.NEVER
    lo, hi = limits.FUNDING_MONTHS
    month = _current(key + ".m", int(value) if int(value) < limits.NEVER else 36)
    return int(st.slider(tr("funding_month", lang), lo, max(hi, month), month, step=1, key=key + ".m", help=help_))


# ----------------------------------------------------------------------------- sidebar


def language_switch(state: AppState) -> None:
    """Dutch / English radio at the top of the sidebar."""
    state.lang = st.radio(
        "Taal / Language",
        LANGS,
        LANGS.index(_current("lang", state.lang)),
        key="lang",
        horizontal=True,
        format_func=lambda x: {"nl": "Nederlands"}.get(x, "English"),
        on_change=_on_lang_change,
    )


def _on_lang_change() -> None:
    """Translate scenario names the user has not changed (the shipped file's own name); note the open tab."""
    state = app_state()
    new = st.session_state["lang"]
    if not choices.member(new, LANGS):
        return
    st.session_state[TAB_AT_SWITCH] = (state.lang, st.session_state.get("tab"))
    for slot in state.slots:
        if slot.name == name_of(SCENARIO_NAMES, slot.base, state.lang):
            slot.name = name_of(SCENARIO_NAMES, slot.base, new)
    state.lang = new


def _shared_widget(state: AppState, key: str, disabled: bool = False) -> None:
    spec = load_specs()[key]
    value = state.shared.get(key, spec.default)
    got = param_widget(spec, value, f"sh.{key}", state.lang, disabled)
    if got == spec.default:
        state.shared.pop(key, None)
    else:
        state.shared[key] = got


def municipality(state: AppState) -> None:
    """Inflow, the region's tightness, vacancies and status holders, wait for housing, origin mix (shared)."""
    st.subheader(tr("municipality", state.lang))
    for key in pt.municipality_keys():
        _shared_widget(state, key)
    src = ORIGIN_MIX[choices.current(choices.widget_key("mix", state.lang), list(ORIGIN_MIX), state.mix)].source
    state.mix = choices.choice(
        st.selectbox,
        tr("origin_mix", state.lang),
        list(ORIGIN_MIX),
        "mix",
        state.lang,
        lambda m: ORIGIN_MIX[m].label(state.lang),
        state.mix,
        help=tr("origin_mix_help", state.lang, src=src),
    )


def lever_controls(state: AppState) -> None:
    """Pick the scenario to set, then its levers grouped as in the issue (guidance ... funding)."""
    lang = state.lang
    st.subheader(tr("levers", lang))
    state.edit = min(state.edit, len(state.slots) - 1)
    st.session_state["edit_slot"] = state.edit
    picked = st.radio(
        tr("edit_slot", lang),
        range(len(state.slots)),
        key="edit_slot",
        format_func=[s.name for s in state.slots].__getitem__,  # the names as drawn now
        help=tr("edit_slot_help", lang),
        on_change=_on_edit_change,
    )
    state.edit = int(picked) if choices.member(picked, range(len(state.slots))) else state.edit
    slot = state.slots[state.edit]
    base = base_scenario(slot).params()
    specs = load_specs()
    for i, group in enumerate(pt.lever_groups()):
        with st.expander(pt.group_label(group, lang), expanded=i == 0):
            for key in pt.lever_keys(group):
                value = slot.edits.get(key, base[key])
                got = param_widget(specs[key], value, f"lv.{slot.uid}.{key}", lang)
                _store_edit(slot, key, got, base[key])
                if key in describe.PER_INFLOW:  # per 100 housed a year: the amount at this municipality's inflow
                    inflow = float(state.shared.get("context.inflow_per_year", base["context.inflow_per_year"]))
                    st.caption("= " + describe.amount_text(key, got, inflow, lang))
    _slot_notes(state, slot, base)


def _on_edit_change() -> None:
    state = app_state()
    got = st.session_state.get("edit_slot")
    if isinstance(got, int) and choices.member(got, range(len(state.slots))):
        state.edit = got


def _store_edit(slot: Slot, key: str, got: Value, base_value: Value) -> None:
    if got == base_value:
        slot.edits.pop(key, None)
    else:
        slot.edits[key] = got


def _slot_notes(state: AppState, slot: Slot, base: dict[str, Value]) -> None:
    lang = state.lang
    levers = {k for k, s in load_specs().items() if s.kind == "lever"}
    other = {k: v for k, v in {**base_scenario(slot).overrides, **slot.edits}.items() if k not in levers}
    if other:
        st.caption(tr("scenario_sets", lang, items=describe.settings_text(other, lang)))
    changes = (*base_scenario(slot).changes, *slot.changes)
    if changes:
        st.caption(tr("dated_changes", lang, items=" · ".join(describe.dated_lines(changes, lang))))
    n_lever_edits = sum(1 for k in slot.edits if k in levers)
    if n_lever_edits and slot.base != UPLOAD:
        st.caption(tr("changed_n", lang, n=n_lever_edits))
        st.button(tr("reset_slot", lang), key=f"reset.{slot.uid}", on_click=_reset_slot, args=(state.edit,))


def _reset_slot(index: int) -> None:
    state = app_state()
    old = state.slots[index]
    replace_slot(state, index, Slot(old.name, base=old.base))


def advanced(state: AppState, posterior: bool) -> None:
    """Replications, seed, parameter uncertainty and the uncertain and cost parameters (collapsed)."""
    lang = state.lang
    with st.expander(tr("advanced", lang)):
        reps = _current("reps", state.reps if state.reps in REPS_CHOICES else 20)
        state.reps = st.select_slider(tr("reps", lang), REPS_CHOICES, reps, key="reps", help=tr("reps_help", lang))
        seed = _current("seed", state.seed)
        got = st.number_input(tr("seed", lang), 0, 2**32 - 1, seed, step=1, key="seed", help=tr("seed_help", lang))
        state.seed = int(got)
        state.uncertainty = choices.choice(
            st.radio,
            tr("uncertainty", lang),
            UNC_MODES,
            "unc",
            lang,
            lambda m: tr(f"unc_{m}", lang),
            state.uncertainty,
            help=tr("unc_help", lang),
        )
        posterior_choice(state)
        st.caption(tr("unc_overrides" if posterior else "unc_missing", lang))
        st.caption(tr("advanced_note", lang))
        if not st.toggle(tr("show_params", lang, n=len(pt.advanced_keys())), key="show_params"):
            return
        for key in pt.advanced_keys():
            _shared_widget(state, key)


def posterior_choice(state: AppState) -> None:
    """The calibration the runs draw from: the shipped one or a posterior folder under ``out/``."""
    lang = state.lang
    options = posteriors.available()
    if state.posterior not in options:
        state.posterior = posteriors.SHIPPED
    state.posterior = choices.choice(
        st.selectbox,
        tr("post_choice", lang),
        options,
        "post",
        lang,
        lambda n: tr("post_shipped", lang) if n == posteriors.SHIPPED else posteriors.describe(n),
        state.posterior,
        help=tr("post_help", lang),
    )


# ----------------------------------------------------------------------------- slot bar


def slot_bar(state: AppState) -> None:
    """The scenarios side by side: name, starting file, remove; and 'add scenario'."""
    lang = state.lang
    cols = st.columns(MAX_SLOTS)
    for i, slot in enumerate(state.slots):
        with cols[i], st.container(border=True):
            _slot_editor(state, i, slot)
    if len(state.slots) < MAX_SLOTS:
        with cols[len(state.slots)]:
            st.button(tr("add_scenario", lang), key="add", on_click=_add_slot)


def _slot_editor(state: AppState, i: int, slot: Slot) -> None:
    lang = state.lang
    label = tr("slot_name", lang)
    # The language is part of the key: a switch shows the translated name of an untouched scenario.
    key = f"name.{slot.uid}.{lang}"
    name = clean_name(st.text_input(label, _current(key, slot.name), key=key, max_chars=40), "")
    if name and name not in [s.name for s in state.slots if s is not slot]:
        slot.name = name
    options = [*list_scenarios(), *([UPLOAD] if slot.base == UPLOAD else [])]
    choices.choice(
        st.selectbox,
        tr("slot_source", lang),
        options,
        f"base.{slot.uid}",
        lang,
        lambda b: tr("uploaded", lang) if b == UPLOAD else name_of(SCENARIO_NAMES, b, lang),
        slot.base,
        help=tr("slot_source_help", lang),
        on_change=_on_base_change,
        args=(i, choices.widget_key(f"base.{slot.uid}", lang)),
    )
    if i > 0:
        st.button(tr("remove", lang), key=f"rm.{slot.uid}", on_click=_remove_slot, args=(i,))


def _unique(state: AppState, name: str, skip: int | None = None) -> str:
    """``name`` (cleaned), or with a number added when another slot (not ``skip``) has it."""
    return unique_name(clean_name(name), {s.name for i, s in enumerate(state.slots) if i != skip})


def _on_base_change(index: int, key: str) -> None:
    state = app_state()
    new_base = str(st.session_state.get(key))
    if index >= len(state.slots) or new_base not in list_scenarios():
        return  # not a shipped file (a stale label): nothing changes
    state.slots[index] = Slot("", base=new_base)
    state.slots[index].name = _unique(state, name_of(SCENARIO_NAMES, new_base, state.lang))
    state.edit = index


def _add_slot() -> None:
    state = app_state()
    state.slots.append(Slot(_unique(state, tr("scenario_n", state.lang, n=len(state.slots)))))
    state.edit = len(state.slots) - 1


def _remove_slot(index: int) -> None:
    state = app_state()
    del state.slots[index]
    state.edit = min(state.edit, len(state.slots) - 1)


# ----------------------------------------------------------------------------- upload


def handle_upload(state: AppState, data: bytes, filename: str, target: int) -> str | None:
    """Validate an uploaded scenario and put it in a slot; on any error change nothing.

    Args:
        state: The app state.
        data: The file's bytes.
        filename: Its name (used only as a label, never as a path).
        target: Slot index to replace, or ``len(state.slots)`` for a new slot.

    Returns:
        None on success, else the error message to show.
    """
    target = max(1, min(target, len(state.slots)))  # never the baseline; past the end: a new slot
    if target >= MAX_SLOTS:
        return tr("upload_bad", state.lang, msg=tr("upload_full", state.lang))
    try:
        scenario = read_upload(data, filename)
    except ScenarioError as exc:
        return tr("upload_bad", state.lang, msg=str(exc))
    name = clean_name(scenario.title, scenario.name) if scenario.title else scenario.name  # the file's title
    replace_slot(state, target, slot_from_upload(scenario, _unique(state, name, skip=target)))
    state.edit = target
    return None


def upload_section(state: AppState) -> None:
    """File uploader with the slot to load into; shows a clear error for a bad file."""
    lang = state.lang
    st.subheader(tr("upload_title", lang))
    targets = list(range(1, min(len(state.slots) + 1, MAX_SLOTS)))
    target = choices.choice(
        st.selectbox,
        tr("upload_target", lang),
        targets,
        "upload_target",
        lang,
        [*(s.name for s in state.slots), tr("upload_new", lang)].__getitem__,  # the names as drawn now
    )
    st.file_uploader(tr("upload_help", lang), type=["toml"], key="upload", on_change=_on_upload, args=(target,))
    msg = st.session_state.pop("upload_msg", None)
    if msg:
        (st.success if msg[0] == "ok" else st.error)(msg[1])


def _on_upload(target: int) -> None:
    up = st.session_state.get("upload")
    if up is None:
        return
    state = app_state()
    err = handle_upload(state, up.getvalue(), up.name, target)
    ok = tr("upload_ok", state.lang, name=state.slots[min(target, len(state.slots) - 1)].name)
    st.session_state["upload_msg"] = ("error", err) if err else ("ok", ok)
