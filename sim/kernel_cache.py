"""Where numba keeps the compiled kernels: a folder per version of the engine's source.

numba's own cache (``cache=True``, beside each module in ``__pycache__``) is checked against
the module's file only. A kernel that calls a compiled function or builds a tuple type from
another module keeps its old machine code when only that other module changes, and the old
code then reads the new arguments wrongly: a crash (segmentation fault), not an error. It
happened here after a ``git merge`` that changed one rule's columns. So every kernel is cached
in a folder named after a digest of all of ``sim``'s source: any change to the engine starts a
fresh cache, and an old checkout's cache is never read by a new one.

The folder is ``$XDG_CACHE_HOME/werkpad/numba/<digest>`` (``~/.cache`` by default). A
``NUMBA_CACHE_DIR`` the user sets is kept as it is.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

SOURCE = Path(__file__).resolve().parent  # the sim package


def source_digest(root: Path = SOURCE) -> str:
    """A 16-hex digest of every ``.py`` file under ``root`` (names and contents)."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cache_dir(root: Path = SOURCE) -> Path:
    """The kernel cache folder of this engine source."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "werkpad" / "numba" / source_digest(root)


def use_versioned_cache() -> None:
    """Point numba at this source's cache folder (before numba is first imported)."""
    if "NUMBA_CACHE_DIR" not in os.environ:
        os.environ["NUMBA_CACHE_DIR"] = str(cache_dir())
