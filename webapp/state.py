"""The app's state and the scenarios it describes.

Everything a user sets lives in one :class:`AppState` (stable keys only: file names, mix names,
parameter keys; labels are made for display). Its URL form is in :mod:`webapp.query`; the
ranges and the work a state may ask for in :mod:`webapp.limits`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sim.params import Value, load_specs
from sim.scenarios import Scenario, from_dict, list_scenarios, load_scenario
from sim.scenarios.mixes import OriginMix, baseline_mix, load_mixes
from webapp.i18n import DEFAULT_LANG
from webapp.posteriors import SHIPPED

MAX_SLOTS = 4
DEFAULT_SEED = 20240101
DEFAULT_REPS = 20
REPS_CHOICES = (5, 10, 20, 40, 80)
START_YEARS = (1990, 2100)  # the first budget year's control
UPLOAD = "upload"
UNC_MODES = ("posterior", "point")  # the first is the default (issue #5)
DEFAULT_UNC = UNC_MODES[0]
Changes = tuple[tuple[int, dict[str, Value]], ...]

# Origin mix presets: data files in sim/scenarios/mixes/ (permits granted by nationality in a year).
ORIGIN_MIX: dict[str, OriginMix] = load_mixes()
DEFAULT_MIX = baseline_mix()
_uid = itertools.count(1)
_NAME_BAD = re.compile(r"[^\w \-.,'&+/]")


# Typographic quotes and dashes (as a word processor or phone types them) as their plain forms,
# so that "’s-Hertogenbosch" keeps its apostrophe instead of losing it.
_PLAIN = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "—": "-", "–": "-"})


def clean_name(text: str, fallback: str = "Scenario") -> str:
    """A scenario name safe to show in Markdown and file names' labels: words, spaces, ``-.,'&+/``, max 40."""
    out = " ".join(_NAME_BAD.sub("", text.translate(_PLAIN)).split())[:40]
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
    posterior: str = SHIPPED  # the calibration drawn from: shipped, or a folder under out/ (webapp.posteriors)


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


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name 2``, ``name 3``, ... (within 40 characters): the first not in ``taken``."""
    out, n = name, 2
    while out in taken:
        suffix = f" {n}"
        out, n = name[: 40 - len(suffix)] + suffix, n + 1
    return out


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
