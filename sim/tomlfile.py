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

from sim.errors import ScenarioError, refuse

MAX_DEPTH = 12  # levels of tables, arrays and dotted-key parts; real files use 4
MAX_BYTES = 1_000_000
_AT = re.compile(r"\(at (?:line (\d+), column (\d+)|end of document)\)$")


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
        raise refuse("too_long", where=where, chars=len(text), limit=MAX_BYTES)
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(str(exc), text, where) from None
    except RecursionError:
        raise refuse("too_deep", where=where, limit=MAX_DEPTH) from None
    if depth(data, MAX_DEPTH + 1) > MAX_DEPTH:
        raise refuse("too_deep_parts", where=where, limit=MAX_DEPTH)
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
            raise refuse("file_too_big", where=str(p), size=p.stat().st_size, what=what, limit=MAX_BYTES)
        raw = p.read_bytes()
    except OSError as exc:
        raise refuse("file_unreadable", where=str(p), what=what, reason=exc.strerror) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse("file_not_utf8", where=str(p), byte=raw[exc.start], position=exc.start) from None
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


def _syntax_error(message: str, text: str, where: str) -> ScenarioError:
    """``tomllib``'s message as a refusal: the key named when a value is given twice.

    The fields hold ``tomllib``'s problem without its place (``problem``) and the place as
    numbers (``line``, ``column``; both None at the end of the text), so the app can say it in Dutch.
    """
    found = _AT.search(message)
    line, column = (int(found[1]), int(found[2])) if found and found[1] else (None, None)
    problem = message[: found.start()].rstrip() if found else message
    if problem == "Cannot overwrite a value" and line is not None:
        lines = text.splitlines()
        key = lines[line - 1].split("=", 1)[0].strip() if 0 < line <= len(lines) else ""
        return refuse("toml_duplicate", where=where, key=key, line=line)
    return refuse("toml_syntax", where=where, detail=message, problem=problem, line=line, column=column)
