"""User TOML (scenarios, designs, uploads): BOM accepted; bombs, duplicates and bad bytes are one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import ScenarioError
from sim.scenarios import from_toml_text, load_scenario
from sim.tomlfile import MAX_BYTES, MAX_DEPTH, depth, parse_toml, read_toml

BOMBS = {
    "array": "x = " + "[" * 5000 + "]" * 5000,
    "inline table": "x = " + "{a = " * 3000 + "1" + "}" * 3000,
    "dotted key": "x" + ".x" * 3000 + " = 1",
    "table header": "[" + ".".join(["a"] * 3000) + "]\nb = 1",
    "just too deep": "[set]\nx = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH,
}


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_nesting_bombs_are_one_line(kind: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_toml(BOMBS[kind], "<bomb.toml>")
    msg = str(info.value)
    assert msg.startswith("<bomb.toml>: ") and "nested too deeply" in msg and "\n" not in msg


def test_depth_counts_without_recursion() -> None:
    deep: list = []
    for _ in range(50_000):
        deep = [deep]
    assert depth(deep, 20) == 20 and depth({"a": [1, {"b": 2}]}, 99) == 3 and depth(1, 5) == 0


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "notepad.toml"
    path.write_bytes(
        b"\xef\xbb\xbf" + b'[meta]\ntitle = "Windows"\n[set]\n"guidance.dedicated_fte_per_100_inflow" = 8.0\n'
    )
    s = load_scenario(path)
    assert s.title == "Windows" and s.overrides == {"guidance.dedicated_fte_per_100_inflow": 8.0}
    assert from_toml_text(path.read_text(encoding="utf-8"), "x", "<upload>").overrides == s.overrides


def test_duplicate_key_is_named() -> None:
    with pytest.raises(ScenarioError, match=r"'a' is given twice \(line 2\)"):
        parse_toml("a = 1\na = 2\n", "<dup.toml>")
    with pytest.raises(ScenarioError, match=r"Cannot declare \('set',\) twice"):
        parse_toml("[set]\na = 1\n[set]\nb = 2\n", "<dup.toml>")


def test_not_utf8_too_large_and_missing_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.toml"
    latin.write_bytes('[meta]\ntitle = "Gemeente Súdwest"\n'.encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin1.toml: not UTF-8 text \(byte 0xfa"):
        read_toml(latin)
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * MAX_BYTES)
    with pytest.raises(ScenarioError, match="at most 1,000,000"):
        read_toml(big, "scenario")
    with pytest.raises(ScenarioError, match="cannot read scenario"):
        read_toml(tmp_path / "missing.toml", "scenario")
