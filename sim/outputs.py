"""Checking where results go before any work is done.

A command that runs for minutes must not fail only when it writes. :func:`check_file` and
:func:`check_folder` are called while the arguments are read, and change nothing: they try to
create (and remove again) the file, or open an existing one for appending; for a folder that does
not exist yet they check that its nearest existing parent is a folder in which a folder can be
made and that no name is over the system's limit. Every reason it cannot be written becomes one
line naming the option: a folder where a file is meant, a file where a folder is meant, a
read-only disk, a pseudo file system such as ``/proc``, a name over the limit. The command
creates the folders when it writes. :func:`fsync_replace` makes a finished file durable before
it takes its name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from sim.errors import UserError


def check_file(path: str | Path, option: str, extra: tuple[str, ...] = ()) -> Path:
    """Make sure a result file (and any sidecars ``path + suffix``) can be written; change nothing.

    Args:
        path: The file the command will write (its folder is created when the command writes).
        option: The command-line option that named it, for the message (``--out``).
        extra: Suffixes of sidecar files written beside it (``.provenance.json``).

    Returns:
        The path.

    Raises:
        UserError: It cannot be written; the message names the option, the path and why.
    """
    out = Path(path)
    names = [out.name, *(out.name + s for s in extra)]
    try:
        if out.is_dir():
            raise UserError(f"{option} {path}: is a folder; give a file name")
        if out.parent.is_dir():
            for name in names:
                _probe(out.parent / name)
        else:
            _probe_folder(out.parent, names, option, path)
    except OSError as exc:
        raise UserError(f"{option} {path}: cannot write here: {exc.strerror}") from None
    return out


def check_folder(path: str | Path, option: str) -> Path:
    """Make sure a result folder can be written in (or created); change nothing.

    Raises:
        UserError: It is a file, or cannot be created or written; the message names the option.
    """
    folder = Path(path)
    try:
        if folder.exists() and not folder.is_dir():
            raise UserError(f"{option} {path}: is a file, not a folder")
        if folder.is_dir():
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".werkpad-probe-"):
                pass
        else:
            _probe_folder(folder, [], option, path)
    except OSError as exc:
        raise UserError(f"{option} {path}: cannot write in this folder: {exc.strerror}") from None
    return folder


def fsync_replace(tmp: Path, final: Path) -> None:
    """Flush ``tmp`` to disk, rename it to ``final`` (atomic on one file system), flush the folder."""
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened for fsync
        fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _probe_folder(folder: Path, names: list[str], option: str, path: str | Path) -> None:
    """A missing folder: its nearest existing parent must be a folder in which folders can be made."""
    base = next(p for p in (folder, *folder.parents) if p.exists())
    if not base.is_dir():
        raise UserError(f"{option} {path}: {base} is a file, not a folder")
    limit = os.pathconf(base, "PC_NAME_MAX")
    for part in [*folder.relative_to(base).parts, *names]:
        if len(os.fsencode(part)) > limit:
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), part)
    os.rmdir(tempfile.mkdtemp(dir=base, prefix=".werkpad-probe-"))


def _probe(path: Path) -> None:
    """Create the file and remove it again, or open an existing one for appending (no change)."""
    if path.exists():
        with path.open("ab"):
            return
    with path.open("xb"):
        pass
    path.unlink()
