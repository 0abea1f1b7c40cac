"""The app's state in the URL: a copied link reopens the same comparison.

The state round-trips through the URL query parameters::

    ?lang=en&seed=1&reps=20&unc=posterior&mix=2021&m=context.inflow_per_year:200
     &s0=baseline&n0=Basis&s1=funding_ends&n1=Geld+stopt&p1=funding.end_month:48&edit=1&y0=2027&cum=1

``unc`` is ``posterior`` (each replication draws its uncertain parameters from the calibration,
the same draws in every scenario) or ``point`` (the posterior mean for all). ``m`` holds the
shared municipality and advanced settings, ``sK``/``nK``/``pK``/``cK``/``dK`` the shipped file,
name, lever settings and (uploads only) dated changes ``month|key:val;key:val~month|...`` and
description of slot K (0 = baseline); ``y0`` the calendar year of the first simulated month (budget-year labels),
``cum=1`` money shown cumulative, ``post`` the calibration the runs draw from when it is not the
shipped one: a posterior folder under ``out/`` by its safe name (:mod:`webapp.posteriors`), used
only when it is one of the folders the page offers.

Reading a link is strict, because a link may only produce a state the page's controls can
produce (issue #9). Numbers are ASCII digits (``str.isdigit`` accepts ``'²'``, which ``int``
refuses); a value outside its control's range is held to it (:mod:`webapp.limits`; an uploaded
scenario keeps what the scenario layer allows, as its upload did); a key the controls cannot set
in that place is dropped (slot edits: levers, or any parameter for an uploaded scenario; ``m``:
the municipality and advanced settings; dated changes: uploaded scenarios only); names are
cleaned and made unique; each scenario is built once and a part the scenario layer refuses is
dropped. Every such change comes with a message naming the part, the value and what is
allowed. The work a state asks for is checked when the page runs
(:func:`webapp.limits.refusal`). No value is ever used as a file path: ``sK`` must name a
shipped scenario of :func:`sim.scenarios.list_scenarios`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sim.errors import ScenarioError
from sim.params import Value, load_specs
from sim.scenarios import MAX_MONTH, list_scenarios, validate_set
from webapp import limits, posteriors, scenario_text, urltext
from webapp import paramtext as pt
from webapp.i18n import LANGS, SCENARIO_NAMES, name_of
from webapp.state import (
    DEFAULT_MIX,
    DEFAULT_REPS,
    DEFAULT_SEED,
    MAX_SLOTS,
    ORIGIN_MIX,
    REPS_CHOICES,
    START_YEARS,
    UNC_MODES,
    UPLOAD,
    AppState,
    Changes,
    Slot,
    build_scenario,
    clean_name,
    clean_text,
    default_state,
    unique_name,
)
from webapp.urltext import Said, say

_UINT = re.compile(r"[0-9]{1,12}")
_INT = re.compile(r"-?[0-9]{1,15}")
_FLOAT = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,17})?([eE][-+]?[0-9]{1,3})?")
# Query parameters Streamlit itself reads; every other unknown one is reported.
STREAMLIT_PARAMS = ("embed", "embed_options")


def ascii_uint(text: str | None) -> int | None:
    """A whole number written in ASCII digits only (at most 12), else None."""
    return int(text) if text is not None and _UINT.fullmatch(text) else None


def parse_value(text: str) -> Any:
    """A URL value: ``true``/``false``, an ASCII integer or decimal, else the text (refused later)."""
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def _fmt(v: Value) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v)


def encode_values(values: dict[str, Value]) -> str:
    """``{key: value}`` as ``key:value;key:value``."""
    return ";".join(f"{k}:{_fmt(v)}" for k, v in sorted(values.items()))


def decode_values(text: str, where: str, errors: list[str]) -> dict[str, Value]:
    """Parse and validate ``key:value;...``; a bad or repeated item is dropped and reported.

    Args:
        text: The URL part.
        where: Its name (``m``, ``p1``, ...), for messages.
        errors: Messages are appended here.
    """
    out: dict[str, Value] = {}
    for item in filter(None, text.split(";")):
        key, sep, val = item.partition(":")
        if not sep:
            errors.append(say("not_kv", where=where, item=item))
        elif key in out:
            errors.append(say("twice", where=where, key=key))
        else:
            try:
                out.update(validate_set({key: parse_value(val)}, where))
            except ScenarioError as exc:
                errors.append(_refused(where, key, parse_value(val), exc))
    return out


def encode_changes(changes: Changes) -> str:
    """Dated changes as ``month|key:val;key:val`` joined by ``~``."""
    return "~".join(f"{m}|{encode_values(v)}" for m, v in changes)


def decode_changes(text: str, where: str, errors: list[str]) -> Changes:
    """Parse dated changes written by :func:`encode_changes`; a malformed one is dropped and reported."""
    out = []
    for part in text.split("~") if text else ():
        if not part:
            errors.append(say("empty_change", where=where))
            continue
        month_text, _, vals = part.partition("|")
        month = ascii_uint(month_text)
        if month is None or month > MAX_MONTH:
            errors.append(say("bad_month", where=where, text=month_text[:60], top=MAX_MONTH))
            continue
        values = decode_values(vals, where, errors)
        if values:
            out.append((month, values))
        else:
            errors.append(say("month_empty", where=where, month=month))
    return tuple(sorted(out, key=lambda mv: mv[0]))


def to_query(state: AppState) -> dict[str, str]:
    """The state as URL query parameters (language, seed, replications, uncertainty and the slots; the rest if set)."""
    q: dict[str, str] = {"lang": state.lang, "seed": str(state.seed), "reps": str(state.reps)}
    q["unc"] = state.uncertainty  # always written: a shared link keeps its meaning if the default changes
    if state.mix != DEFAULT_MIX:
        q["mix"] = state.mix
    if state.shared:
        q["m"] = encode_values(state.shared)
    q["edit"] = str(state.edit)
    q["y0"] = str(state.start_year)
    if state.cumulative:
        q["cum"] = "1"
    if state.posterior != posteriors.SHIPPED:
        q["post"] = state.posterior
    for i, slot in enumerate(state.slots):
        q[f"s{i}"], q[f"n{i}"] = slot.base, slot.name
        if slot.edits:
            q[f"p{i}"] = encode_values(slot.edits)
        if slot.changes:
            q[f"c{i}"] = encode_changes(slot.changes)
        if slot.description:
            q[f"d{i}"] = slot.description
    return q


def from_query(q: dict[str, str]) -> tuple[AppState, list[str]]:
    """Read a state from URL query parameters; what the controls could not set is adjusted or dropped, and reported.

    Args:
        q: Query parameters (``st.query_params.to_dict()``).

    Returns:
        The state (always one the page's controls can produce) and the messages about the URL.
    """
    errors: list[str] = []
    lang = _choice(q.get("lang"), LANGS, errors, "lang")
    if "s0" not in q:
        ignored = sorted(set(q) - {"lang", *STREAMLIT_PARAMS})
        if ignored:
            listed = ", ".join(ignored)[:200]
            errors.append(say("no_s0", listed=listed))
        return default_state(lang), errors
    _unknown_params(q, errors)
    state = AppState(lang=lang, seed=_int(q.get("seed"), DEFAULT_SEED, errors, "seed", 0, 2**32 - 1))
    state.reps = _reps(q.get("reps"), errors)
    state.uncertainty = _choice(q.get("unc"), UNC_MODES, errors, "unc")
    state.mix = _choice(q.get("mix"), (DEFAULT_MIX, *(m for m in ORIGIN_MIX if m != DEFAULT_MIX)), errors, "mix")
    state.shared = _shared(q.get("m", ""), errors)
    for i in range(MAX_SLOTS):
        if f"s{i}" in q:
            state.slots.append(_slot(q, i, errors, lang))
        else:
            errors += [say("no_slot", part=f"{p}{i}", i=i) for p in "npcd" if f"{p}{i}" in q]
    _unique_names(state, errors)
    state.edit = _int(q.get("edit"), min(1, len(state.slots) - 1), errors, "edit", 0, len(state.slots) - 1)
    state.start_year = _int(q.get("y0"), state.start_year, errors, "y0", *START_YEARS)
    state.cumulative = _choice(q.get("cum"), ("0", "1"), errors, "cum") == "1"
    state.posterior = _posterior(q.get("post"), errors)
    for slot in state.slots:
        _check_builds(state, slot, errors)
    return state, errors


def _slot_params() -> list[str]:
    return [f"{p}{i}" for i in range(MAX_SLOTS) for p in "snpcd"] + ["m", "edit"]


def _unknown_params(q: dict[str, str], errors: list[str]) -> None:
    known = {"lang", "seed", "reps", "unc", "mix", "y0", "cum", "post", *_slot_params(), *STREAMLIT_PARAMS}
    for key in sorted(set(q) - known):
        errors.append(say("unknown_param", key=key[:40], n=MAX_SLOTS, last=MAX_SLOTS - 1))


def _shared(text: str, errors: list[str]) -> dict[str, Value]:
    """The shared settings: municipality and advanced keys only, held to their controls' ranges."""
    allowed = set(pt.municipality_keys()) | set(pt.advanced_keys())
    values = decode_values(text, "m", errors)
    for key in [k for k in values if k not in allowed]:
        errors.append(say("not_shared", key=key))
        del values[key]
    return _held(values, "m", errors)


def _held(values: dict[str, Value], where: str, errors: list[str]) -> dict[str, Value]:
    """Values held to their controls' ranges (each change reported)."""
    out = {}
    for key, value in values.items():
        out[key] = held = limits.clamp(key, value)
        if held != value:
            errors.append(_held_message(where, key, value, held))
    return out


def _slot(q: dict[str, str], i: int, errors: list[str], lang: str) -> Slot:
    base = q[f"s{i}"]
    if base not in (*list_scenarios(), UPLOAD) or (i == 0 and base == UPLOAD):
        errors.append(say("unknown_scenario", i=i, base=base[:60], names=", ".join(list_scenarios())))
        base = "baseline"
    raw_name = q.get(f"n{i}")
    if raw_name is None:  # a link without names (typed by hand): the scenario's own name, as the page names it
        raw_name = name_of(SCENARIO_NAMES, base, lang) if base != UPLOAD else f"S{i}"
    slot = Slot(name=clean_name(raw_name, f"S{i}"), base=base)
    if slot.name != raw_name:
        errors.append(say("name_shown", i=i, raw=raw_name[:60], name=slot.name))
    slot.edits = decode_values(q.get(f"p{i}", ""), f"p{i}", errors)
    changes = decode_changes(q.get(f"c{i}", ""), f"c{i}", errors)
    description = q.get(f"d{i}", "")
    if base == UPLOAD:  # a file may set any allowed value of any parameter, dated changes and a description
        slot.changes, slot.description = changes, clean_text(description)
        if slot.description != description:
            errors.append(say("desc_shown", i=i, text=slot.description[:60]))
        return slot
    if description:
        errors.append(say("desc_upload_only", i=i))
    levers = {k for k, s in load_specs().items() if s.kind == "lever"}
    for key in [k for k in slot.edits if k not in levers]:
        errors.append(say("not_lever", i=i, key=key))
        del slot.edits[key]
    slot.edits = _held(slot.edits, f"p{i}", errors)
    if changes:
        errors.append(say("changes_upload_only", i=i))
    return slot


def _unique_names(state: AppState, errors: list[str]) -> None:
    taken: set[str] = set()
    for i, slot in enumerate(state.slots):
        name = unique_name(slot.name, taken)
        if name != slot.name:
            errors.append(say("name_taken", i=i, name=slot.name, new=name))
            slot.name = name
        taken.add(name)


def _check_builds(state: AppState, slot: Slot, errors: list[str]) -> None:
    """Build the slot's scenario; drop its dated changes, else its edits, when that is what the scenario layer refuses.

    When the shared settings themselves do not fit together (say age shares over 1, which the
    advanced sliders can set), nothing is dropped: the page says so when it runs.
    """
    try:
        build_scenario(state, slot)
        return
    except ScenarioError as exc:
        refused = exc
    for part, trial in (("changes", replace(slot, changes=())), ("edits", replace(slot, edits={}))):
        try:
            build_scenario(state, trial)
        except ScenarioError:
            continue
        errors.append(scenario_text.said_with(f"dropped_{part}", refused, name=slot.name))
        slot.changes, slot.edits = trial.changes, trial.edits
        return


def _posterior(text: str | None, errors: list[str]) -> str:
    """A posterior folder the page offers, by its safe name; reported and the shipped one otherwise."""
    if text is None or text == posteriors.SHIPPED:
        return posteriors.SHIPPED
    if posteriors.safe(text) and posteriors.csv_path(text) is not None:
        return text
    errors.append(say("bad_post", text=text[:60]))
    return posteriors.SHIPPED


def _choice(text: str | None, allowed: tuple[str, ...], errors: list[str], what: str) -> str:
    """One of ``allowed`` (the first when absent; reported and the first when not allowed)."""
    if text is None or text in allowed:
        return text or allowed[0]
    errors.append(say("not_one_of", what=what, text=text[:60], allowed=", ".join(allowed), used=allowed[0]))
    return allowed[0]


def _int(text: str | None, default: int, errors: list[str], what: str, lo: int, hi: int) -> int:
    """A whole number in ``lo..hi`` written in ASCII digits; reported and ``default`` otherwise."""
    if text is None:
        return default
    got = ascii_uint(text)
    if got is None or not lo <= got <= hi:
        errors.append(say("not_whole", what=what, text=text[:60], lo=lo, hi=hi, used=default))
        return default
    return got


def _reps(text: str | None, errors: list[str]) -> int:
    """Replications: one of the slider's choices (else the nearest one, or the default for a non-number; reported)."""
    if text is None:
        return DEFAULT_REPS
    got = ascii_uint(text)
    if got in REPS_CHOICES:
        return got
    near = DEFAULT_REPS if got is None else min(REPS_CHOICES, key=lambda c: (abs(c - got), c))
    errors.append(say("reps", text=text[:60], choices=", ".join(map(str, REPS_CHOICES)), near=near))
    return near


def _refused(where: str, key: str, value: Value | str, exc: ScenarioError) -> Said:
    """A value the scenario layer refuses (its English message; the Dutch names the label and the range).

    A key that was replaced (an old link, :data:`sim.renamed.RENAMED`) names its successor in both
    languages, from the refusal's own code (:func:`webapp.scenario_text.explain`).
    """
    message = str(exc)
    if exc.code == "renamed_parameter":
        return Said(message, scenario_text.explain(exc, "nl"))
    if key not in load_specs():
        return say("unknown_key", where=where, key=key[:60], message=message)
    shown = urltext.value_text(value if not isinstance(value, str) else value[:60])
    return say(
        "refused_value",
        where=where,
        name=urltext.label_nl(key),
        value=shown,
        allowed=urltext.spec_allowed_nl(key),
        message=message,
    )


def _held_message(where: str, key: str, value: Value, held: Value) -> Said:
    """A value held to its control's range: the English names the key, the Dutch the label too."""
    nl, en = urltext.URL_TEXT["held"]
    en = en.format(where=where, key=key, value=value, allowed=limits.allowed_text(key), held=held)
    nl = nl.format(
        where=where,
        name=urltext.label_nl(key),
        value=urltext.value_text(value),
        allowed=urltext.allowed_nl(key),
        held=urltext.value_text(held),
    )
    return Said(en, nl)
