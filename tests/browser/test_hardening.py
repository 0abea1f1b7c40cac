"""Real browser: the clicks that crashed the page (issue #9, items 1-3) and the reproduce snippet.

Each test failed on the code before the fix: a language switch followed by a slider move or a
tab change (``ValueError: 'Basis' is not in list``), a second upload (``invalid literal for
int()``), and a "Reproduce in Python" snippet that gave other numbers than the page.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.params import load_specs
from sim.scenarios import load_scenario
from webapp import paramtext

from .conftest import ROOT
from .test_browser import QUICK, _download, no_errors, open_app, summary_text, wait_ready

pytestmark = pytest.mark.browser
SIDEBAR = '[data-testid="stSidebar"]'
QUICK_EN = QUICK.replace("lang=nl", "lang=en").replace("n0=Basis", "n0=Baseline")


def changed_summary(page: Any, before: str) -> str:
    """Wait until the summary differs from ``before`` and the run has finished; the new summary."""
    page.wait_for_function(
        "old => { const e = document.querySelector('.st-key-summary');"
        " return document.querySelector('[data-testid=\"stException\"]') || (e && e.innerText !== old); }",
        arg=before,
    )
    no_errors(page)
    wait_ready(page)
    return summary_text(page)


def press_slider(page: Any, param: str, lang: str, key: str = "End") -> None:
    """Press a key on the sidebar slider of a parameter (found by its label in the page's language)."""
    label = paramtext.label(load_specs()[param], lang)
    box = page.locator(f'{SIDEBAR} [data-testid="stSlider"]').filter(has_text=label).first
    thumb = box.locator('input[type="range"]')
    thumb.focus()
    thumb.press(key)


def switch_language(page: Any, to: str) -> None:
    """Click the language radio and wait for the page in the other language."""
    page.locator(SIDEBAR).get_by_text(to, exact=True).click()
    title = "policy scenarios for status holders" if to == "English" else "beleidsscenario's voor statushouders"
    page.get_by_text(title).first.wait_for()
    wait_ready(page)
    no_errors(page)


def open_tab(page: Any, name: str) -> None:
    """Click a result tab and wait for the run to finish."""
    page.get_by_role("tab", name=name, exact=True).click()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')")
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_timeout(500)
    no_errors(page)


LEVER, SHARED = "guidance.dedicated_fte_per_100_inflow", "context.housing_wait_months"


@pytest.mark.parametrize(
    ("start", "to", "lang", "tab", "back_tab"),
    [(QUICK, "English", "en", "Groups", "Comparison"), (QUICK_EN, "Nederlands", "nl", "Groepen", "Vergelijking")],
    ids=["nl-to-en", "en-to-nl"],
)
def test_language_switch_then_slider_and_tab(
    page: Any, app_url: str, start: str, to: str, lang: str, tab: str, back_tab: str
) -> None:
    open_app(page, app_url + "/" + start)
    switch_language(page, to)
    before = summary_text(page)
    press_slider(page, LEVER, lang)  # a lever of the edited scenario
    after = changed_summary(page, before)
    no_errors(page)
    assert after != before
    open_tab(page, tab)
    open_tab(page, back_tab)
    page.locator(".st-key-summary").wait_for()
    assert summary_text(page) == after
    press_slider(page, SHARED, lang, "ArrowRight")  # a municipality setting (all scenarios)
    changed_summary(page, after)
    no_errors(page)


def test_language_switch_keeps_the_open_tab(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/" + QUICK)
    open_tab(page, "Groepen")
    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    page.get_by_text("policy scenarios for status holders").first.wait_for()
    selected = page.locator('[role="tab"][aria-selected="true"]')
    page.wait_for_function('() => document.querySelector(\'[role="tab"][aria-selected="true"]\')')
    assert selected.inner_text().strip() == "Groups"
    no_errors(page)


def _upload(page: Any, name: str, data: bytes) -> None:
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    uploader.set_input_files(files=[{"name": name, "mimeType": "application/toml", "buffer": data}])


def test_two_uploads_in_a_row(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/" + QUICK)
    page.get_by_role("tab", name="Delen en export").click()
    _upload(page, "eerste.toml", load_scenario("dual_track").to_toml().encode())
    page.wait_for_url(lambda url: "s1=upload" in url and "learning.dual_places_per_100" in url)
    wait_ready_share(page)
    _upload(page, "tweede.toml", load_scenario("work_first").to_toml().encode())
    page.wait_for_url(lambda url: "learning.work_first" in url and "learning.dual_places_per_100%3A0.0" in url)
    wait_ready_share(page)
    page.get_by_text("geladen.", exact=False).first.wait_for()
    _upload(page, "kapot.toml", b'[set]\n"guidance.dedicated_fte_per_100_inflow" = -5\n')
    msg = page.get_by_text("Dit bestand is niet geladen")
    msg.wait_for()
    assert "guidance.dedicated_fte_per_100_inflow" in msg.inner_text()
    no_errors(page)
    assert "learning.work_first" in page.url  # the bad file changed nothing


def wait_ready_share(page: Any) -> None:
    """Wait for a run of the page to finish while the share tab is open."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')")
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_timeout(500)
    no_errors(page)


def run_snippet(code: str, extra: str) -> str:
    """Run the page's snippet (plus ``extra``) in a fresh Python process from the repository; its stdout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code + "\n" + extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def test_reproduce_snippet_gives_the_page_table(page: Any, app_url: str, tmp_path: Path) -> None:
    open_app(page, app_url + "/" + QUICK)
    before = summary_text(page)
    press_slider(page, LEVER, "nl")
    changed_summary(page, before)
    page.get_by_role("tab", name="Delen en export").click()
    page.get_by_text("Reproduceren in Python", exact=True).click()
    code = page.locator('[data-testid="stCode"] code').last.inner_text()
    page_table = pq.read_table(io.BytesIO(_download(page, "Kerncijfers (Parquet)"))).to_pandas()  # full precision
    out = tmp_path / "snippet.parquet"
    run_snippet(code, f"from webapp.tables import kpi_long\nkpi_long(comparison.table()).to_parquet({str(out)!r})")
    full = pd.read_parquet(out).set_index(["scenario", "group", "kpi"])  # the page leaves out small groups
    keys = pd.MultiIndex.from_frame(page_table[["scenario", "group", "kpi"]])
    assert set(full.index) - set(keys) <= {(s, g, k) for s, g, k in full.index if g != "all"}
    pd.testing.assert_frame_equal(full.loc[keys].reset_index()[page_table.columns], page_table, check_exact=True)
