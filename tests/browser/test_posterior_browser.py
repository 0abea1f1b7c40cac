"""Real browser: choose your own calibration in the app (issue #14 part 1), in Dutch and English.

A tiny posterior folder is made with ``sim calibrate --quick`` under the project's ``out/``
(where the app looks), chosen in the advanced settings' select box; the URL then names it
(``post=calibration/...``), the comparison changes, a copied link reopens the same choice, and
the calibration tab names the folder and shows what its figures pin down. The folder is removed
afterwards.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from werkpad.cli import main

from .conftest import ARTIFACTS, ROOT
from .test_browser import QUICK, no_errors, open_app, summary_text, wait_ready

pytestmark = pytest.mark.browser
TEXT = {
    "nl": ("Geavanceerd (onderzoekers)", "Kalibratie", "Deze tab toont de kalibratie", "Wat de cijfers vastleggen"),
    "en": ("Advanced (researchers)", "Calibration", "This tab shows the calibration", "What the figures pin down"),
}


@pytest.fixture(scope="module")
def folder() -> Iterator[str]:
    """A posterior folder ``out/calibration/browser-<id>`` made by ``sim calibrate --quick`` (tiny)."""
    name = f"calibration/browser-{uuid.uuid4().hex[:8]}"
    out = ROOT / "out" / name
    targets = ROOT / "out" / f"{out.name}.csv"
    targets.parent.mkdir(parents=True, exist_ok=True)
    targets.write_text(
        "metric,month,group,observed,tolerance,weight,source\nemployed,24,all,0.12,0.03,1,browser test\n",
        encoding="utf-8",
    )
    argv = ["calibrate", "--targets", str(targets), "--quick", "--particles", "8", "--generations", "1"]
    try:
        assert main([*argv, "--cohort", "300", "--out", str(out)]) == 0
        yield name
    finally:
        shutil.rmtree(out, ignore_errors=True)
        targets.unlink(missing_ok=True)


def pick(page: Any, box: Any, text: str) -> None:
    """Open a select box and click the option with this text (again if a rerun closed the list or redrew it)."""
    option = page.locator('[role="option"]').filter(has_text=text).first
    for _ in range(5):
        wait_ready(page)
        box.click()
        try:
            option.wait_for(timeout=5_000)
            option.click(timeout=5_000)  # a rerun can detach the option between finding and clicking it
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: the list closed on a rerun; open it again
            page.keyboard.press("Escape")
            continue
        return
    raise AssertionError(f"no option {text!r} in the select box")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_choose_a_calibration_folder_and_see_it_named(page: Any, app_url: str, folder: str, lang: str) -> None:
    advanced, label, shown, pinned = TEXT[lang]
    open_app(page, app_url + "/" + QUICK.replace("lang=nl", f"lang={lang}"))
    before = summary_text(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(advanced, exact=True).click()
    pick(page, sidebar.locator('[data-testid="stSelectbox"]').filter(has_text=label).first, folder.split("/")[-1])
    page.wait_for_function("() => location.search.includes('post=')")
    # the run after the choice: the footer names the folder once the page is redrawn
    page.wait_for_function("name => document.body.innerText.includes(name)", arg=f"out/{folder} (")
    wait_ready(page)
    assert f"post={folder.replace('/', '%2F')}" in page.url
    assert summary_text(page) != before  # the runs draw from the chosen calibration
    again = page.context.new_page()
    open_app(again, page.url)
    assert summary_text(again) == summary_text(page)  # a copied link keeps the choice
    again.close()
    page.get_by_role("tab", name=label, exact=True).click()
    page.locator(".st-key-post_pinned [data-testid='stDataFrame']").wait_for()
    body = page.inner_text("body")
    assert f"{shown} out/{folder}" in body and pinned in body
    no_errors(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"calibration_chosen_{lang}.png"), full_page=True)
