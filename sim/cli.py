"""The engine's subcommands of ``sim``: list scenarios and parameters, run, compare.

:func:`register` adds them to the ``sim`` parser that :mod:`werkpad.cli` builds (the sweep
commands are in :mod:`sim.sweep_cli`). Every subcommand is a small function
``cmd_<name>(args) -> int``; a mistake in user input (unknown scenario, bad file, bad value)
raises :class:`~sim.errors.UserError`, which ``sim`` prints as one line ``error: ...`` with
exit code 2. Runs that take longer than a second show a progress bar on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
from tqdm import tqdm

from sim.argtypes import MAX_COMPARE_RUNS, MAX_REPS, positive_int, posterior_option, reps, seed
from sim.caseload import cli as caseload_cli
from sim.errors import ScenarioError, UserError
from sim.paramdoc import lever_table
from sim.params import load_specs
from sim.posterior import draw_keys, draw_thetas, posterior_stamp, resolve_posterior
from sim.provenance import stamp
from sim.results_io import check_output_path, write_table
from sim.scenarios import Scenario, list_scenarios, load_scenario
from sim.scenarios.checks import late_changes

KPI_ORDER = (
    "employed_share_m12",
    "employed_share_m24",
    "employed_share_m36",
    "employed_share_m60",
    "welfare_share_m24",
    "b1_share_m36",
    "net_municipal_cost_eur",
)


@contextmanager
def progress_bar(total: int, desc: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr that appears only when the work takes over a second."""
    bar = tqdm(total=total, desc=desc, unit="run", delay=1.0, file=sys.stderr, leave=False)

    def tick(n: int) -> None:
        bar.update(n)

    try:
        yield tick
    finally:
        bar.close()


def cmd_scenarios(args: argparse.Namespace) -> int:
    """Print the shipped scenarios, one line each."""
    for name in list_scenarios():
        s = load_scenario(name)
        print(f"{name:28s} {s.title}")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    """Print the parameter table (value in the scenario, unit, allowed values, source).

    With ``--markdown``: the README's table of levers and context (baseline values).
    """
    if args.markdown:
        print(lever_table())
        return 0
    scenario = load_scenario(args.scenario)
    values = scenario.params()
    print(f"# parameters of '{scenario.name}' (* = set by the scenario)")
    print(f"{'parameter':44s} {'value':>10s}  {'unit':28s} {'kind':9s} source")
    for key, spec in load_specs().items():
        mark = "*" if key in scenario.overrides else " "
        print(f"{key:44s}{mark}{values[key]!s:>10s}  {spec.unit[:28]:28s} {spec.kind:9s} {spec.provenance}")
    for month, vals in scenario.changes:
        for key, v in vals.items():
            print(f"{key:44s}>{v!s:>10s}  from month {month}")
    return 0


def _scenario_with_months(name: str, months: int | None) -> Scenario:
    """The scenario, its horizon set by ``--months``; a dated change that falls beyond it is named on stderr."""
    scenario = load_scenario(name)
    if months is None:
        return scenario
    try:
        scenario = scenario.with_overrides({"context.horizon_months": months})
    except ScenarioError as exc:
        raise ScenarioError(f"--months {months} with {name}: {exc}") from None
    late = late_changes(scenario.params(), scenario.changes)
    if late:
        keys = ", ".join(dict.fromkeys(k for _, v in late for k in v))
        months_text = ", ".join(str(m) for m, _ in late)
        print(f"note: --months {months} ends before {name}'s change of {keys} at month {months_text}", file=sys.stderr)
    return scenario


def cmd_run(args: argparse.Namespace) -> int:
    """Run replications of one scenario and write (or print) the tidy table."""
    from sim.runner import run_replications

    caseload_cli.refuse_stray_year(args)
    scenario = _scenario_with_months(args.scenario, args.months)
    posterior = resolve_posterior(args.posterior)
    out = check_output_path(args.out) if args.out else None
    caseload = caseload_cli.load(args.start_from, args.as_of_year) if args.start_from else None
    with progress_bar(args.reps, f"run {scenario.name}") as tick:
        thetas = draw_thetas(args.reps, args.seed, args.point_estimate, posterior)
        if caseload is None:
            results = run_replications([scenario], args.reps, args.seed, thetas=thetas, progress=tick)[scenario.name]
            df = pd.concat([r.tidy() for r in results], ignore_index=True)
        else:
            df, cl_results = caseload_cli.run_table(scenario, args.reps, args.seed, caseload, thetas, tick)
            results = list(cl_results)
    prov = stamp(
        scenario=scenario.name, scenario_hash=scenario.hash, seeds=[r.seed for r in results], base_seed=args.seed
    ) | posterior_stamp(thetas, args.point_estimate, [scenario], posterior)
    if caseload is not None:
        prov |= caseload_cli.provenance(caseload)
        caseload_cli.print_summary(cl_results)
    if out is None:
        df.to_csv(sys.stdout, index=False)
    else:
        write_table(df, out, prov)
        print(f"wrote {len(df)} rows to {out}", file=sys.stderr)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare scenarios with a baseline over paired replications; print a KPI table."""
    from sim.compare import compare
    from sim.extrapolation import marks

    caseload_cli.refuse_stray_year(args)
    base = _scenario_with_months(args.baseline, args.months)
    others = [_scenario_with_months(n, args.months) for n in args.scenarios]
    names = [base.name, *[s.name for s in others]]
    if len(set(names)) != len(names):
        raise UserError(f"scenario names must be distinct, got {', '.join(names)}")
    if args.reps * len(names) > MAX_COMPARE_RUNS:
        raise UserError(
            f"--reps {args.reps} x {len(names)} scenarios = {args.reps * len(names)} runs; at most {MAX_COMPARE_RUNS}"
        )
    posterior = resolve_posterior(args.posterior)
    if args.start_from:
        return _compare_caseload(args, [base, *others], posterior)
    with progress_bar(args.reps * len(names), "compare") as tick:
        thetas = draw_thetas(args.reps, args.seed, args.point_estimate, posterior)
        table = compare(base, others, args.reps, args.seed, thetas=thetas, progress=tick).table()
    found = marks([base, *others])
    keys = draw_keys(thetas, [base, *others])
    if args.json:
        extra = {"extrapolation": [m.to_json() for m in found], "uncertain_parameters": keys}
        print(json.dumps({**table, **extra}, indent=2))
    else:
        print(format_table(table))
        print("".join(f"\n{m.text['en']}" for m in found) + _own_values_note(keys))
    return 0


def _compare_caseload(args: argparse.Namespace, scenarios: list[Scenario], posterior: Any) -> int:
    """``sim compare --start-from``: the caseload's forecast under each scenario, paired with the baseline's."""
    from sim.extrapolation import marks

    caseload = caseload_cli.load(args.start_from, args.as_of_year)
    with progress_bar(args.reps * len(scenarios), "compare") as tick:
        thetas = draw_thetas(args.reps, args.seed, args.point_estimate, posterior)
        runs = caseload_cli.compare_runs(scenarios, args.reps, args.seed, caseload, thetas, tick)
    table = caseload_cli.compare_dict(runs, scenarios[0].name, args.reps, args.seed, caseload)
    found, keys = marks(scenarios), draw_keys(thetas, scenarios)
    if args.json:
        extra = {"extrapolation": [m.to_json() for m in found], "uncertain_parameters": keys}
        print(json.dumps(table | extra, indent=2))
    else:
        print(caseload_cli.compare_table(table))
        print("".join(f"\n{m.text['en']}" for m in found) + _own_values_note(keys))
    return 0


def _own_values_note(keys: dict[str, dict[str, list[str]]]) -> str:
    """A line per scenario that sets uncertain parameters itself (its values win over the posterior)."""
    lines = [
        f"\n{name} sets {', '.join(k['set_by_scenario'])} itself: its values are used, not the posterior's"
        for name, k in keys.items()
        if k["set_by_scenario"]
    ]
    return "".join(lines)


def _fmt(key: str, v: float | None) -> str:
    if v is None:
        return "-"
    if key.endswith("_eur"):
        return f"{v / 1e6:,.2f}M"
    return f"{100 * v:.1f}%"


def format_table(table: dict[str, Any]) -> str:
    """Human-readable KPI table: value, paired difference and its 90% interval."""
    lines = [f"baseline: {table['baseline']}   replications: {table['reps']}   seed: {table['seed']}"]
    lines.append("shares: % of status holders (18-64) at that month since permit; money: cumulative EUR")
    for name, body in table["scenarios"].items():
        lines.append(f"\n{name}")
        for key in KPI_ORDER:
            k = body["kpis"][key]
            diff = (
                ""
                if name == table["baseline"]
                else f"  diff {_fmt(key, k['diff'])} [{_fmt(key, k['lo'])}, {_fmt(key, k['hi'])}]"
            )
            if key.endswith("_eur") and k["diff"] is not None and name != table["baseline"]:
                diff = f"  diff {k['diff'] / 1e6:+,.2f}M [{(k['lo'] or 0) / 1e6:+,.2f}M, {(k['hi'] or 0) / 1e6:+,.2f}M]"
            lines.append(f"  {key:26s} {_fmt(key, k['value']):>10s}{diff}")
    return "\n".join(lines)


def register(sub: Any) -> None:
    """Add ``scenarios``, ``params``, ``run`` and ``compare`` to the ``sim`` subcommands."""
    sub.add_parser("scenarios", help="list the shipped scenarios").set_defaults(func=cmd_scenarios)
    p = sub.add_parser("params", help="print the parameter table with sources")
    p.add_argument("scenario", nargs="?", default="baseline")
    p.add_argument("--markdown", action="store_true", help="print the README's lever table (baseline values)")
    p.set_defaults(func=cmd_params)
    p = sub.add_parser("run", help="run replications of a scenario; write the tidy table")
    p.add_argument("scenario", help="shipped scenario name or path to an overlay .toml")
    _common(p)
    p.add_argument("--out", help="output file (.parquet or .csv); default: CSV on stdout")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("compare", help="compare scenarios with a baseline (paired replications)")
    p.add_argument("baseline")
    p.add_argument("scenarios", nargs="+")
    _common(
        p,
        "every scenario starts from your own anonymised caseload, paired: the same people, seeds, posterior "
        "draws and look-alike donors (its past is the baseline's); months count from the file's date; the table "
        "and --json give the file's SHA-256, never its rows; groups under 10 people are left out",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_compare)


def _common(p: argparse.ArgumentParser, start_help: str = caseload_cli.START_HELP) -> None:
    p.add_argument(
        "--reps",
        type=reps,
        default=20,
        help=f"replications (default 20, at most {MAX_REPS}; compare: {MAX_COMPARE_RUNS} runs)",
    )
    p.add_argument("--seed", type=seed, default=1, help="base seed (default 1)")
    p.add_argument("--months", type=positive_int, default=None, help="horizon in months (default: scenario's)")
    p.add_argument(
        "--point-estimate", action="store_true", help="use the posterior mean instead of one draw per replication"
    )
    posterior_option(p)
    caseload_cli.add_options(p, start_help)
