"""The ``sim`` command: every layer's subcommands in one parser, and how errors end.

Each layer registers its own subcommands (``register(subparsers) -> None``): the engine's
(:mod:`sim.cli`: scenarios, params, run, compare; :mod:`sim.sweep_cli`: sweep), the
calibration's (:mod:`calibration.cli`: calibrate, sensitivity), the optimiser's
(:mod:`optimise.cli`: optimise), the benchmark's (:mod:`bench.cli`) and the app's council report
(:mod:`webapp.report_cli`: report). Every mistake in user input, bad arguments included, prints
one line ``error: ...`` on stderr and exits with 2, without a traceback; so does an output that
cannot be written (a full disk, a read-only folder). Output cut short by a closed pipe
(``sim run ... | head``) ends quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import bench.cli
import calibration.cli
import optimise.cli
import sim.cli
import sim.sweep_cli
import webapp.report_cli
from sim import __version__
from sim.errors import UserError

# Each layer's ``register(subparsers)``, in the order their commands are listed in --help.
COMMANDS: tuple[Callable[[Any], None], ...] = (
    sim.cli.register,
    sim.sweep_cli.register,
    calibration.cli.register,
    optimise.cli.register,
    bench.cli.register,
    webapp.report_cli.register,
)
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``error: sim run: ...``), exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Print the one-line error and exit with 2 (argparse prints the usage as well)."""
        print(f"error: {self.prog}: {one_line(message)} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every layer's subcommands."""
    parser = OneLineParser(
        prog="sim", description="Werkpad: municipal policy scenarios for status holders' path to work."
    )
    parser.add_argument("--version", action="version", version=f"werkpad {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``sim`` and ``python -m werkpad``: run one subcommand, return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UserError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except OSError as exc:
        if exc.errno in DISK_FULL:
            return _fail(f"{exc.filename or 'output'}: the disk is full ({exc.strerror}); free space and run again")
        if exc.filename is None or exc.errno not in (errno.EACCES, errno.EROFS, errno.ENAMETOOLONG, errno.EISDIR):
            raise
        return _fail(f"{exc.filename}: cannot write: {exc.strerror}")


def one_line(text: str) -> str:
    """The text on one line: line breaks and other control characters shown as escapes."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _fail(message: str) -> int:
    with contextlib.suppress(OSError):  # stderr itself is gone
        print(f"error: {one_line(message)}", file=sys.stderr)
    return 2


def _quiet_stdout() -> None:
    """After the reader closed the pipe: send what is left for stdout nowhere (no error at exit)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
