"""Reading the TOML files users write (scenarios, designs, uploads): one clear error, never a crash.

``tomllib`` alone turns some inputs into crashes or vague messages; :func:`parse_toml` adds:

* a UTF-8 byte-order mark (as Windows Notepad saves files) is accepted;
* a nesting bomb (``x = [[[[...]]]]`` 5,000 deep, or a 3,000-part dotted key) is refused in one
  line instead of a ``RecursionError``; more than :data:`MAX_DEPTH` levels are refused after
  parsing, before anything walks the data recursively;
* a duplicate key is reported with its name (``tomllib`` gives only the line and column);
* text over :data:`MAX_BYTES` is refused (scenario and design files are a few kB).

The app's upload and the command line use the same functions, so both say the same thing.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from sim.errors import ScenarioError

MAX_DEPTH = 12  # levels of tables, arrays and dotted-key parts; real files use 4
MAX_BYTES = 1_000_000
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """Parse TOML text into a dict, or fail with one line naming ``where``.

    Args:
        text: The file's text (a leading byte-order mark is dropped).
        where: The file or place, for messages.

    Returns:
        The parsed tables, nested no deeper than :data:`MAX_DEPTH`.

    Raises:
        ScenarioError: Too large, not valid TOML (with the duplicate key's name where that is
            the cause), or nested too deeply.
    """
    if len(text) > MAX_BYTES:
        raise ScenarioError(f"{where}: {len(text):,} characters; a scenario or design file has at most {MAX_BYTES:,}")
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML: {_explain(str(exc), text)}") from None
    except RecursionError:
        raise ScenarioError(f"{where}: nested too deeply; at most {MAX_DEPTH} levels of tables and arrays") from None
    if depth(data, MAX_DEPTH + 1) > MAX_DEPTH:
        raise ScenarioError(
            f"{where}: nested too deeply; at most {MAX_DEPTH} levels of tables, arrays and dotted-key parts"
        )
    return data


def read_toml(path: str | Path, what: str = "file") -> dict[str, Any]:
    """Read and parse a TOML file (see :func:`parse_toml`).

    Args:
        path: The file.
        what: What it is, for messages (``scenario``, ``design``).

    Raises:
        ScenarioError: Missing, unreadable, too large, not UTF-8 or not valid TOML.
    """
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise ScenarioError(f"{p}: {p.stat().st_size:,} bytes; a {what} file has at most {MAX_BYTES:,}")
        raw = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"{p}: cannot read {what}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            f"{p}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start}); save it as UTF-8"
        ) from None
    return parse_toml(text, str(p))


def depth(value: Any, limit: int) -> int:
    """Nesting depth of tables and arrays (a scalar is 0), counted without recursion, up to ``limit``."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            level += 1
            deepest = max(deepest, level)
            if level < limit:
                stack.extend((v, level) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _explain(message: str, text: str) -> str:
    """``tomllib``'s message, with the key named when a value is given twice."""
    found = _AT_LINE.search(message)
    if not message.startswith("Cannot overwrite a value") or not found:
        return message
    lines = text.splitlines()
    number = int(found.group(1))
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    key = line.split("=", 1)[0].strip()
    return f"'{key}' is given twice (line {number}); each key may appear once"
