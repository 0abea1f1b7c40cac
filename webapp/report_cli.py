"""``sim report``: the council report of a comparison as a PDF, from the command line.

    sim report funding_ends keep_half.toml --reps 20 --seed 1 --lang nl --out raad.pdf

The first scenario is the reference (as in ``sim compare``); with a single scenario the
reference is ``baseline``. Shipped scenarios appear under their translated names ("Basis",
"Rijksgeld stopt"), files under their title. The numbers are those of ``sim compare --json`` for the same
scenarios, seed, replications and posterior setting. :func:`register` adds the command to the
``sim`` parser (the composition root); :func:`main` runs it on its own
(``python -m webapp.report_cli``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sim.argtypes import MAX_REPS, positive_int, posterior_option, reps, seed
from sim.errors import UserError
from sim.outputs import check_file
from sim.scenarios import Scenario, list_scenarios, load_scenario
from webapp.i18n import LANGS, SCENARIO_NAMES, name_of
from webapp.state import clean_name


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``report`` to the ``sim`` command's subparsers."""
    p = subparsers.add_parser("report", help="the council report of a comparison as a PDF (Dutch by default)")
    p.add_argument("scenarios", nargs="+", help="reference first (as in compare); one name: compared with baseline")
    p.add_argument("--reps", type=reps, default=20, help=f"replications (default 20, at most {MAX_REPS})")
    p.add_argument("--seed", type=seed, default=1, help="base seed (default 1)")
    p.add_argument("--months", type=positive_int, default=None, help="horizon in months (default: scenario's)")
    p.add_argument(
        "--point-estimate", action="store_true", help="use the posterior mean instead of one draw per replication"
    )
    posterior_option(p)
    p.add_argument("--lang", choices=LANGS, default="nl", help="language of the report (default nl)")
    p.add_argument("--start-year", type=_year, default=None, help="calendar year of month 0 (default: this year)")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.set_defaults(func=cmd_report)


def _year(text: str) -> int:
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year in 1990..2100")
    return int(text)


def check_pdf_path(path: str) -> Path:
    """Validate the output file before any work: a ``.pdf`` name in a folder that can be made.

    Raises:
        UserError: Wrong extension, or the file cannot be written (:func:`sim.outputs.check_file`).
    """
    out = Path(path)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"--out {path}: the report is a PDF; use a file name ending in .pdf")
    return check_file(out, "--out")


def shown_as(arg: str, scenario: Scenario, lang: str) -> Scenario:
    """The scenario under the name a council reads: a shipped one's translated name, a file's title."""
    if arg in list_scenarios():
        name = name_of(SCENARIO_NAMES, arg, lang)
    else:
        name = clean_name(scenario.title, scenario.name) if scenario.title else scenario.name
    return replace(scenario, name=name)


def cmd_report(args: argparse.Namespace) -> int:
    """Run the comparison and write its council report."""
    from sim.cli import progress_bar
    from sim.posterior import resolve_posterior
    from webapp.report import build_report, run_comparison

    out = check_pdf_path(args.out)
    posterior = resolve_posterior(args.posterior) if args.posterior else None
    names = list(args.scenarios) if len(args.scenarios) > 1 else ["baseline", *args.scenarios]
    scenarios = [shown_as(n, load_scenario(n), args.lang) for n in names]
    if args.months is not None:
        scenarios = [s.with_overrides({"context.horizon_months": args.months}) for s in scenarios]
    if len({s.name for s in scenarios}) != len(scenarios):
        raise UserError(f"scenario names must be distinct, got {', '.join(s.name for s in scenarios)}")
    with progress_bar(args.reps * len(scenarios), "report") as tick:
        inputs = run_comparison(scenarios, args.reps, args.seed, args.point_estimate, tick, args.start_year, posterior)
    data = build_report(inputs, args.lang)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise UserError(f"--out {args.out}: cannot write: {exc.strerror}") from None
    print(f"wrote {out} ({len(data) // 1024} kB)", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m webapp.report_cli ...``: the report command on its own."""
    parser = argparse.ArgumentParser(prog="sim")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *(sys.argv[1:] if argv is None else argv)])
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
