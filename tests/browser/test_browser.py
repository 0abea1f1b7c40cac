"""Real browser (Chromium via Playwright) against ``streamlit run app.py``.

Checks what only a browser shows: the page loads without an error, a slider move changes a
KPI, the language switch, a copied URL reopens the same comparison, downloads are valid
files, a bad upload shows a clear message, the calibration and sensitivity tabs draw. Saves
``artifacts/comparison.png``, ``artifacts/calibration.png`` and ``artifacts/sensitivity.png``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser
QUICK = "?lang=nl&reps=5&seed=7&m=context.inflow_per_year:60&s0=baseline&n0=Basis&s1=funding_ends&n1=Geld+stopt&edit=1"
SUMMARY = ".st-key-summary"


def wait_ready(page: Any) -> None:
    """Wait until the script run has finished and the comparison is on the page."""
    page.locator(SUMMARY).wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')")
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.locator(".st-key-refining").wait_for(state="detached")


def summary_text(page: Any) -> str:
    """The plain-language summary of the first scenario."""
    return str(page.locator(SUMMARY).inner_text())


def no_errors(page: Any) -> None:
    """No Streamlit exception box on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0


def open_app(page: Any, url: str) -> None:
    """Open a URL of the app and wait for the comparison."""
    page.goto(url)
    wait_ready(page)
    no_errors(page)


def move_slider(page: Any, label: str, key: str = "End") -> None:
    """Focus the sidebar slider with this label and press a key on it."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').filter(has_text=label).first
    thumb = box.locator('input[type="range"]')
    thumb.focus()
    thumb.press(key)


def test_page_loads_and_screenshot(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/" + QUICK)
    assert "van elke 100 mensen een baan" in summary_text(page)
    page.get_by_text("Kerncijfers", exact=True).first.wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1500, "height": 3000})
    wait_ready(page)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length >= 3")
    page.locator('[data-testid="stDataFrame"]').first.wait_for()  # the KPI and budget tables
    page.wait_for_timeout(2500)  # let Vega finish drawing
    page.screenshot(path=str(ARTIFACTS / "comparison.png"), full_page=True)
    calibration_screenshots(page)


def open_tab_and_wait(page: Any, name: str, ready: str, charts: int) -> None:
    """Click a tab, wait for its content (a keyed container) and its Vega charts to be drawn."""
    page.get_by_role("tab", name=name, exact=True).click()
    page.locator(ready).wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')")
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    charts_drawn = "n => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg.marks').length >= n"
    page.wait_for_function(charts_drawn, arg=charts)
    page.wait_for_timeout(2500)  # let Vega and the data grids finish drawing
    no_errors(page)


def calibration_screenshots(page: Any) -> None:
    """The calibration and sensitivity tabs: no error, the fit table and charts drawn; screenshots saved."""
    page.set_viewport_size({"width": 1500, "height": 5600})
    open_tab_and_wait(page, "Kalibratie", ".st-key-cal_fit_table [data-testid='stDataFrame']", 2)
    assert "Waar het model de cijfers mist" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "calibration.png"), full_page=True)
    page.set_viewport_size({"width": 1500, "height": 3000})
    open_tab_and_wait(page, "Gevoeligheid", ".st-key-sens_table [data-testid='stDataFrame']", 2)
    page.screenshot(path=str(ARTIFACTS / "sensitivity.png"), full_page=True)


def test_slider_changes_kpi_and_url_reopens_it(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/" + QUICK)
    before = summary_text(page)
    move_slider(page, "Speciale klantmanagers (fte per 100 per jaar)")
    page.wait_for_function(
        "old => { const e = document.querySelector('.st-key-summary'); return e && e.innerText !== old; }",
        arg=before,
    )
    wait_ready(page)
    after = summary_text(page)
    assert after != before
    assert "guidance.dedicated_fte_per_100_inflow" in page.url
    shared = page.context.new_page()
    open_app(shared, page.url)
    assert summary_text(shared) == after
    shared.close()


def test_language_switch(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/" + QUICK)
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    page.get_by_text("Werkpad: policy scenarios for status holders").wait_for()
    wait_ready(page)
    assert "of every 100 people have a job" in summary_text(page)
    assert "lang=en" in page.url
    no_errors(page)


def _download(page: Any, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label, exact=True).click()
    return bytes(open(info.value.path(), "rb").read())


def test_downloads_and_bad_upload(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/" + QUICK)
    page.get_by_role("tab", name="Delen en export").click()
    csv = pd.read_csv(io.BytesIO(_download(page, "Kerncijfers (CSV)")), sep=";", decimal=",", encoding="utf-8-sig")
    assert {"Scenario", "Kerncijfer", "Eenheid", "Waarde", "Verschil met de referentie"} <= set(csv.columns)
    assert set(csv["Scenario"]) == {"Basis", "Geld stopt"}
    table = pq.read_table(io.BytesIO(_download(page, "Kerncijfers (Parquet)")))
    assert b"werkpad" in table.schema.metadata
    toml = tomllib.loads(_download(page, "Geld stopt").decode())
    assert toml["set"]["funding.end_month"] == 36
    svg = _download(page, "Mensen (SVG)")
    assert svg.lstrip().startswith(b"<svg")
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    bad = b'[set]\n"guidance.dedicated_fte_per_100_inflow" = -5\n'
    uploader.set_input_files(files=[{"name": "bad.toml", "mimeType": "application/toml", "buffer": bad}])
    msg = page.get_by_text("Dit bestand is niet geladen")
    msg.wait_for()
    assert "guidance.dedicated_fte_per_100_inflow" in msg.inner_text()
    assert "funding_ends" in page.url and "upload" not in page.url, page.url
    no_errors(page)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed (.ci/run installs it)")
def test_council_report_from_the_page_in_two_clicks(page: Any, app_url: str) -> None:
    """From the comparison to a filed PDF: one click on the report button (two at most), then read the PDF."""
    open_app(page, app_url + "/" + QUICK)
    head = re.search(r"Na 3 jaar hebben [0-9,]+ (meer|minder) van elke 100 mensen een baan", summary_text(page))
    assert head, summary_text(page)
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("button", name="Rapport voor de raad (PDF)", exact=True).click()
    assert info.value.suggested_filename.endswith(".pdf")
    pdf = Path(info.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Rapport voor de raad" in text and "Geld stopt vergeleken met Basis" in text
    assert head.group(0) in text  # the report's headline number is the page's
    assert "seed 7 · 5 herhalingen" in text
    no_errors(page)


def test_nothing_is_cut_at_1024_px_with_four_scenarios(page: Any, app_url: str) -> None:
    """Four scenarios on a 1024 px screen: every chart and table ends inside the window."""
    four = QUICK.replace("&edit=1", "&s2=work_first&n2=Werk+eerst&s3=integrated&n3=Integraal&edit=1")
    page.set_viewport_size({"width": 1024, "height": 900})
    open_app(page, app_url + "/" + four)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg.marks').length >= 8")
    page.wait_for_timeout(2000)
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart], [data-testid=stDataFrame]')]
             .map(e => e.getBoundingClientRect()).filter(r => r.right > window.innerWidth + 1).length"""
    )
    assert cut == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
