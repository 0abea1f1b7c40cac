"""The council report: it renders, its numbers are ``sim compare --json``'s, and its text says the right things.

One comparison (baseline, funding_ends, work_first; 3 replications of 48 months, seed 3) is run
through ``sim report`` (English and Dutch) and ``sim compare --json`` (``werkpad.cli.main``); the KPI
rows of the PDF's text (``pdftotext -layout``) must hold the comparison's numbers, formatted
here independently of the report's own formatter.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ARGS = ["baseline", "funding_ends", "work_first", "--reps", "3", "--months", "48", "--seed", "3"]
NAMES_EN = {"baseline": "Baseline", "funding_ends": "National money stops", "work_first": "Work first"}
SHARES = {
    "employed_share_m12": "Employed after 1 year",
    "employed_share_m24": "Employed after 2 years",
    "employed_share_m36": "Employed after 3 years",
    "welfare_share_m24": "On welfare after 2 years",
    "b1_share_m36": "Dutch at B1 after 3 years",
    "exam_passed_share_m36": "Exam passed after 3 years",
}
MONEY = {
    "programme_costs_eur": "Programme costs",
    "welfare_paid_eur": "Welfare paid",
    "national_money_eur": "National money received",
    "net_municipal_cost_eur": "Net municipal cost",
}
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The English and Dutch reports and the JSON comparison of the same runs (in this process: fast)."""
    from werkpad.cli import main as sim_main

    out = tmp_path_factory.mktemp("report")
    for lang in ("en", "nl"):
        assert (
            sim_main(["report", *ARGS, "--lang", lang, "--start-year", "2027", "--out", str(out / f"{lang}.pdf")]) == 0
        )
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert sim_main(["compare", *ARGS, "--json"]) == 0
    return {"dir": out, "table": json.loads(buf.getvalue())}


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _pp(x: float) -> str:
    return f"{100 * x:+.1f}"


def _mln(x: float, sign: bool = True) -> str:
    return f"{x / 1e6:+,.2f}" if sign else f"{x / 1e6:,.2f}"


def _row(text: str, label: str, name: str) -> str:
    """The table line of a KPI and scenario (labels and names may wrap: their first words identify it)."""
    start, first = " ".join(label.split()[:3]), f" {name.split()[0]} "
    rows = [line for line in text.splitlines() if line.strip().startswith(start) and first in line]
    assert len(rows) == 1, f"{label} / {name}: {rows}"
    return rows[0]


@needs_poppler
def test_kpi_rows_hold_the_numbers_of_compare_json(made: dict[str, Any]) -> None:
    text = _text(made["dir"] / "en.pdf")
    table = made["table"]
    for key, name in NAMES_EN.items():
        k = table["scenarios"][key]["kpis"]
        for kpi, label in SHARES.items():
            row = _row(text, label, name)
            assert f"{100 * k[kpi]['value']:.1f}%" in row
            if key != "baseline":
                s = k[kpi]
                assert f"{_pp(s['diff'])} pp" in row
                assert f"{_pp(s['lo'])} … {_pp(s['hi'])} pp" in row
                assert f"{_pp(s['p05'])} … {_pp(s['p95'])} pp" in row
        for kpi, label in MONEY.items():
            row = _row(text, label, name)
            assert f"€ {_mln(k[kpi]['value'], False)} mln" in row
            if key != "baseline":
                assert f"€ {_mln(k[kpi]['diff'])} mln" in row
        row = _row(text, "Person-years in work", name)
        assert f"{k['employed_person_years']['value']:,.0f}" in row


@needs_poppler
def test_summary_and_per_job_agree_with_compare_json(made: dict[str, Any]) -> None:
    text = " ".join(_text(made["dir"] / "en.pdf").split())
    k = made["table"]["scenarios"]["work_first"]["kpis"]
    x = k["employed_share_m36"]["diff"]
    assert f"After 3 years, {100 * abs(x):.1f} {'more' if x > 0 else 'fewer'} of every 100 people" in text
    per = k["cost_per_extra_job_year_eur"]["value"]
    if per is not None and per < 0:
        assert f"€ {-per:,.0f} per extra year in work (a saving, not a cost)" in text
    b1 = k["b1_share_m36"]["diff"]
    if b1 < -0.005 < x:  # work-first: more jobs, less Dutch: the summary says it goes the other way
        assert f"Note, the other way: Dutch at B1 after 3 years: {100 * abs(b1):.1f} per 100 fewer" in text


@needs_poppler
def test_money_per_budget_year_sums_to_the_net_cost(made: dict[str, Any]) -> None:
    text = _text(made["dir"] / "en.pdf")
    assert re.search(r"Item\s+2027\s+2028\s+2029\s+2030\*?\s+Total", text)
    net = made["table"]["scenarios"]["funding_ends"]["kpis"]["net_municipal_cost_eur"]["value"]
    assert "2030*" in text  # national money stops in month 36 = January 2030
    assert "The extra national money stops in month 36 (January 2030)" in " ".join(text.split())
    totals = [line for line in text.splitlines() if line.strip().startswith("Net municipal cost") and "€" not in line]
    assert any(line.split()[-1] == f"{net / 1000:,.0f}" for line in totals)


@needs_poppler
def test_dutch_report_renders_with_every_section(made: dict[str, Any]) -> None:
    pdf = made["dir"] / "nl.pdf"
    text = " ".join(_text(pdf).split())
    for heading in ("Rapport voor de raad", "Instellingen van de gemeente", "De scenario's", "In het kort"):
        assert heading in text
    for heading in ("Geld per begrotingsjaar", "Kerncijfers", "Wat op aannames rust", "Bronnen"):
        assert heading in text
    assert "Basis is de referentie" in text and "Rijksgeld stopt vergeleken met Basis" in text
    lever = "Speciale klantmanagers (fte per 100 per jaar): 5 fte per 100 gehuisveste volwassenen per jaar"
    amount = r" \(in Basis: 0 fte per [^)]*\); [0-9.]+(,[0-9]+)? fte bij [0-9.]+ per jaar"  # the team at this inflow
    assert re.search(re.escape(lever) + amount, text)
    assert "https://" not in text or "cbs.nl" in text  # sources are cited with their links
    assert re.search(r"seed 3 · 3 herhalingen", text)
    png = made["dir"] / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-f", "3", "-l", "3", "-png", str(pdf), str(png)], check=True)
    from PIL import Image

    img = np.asarray(Image.open(next(made["dir"].glob("page*.png"))).convert("L"))
    assert img.std() > 10  # a chart page, not blank


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from werkpad.cli import main as sim_main

    assert sim_main(["report", "baseline", "--reps", "1", "--out", str(tmp_path / "r.txt")]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "use a file name ending in .pdf" in err
    assert sim_main(["report", "no_such_scenario", "--reps", "1", "--out", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.strip().count("\n") == 0
    assert not (tmp_path / "r.pdf").exists()


def test_cost_per_extra_job_year_below_zero_is_a_saving() -> None:
    from webapp.tables import per_job_text

    assert per_job_text(-12345.0, "nl") == "€ 12.345 besparing"
    assert per_job_text(12345.0, "en") == "€ 12,345"


def test_not_modelled_list_has_the_readme_rows() -> None:
    from webapp.report.limits import NOT_MODELLED

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Not modelled yet", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| what")]
    assert len(rows) == len(NOT_MODELLED)


def test_evidence_ids_expand_ranges_and_become_titled_links() -> None:
    from webapp import evidence

    assert evidence.expand_ids("T8-267..T8-270") == ["T8-267", "T8-268", "T8-269", "T8-270"]
    assert evidence.expand_ids("T2-121, T2-122") == ["T2-121", "T2-122"]
    got = evidence.sources(["T1-001", "T1-002", "T9-999"])
    assert len(got) == 1 and got[0].ids == ("T1-001", "T1-002") and got[0].url.startswith("https://www.cbs.nl")
    assert evidence.markdown("T1-001").startswith("[CBS news 16 Apr 2018")


def _runs(employed: list[np.ndarray], money: float = 100.0) -> dict[str, Any]:
    from sim.budget import MONEY_SERIES, PROGRAMME_ITEMS
    from sim.outcomes import GROUPS, METRICS
    from webapp.slotruns import SlotRuns

    out = {}
    for i, curve in enumerate(employed):
        shares = np.zeros((2, len(curve), len(GROUPS), len(METRICS)), dtype=np.float32)
        shares[:, :, 0, list(METRICS).index("employed")] = curve
        cash = {k: np.full((2, 30), money * (i + 1)) for k in (*MONEY_SERIES, *PROGRAMME_ITEMS)}
        out[f"s{i}"] = SlotRuns("h", (1, 2), ({}, {}), shares, cash, 12, 30)
    return out


def test_crossing_month_of_a_work_first_like_curve() -> None:
    from webapp.summary import crossing_month

    months = np.arange(120)
    base = np.minimum(months / 100, 0.5)
    wf = base + np.where(months < 70, 0.08, -0.05)  # more work early, less after month 70
    assert crossing_month(_runs([base, wf]), "s1", "s0", 1.0) in range(66, 72)
    assert crossing_month(_runs([base, base + 0.05]), "s1", "s0", 1.0) is None


def test_money_per_budget_year_sums_months_and_marks_the_stop_year() -> None:
    from webapp import budget_years

    df = budget_years.yearly_frame(_runs([np.zeros(30)]), 2027)
    net = df[(df["item"] == "net_municipal_cost")]
    assert list(net["year"]) == [2027, 2028, 2029] and list(net["months"]) == [12, 12, 6]
    assert list(net["eur"]) == [1200.0, 1200.0, 600.0] and list(net["cumulative"]) == [1200.0, 2400.0, 3000.0]
    assert list(net["money_stops"]) == [False, True, False]  # month 12 is in the second year
    table = budget_years.year_table(df, "s0", "nl")
    assert list(table.columns)[1:] == ["2027", "2028*", "2029 (6 mnd)", "Totaal"]


def test_facet_panels_fill_their_column_and_keep_their_data() -> None:
    from webapp import charts

    runs = _runs([np.linspace(0, 0.5, 60), np.linspace(0, 0.6, 60)])
    spec = charts.people_chart(runs, ["s0", "s1"], "nl").to_dict()
    got = charts.panels(spec)
    assert [p["title"]["text"] for p in got] == ["Met een baan", "In de bijstand", "Nederlands op B1"]
    assert all(p["width"] == "container" and p["datasets"] == spec["datasets"] for p in got)
    assert got[1]["transform"][0] == {"filter": {"field": "what", "equal": "In de bijstand"}}
    assert '"legend": {' in json.dumps(spec) and '"legend": {' not in json.dumps(got)  # one legend, drawn by the page


def test_extrapolation_marks_in_the_report_name_levers_by_their_labels() -> None:
    from sim.extrapolation import marks
    from sim.scenarios import load_scenario
    from webapp.report.sections import mark_text

    got = [mark_text(m, "nl") for m in marks([load_scenario("baseline"), load_scenario("dual_track")])]
    assert got and not any("learning.dual_places_per_100" in t or "effects." in t for t in got)
    assert any("Leer-werkplekken per 100 cliënten" in t for t in got)


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "heading", "hash_word"),
    [("nl", "Herkomst van de cijfers", "inhoud-hash"), ("en", "Provenance", "content hash")],
)
def test_the_report_ends_with_its_provenance(made: dict[str, Any], lang: str, heading: str, hash_word: str) -> None:
    """The report named version, commit, seed and replications, but not the calibration or the scenarios' hashes."""
    text = " ".join(_text(made["dir"] / f"{lang}.pdf").split())
    tail = text[text.rindex(heading) :]
    assert "calibration/posterior.csv" in tail and "Seed 3" in tail and "parameters: onzekere" not in tail.lower()
    for scen in made["table"]["scenarios"].values():  # the same runs as sim compare --json
        assert f"{hash_word} {scen['scenario_hash']}" in tail
