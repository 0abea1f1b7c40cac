"""Two spellings of the same link setting compare equal here (for the 'nothing silent' checks).

Kept free of the app's newer modules so :mod:`tests.app.battery` also runs against older code.
"""

from __future__ import annotations

import re
from typing import Any

_UINT = re.compile(r"[0-9]{1,12}")


def canonical(key: str, text: str) -> Any:
    """A URL value in a form that two spellings of the same setting share (for 'nothing silent' checks)."""
    if key in ("seed", "reps", "edit"):
        return int(text) if _UINT.fullmatch(text) else text
    if key == "m" or (key[0] in "p" and key[1:].isdigit()):
        return frozenset(_items(text))
    return text


def _items(text: str) -> list[tuple[str, Any]]:
    out = []
    for item in filter(None, text.split(";")):
        k, _, v = item.partition(":")
        try:
            out.append((k, float(v) if v not in ("true", "false") else v))
        except ValueError:
            out.append((k, v))
    return out
