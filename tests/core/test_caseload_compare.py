"""``sim compare --start-from``: paired scenarios from one caseload, the JSON, provenance, privacy, bad files.

Every scenario of a comparison starts from the same people: the same seeds, posterior draws,
intake and look-alike donors (drawn under the baseline, the policy the file's people lived
under), so the scenarios differ from the file's date on only. A lever set to its baseline
value must then give the baseline's results exactly (a metamorphic test), and the JSON must
hold the numbers the text table prints.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sim.caseload.reader import CaseloadError, read_caseload
from sim.model import MunicipalityModel
from sim.scenarios import load_scenario
from werkpad.cli import main

from .test_caseload_file import HEADER, csv_bytes, rows
from .test_caseload_run import _run_cli as run_cli

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = ROOT / "examples" / "caseload" / "synthetic_caseload_SYNTHETIC.csv"
FAST = ["--reps", "3", "--months", "24", "--seed", "4"]
# computed from this month's policy, not carried from the past (MunicipalityModel.refresh_multipliers)
NOW_COLUMNS = {"offer_fixed", "offer_mult", "lang_mult"}


def _start_differences(a: MunicipalityModel, b: MunicipalityModel, n: int) -> list[str]:
    """The person columns (and fixed draws) in which the first ``n`` people of two models differ."""
    cols = {k: v for k, v in vars(a.people).items() if isinstance(v, np.ndarray) and v.ndim == 1 and len(v) >= n}
    diff = [k for k, v in cols.items() if not np.array_equal(v[:n], getattr(b.people, k)[:n])]
    return diff + [k for k, v in a.people.fixed.items() if not np.array_equal(v[:n], b.people.fixed[k][:n])]


@pytest.mark.parametrize("other", ["dual_track", "era_2014", "funding_ends"])
def test_every_scenario_starts_from_the_same_people(other: str) -> None:
    """With the baseline's past the file's people are placed identically; each under its own past they are not."""
    caseload, _ = read_caseload(SYNTHETIC.read_bytes())
    short = {"context.horizon_months": 12}
    base, scen = load_scenario("baseline").with_overrides(short), load_scenario(other).with_overrides(short)
    theta = {"behaviour.job_hazard": 0.3}
    ref = MunicipalityModel(base, 9, theta=theta, caseload=caseload)
    paired = MunicipalityModel(scen, 9, theta=theta, caseload=caseload, past=base)
    assert set(_start_differences(ref, paired, len(caseload))) <= NOW_COLUMNS
    own = MunicipalityModel(scen, 9, theta=theta, caseload=caseload)
    assert {"edu", "housed_at", "network"} <= set(_start_differences(ref, own, len(caseload)))


def _lever_at_baseline(tmp_path: Path) -> Path:
    """A scenario file that sets one lever to the baseline's own value (and renames nothing else)."""
    value = load_scenario("baseline").params()["learning.dual_places_per_100"]
    path = tmp_path / "same_as_baseline.toml"
    path.write_text(
        f'[meta]\ntitle = "dual places at the baseline value"\n\n[set]\n"learning.dual_places_per_100" = {value}\n'
    )
    return path


def test_a_lever_at_its_baseline_value_gives_the_baseline_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Metamorphic: the same people, seeds and draws under the same values give the same numbers, bit for bit."""
    same = _lever_at_baseline(tmp_path)
    argv = ["compare", "baseline", str(same), "dual_track", "--start-from", str(SYNTHETIC), "--json", *FAST]
    code, out, err = run_cli(capsys, argv)
    assert code == 0, err
    table = json.loads(out)["scenarios"]
    base, twin, dual = table["baseline"]["kpis"], table[same.stem]["kpis"], table["dual_track"]["kpis"]
    assert twin == base
    assert all(k["diff"] == 0.0 for k in twin.values() if k["value"] is not None)
    assert dual["employed_share_p12"]["diff"] > 0  # the lever that moves does show


def _text_cells(text: str) -> dict[tuple[str, str], list[str]]:
    """(scenario, KPI) -> the cells the text table prints (value, and diff, lo, hi for the others)."""
    cells, scenario = {}, ""
    for line in text.splitlines():
        m = re.match(r"^  (\w+_p\d+)\s+(\S+)(?:\s+diff (\S+) \[(\S+), (\S+)\])?$", line)
        if m:
            cells[(scenario, m.group(1))] = [g for g in m.groups()[1:] if g is not None]
        elif line and not line.startswith(" ") and ":" not in line:
            scenario = line.strip()
    return cells


def _json_cells(table: dict) -> dict[tuple[str, str], list[str]]:
    """The same cells from the JSON, formatted as the table formats them."""
    pct = lambda x: "-" if x is None else f"{100 * x:.1f}%"  # noqa: E731
    pp = lambda x: "-" if x is None else f"{100 * x:+.1f}"  # noqa: E731
    out = {}
    for name, body in table["scenarios"].items():
        for key, k in body["kpis"].items():
            extra = [] if name == table["baseline"] else [pp(k["diff"]), pp(k["lo"]), pp(k["hi"])]
            out[(name, key)] = [pct(k["value"]), *extra]
    return out


def test_json_holds_the_numbers_of_the_table_and_the_files_digest(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["compare", "baseline", "dual_track", "work_first", "--start-from", str(SYNTHETIC), *FAST]
    code, text, err = run_cli(capsys, argv)
    assert code == 0, err
    code, out, _ = run_cli(capsys, [*argv, "--json"])
    assert code == 0
    table = json.loads(out)
    assert _text_cells(text) == _json_cells(table) and len(_text_cells(text)) == 27
    digest = hashlib.sha256(SYNTHETIC.read_bytes()).hexdigest()
    start = table["start_from"]
    assert (start["caseload_sha256"], start["caseload_people"], start["suppressed_below"]) == (digest, 559, 10)
    assert start["past"] == "baseline" and f"caseload sha256 {digest}, 559 people" in text
    assert (
        table["seeds"]
        == json.loads(run_cli(capsys, ["compare", "baseline", "dual_track", "--json", *FAST])[1])["seeds"]
    )
    assert table["extrapolation"] and "dual_track" in table["uncertain_parameters"]


def test_nothing_of_the_file_leaves_the_comparison(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A canary: the file's name, local ids and rows appear in no output; no file is written."""
    body = rows(30)
    for k, r in enumerate(body):
        r[0] = str(7770 + k)
    body[5][5] = "iran"  # a single Iranian
    src = tmp_path / "caseload_Jansen_canary.csv"
    src.write_bytes(csv_bytes(body))
    argv = ["compare", "baseline", "dual_track", "--start-from", str(src), "--reps", "2", "--months", "24"]
    outputs = ""
    for extra in ([], ["--json"]):
        code, out, err = run_cli(capsys, [*argv, *extra])
        assert code == 0, err
        outputs += out + err
    assert "Jansen" not in outputs and "canary" not in outputs and "Iran" not in outputs
    assert not any(re.search(rf"\b{7770 + k}\b", outputs) for k in range(30))
    assert not any(",".join(r[2:]) in outputs for r in body)
    assert [p.name for p in tmp_path.iterdir()] == [src.name]


BAD_FILES = [
    (b"", "no header line"),
    (b"local_id,sex\n", "missing column"),
    (b"\xff\xfe\x00\x01binary", "UTF-8"),
    (csv_bytes(rows(5)), "at least 10"),
    (csv_bytes([[*r[:4], "1-2-1990", *r[5:]] for r in rows()]), "line 2, column 'age_band'"),
    (csv_bytes(rows(), [*HEADER[:-1], "bijstand_eur"]), "unknown column(s) 'bijstand_eur'; allowed: local_id"),
]


@pytest.mark.parametrize(("content", "said"), BAD_FILES)
def test_bad_files_are_one_line_naming_the_file_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, said: str
) -> None:
    src = tmp_path / "c.csv"
    src.write_bytes(content)
    for extra in ([], ["--json"]):
        code, out, err = run_cli(capsys, ["compare", "baseline", "dual_track", "--start-from", str(src), *extra])
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
        assert err.startswith(f"error: --start-from {src}") and said in err, err
    code, _, err = run_cli(capsys, ["compare", "baseline", "dual_track", "--start-from", str(tmp_path / "none.csv")])
    assert code == 2 and f"--start-from {tmp_path / 'none.csv'}: cannot read" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv"]


def _refused(data: bytes) -> str:
    """The reader's refusal of ``data`` (the test needs a refused file)."""
    try:
        read_caseload(data)
    except CaseloadError as exc:
        return str(exc)
    return ""


@st.composite
def identifying_cell(draw: st.DrawFn) -> bytes:
    """A good file with one identifying value in a generated cell (refused as a whole)."""
    body = rows(draw(st.integers(10, 14)))
    row, col = draw(st.integers(0, len(body) - 1)), draw(st.integers(0, len(HEADER) - 1))
    body[row][col] = draw(st.sampled_from(["111222333", "1234 AB", "12-05-1990", "a.b@example.nl", "0612345678"]))
    return csv_bytes(body)


@st.composite
def too_few_good_rows(draw: st.DrawFn) -> bytes:
    """Between 0 and 14 rows, some with a value not allowed, fewer than 10 of them usable."""
    body = rows(draw(st.integers(0, 14)))
    for r in body[: draw(st.integers(max(0, len(body) - 9), len(body)))]:
        r[draw(st.sampled_from([2, 3, 5, 6, 9]))] = draw(st.sampled_from(["-3", "unknown", "C3", "ja?", "999"]))
    return csv_bytes(body)


GENERATED_BAD = (
    st.binary(max_size=400)
    | st.lists(st.sampled_from(["1", "x", "syria", ",", "\n", "single", "#", '"']), max_size=60).map(
        lambda parts: (",".join(HEADER) + "\n" + "".join(parts)).encode()
    )
    | identifying_cell()
    | too_few_good_rows()
)


@settings(max_examples=60, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=GENERATED_BAD)
def test_generated_bad_files_refuse_compare_in_one_line(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """Whatever the reader refuses, ``compare --start-from`` refuses with its message, the file named, exit 2."""
    said = _refused(data)
    assume(said)
    src = tmp_path_factory.mktemp("bad") / "generated.csv"
    src.write_bytes(data)
    code, out, err = _quiet_cli(["compare", "baseline", "dual_track", "--start-from", str(src), "--json"])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"error: --start-from {src}") and "Traceback" not in err
    assert said.removeprefix("caseload file").lstrip(": ")[:40] in err


def _quiet_cli(argv: list[str]) -> tuple[int, str, str]:
    """``sim ARGV`` with stdout and stderr captured (no pytest fixture inside Hypothesis)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_help_says_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, ["compare", "--help"])
    assert code == 0 and "starts from your own anonymised caseload, paired" in " ".join(out.split())
