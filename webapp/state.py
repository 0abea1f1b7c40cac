"""The app's state, its URL form and the scenarios it describes.

Everything a user sets lives in one :class:`AppState`; it round-trips through the URL query
parameters so a copied link reopens the same comparison::

    ?lang=en&seed=1&reps=20&unc=posterior&mix=2021&m=context.inflow_per_year:200
     &s0=baseline&n0=Basis&s1=funding_ends&n1=Geld+stopt&p1=funding.end_month:48&c1=36|key:val
     &y0=2027&cum=1

``unc`` is ``posterior`` (the default: each replication draws its uncertain parameters from the
calibration, the same draws in every scenario) or ``point`` (the posterior mean for all).
``m`` holds the shared municipality and advanced settings, ``sK``/``nK``/``pK``/``cK``/``dK`` the
shipped file, name, slider edits and (for uploads) dated changes and description of slot K
(0 = baseline);
``y0`` the calendar year of the first simulated month (budget-year labels), ``cum=1`` money
shown cumulative.
Values are validated against the parameter specs; a bad value is dropped with a message,
never applied. No value from the URL is ever used as a file path: ``sK`` must name a shipped
scenario from :func:`sim.scenarios.list_scenarios`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from sim.errors import ScenarioError
from sim.params import Value, load_specs
from sim.scenarios import Scenario, from_dict, list_scenarios, load_scenario
from sim.scenarios.mixes import OriginMix, baseline_mix, load_mixes
from webapp.i18n import DEFAULT_LANG, LANGS

MAX_SLOTS = 4
DEFAULT_SEED = 20240101
DEFAULT_REPS = 20
REPS_CHOICES = (5, 10, 20, 40, 80)
UPLOAD = "upload"
UNC_MODES = ("posterior", "point")  # the first is the default (issue #5)
DEFAULT_UNC = UNC_MODES[0]
Changes = tuple[tuple[int, dict[str, Value]], ...]

# Origin mix presets: data files in sim/scenarios/mixes/ (permits granted by nationality in a year).
ORIGIN_MIX: dict[str, OriginMix] = load_mixes()
DEFAULT_MIX = baseline_mix()
_uid = itertools.count(1)
_NAME_BAD = re.compile(r"[^\w \-.,'&+/]")


def clean_name(text: str, fallback: str = "Scenario") -> str:
    """A scenario name safe to show in Markdown and file names' labels: words, spaces, ``-.,'&+/``, max 40."""
    out = " ".join(_NAME_BAD.sub("", text).split())[:40]
    return out or fallback


_TEXT_BAD = re.compile(r"[^\w \-.,;:'\"%+/()€–&]")


def clean_text(text: str) -> str:
    """A description safe to show in Markdown: words, spaces and plain punctuation, at most 400 characters."""
    return " ".join(_TEXT_BAD.sub("", text).split())[:400]


@dataclass
class Slot:
    """One column of the comparison: a shipped (or uploaded) scenario plus the user's slider edits.

    Attributes:
        name: Name the user gives it (shown in charts and tables).
        base: Shipped scenario name, or ``"upload"``.
        edits: Values set on top of the base (slider moves, uploaded ``[set]``).
        changes: Dated changes of an uploaded file (shipped files bring their own).
        description: What an uploaded file says it represents (cleaned, at most 400 characters).
        uid: Identity for widget keys; ``rev`` changes when the base is replaced.
    """

    name: str
    base: str = "baseline"
    edits: dict[str, Value] = field(default_factory=dict)
    changes: Changes = ()
    description: str = ""  # an uploaded file's description (shipped files bring their own)
    uid: int = field(default_factory=lambda: next(_uid))
    rev: int = 0


@dataclass
class AppState:
    """All settings of one comparison (what the URL holds)."""

    lang: str = DEFAULT_LANG
    seed: int = DEFAULT_SEED
    reps: int = DEFAULT_REPS
    uncertainty: str = DEFAULT_UNC
    mix: str = DEFAULT_MIX
    shared: dict[str, Value] = field(default_factory=dict)
    slots: list[Slot] = field(default_factory=list)
    edit: int = 1  # index of the slot the sidebar sliders edit
    start_year: int = field(default_factory=lambda: dt.date.today().year)  # budget year of month 0 (labels only)
    cumulative: bool = False  # money shown summed since the start


def default_state(lang: str = DEFAULT_LANG) -> AppState:
    """The comparison a first visitor sees: the baseline against 'national money stops'."""
    names = {"nl": ("Basis", "Rijksgeld stopt"), "en": ("Baseline", "National money stops")}[lang]
    return AppState(lang=lang, slots=[Slot(names[0]), Slot(names[1], base="funding_ends")])


@lru_cache(maxsize=32)
def shipped(name: str) -> Scenario:
    """A shipped scenario by name, read once per server process (the files do not change while it runs)."""
    return load_scenario(name if name in list_scenarios() else "baseline")


def base_scenario(slot: Slot) -> Scenario:
    """The shipped scenario a slot starts from (the baseline for uploads)."""
    return shipped(slot.base)


def mix_values(mix: str) -> dict[str, Value]:
    """Origin-share overrides of a preset (empty for the baseline mix or an unknown name)."""
    return ORIGIN_MIX[mix].values() if mix in ORIGIN_MIX else {}


def build_scenario(state: AppState, slot: Slot) -> Scenario:
    """The validated scenario of one slot: base file, shared settings, then the slot's edits.

    Raises:
        ScenarioError: A value is not allowed (should not happen for values from the app).
    """
    base = base_scenario(slot)
    values = {**base.overrides, **mix_values(state.mix), **state.shared, **slot.edits}
    changes = [{"month": m, "set": v} for m, v in (*base.changes, *slot.changes)]
    meta = {"name": slot.name, "title": slot.name, "description": slot.description or base.description}
    return from_dict({"meta": meta, "set": values, "change": changes}, slot.name, f"<{slot.name}>")


def effective(state: AppState, slot: Slot) -> dict[str, Value]:
    """Parameter values of a slot at month 0."""
    return build_scenario(state, slot).params()


# ----------------------------------------------------------------------------- URL form


def _fmt(v: Value) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v)


def encode_values(values: dict[str, Value]) -> str:
    """``{key: value}`` as ``key:value;key:value``."""
    return ";".join(f"{k}:{_fmt(v)}" for k, v in sorted(values.items()))


def decode_values(text: str, where: str) -> dict[str, Value]:
    """Parse and validate ``key:value;...`` (all or nothing).

    Raises:
        ScenarioError: Unknown key or a value that is not allowed.
    """
    raw: dict[str, Any] = {}
    for item in filter(None, text.split(";")):
        key, sep, val = item.partition(":")
        if not sep:
            raise ScenarioError(f"{where}: '{item}' is not key:value")
        raw[key] = _parse(val)
    from sim.scenarios import validate_set

    return validate_set(raw, where)


def _parse(val: str) -> Any:
    if val in ("true", "false"):
        return val == "true"
    try:
        return int(val)
    except ValueError:
        try:
            return float(val)
        except ValueError:
            return val


def encode_changes(changes: Changes) -> str:
    """Dated changes as ``month|key:val;key:val`` joined by ``~``."""
    return "~".join(f"{m}|{encode_values(v)}" for m, v in changes)


def decode_changes(text: str, where: str) -> Changes:
    """Parse dated changes written by :func:`encode_changes` (validated).

    Raises:
        ScenarioError: A malformed month or value.
    """
    out = []
    for part in filter(None, text.split("~")):
        month, _, vals = part.partition("|")
        if not month.isdigit() or int(month) > 240:
            raise ScenarioError(f"{where}: month '{month}' is not in 0..240")
        out.append((int(month), decode_values(vals, where)))
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
    """Read a state from URL query parameters; bad parts are dropped and reported.

    Args:
        q: Query parameters (``st.query_params.to_dict()``).

    Returns:
        The state and the messages about ignored parts.
    """
    errors: list[str] = []
    lang = q.get("lang", DEFAULT_LANG) if q.get("lang") in LANGS else DEFAULT_LANG
    if "s0" not in q:
        return default_state(lang), errors
    state = AppState(lang=lang, seed=_int(q.get("seed"), DEFAULT_SEED, errors, "seed", 0, 2**32 - 1))
    state.reps = _int(q.get("reps"), DEFAULT_REPS, errors, "reps", 1, max(REPS_CHOICES))
    state.uncertainty = _choice(q.get("unc"), UNC_MODES, errors, "unc")
    state.mix = q.get("mix", DEFAULT_MIX) if q.get("mix", DEFAULT_MIX) in ORIGIN_MIX else DEFAULT_MIX
    state.shared = _values(q.get("m", ""), "m", errors)
    for i in range(MAX_SLOTS):
        if f"s{i}" in q:
            state.slots.append(_slot(q, i, errors))
    state.edit = _int(q.get("edit"), 1, errors, "edit", 0, len(state.slots) - 1)
    state.start_year = _int(q.get("y0"), state.start_year, errors, "y0", 1990, 2100)
    state.cumulative = _choice(q.get("cum"), ("0", "1"), errors, "cum") == "1"
    return state, errors


def _slot(q: dict[str, str], i: int, errors: list[str]) -> Slot:
    base = q[f"s{i}"]
    if base not in (*list_scenarios(), UPLOAD) or (i == 0 and base == UPLOAD and f"p{i}" not in q):
        errors.append(f"s{i}: unknown scenario '{base}'")
        base = "baseline"
    slot = Slot(name=clean_name(q.get(f"n{i}", ""), f"S{i}"), base=base)
    slot.edits = _values(q.get(f"p{i}", ""), f"p{i}", errors)
    slot.description = clean_text(q.get(f"d{i}", "")) if base == UPLOAD else ""
    try:
        slot.changes = decode_changes(q.get(f"c{i}", ""), f"c{i}")
    except ScenarioError as exc:
        errors.append(str(exc))
    return slot


def _values(text: str, where: str, errors: list[str]) -> dict[str, Value]:
    try:
        return decode_values(text, where)
    except ScenarioError as exc:
        errors.append(str(exc))
        return {}


def _choice(text: str | None, allowed: tuple[str, ...], errors: list[str], what: str) -> str:
    """One of ``allowed`` (the first when absent; reported and the first when not allowed)."""
    if text is None or text in allowed:
        return text or allowed[0]
    errors.append(f"{what}: '{text}' is not one of {', '.join(allowed)}")
    return allowed[0]


def _int(text: str | None, default: int, errors: list[str], what: str, lo: int, hi: int) -> int:
    if text is None:
        return default
    if not text.isdigit() or not lo <= int(text) <= hi:
        errors.append(f"{what}: '{text}' is not a whole number in {lo}..{hi}")
        return default
    return int(text)


def slot_from_upload(scenario: Scenario, name: str) -> Slot:
    """A slot holding an uploaded scenario (its values become edits on the baseline)."""
    edits, desc = dict(scenario.overrides), clean_text(scenario.description)
    return Slot(name=clean_name(name), base=UPLOAD, edits=edits, changes=scenario.changes, description=desc)


def replace_slot(state: AppState, index: int, slot: Slot) -> None:
    """Put a slot at an index (appending when it is one past the end); bumps widget revisions."""
    slot = replace(slot, uid=next(_uid))
    if index >= len(state.slots):
        state.slots.append(slot)
    else:
        state.slots[index] = slot


def known_keys() -> set[str]:
    """All parameter keys (for checks in tests)."""
    return set(load_specs())
