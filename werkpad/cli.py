"""The ``sim`` command: every layer's subcommands in one parser, and how errors end.

Each layer registers its own subcommands (``register(subparsers) -> None``): the engine's
(:mod:`sim.cli`: scenarios, params, run, compare, sweep), the calibration's
(:mod:`calibration.cli`: calibrate, sensitivity), the optimiser's (:mod:`optimise.cli`: optimise),
the benchmark's (:mod:`bench.cli`) and the app's council report (:mod:`webapp.report_cli`: report).
A mistake in user input prints one line ``error: ...`` on stderr and exits with 2; no
traceback. Output cut short by a closed pipe (``sim run ... | head``) ends quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every layer's subcommands."""
    parser = argparse.ArgumentParser(
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
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0


def _quiet_stdout() -> None:
    """After the reader closed the pipe: send what is left for stdout nowhere (no error at exit)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
