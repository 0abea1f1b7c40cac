"""Provenance stamped on every result: package version, git commit, scenario hash, seeds."""

from __future__ import annotations

import platform
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

from sim import __version__


@lru_cache(maxsize=1)
def git_commit() -> str:
    """The source tree's git commit, or '' when not in a git checkout."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def stamp(**extra: Any) -> dict[str, Any]:
    """Provenance record: version, git commit, python, plus the given fields."""
    return {"werkpad_version": __version__, "git_commit": git_commit(), "python": platform.python_version(), **extra}
