"""Adversarial battery of the app's input paths (issue #9): odd links and uploaded files, counted.

Not a test (pytest does not collect it): a measurement to rerun and quote. Every input goes
through the same code the page uses; each outcome is one of

- ``clean``: a message names what was refused or adjusted (URL warning, upload error, the work
  ceiling), and the page (or the state) is still usable;
- ``ok``: accepted as given (the link reads back the same; the file loads);
- ``traceback``: an exception escaped;
- ``hang``: longer than the limit (2 s for a link or file read, 60 s for a whole page);
- ``silent``: accepted without a message but not as given (a dropped or changed part).

Run from the project folder::

    PYTHONPATH=$PWD .venv/bin/python tests/app/battery.py [--page] [--generated N]

``WERKPAD_ROOT=/path/to/other/checkout`` runs the curated inputs against another version of the
code (for a before/after count; ``--generated`` needs this version's strategies).

``--page`` also runs the curated links through the whole page (Streamlit AppTest); ``--generated``
adds N Hypothesis-generated links and N uploads (the property tests' strategies).
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(os.environ.get("WERKPAD_ROOT", Path(__file__).resolve().parents[2]))  # another checkout: before/after
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from urlcanon import canonical  # noqa: E402

from sim.scenarios import load_scenario  # noqa: E402
from webapp.controls import handle_upload  # noqa: E402
from webapp.state import default_state  # noqa: E402

try:
    from webapp.query import STREAMLIT_PARAMS, from_query, to_query
    from webapp.state import DEFAULT_MIX
except ImportError:  # the code before issue #9 (68ee1db), for a before/after count
    from webapp.state import from_query, to_query  # type: ignore[attr-defined,no-redef]

    STREAMLIT_PARAMS, DEFAULT_MIX = ("embed", "embed_options"), "2021"

BASE = {"s0": "baseline", "n0": "Basis", "s1": "funding_ends", "n1": "Geld stopt", "reps": "5", "seed": "7"}
SMALL = {"m": "context.inflow_per_year:60"}
UP = {"s1": "upload", "p1": "learning.work_first:1.0"}
LINKS: list[dict[str, str]] = [
    *({**BASE, **SMALL, "seed": v} for v in ("²", "٣", "-1", "99999999999999999999", "1e3", "", "0x10", " 7")),
    *({**BASE, **SMALL, "edit": v} for v in ("³", "9", "-1", "1.0")),
    *({**BASE, **SMALL, "reps": v} for v in ("80", "1000", "0", "7", "²", "10**12")),
    {**BASE, **SMALL, **UP, "c1": "²|learning.work_first:0.0"},
    {**BASE, **SMALL, "c1": "12|learning.work_first:0.0"},
    {**BASE, **SMALL, **UP, "c1": "12|context.inflow_per_year:200"},
    {**BASE, **SMALL, **UP, "c1": "12|context.horizon_months:200"},
    {**BASE, **SMALL, **UP, "c1": "999|learning.work_first:0.0"},
    {**BASE, **SMALL, **UP, "c1": "5|"},
    {**BASE, **SMALL, **UP, "c1": "~~~"},
    {**BASE, **SMALL, **UP, "c1": "5|a:b"},
    {**BASE, **SMALL, **UP, "c1": "5|learning.work_first:0.0~5|learning.work_first:1.0"},
    {**BASE, **SMALL, "n0": "Same", "n1": "Same"},
    {**BASE, **SMALL, "n0": "A<", "n1": "A>"},
    {**BASE, **SMALL, "n1": "<script>alert(1)</script>"},
    {**BASE, **SMALL, "n1": ""},
    {**BASE, **SMALL, "n1": "x" * 500},
    {**BASE, **SMALL, "n1": "\u202egnirts"},
    {**BASE, **SMALL, "n1": "**vet** [link](http://x)"},
    {**BASE, "reps": "80", "m": "context.inflow_per_year:60000;context.horizon_months:240"},
    {**BASE, "m": "context.inflow_per_year:20"},
    {**BASE, "m": "context.inflow_per_year:1000"},
    {**BASE, "reps": "80", "m": "context.inflow_per_year:1000;context.horizon_months:180"},
    {**BASE, **SMALL, "m": "a:b"},
    {**BASE, **SMALL, "m": ":::"},
    {**BASE, **SMALL, "m": ";;;"},
    {**BASE, **SMALL, "m": "guidance.dedicated_fte_per_100_inflow:3.0"},
    {**BASE, **SMALL, "m": "context.inflow_per_year:60;context.inflow_per_year:70"},
    {**BASE, **SMALL, "m": "context.inflow_per_year:60;context.labour_tightness:nan"},
    {**BASE, **SMALL, "m": "context.inflow_per_year:60;context.labour_tightness:inf"},
    {**BASE, **SMALL, "m": "context.inflow_per_year:60;context.labour_tightness:1e308"},
    {**BASE, **SMALL, "m": "context.inflow_per_year:6²"},
    {**BASE, **SMALL, "m": ";".join(f"context.labour_tightness:{i % 2}" for i in range(5000))},
    {**BASE, **SMALL, "p1": "funding.end_month:500"},
    {**BASE, **SMALL, "p1": "guidance.dedicated_fte_per_100_inflow:-3"},
    {**BASE, **SMALL, "p1": "context.inflow_per_year:200"},
    {**BASE, **SMALL, "p1": "regime.law:2000"},
    {**BASE, **SMALL, "p1": "guidance.coordinator:yes"},
    {**BASE, **SMALL, "s1": "../../etc/passwd"},
    {**BASE, **SMALL, "s1": "upload"},
    {**BASE, **SMALL, "s0": "upload", "p0": "learning.work_first:1.0"},
    {**BASE, **SMALL, "s5": "baseline", "n5": "x"},
    {"s1": "baseline", "seed": "3"},
    {"seed": "²"},
    {"s0": "baseline"},
    {**BASE, **SMALL, "lang": "fr"},
    {**BASE, **SMALL, "lang": "EN"},
    {**BASE, **SMALL, "unc": "maybe"},
    {**BASE, **SMALL, "mix": "1999"},
    {**BASE, **SMALL, "y0": "²"},
    {**BASE, **SMALL, "y0": "3000"},
    {**BASE, **SMALL, "cum": "2"},
    {**BASE, **SMALL, "foo": "1"},
    {**BASE, **SMALL, "s1": "upload", "p1": "context.inflow_per_year:60000;context.horizon_months:240"},
    {**BASE, **SMALL, "m": "context.inflow_per_year:60;context.horizon_months:180", "p1": "funding.end_month:150"},
    {**BASE, **SMALL, "s2": "integrated", "n2": "Int", "s3": "work_first", "n3": "WF", "edit": "3"},
]
BOMB_LIST = b"x = " + b"[" * 5000 + b"]" * 5000
UPLOADS: list[bytes] = [
    load_scenario("integrated").to_toml().encode(),
    load_scenario("funding_ends").to_toml().encode(),
    load_scenario("era_2014").to_toml().encode(),
    b'\xef\xbb\xbf[set]\n"guidance.dedicated_fte_per_100_inflow" = 3.0\n',
    b'[set]\n"guidance.dedicated_fte_per_100_inflow" = -5\n',
    b'[set]\n"guidance.dedicatd_fte" = 5\n',
    b"not = [toml",
    b"\xff\xfe\x00",
    b"#" * 200_000,
    b"",
    b"[set]\n",
    b'[[change]]\nmonth = 999\nset = { "learning.work_first" = 1.0 }\n',
    b'[[change]]\nmonth = 12\nset = { "context.inflow_per_year" = 10 }\n',
    b'[set]\n"guidance.dedicated_fte_per_100_inflow" = 3.0\nguidance.dedicated_fte_per_100_inflow = 4.0\n',
    b'[set]\n"context.inflow_per_year" = 60000\n"context.horizon_months" = 240\n',
    b'[set]\n"context.horizon_months" = 180\n"funding.end_month" = 150\n',
    b'[meta]\nname = "A<"\n[set]\n"learning.work_first" = 1.0\n',
    b"[meta]\nname = [1, 2]\n",
    b'[meta]\nfoo = "x"\n',
    b"[set]\n" + b"a." * 3000 + b"a = 1",
    b"[set]\n" + b"guidance." * 3000 + b"x = 1",
    BOMB_LIST,
    b"x = " + b"{a = " * 5000 + b"1" + b"}" * 5000,
    b'[set]\n"population.share_male" = 1e400\n',
    b'[set]\n"regime.law" = 2013.0\n',
]


def link_outcome(q: dict[str, str]) -> tuple[str, str]:
    """Outcome of reading a link (the state functions only)."""
    start = time.perf_counter()
    try:
        state, said = from_query(q)
    except Exception as exc:  # noqa: BLE001 - counting
        return "traceback", repr(exc)[:120]
    if time.perf_counter() - start > 2:
        return "hang", f"{time.perf_counter() - start:.1f} s"
    if said:
        return "clean", said[0][:120]
    written = {"mix": DEFAULT_MIX, **to_query(state)}
    for key, text in q.items():
        if key not in STREAMLIT_PARAMS and canonical(key, written.get(key, "")) != canonical(key, text):
            return "silent", f"{key}={text[:40]!r} -> {written.get(key, '')[:40]!r}"
    return "ok", ""


def upload_outcome(data: bytes, target: int = 1) -> tuple[str, str]:
    """Outcome of uploading a file into a slot."""
    state = default_state()
    before = to_query(state)
    start = time.perf_counter()
    try:
        msg = handle_upload(state, data, "battery.toml", target)
    except Exception as exc:  # noqa: BLE001 - counting
        return "traceback", repr(exc)[:120]
    if time.perf_counter() - start > 2:
        return "hang", f"{time.perf_counter() - start:.1f} s"
    if msg is not None:
        return ("clean", msg[:120]) if to_query(state) == before else ("silent", "refused but changed the state")
    again, said = from_query(to_query(state))
    return ("ok", "") if not said else ("silent", said[0][:120])


def page_outcome(q: dict[str, str]) -> tuple[str, str]:
    """Outcome of opening the page with a link (Streamlit AppTest, the whole script)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in q.items():
        at.query_params[key] = value
    start = time.perf_counter()
    try:
        at.run()
    except RuntimeError as exc:
        return ("hang", "over 60 s") if "timed out" in str(exc) else ("traceback", repr(exc)[:120])
    if at.exception:
        return "traceback", at.exception[0].value[:120]
    shown = [w.value for w in at.warning] + [e.value for e in at.error]
    if shown:
        return "clean", f"{time.perf_counter() - start:.1f} s: {shown[0][:100]}"
    state, said = from_query(q)
    return ("silent", "no message") if said else ("ok", f"{time.perf_counter() - start:.1f} s")


def heavy(q: dict[str, str]) -> bool:
    """A link that asks for 1,000 or more arrivals a year (minutes of work without a ceiling)."""
    return any(f"inflow_per_year:{n}" in q.get(k, "") for k in ("m", "p1") for n in ("1000", "60000"))


def generated(n: int) -> tuple[list[dict[str, str]], list[bytes]]:
    """``n`` links and ``n`` uploads from the property tests' strategies (derandomized)."""
    from badinput import queries, uploads
    from hypothesis import HealthCheck, Phase, given, settings

    links: list[dict[str, str]] = []
    files: list[bytes] = []
    opts: dict[str, Any] = {"deadline": None, "derandomize": True, "database": None, "phases": [Phase.generate]}
    opts["suppress_health_check"] = list(HealthCheck)

    @settings(max_examples=n, **opts)
    @given(queries())
    def take_link(case: tuple[dict[str, str], set[str]]) -> None:
        links.append(case[0])

    @settings(max_examples=n, **opts)
    @given(uploads())
    def take_file(data: bytes) -> None:
        files.append(data)

    take_link()
    take_file()
    return links, files


def report(title: str, outcomes: list[tuple[str, str]]) -> collections.Counter[str]:
    """Print the counts of one part and the lines that are not ok or clean."""
    counts = collections.Counter(kind for kind, _ in outcomes)
    print(f"{title}: {len(outcomes)} inputs, " + ", ".join(f"{k} {counts[k]}" for k in KINDS))
    for kind, note in outcomes:
        if kind in ("traceback", "hang", "silent"):
            print(f"    {kind}: {note}")
    return counts


KINDS = ("ok", "clean", "traceback", "hang", "silent")


def main() -> None:
    """Run the battery and print the counts."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", action="store_true", help="also run the curated links through the whole page")
    ap.add_argument("--generated", type=int, default=0, help="generated links and uploads to add")
    ap.add_argument(
        "--skip-heavy",
        action="store_true",
        help="skip links of 1,000+ arrivals in the page part (for code without a ceiling)",
    )
    args = ap.parse_args()
    total: collections.Counter[str] = collections.Counter()
    total += report("links (curated)", [link_outcome(q) for q in LINKS])
    total += report("uploads (curated)", [upload_outcome(d) for d in UPLOADS])
    if args.generated:
        links, files = generated(args.generated)
        total += report("links (generated)", [link_outcome(q) for q in links])
        total += report("uploads (generated)", [upload_outcome(d) for d in files])
    if args.page:
        links = [q for q in LINKS if not (args.skip_heavy and heavy(q))]
        total += report(
            f"links through the page ({len(LINKS) - len(links)} heavy skipped)", [page_outcome(q) for q in links]
        )
    print(f"total: {sum(total.values())} inputs, " + ", ".join(f"{k} {total[k]}" for k in KINDS))


if __name__ == "__main__":
    main()
