"""Which calibration the app's runs draw from: the shipped posterior or a posterior folder under ``out/``.

``sim calibrate --out DIR`` writes a posterior folder (``posterior.csv`` + ``posterior.json``,
the fit report beside them). The app offers the shipped calibration and every such folder
under ``out/`` (the folder the commands write to, relative to where the app was started; at
most three levels deep), each checked like ``--posterior`` checks it
(:func:`sim.posterior.check_posterior`); a folder that fails is not offered.

A choice is known by a *safe name*: ``shipped``, or the folder's path below ``out/`` in
letters, digits, ``_ . -`` and ``/`` (``calibration/my_town``). The URL holds only that name
(``post=calibration/my_town``), and a name is used only when it is one of the folders listed
here, whose resolved path lies inside ``out/``: a link can never make the app read a file
elsewhere.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from sim.errors import UserError
from sim.posterior import POSTERIOR_PATH, check_posterior, read_meta

SHIPPED = "shipped"
OUT_DIR = Path("out")  # where `sim calibrate` writes by default, relative to the working folder
MAX_DEPTH = 3
MAX_FOLDERS = 50  # offered at most (the newest first)
_PART = r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,59}"
_SAFE = re.compile(rf"{_PART}(/{_PART}){{0,{MAX_DEPTH - 1}}}")


def safe(name: str) -> bool:
    """Whether a name has the allowed form (``shipped`` or a relative folder path without ``..``)."""
    return name == SHIPPED or (_SAFE.fullmatch(name) is not None and ".." not in name.split("/"))


@lru_cache(maxsize=256)
def _valid(path: str, version: tuple[int, int]) -> bool:
    """Whether a CSV is a posterior of this model (``version``, mtime and size, is only the cache key)."""
    try:
        check_posterior(Path(path), "posterior")
    except UserError:
        return False
    return True


def _version(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


def _folders(root: Path) -> list[tuple[float, str]]:
    """(modification time, safe name) of every valid posterior folder under ``root``."""
    base = root.resolve()
    found = []
    for depth in range(1, MAX_DEPTH + 1):
        for csv in root.glob("/".join(["*"] * depth) + "/posterior.csv"):
            folder = csv.parent
            name = folder.relative_to(root).as_posix()
            try:
                inside = folder.resolve().is_relative_to(base) and csv.resolve().is_relative_to(base)
                ok = inside and safe(name) and (folder / "posterior.json").is_file() and csv.is_file()
                if ok and _valid(str(csv), _version(csv)):
                    found.append((csv.stat().st_mtime, name))
            except OSError:
                continue
    return found


def available() -> list[str]:
    """The choices: ``shipped`` first (when it exists), then the folders under ``out/``, newest first."""
    found = sorted(_folders(OUT_DIR), reverse=True)[:MAX_FOLDERS] if OUT_DIR.is_dir() else []
    return [SHIPPED, *(name for _, name in found if name != SHIPPED)]


def csv_path(name: str) -> Path | None:
    """The posterior CSV of a choice, or None when the name is not (or no longer) one of :func:`available`."""
    if name == SHIPPED:
        return POSTERIOR_PATH
    if not safe(name) or name not in available():
        return None
    return OUT_DIR / name / "posterior.csv"


def folder_of(name: str) -> Path:
    """The folder of a choice's files (``calibration/`` for the shipped one and for an unknown name)."""
    path = csv_path(name)
    return (path or POSTERIOR_PATH).parent


def meta(name: str) -> dict[str, Any]:
    """The choice's provenance record (``posterior.json``; empty when missing)."""
    path = csv_path(name) or POSTERIOR_PATH
    return read_meta(path.with_suffix(".json"))


def describe(name: str) -> str:
    """A choice in a few words for labels: its name, the targets file and the mode it was fitted with."""
    if name == SHIPPED:
        return name
    m = meta(name)
    target = Path(str(m.get("targets_file", ""))).name
    parts = [p for p in (target, str(m.get("mode", "")), str(m.get("written", ""))[:10]) if p]
    return f"out/{name}" + (f" ({', '.join(parts)})" if parts else "")


def provenance(name: str) -> dict[str, Any]:
    """What result files and reports record about the choice: its name, folder, targets file and hash."""
    m = meta(name)
    keys = ("written", "targets_file", "targets_sha256", "scenario", "mode")
    where = "calibration/posterior.csv" if name == SHIPPED else f"out/{name}/posterior.csv"
    return {"posterior": where} | {f"posterior_{k}": m[k] for k in keys if k in m}
