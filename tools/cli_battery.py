"""An adversarial battery for the ``sim`` command line, run as a user runs it (a subprocess each).

    PYTHONPATH=. python tools/cli_battery.py [--jobs 2] [--only WORD] [-v]

Every case is a shell command with what it must do: ``error`` (exit 2, exactly one line
``error: ...`` on stderr, no traceback, no file changed in the working folder), ``ok`` (exit 0,
no traceback) or ``quiet`` (exit 0 and nothing on stderr but progress). The summary counts the
inputs tried, clean errors, tracebacks, hangs (over the time limit) and silent results (exit 0
where a refusal was due, or a number that ignores what the input set). As root it also mounts a
read-only and a full (64 kB) tmpfs for the disk cases; otherwise those are skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIM = f"{sys.executable} -m werkpad"
TIMEOUT = 180
NUMERIC = {
    "run": ["--reps", "--seed", "--months"],
    "compare": ["--reps", "--seed", "--months"],
    "sweep": ["--reps", "--seed", "--workers"],
    "calibrate": ["--particles", "--generations", "--workers", "--seed", "--cohort"],
    "sensitivity": ["--n", "--workers", "--seed"],
}
BAD_NUMBERS = ["0", "-1", "10**12", "1e3", "1.5", "x", "", "²", str(10**30), "1" * 5000, "nan", "٣.٣"]
POSITIONAL = {"run": "baseline", "compare": "baseline work_first", "sweep": "design_ok.toml"}


@dataclass
class Case:
    """One input: a shell command (run in the work folder) and what it must do."""

    name: str
    command: str
    expect: str = "error"  # error | ok | quiet
    check: Callable[[subprocess.CompletedProcess[str]], str] | None = None  # '' or why it is silent
    outcome: str = ""
    detail: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _files(work: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(work.rglob("*")):
        if p.is_file() and "out_ok" not in p.parts:
            h.update(str(p.relative_to(work)).encode() + p.read_bytes())
    return h.hexdigest()


def argument_cases() -> list[Case]:
    """Bad numbers for every numeric option, unknown options, missing arguments."""
    cases = []
    for cmd, options in NUMERIC.items():
        for opt in options:
            for bad in BAD_NUMBERS:
                if opt == "--seed" and bad == "0":
                    continue
                if opt == "--reps" and cmd == "sweep" and bad in ("1e3",):
                    pass
                value = f"'{bad}'"
                cases.append(Case(f"{cmd} {opt}={bad[:12]}", f"{SIM} {cmd} {POSITIONAL.get(cmd, '')} {opt}={value}"))
    for cmd in ("run", "compare", "params", "sweep", "calibrate", "sensitivity", "bench", "scenarios"):
        cases.append(Case(f"{cmd} --zzz", f"{SIM} {cmd} {POSITIONAL.get(cmd, '')} --zzz 1"))
    cases += [
        Case("no command", SIM),
        Case("unknown command", f"{SIM} frobnicate"),
        Case("run without scenario", f"{SIM} run"),
        Case("compare one scenario", f"{SIM} compare baseline"),
        Case("compare same twice", f"{SIM} compare baseline baseline --reps 1"),
        Case(
            "compare 6 x 200 runs",
            f"{SIM} compare baseline work_first dual_track integrated funding_ends era_2020 --reps 200",
        ),
        Case("unknown scenario", f"{SIM} run no_such_scenario --reps 1"),
        Case("params unknown", f"{SIM} params nope"),
        Case("scenario is a folder", f"{SIM} run . --reps 1"),
        Case("scenario /dev/zero", f"{SIM} run /dev/zero --reps 1"),
        Case("sweep nothing", f"{SIM} sweep"),
        Case("sweep --to without collect", f"{SIM} sweep design_ok.toml --to x.csv"),
        Case("sweep missing design", f"{SIM} sweep missing.toml"),
        Case("sweep workers and scheduler", f"{SIM} sweep design_ok.toml --workers 2 --scheduler tcp://127.0.0.1:1"),
        Case("sweep unreachable scheduler", f"{SIM} sweep design_ok.toml --scheduler tcp://127.0.0.1:1"),
        Case("sensitivity bad method", f"{SIM} sensitivity --method sobolx"),
        Case("sensitivity seed 2^32", f"{SIM} sensitivity --seed {2**32}"),
        Case("bench --json txt", f"{SIM} bench --json out.txt"),
        Case("months 241", f"{SIM} run baseline --reps 1 --months 241"),
        Case("months 5", f"{SIM} run baseline --reps 1 --months 5"),
    ]
    return cases


SCENARIOS = {
    "unknown key": '[set]\n"guidance.dedicated_ftes" = 8.0\n',
    "out of range": '[set]\n"guidance.screening_share" = 1.5\n',
    "nan": '[set]\n"guidance.screening_share" = nan\n',
    "inf": '[set]\n"guidance.dedicated_fte_per_100_inflow" = inf\n',
    "wrong type": '[set]\n"guidance.dedicated_fte_per_100_inflow" = "eight"\n',
    "bool for number": '[set]\n"guidance.dedicated_fte_per_100_inflow" = true\n',
    "fraction for int": '[set]\n"guidance.dedicated_caseload" = 50.5\n',
    "bad choice": '[set]\n"regime.law" = 2017\n',
    "key twice": '[set]\n"guidance.dedicated_fte_per_100_inflow" = 8.0\n'
    '"guidance.dedicated_fte_per_100_inflow" = 9.0\n',
    "dotted and table": '[set]\n"guidance.dedicated_fte_per_100_inflow" = 8.0\n'
    "guidance.dedicated_fte_per_100_inflow = 9.0\n",
    "table twice": "[set]\na = 1\n[set]\nb = 2\n",
    "two changes one month": '[[change]]\nmonth = 24\nset = { "guidance.dedicated_fte_per_100_inflow" = 4.0 }\n' * 2,
    "change beyond horizon": '[set]\n"context.horizon_months" = 60\n'
    '[[change]]\nmonth = 72\nset = { "guidance.dedicated_fte_per_100_inflow" = 0.0 }\n',
    "change month 241": '[[change]]\nmonth = 241\nset = { "guidance.dedicated_fte_per_100_inflow" = 0.0 }\n',
    "change month string": '[[change]]\nmonth = "3"\nset = { "guidance.dedicated_fte_per_100_inflow" = 0.0 }\n',
    "change start-only": '[[change]]\nmonth = 3\nset = { "context.inflow_per_year" = 100 }\n',
    "change empty": "[[change]]\nmonth = 3\nset = {}\n",
    "age shares > 1": '[set]\n"population.share_young" = 0.7\n"population.share_older" = 0.4\n',
    "education > 1": '[set]\n"population.share_low_education" = 0.8\n"population.share_high_education" = 0.3\n',
    "origins all 0": "[set]\n"
    + "".join(
        f'"population.origin_share.{o}" = 0.0\n'
        for o in ("syria", "eritrea", "afghanistan", "iraq", "iran", "turkey", "other")
    ),
    "meta int": "[meta]\ntitle = 2024\n",
    "meta table": "[meta]\ntitle = { a = 1 }\n",
    "meta unknown": '[meta]\nauthor = "x"\n',
    "no arrivals": '[set]\n"context.inflow_per_year" = 1\n"context.inflow_months" = 1\n',
    "array bomb": "x = " + "[" * 5000 + "]" * 5000,
    "dotted bomb": "x" + ".x" * 3000 + " = 1\n",
    "table bomb": "[" + ".".join(["a"] * 3000) + "]\nb = 1\n",
    "inline bomb": "x = " + "{a = " * 3000 + "1" + "}" * 3000,
    "not toml": "= = =\n",
    "binary": "\x00\x01\x02garbage",
    "unknown top": "[sett]\na = 1\n",
    "set not table": "set = 3\n",
    "control chars in key": '[set]\n"bad\\nkey\\u0007" = 1\n',
}


def scenario_cases(work: Path) -> list[Case]:
    """Malformed overlay files (each must be refused naming the file), plus BOM and latin-1."""
    cases = []
    for i, (name, text) in enumerate(SCENARIOS.items()):
        path = work / f"s{i:02d}.toml"
        path.write_bytes(text.encode("utf-8"))
        cases.append(Case(f"scenario: {name}", f"{SIM} run {path.name} --reps 1 --months 12"))
        cases.append(Case(f"compare: {name}", f"{SIM} compare baseline {path.name} --reps 1 --months 12"))
    (work / "latin1.toml").write_bytes('[meta]\ntitle = "Súdwest"\n'.encode("latin-1"))
    cases.append(Case("scenario: latin-1", f"{SIM} run latin1.toml --reps 1 --months 12"))
    (work / "big.toml").write_text("# " + "x" * 2_000_000)
    cases.append(Case("scenario: 2 MB", f"{SIM} run big.toml --reps 1 --months 12"))
    (work / "bom.toml").write_bytes(
        b"\xef\xbb\xbf" + b'[meta]\ntitle = "Notepad"\n[set]\n"guidance.dedicated_fte_per_100_inflow" = 8.0\n'
    )
    cases.append(Case("scenario: BOM accepted", f"{SIM} params bom.toml", expect="ok"))
    return cases


CASELOAD_HEADER = ",".join(
    ("local_id", "partner_id", "months_since_permit", "sex", "age_band", "origin", "household", "dutch_level", "exam")
    + ("state", "bijstand")
)
CASELOAD_ROW = "{i},,{m},male,30-44,syria,single,A2,none,course,yes"


def _caseload(rows: int = 12, header: str = CASELOAD_HEADER, extra: str = "", cell: str = "") -> str:
    lines = [header + extra] + [CASELOAD_ROW.format(i=i, m=i) + cell for i in range(1, rows + 1)]
    return "\n".join(lines) + "\n"


CASELOADS = {
    "bsn column": _caseload(extra=",bsn", cell=",111222333"),
    "name column": _caseload(extra=",naam", cell=",x"),
    "unknown column": _caseload(extra=",colour", cell=",red"),
    "bsn in a cell": _caseload().replace("syria", "111222333", 1),
    "date in a cell": _caseload().replace("30-44", "01-02-1990", 1),
    "postcode in a cell": _caseload().replace("syria", "1234 AB", 1),
    "free text": _caseload().replace("syria", "lives with her aunt near the station", 1),
    "no header": "\n".join(CASELOAD_ROW.format(i=i, m=i) for i in range(1, 13)) + "\n",
    "too few rows": _caseload(rows=5),
    "missing column": _caseload().replace(",bijstand", "").replace(",yes", ""),
    "birth_year without year": _caseload(header=CASELOAD_HEADER.replace("age_band", "birth_year")).replace(
        "30-44", "1990"
    ),
    "empty": "",
    "unbalanced quote": _caseload().replace("syria", '"syria', 1),
}


def caseload_cases(work: Path) -> list[Case]:
    """Caseload files (``--start-from``) that must be refused naming line and column, and good ones."""
    cases = []
    for i, (name, text) in enumerate(CASELOADS.items()):
        path = work / f"c{i:02d}.csv"
        path.write_text(text)
        cases.append(Case(f"caseload: {name}", f"{SIM} run baseline --start-from {path.name} --reps 1 --months 12"))
    (work / "cbig.csv").write_text("#" * 1_000_001)
    (work / "cbin.csv").write_bytes(b"\xff\xfe\x00binary")
    (work / "cok.csv").write_text(_caseload())
    cases += [
        Case("caseload: 1 MB", f"{SIM} run baseline --start-from cbig.csv --reps 1 --months 12"),
        Case("caseload: binary", f"{SIM} run baseline --start-from cbin.csv --reps 1 --months 12"),
        Case("caseload: a folder", f"{SIM} run baseline --start-from adir --reps 1 --months 12"),
        Case("caseload: missing", f"{SIM} run baseline --start-from nothere.csv --reps 1 --months 12"),
        Case("caseload: compare --json", f"{SIM} compare baseline work_first --start-from cok.csv --reps 1 --json"),
        Case("caseload: year x", f"{SIM} run baseline --start-from cok.csv --reps 1 --as-of-year x"),
        Case("caseload: year 10**9", f"{SIM} run baseline --start-from cok.csv --reps 1 --as-of-year 1000000000"),
        Case("caseload: good file", f"{SIM} run baseline --start-from cok.csv --reps 1 --months 12", expect="ok"),
        Case(
            "caseload: compare good file",
            f"{SIM} compare baseline work_first --start-from cok.csv --reps 2 --months 12",
            expect="ok",
        ),
    ]
    return cases


DESIGN_OK = (
    '[design]\nreps = 1\n[set]\n"context.inflow_per_year" = 24\n"context.horizon_months" = 12\n'
    '[levers]\n"guidance.dedicated_fte_per_100_inflow" = [0.0, 4.0]\n'
)
DESIGNS = {
    "method": DESIGN_OK.replace("reps = 1", 'reps = 1\nmethod = "random"'),
    "reps 0": DESIGN_OK.replace("reps = 1", "reps = 0"),
    "reps string": DESIGN_OK.replace("reps = 1", 'reps = "3"'),
    "unknown lever": DESIGN_OK.replace("guidance.dedicated_fte_per_100_inflow", "guidance.fte"),
    "reversed range": DESIGN_OK.replace("[0.0, 4.0]", "{ range = [4.0, 0.0], steps = 2 }"),
    "steps 0": DESIGN_OK.replace("[0.0, 4.0]", "{ range = [0.0, 4.0], steps = 0 }"),
    "lhs no samples": DESIGN_OK.replace("reps = 1", 'reps = 1\nmethod = "lhs"').replace(
        "[0.0, 4.0]", "{ range = [0.0, 4.0] }"
    ),
    "empty levers": DESIGN_OK.split("[levers]")[0] + "[levers]\n",
    "unknown base": DESIGN_OK.replace("reps = 1", 'reps = 1\nbase = "nope"'),
    "fixed and varied": DESIGN_OK.replace("[levers]", '"guidance.dedicated_fte_per_100_inflow" = 1.0\n[levers]'),
    "base change beyond horizon": DESIGN_OK.replace("reps = 1", 'reps = 1\nbase = "era_2014"'),
    "huge grid": DESIGN_OK.replace("[0.0, 4.0]", "{ range = [0.0, 8.0], steps = 1001 }")
    + '"guidance.screening_share" = { range = [0.0, 1.0], steps = 1001 }\n',
    "bomb": "[design]\nx = " + "[" * 5000 + "]" * 5000,
    "duplicate key": DESIGN_OK.replace("reps = 1", "reps = 1\nreps = 2"),
    "shares > 1 in set": DESIGN_OK.replace(
        "[levers]", '"population.share_young" = 0.9\n"population.share_older" = 0.5\n[levers]'
    ),
    "not toml": "[design\n",
}


def design_cases(work: Path) -> list[Case]:
    """Malformed design files; sweep output problems; a damaged sweep folder."""
    (work / "design_ok.toml").write_text(DESIGN_OK)
    (work / "d_many.toml").write_text(DESIGN_OK.replace("[0.0, 4.0]", "{ range = [0.0, 8.0], steps = 20 }"))
    cases = []
    for i, (name, text) in enumerate(DESIGNS.items()):
        (work / f"d{i:02d}.toml").write_text(text)
        cases.append(Case(f"design: {name}", f"{SIM} sweep d{i:02d}.toml --out sweep_never"))
    cases += [
        Case("sweep 20 points x 100,000", f"{SIM} sweep d_many.toml --reps 100000 --out sweep_never"),
        Case("sweep --out a file", f"{SIM} sweep design_ok.toml --out afile"),
        Case("sweep --out /proc", f"{SIM} sweep design_ok.toml --out /proc/werkpad"),
        Case("collect missing", f"{SIM} sweep --collect nowhere"),
        Case("collect not a sweep", f"{SIM} sweep --collect ."),
        Case("collect --to xlsx", f"{SIM} sweep --collect nowhere --to x.xlsx"),
        Case("collect --to under a file", f"{SIM} sweep --collect nowhere --to afile/x.csv"),
    ]
    return cases


def output_cases() -> list[Case]:
    """Outputs that cannot be written, checked before the work."""
    long = "n" * 300
    cases = []
    for target in (
        "/proc/x.csv",
        "/proc/werkpad/x.csv",
        "afile/x.csv",
        "adir",
        f"{long}.csv",
        f"adir/{long}/x.parquet",
        "n" * 250 + ".csv",
        "x.txt",
        "x.xlsx",
        "/sys/x.csv",
    ):
        cases.append(Case(f"run --out {target[:30]}", f"{SIM} run baseline --reps 1 --months 12 --out {target}"))
    cases += [
        Case("calibrate --out shipped", f"{SIM} calibrate --out {ROOT}/calibration/posterior.csv --db new.db"),
        Case("calibrate --out txt", f"{SIM} calibrate --out post.txt --db new.db"),
        Case("calibrate --out /proc", f"{SIM} calibrate --out /proc/x/p.csv --db new.db"),
        Case("sensitivity --out-dir shipped", f"{SIM} sensitivity --out-dir {ROOT}/calibration"),
        Case("sensitivity --out-dir a file", f"{SIM} sensitivity --out-dir afile"),
        Case("sensitivity --out-dir under a file", f"{SIM} sensitivity --out-dir afile/sub"),
        Case("sensitivity --out-dir /proc", f"{SIM} sensitivity --out-dir /proc/werkpad"),
        Case("bench --json /proc", f"{SIM} bench --json /proc/x/b.json"),
        Case("bench --json a folder", f"{SIM} bench --json adir.json"),
    ]
    return cases


def db_cases(work: Path) -> list[Case]:
    """``calibrate --db`` that must be refused before pyABC touches it."""
    (work / "text.db").write_text("not a database\n")
    with sqlite3.connect(work / "other.db") as con:
        con.execute("CREATE TABLE notes (id INTEGER, body TEXT)")
        con.execute("INSERT INTO notes VALUES (1, 'keep')")
    con.close()
    opts = "--out cal/post.csv --no-report"
    return [
        Case("--db text file", f"{SIM} calibrate --db text.db {opts}"),
        Case("--db other program", f"{SIM} calibrate --db other.db {opts}"),
        Case("--db under a file", f"{SIM} calibrate --db afile/x.db {opts}"),
        Case("--db a folder", f"{SIM} calibrate --db adir {opts}"),
        Case("--db /proc", f"{SIM} calibrate --db /proc/x/h.db {opts}"),
    ]


def behaviour_cases(work: Path) -> list[Case]:
    """Pipes, precedence of what a scenario sets, a damaged sweep on resume, a full stdout."""
    (work / "slow_jobs.toml").write_text('[set]\n"behaviour.job_hazard" = 0.001\n')

    def diff_not_zero(got: subprocess.CompletedProcess[str]) -> str:
        table = json.loads(got.stdout)
        diff = table["scenarios"]["slow_jobs"]["kpis"]["employed_share_m24"]["diff"]
        return "" if diff and abs(diff) > 0.01 else f"diff {diff}: the draw replaced the scenario's value"

    cases = [
        Case(f"{c} | head", f"{SIM} {c} | head -1", expect="quiet")
        for c in (
            "params",
            "scenarios",
            "run baseline --reps 1 --months 24",
            "compare baseline work_first --reps 1 --months 24",
        )
    ]
    cases += [
        Case(
            f"overlay sets job_hazard{' (point)' if pe else ''}",
            f"{SIM} compare baseline slow_jobs.toml --reps 2 --months 30 --json {pe}",
            expect="ok",
            check=diff_not_zero,
        )
        for pe in ("", "--point-estimate")
    ]
    cases.append(Case("stdout full", f"{SIM} run baseline --reps 1 --months 12 > /dev/full"))
    cases.append(Case("sweep resume after damage", f"bash -c '{damaged_sweep()}'", expect="ok", check=_redone))
    return cases


def damaged_sweep() -> str:
    """A sweep, one run file cut short, the same sweep again (must redo it), then --collect."""
    runs = "out_ok/s1/runs"
    return (
        f"{SIM} sweep design_ok.toml --out out_ok/s1 2>/dev/null && "
        f"f=$(ls {runs}/*.parquet | head -1) && head -c 50 $f > $f.cut && mv $f.cut $f && "
        f"{SIM} sweep design_ok.toml --out out_ok/s1 && {SIM} sweep --collect out_ok/s1 > /dev/null"
    )


def _redone(got: subprocess.CompletedProcess[str]) -> str:
    return "" if "redoing 1 damaged run file" in got.stderr else "the damaged run file was not redone"


def disk_cases(work: Path) -> list[Case]:
    """A read-only and a full file system (root only: tmpfs mounts, removed at the end)."""
    if os.geteuid() != 0:
        return []
    ro, full = work / "ro", work / "full"
    ro.mkdir()
    full.mkdir()
    mounted = (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(ro)], check=False).returncode == 0
    )
    mounted &= (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(full)], check=False).returncode == 0
    )
    if not mounted:
        return []
    return [
        Case("run --out read-only", f"{SIM} run baseline --reps 1 --months 12 --out {work}/ro/x.csv"),
        Case("sweep --out read-only", f"{SIM} sweep design_ok.toml --out {work}/ro/s"),
        Case("sensitivity --out-dir read-only", f"{SIM} sensitivity --out-dir {work}/ro/s"),
        Case("calibrate --db read-only", f"{SIM} calibrate --db {work}/ro/h.db --out cal/p.csv"),
        Case("run --out full disk", f"{SIM} run baseline --reps 2 --months 120 --out {work}/full/x.csv"),
        Case("run --out full disk parquet", f"{SIM} run baseline --reps 2 --months 120 --out {work}/full/x.parquet"),
        Case("sweep on a full disk", f"{SIM} sweep design_ok.toml --reps 50 --out {work}/full/s"),
    ]


def unmount(work: Path) -> None:
    """Remove the tmpfs mounts of :func:`disk_cases`."""
    for sub in ("ro", "full"):
        subprocess.run(["umount", str(work / sub)], check=False, capture_output=True)


def judge(case: Case, got: subprocess.CompletedProcess[str] | None, changed: bool) -> None:
    """Classify a finished case: clean, ok, traceback, silent."""
    if got is None:
        case.outcome, case.detail = "hang", f"over {TIMEOUT} s"
        return
    err = got.stderr
    lines = [ln for ln in err.strip().splitlines() if ln.strip() and "\r" not in ln and "%|" not in ln]
    if "Traceback" in err or "Exception ignored" in err:
        case.outcome, case.detail = "traceback", err.strip().splitlines()[-1][:160]
    elif case.expect == "error":
        one = got.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: ")
        case.outcome = "clean" if one and not changed else ("silent" if got.returncode == 0 else "unclear")
        case.detail = (lines[-1] if lines else f"exit {got.returncode}, no message")[:160]
        if changed and got.returncode == 2:
            case.outcome, case.detail = "unclear", "a file changed: " + case.detail
    else:
        why = case.check(got) if case.check and got.returncode == 0 else ""
        bad_exit = got.returncode != 0
        noisy = case.expect == "quiet" and any("rror" in ln for ln in lines)
        case.outcome = "silent" if why else ("unclear" if bad_exit or noisy else "ok")
        case.detail = why or (lines[-1][:160] if lines else "")


def run_case(case: Case, work: Path) -> Case:
    """Run one case in its own copy of the input folder (so cases in parallel cannot disturb each other)."""
    here = Path(tempfile.mkdtemp(dir=work.parent, prefix="case-"))
    shutil.copytree(work, here, dirs_exist_ok=True, ignore=shutil.ignore_patterns("ro", "full"))
    before = _files(here)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    try:
        got: subprocess.CompletedProcess[str] | None = subprocess.run(
            case.command.replace("{work}", str(work)),
            shell=True,
            cwd=here,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        got = None
    judge(case, got, case.expect == "error" and _files(here) != before)
    shutil.rmtree(here, ignore_errors=True)
    return case


def main() -> int:
    """Build the cases in a scratch folder, run them, print the counts (and the cases that failed)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="werkpad-battery-"))
    work = scratch / "inputs"
    work.mkdir()
    (work / "afile").write_text("a file\n")
    (work / "adir").mkdir()
    (work / "adir.json").mkdir()
    try:
        cases = argument_cases() + scenario_cases(work) + design_cases(work) + output_cases()
        cases += db_cases(work) + behaviour_cases(work) + disk_cases(work) + caseload_cases(work)
        cases = [c for c in cases if args.only in c.name]
        serial = [c for c in cases if c.expect != "error"]  # these write; run them one at a time
        with ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(lambda c: run_case(c, work), [c for c in cases if c.expect == "error"]))
        for c in serial:
            run_case(c, work)
    finally:
        unmount(work)
        shutil.rmtree(scratch, ignore_errors=True)
    counts = {k: sum(c.outcome == k for c in cases) for k in ("clean", "ok", "traceback", "hang", "silent", "unclear")}
    print(f"inputs tried {len(cases)}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for c in cases:
        if args.verbose or c.outcome not in ("clean", "ok"):
            print(f"  [{c.outcome}] {c.name}: {c.detail}")
    return 0 if counts["traceback"] + counts["hang"] + counts["silent"] + counts["unclear"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
