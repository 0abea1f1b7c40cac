"""``python3 run.py app`` prepares the engine's compiled kernels before the server starts, with a message."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_py() -> ModuleType:
    spec = importlib.util.spec_from_file_location("werkpad_run_py", ROOT / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("warm_rc", [0, 1])
def test_app_warms_the_kernels_then_starts_streamlit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], warm_rc: int
) -> None:
    """The warm-up comes first; if it fails the app still starts (and says it will compile at its first page)."""
    run_py = _run_py()
    calls: list[list[str]] = []

    def fake_run(cmd: list[object], **kwargs: object) -> int:
        calls.append([str(c) for c in cmd])
        return warm_rc if "sim.stack.warm" in calls[-1] else 0

    monkeypatch.setattr(run_py, "setup", lambda: None)
    monkeypatch.setattr(run_py, "_run", fake_run)
    assert run_py.main(["run.py", "app", "--server.port", "8599"]) == 0
    assert calls[0][-2:] == ["-m", "sim.stack.warm"]
    assert calls[1][1:] == ["run", "app.py", "--server.port", "8599"] and calls[1][0].endswith("streamlit")
    assert ("preparing the simulation engine failed" in capsys.readouterr().out) == bool(warm_rc)


def test_the_warm_up_command_says_what_it_does_and_succeeds() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sim.stack.warm"], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Preparing the simulation engine") and lines[-1].startswith("ready in ")
