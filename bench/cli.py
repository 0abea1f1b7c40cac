"""``sim bench``: the benchmark suite's command-line face (registered by :mod:`werkpad.cli`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.errors import UserError
from sim.outputs import check_file


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark suite and print (and optionally save) its figures."""
    from bench.suite import main as bench_main

    if args.json:
        check_json_path(args.json)
    return bench_main(smoke=args.smoke, json_path=args.json, profile_only=args.profile)


def check_json_path(path: str) -> None:
    """Fail before measuring when the JSON file cannot be written."""
    if Path(path).suffix.lower() != ".json":
        raise UserError(f"--json {path}: expected a .json file")
    check_file(path, "--json")


def register(sub: Any) -> None:
    """Add ``bench`` to the ``sim`` subcommands."""
    b = sub.add_parser("bench", help="benchmark the engine (throughput, Mesa reference, latency, memory)")
    b.add_argument("--json", metavar="FILE", help="also write the figures to a JSON file")
    b.add_argument("--smoke", action="store_true", help="tiny sizes (seconds), for CI")
    b.add_argument("--profile", action="store_true", help="only profile one run of 100,000 people (pyinstrument)")
    b.set_defaults(func=cmd_bench)
