"""Real browser: a small municipality's advisor (20 arrivals a year) walks groups, downloads and the language switch.

What the session-3 walk found, as a user sees it: small groups were shown (0% or 100%, differences
beyond 100 points), the series CSV on a Dutch page was English with decimal points, the
calibration charts wrote '0.05' on a Dutch page, messages about a bad link were English inside
a Dutch sentence. The walk switches the language on the groups and share tabs (the tab is kept).
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import pytest

from .test_browser import QUICK, _download, no_errors, open_app, wait_ready

pytestmark = pytest.mark.browser
SMALL = QUICK.replace("context.inflow_per_year:60", "context.inflow_per_year:20")


def _open_tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')")
    page.wait_for_timeout(500)
    no_errors(page)


def _switch(page: Any, to: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(to, exact=True).click()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')")
    page.wait_for_timeout(800)
    no_errors(page)


def test_small_municipality_groups_downloads_and_language(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/" + SMALL)
    _open_tab(page, "Groepen")
    page.get_by_text("Weggelaten omdat ze te klein zijn", exact=False).wait_for()
    _switch(page, "English")
    page.get_by_text("Left out because they are too small", exact=False).wait_for()  # still the groups tab
    _open_tab(page, "Share and export")
    english = pd.read_csv(io.BytesIO(_download(page, "Time series (CSV)")))
    assert {"Outcome", "Group", "Mean"} <= set(english.columns) and "Employed" in set(english["Outcome"])
    _switch(page, "Nederlands")
    dutch = pd.read_csv(io.BytesIO(_download(page, "Tijdreeksen (CSV)")), sep=";", decimal=",", encoding="utf-8-sig")
    assert {"Uitkomst", "Groep", "Gemiddelde"} <= set(dutch.columns) and "Met een baan" in set(dutch["Uitkomst"])
    assert len(dutch) == len(english)


def test_a_bad_link_is_explained_in_dutch(page: Any, app_url: str) -> None:
    page.goto(app_url + "/" + SMALL.replace("reps=5", "reps=-3"))
    wait_ready(page)
    said = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("reps: '-3' is niet een van 5, 10, 20, 40, 80; 20 wordt gebruikt" in s for s in said), said
    assert not any(" is used" in s or " is not " in s for s in said), said
