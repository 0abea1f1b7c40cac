"""Hypothesis strategies for the app's bad-input tests: URL query strings and uploaded files.

Valid parts are made the way the page writes them (``to_query`` of a state the controls can
produce); malformed parts replace some of them: Unicode digits, numbers beyond the controls'
ranges, separators in the wrong place, unknown keys, duplicate or dirty names. Like the core
tests, examples are derandomized (the same on every machine) and no example database is kept.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from sim.errors import ScenarioError
from sim.params import ParamSpec, Value, load_specs
from sim.scenarios import START_ONLY, list_scenarios
from webapp import limits
from webapp import paramtext as pt
from webapp.query import STREAMLIT_PARAMS, to_query
from webapp.state import MAX_SLOTS, ORIGIN_MIX, REPS_CHOICES, UNC_MODES, UPLOAD, AppState, Slot, build_scenario

SPECS = load_specs()
LEVERS = [k for k, s in SPECS.items() if s.kind == "lever"]
SHARED = [*pt.municipality_keys(), *pt.advanced_keys()]
DIRTY = "0123456789²³¹٣۷߂０-+.eE:;|~<>&%/ \\\"'*_#\n\tabcAZéß𝟘"


def value_in(spec: ParamSpec, lo: float, hi: float) -> st.SearchStrategy[Value]:
    """A value of a parameter's type in ``lo..hi`` (toggles and choices as they are)."""
    if isinstance(spec.default, bool):
        return st.booleans()
    if spec.choices is not None:
        return st.sampled_from(spec.choices)
    if isinstance(spec.default, int):
        return st.integers(int(lo), int(hi))
    return st.floats(lo, hi, allow_nan=False).map(lambda x: round(x, 6))


def control_value(key: str) -> st.SearchStrategy[Value]:
    """A value one of the page's controls can set."""
    spec = SPECS[key]
    rng = limits.control_range(key) or (0.0, 0.0)
    return value_in(spec, *rng)


def spec_value(key: str) -> st.SearchStrategy[Value]:
    """A value the scenario layer allows (what an uploaded file may set)."""
    spec = SPECS[key]
    return value_in(spec, *(spec.range or (0.0, 0.0)))


def values_of(keys: list[str], value: Any, max_size: int = 4) -> st.SearchStrategy[dict[str, Value]]:
    """A few of ``keys`` with values from ``value(key)``."""
    return st.lists(st.sampled_from(keys), unique=True, max_size=max_size).flatmap(
        lambda ks: st.fixed_dictionaries({k: value(k) for k in ks})
    )


@st.composite
def slots(draw: st.DrawFn, i: int) -> Slot:
    """A slot as the controls make it (levers; an uploaded file: any parameter and dated lever changes)."""
    bases = list_scenarios() + ([UPLOAD] if i > 0 else [])
    base = draw(st.sampled_from(bases))
    name = draw(st.sampled_from(["Basis", "Plan", "Geld stopt", "Work first", "A", "Scenario 2", "Ét-é's"]))
    if base != UPLOAD:
        return Slot(name, base=base, edits=draw(values_of(LEVERS, control_value)))
    edits = draw(values_of([k for k in SPECS if not k.startswith(START_ONLY)], spec_value))
    months = draw(st.lists(st.integers(0, 23), unique=True, max_size=2))  # within the shortest horizon
    changes = tuple((m, draw(values_of(LEVERS, spec_value, 2))) for m in sorted(months))
    changes = tuple((m, v) for m, v in changes if v)
    description = draw(st.sampled_from(["", "Een plan: 50% meer.", "Plan (2027) – proef"]))
    return Slot(name, base=base, edits=edits, changes=changes, description=description)


@st.composite
def states(draw: st.DrawFn) -> AppState:
    """A state the page's controls can produce (names unique, every scenario builds)."""
    n = draw(st.integers(1, MAX_SLOTS))
    state = AppState(
        lang=draw(st.sampled_from(("nl", "en"))),
        seed=draw(st.integers(0, 2**32 - 1)),
        reps=draw(st.sampled_from(REPS_CHOICES)),
        uncertainty=draw(st.sampled_from(UNC_MODES)),
        mix=draw(st.sampled_from(list(ORIGIN_MIX))),
        shared=draw(values_of(SHARED, control_value)),
        slots=[draw(slots(i)) for i in range(n)],
    )
    for i, slot in enumerate(state.slots):
        slot.name = f"{slot.name} {i}"  # unique
        try:
            build_scenario(state, slot)
        except ScenarioError:
            # The sliders can set values that do not fit together (young + older shares over 1):
            # the page names them in a message (webapp.page.compute) and this strategy makes only
            # states that run.
            assume(False)
    state.edit = draw(st.integers(0, n - 1))
    return state


JUNK_NUMBERS = st.sampled_from(
    ["²", "³", "٣", "０", "𝟘", "-1", "1e400", "nan", "inf", "1_000", " 5", "5 ", "0x10", "1.5", "99999999999999999999"]
)
JUNK_TEXT = st.text(DIRTY, max_size=40)


def junk_value(key: str) -> st.SearchStrategy[str]:
    """A malformed or out-of-range value for one URL parameter."""
    if key in ("seed", "reps", "edit"):
        return st.one_of(JUNK_NUMBERS, JUNK_TEXT, st.integers(-(10**6), 10**15).map(str))
    if key == "m" or key[0] in "pc":
        key_val = st.tuples(st.sampled_from(list(SPECS) + ["a", "", "guidance"]), st.one_of(JUNK_NUMBERS, JUNK_TEXT))
        item = key_val.map(lambda kv: f"{kv[0]}:{kv[1]}")
        big = st.sampled_from(list(SPECS)).map(lambda k: f"{k}:{10**9}")
        text = st.lists(st.one_of(item, big, JUNK_TEXT), max_size=4).map(";".join)
        if key[0] == "c":
            month = st.one_of(JUNK_NUMBERS, st.integers(0, 300).map(str))
            return st.tuples(month, text).map(lambda mt: f"{mt[0]}|{mt[1]}")
        return text
    return JUNK_TEXT


MUTABLE = ("s1", "p1", "c1", "n1", "d1", "c0", "p0", "d0", "s2", "mix", "m", "seed", "reps", "edit", "lang")


@st.composite
def queries(draw: st.DrawFn) -> tuple[dict[str, str], set[str]]:
    """A URL query: a valid state's query with some parts malformed, removed or added; and the keys changed."""
    q = to_query(draw(states()))
    keys = sorted({*q, *MUTABLE})
    changed = set(draw(st.lists(st.sampled_from(keys), unique=True, max_size=3)))
    for key in changed:
        q[key] = draw(junk_value(key))
    if draw(st.booleans()):
        extra = draw(st.sampled_from(["s7", "foo", "n9", "", "lang2", *STREAMLIT_PARAMS]))
        q[extra] = draw(JUNK_TEXT)
        changed.add(extra)
    if draw(st.integers(0, 9)) == 0:
        del q["s0"]
        changed.add("s0")
    return q, changed


# ------------------------------------------------------------- uploaded files

TOML_VALUES = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda x: repr(x).replace("inf", "inf")),
    st.sampled_from(["true", "false", "nan", "inf", "-inf", "1979-05-27", "07:32:00", "0x1F", "1_000", '""', "[]"]),
    st.sampled_from(['"text"', "[1, 2]", "{ a = 1 }", "[[1], [2]]", '"²"', "'lit'", '"""multi"""']),
)
TOML_KEYS = st.one_of(
    st.sampled_from(list(SPECS)).map(lambda k: f'"{k}"'),
    st.sampled_from(list(SPECS)),  # dotted (nested tables)
    st.sampled_from(["month", "set", "name", "title", "a", "guidance", '"a.b"', "ü", '""']),
)


@st.composite
def toml_files(draw: st.DrawFn) -> bytes:
    """TOML-like scenario files: tables and keys right or wrong, values of any TOML type."""
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        header = draw(st.sampled_from(["[set]", "[meta]", "[[change]]", "[other]", "[set.guidance]", "", "[set]]"]))
        lines.append(header)
        for _ in range(draw(st.integers(0, 4))):
            lines.append(f"{draw(TOML_KEYS)} = {draw(TOML_VALUES)}")
        if header == "[[change]]" and draw(st.booleans()):
            lines.append(f"month = {draw(st.integers(-5, 400))}")
            lines.append(f'set = {{ "{draw(st.sampled_from(LEVERS))}" = {draw(TOML_VALUES)} }}')
    return "\n".join(lines).encode()


def bombs() -> st.SearchStrategy[bytes]:
    """Nesting bombs and other oversized structures."""
    n = st.integers(100, 6000)
    return st.one_of(
        n.map(lambda k: ("x = " + "[" * k + "]" * k).encode()),
        n.map(lambda k: ("[set]\n" + "a." * k + "a = 1").encode()),
        n.map(lambda k: ("x = " + "{a = " * k + "1" + "}" * k).encode()),
        n.map(lambda k: ("[set]\n" + "guidance." * k + "x = 1").encode()),
        st.integers(100_001, 200_000).map(lambda k: b"#" * k),
    )


@st.composite
def mutated_scenarios(draw: st.DrawFn) -> bytes:
    """A shipped scenario's file with a few characters changed, inserted or cut."""
    from sim.scenarios import load_scenario

    data = bytearray(load_scenario(draw(st.sampled_from(list_scenarios()))).to_toml().encode())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        what = draw(st.sampled_from(["cut", "insert", "replace"]))
        byte = draw(st.sampled_from(list(b'0123456789[]{}="\n.-e') + [0xFF, 0xB2]))
        if what == "cut":
            del data[at : at + draw(st.integers(1, 20))]
        elif what == "insert":
            data.insert(at, byte)
        elif data:
            data[at] = byte
    return bytes(data)


def uploads() -> st.SearchStrategy[bytes]:
    """Anything a user might upload as a scenario file."""
    return st.one_of(
        st.binary(max_size=300),
        st.text(DIRTY, max_size=200).map(str.encode),
        toml_files(),
        mutated_scenarios(),
        bombs(),
        st.just(b'\xef\xbb\xbf[set]\n"guidance.dedicated_fte_per_100_inflow" = 3.0\n'),  # UTF-8 with a BOM (Notepad)
    )
