"""Uploads: any file gives a loaded scenario or a message, never an exception or a half change (issue #9).

Generated files: random bytes and text, TOML with right and wrong tables, keys and values of
every TOML type, shipped scenarios with characters changed, nesting bombs (``x = [[[...]]]``,
a 3,000-level dotted key) and files over the size limit.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.controls import handle_upload
from webapp.export import MAX_UPLOAD_BYTES, read_upload
from webapp.query import from_query, to_query
from webapp.state import UPLOAD, build_scenario, default_state

from .badinput import uploads


@settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(uploads(), st.integers(-2, 5), st.text(max_size=30))
def test_any_upload_loads_or_gives_a_message(data: bytes, target: int, filename: str) -> None:
    state = default_state()
    before = to_query(state)
    msg = handle_upload(state, data, filename, target)
    if msg is not None:
        assert isinstance(msg, str) and msg.startswith("Dit bestand is niet geladen")
        assert to_query(state) == before  # nothing changed
        return
    slot = state.slots[state.edit]
    assert state.edit >= 1 and slot.base == UPLOAD
    build_scenario(state, slot)
    again, said = from_query(to_query(state))  # the link to it reopens it
    assert said == [] and to_query(again) == to_query(state)


def test_nesting_bombs_and_big_files_give_one_line() -> None:
    for data in (
        b"x = " + b"[" * 5000 + b"]" * 5000,
        b"[set]\n" + b"a." * 3000 + b"a = 1",
        b"[set]\n" + b"guidance." * 3000 + b"x = 1",
        b"x = " + b"{a = " * 5000 + b"1" + b"}" * 5000,
    ):
        msg = handle_upload(default_state(), data, "bomb.toml", 1)
        assert msg is not None and "\n" not in msg and len(msg) < 400, msg
    msg = handle_upload(default_state(), b"#" * (MAX_UPLOAD_BYTES + 1), "big.toml", 1)
    assert msg is not None and "100 kB" in msg


def test_a_byte_order_mark_is_accepted() -> None:
    scenario = read_upload(b'\xef\xbb\xbf[set]\n"guidance.dedicated_fte_per_100_inflow" = 3.0\n', "notepad.toml")
    assert scenario.overrides == {"guidance.dedicated_fte_per_100_inflow": 3.0}


def test_second_upload_replaces_the_first_and_keeps_names_unique() -> None:
    state = default_state()
    text: Any = b'[meta]\nname = "Basis"\n[set]\n"guidance.dedicated_fte_per_100_inflow" = 3.0\n'
    assert handle_upload(state, text, "a.toml", 1) is None
    assert handle_upload(state, text, "b.toml", 1) is None
    assert handle_upload(state, text, "c.toml", 2) is None
    names = [s.name for s in state.slots]
    assert names == ["Basis", "Basis 2", "Basis 3"] and state.edit == 2


def test_an_empty_file_is_refused_not_loaded_as_a_copy_of_the_baseline() -> None:
    """An empty upload loaded as a scenario 'empty' identical to the baseline ('Scenario 'empty' geladen')."""
    for data in (b"", b"\n  \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"):
        state = default_state()
        before = to_query(state)
        msg = handle_upload(state, data, "empty.toml", 1)
        assert msg is not None and "the file is empty" in msg, msg
        assert to_query(state) == before


def test_a_scenario_file_with_a_replaced_key_is_refused_naming_the_new_key() -> None:
    """A file saved before dedicated client managers were set per 100 adults housed a year: refused, not converted."""
    state = default_state()
    before = to_query(state)
    msg = handle_upload(state, b'[set]\n"guidance.dedicated_fte" = 8.0\n', "oud.toml", 1)
    assert msg is not None and "\n" not in msg and len(msg) < 400, msg
    assert "'guidance.dedicated_fte' was replaced by 'guidance.dedicated_fte_per_100_inflow'" in msg
    assert to_query(state) == before
