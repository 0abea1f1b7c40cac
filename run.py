"""Set up Werkpad in a local virtual environment and run it: ``python3 run.py app|test|lint|compare``.

Needs only Python 3.11 on the machine. The first call creates ``.venv`` and installs the
project with its pinned ranges from ``pyproject.toml``; later calls reinstall only when
``pyproject.toml`` changed. Nothing is sent anywhere (Streamlit usage statistics are off).

    python3 run.py app       # set up, then start the app on http://localhost:8501
    python3 run.py test      # set up, then run every test (unit, statistical, app, browser)
    python3 run.py lint      # ruff (lint + format check), mypy and the import layers (lint-imports)
    python3 run.py compare   # the baseline against every shipped scenario, in the terminal
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".werkpad-installed"
LINT_PATHS = ["werkpad", "sim", "calibration", "optimise", "webapp", "bench", "tools", "app.py", "run.py", "tests"]
TYPED_PATHS = ["werkpad", "sim", "calibration", "optimise", "webapp", "app.py"]


def _python311() -> str:
    """A Python 3.11 interpreter: this one, or python3.11 on the PATH."""
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which("python3.11")
    if found:
        return found
    sys.exit(f"error: Werkpad needs Python 3.11 (Mesa 3.3); this is {sys.version.split()[0]} and no python3.11 found")


def _run(cmd: list[str | Path], **kwargs: object) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kwargs)  # type: ignore[arg-type]


def setup() -> None:
    """Create .venv and install the project (with test tools) when missing or outdated."""
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want:
        return
    if not (BIN / "python").exists() and _run([_python311(), "-m", "venv", VENV]) != 0:
        sys.exit("error: could not create .venv (on Debian/Ubuntu: apt-get install python3.11-venv)")
    if _run([BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip"]) != 0:
        sys.exit("error: could not upgrade pip in .venv")
    if _run([BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[dev,calibration]"]) != 0:
        sys.exit("error: installing Werkpad's dependencies failed (see pip's message above)")
    STAMP.write_text(want)


def main(argv: list[str]) -> int:
    """Dispatch the subcommand after setting up."""
    command = argv[1] if len(argv) > 1 else "app"
    if command not in ("app", "test", "lint", "compare"):
        print(__doc__)
        return 2
    setup()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    if command == "app":
        if _run([BIN / "python", "-m", "sim.stack.warm"], env=env) != 0:
            print("warning: preparing the simulation engine failed; the app compiles it at its first page", flush=True)
        return _run([BIN / "streamlit", "run", "app.py", *argv[2:]], env=env)
    if command == "compare":
        scenarios = ["dedicated_client_managers", "dual_track", "work_first", "funding_ends", "integrated"]
        return _run([BIN / "sim", "compare", "baseline", *scenarios, *argv[2:]], env=env)
    if command == "lint":
        return lint()
    return _run([BIN / "python", "-m", "pytest", *argv[2:]], env=env)


def lint() -> int:
    """Ruff lint, ruff format check, mypy and the import-layer contract over the project's code."""
    paths = [p for p in LINT_PATHS if (ROOT / p).exists()]
    typed = [p for p in TYPED_PATHS if (ROOT / p).exists()]
    codes = [
        _run([BIN / "ruff", "check", *paths]),
        _run([BIN / "ruff", "format", "--check", *paths]),
        _run([BIN / "mypy", *typed]),
        _run([BIN / "lint-imports"]),
    ]
    return max(codes)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
