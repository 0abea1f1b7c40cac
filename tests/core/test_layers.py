"""The layers point down: the import contract (import-linter) holds, app.py imports only webapp,
the ``sim`` command is built in one place and ``python -m sim`` says where it went."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from werkpad.cli import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("werkpad", "webapp", "optimise", "calibration", "bench", "sim")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_app_script_imports_only_webapp_of_the_project() -> None:
    assert _imports(ROOT / "app.py") & set(PROJECT) == {"webapp"}


def test_sim_imports_no_layer_above_it() -> None:
    above = {"werkpad", "webapp", "optimise", "calibration", "bench"}
    wrong = {str(p.relative_to(ROOT)): _imports(p) & above for p in (ROOT / "sim").rglob("*.py")}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_every_layer_registers_its_commands_in_one_parser() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert {"scenarios", "params", "run", "compare", "sweep", "calibrate", "sensitivity", "bench"} <= set(
        sub.choices  # type: ignore[arg-type]
    )
    assert len(COMMANDS) >= 4


def test_python_dash_m_sim_points_to_werkpad() -> None:
    got = subprocess.run([sys.executable, "-m", "sim", "run", "baseline"], capture_output=True, text=True, timeout=60)
    assert got.returncode == 2 and got.stdout == ""
    assert got.stderr.strip().splitlines() == [got.stderr.strip()] and "python -m werkpad" in got.stderr


@pytest.mark.skipif(not (Path(sys.executable).parent / "lint-imports").exists(), reason="import-linter not installed")
def test_import_contract_is_kept() -> None:
    got = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert got.returncode == 0, got.stdout[-2000:]
    assert "0 broken" in got.stdout
