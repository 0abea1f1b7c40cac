"""Compiled kernels are cached per version of the engine's source (``sim.kernel_cache``).

numba checks a cached kernel against its own module only, so a change in a module it calls
would reuse stale machine code (a segmentation fault, seen after a merge). The cache folder
is therefore named after a digest of all of ``sim``'s source.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.kernel_cache import cache_dir, source_digest


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_any_source_change_gives_another_cache_folder(tmp_path: Path) -> None:
    root = _tree(tmp_path / "sim", {"a.py": "x = 1\n", "rules/b.py": "y = 2\n", "data/c.csv": "1\n"})
    before = source_digest(root)
    assert source_digest(root) == before  # stable
    (root / "rules/b.py").write_text("y = 3\n")  # a module a kernel might call
    changed = source_digest(root)
    assert changed != before
    (root / "data/c.csv").write_text("2\n")  # not source: same folder
    assert source_digest(root) == changed
    (root / "rules/b.py").rename(root / "rules/d.py")  # a rename is a change
    assert source_digest(root) != changed


def test_the_folder_is_under_the_users_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir().parent == tmp_path / "werkpad" / "numba"


def test_numba_uses_it_and_a_users_own_setting_wins(tmp_path: Path) -> None:
    code = "import sim, numba; print(numba.config.CACHE_DIR)"
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"} | {"XDG_CACHE_HOME": str(tmp_path)}
    got = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert got.stdout.strip() == str(tmp_path / "werkpad" / "numba" / source_digest())
    own = env | {"NUMBA_CACHE_DIR": str(tmp_path / "mine")}
    got = subprocess.run([sys.executable, "-c", code], env=own, capture_output=True, text=True, check=True)
    assert got.stdout.strip() == str(tmp_path / "mine")
