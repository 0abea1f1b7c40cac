"""Real browser: what the second walk found that only a browser shows.

The one-person tab cut the scenario names and the states in its chart ("National money s…",
"waiting for housing (rece…"): Vega's default label room is too narrow for a 20-40 letter name.
"""

from __future__ import annotations

from typing import Any

import pytest

from .test_browser import QUICK, no_errors, open_app

pytestmark = pytest.mark.browser
ENGLISH = (
    QUICK.replace("lang=nl", "lang=en")
    .replace("n0=Basis", "n0=Baseline")
    .replace("n1=Geld+stopt", "n1=National+money+stops")
)


@pytest.mark.parametrize(("url", "tab"), [(QUICK, "Eén persoon"), (ENGLISH, "One person")])
def test_the_person_chart_cuts_no_name_or_state(page: Any, app_url: str, url: str, tab: str) -> None:
    open_app(page, app_url + "/" + url)
    page.get_by_role("tab", name=tab, exact=True).click()
    page.locator('[role="tabpanel"]:visible svg.marks').first.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')")
    no_errors(page)
    texts = [t.text_content() or "" for t in page.locator('[role="tabpanel"]:visible svg.marks text').all()]
    assert len(texts) > 10 and not [t for t in texts if t.endswith("…")], texts
    assert "National money stops" in texts or "Geld stopt" in texts
