"""The tab "Beste inzet van het budget" in a real browser: a search, a click on a point of the front
chart, the mix put into a scenario slot and shown in the comparison; in Dutch and in English, with
the chart's axis numbers in the page's format (a click still reaches the page on the Dutch page).

Saves ``artifacts/optimise_<lang>.png`` (the front) and ``artifacts/optimise_compare_<lang>.png``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from webapp.i18n import tr

from .conftest import ARTIFACTS
from .test_browser import QUICK, no_errors, wait_ready

pytestmark = pytest.mark.browser
TEXT = {  # tab, run button, put button, comparison tab, words of the comparison's summary, the mix described
    "nl": ("Beste inzet van het budget", "Zoek de beste inzet", "Zet deze mix in de vergelijking", "Vergelijking",
           "vergeleken met", "Een mix van het front (Beste inzet van het budget), vanaf maand 36: "),
    "en": ("Best use of the budget", "Find the best use", "Put this mix in the comparison", "Comparison",
           "compared with", "A mix of the front (Best use of the budget), from month 36: "),
}  # fmt: skip
SYMBOLS = ".st-key-opt_chart svg.marks g.mark-symbol path"


def settled(page: Any) -> None:
    """Wait until the script run has finished."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')")
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")


def front_points(page: Any, lang: str) -> list[tuple[int, float]]:
    """(symbol index, programme cost) of each front point drawn in the chart, from Vega's aria labels."""
    symbols = page.locator(SYMBOLS)
    front = f"{tr('opt_kind', lang)}: {tr('opt_front', lang)}"  # the tooltip's titles, in the page's language
    out = []
    for i in range(symbols.count()):
        label = symbols.nth(i).get_attribute("aria-label") or ""
        if front in label:
            out.append((i, float(re.search(r": ([0-9.]+);", label).group(1))))  # type: ignore[union-attr]
    return out


def axis_labels_in_the_pages_format(page: Any, lang: str) -> None:
    """Both axes' numbers as the page writes them: '0,85' and '1.050' in Dutch, '0.85' and '1,050' in English.

    The Dutch page showed '0.85' (a Vega locale fixed that but stopped point clicks reaching the
    page; the axes now swap the separators in a label expression).
    """
    texts = [t.text_content() or "" for t in page.locator(".st-key-opt_chart svg g.role-axis-label text").all()]
    point, group = (",", ".") if lang == "nl" else (".", ",")
    number = re.compile(rf"^-?\d{{1,3}}(?:{re.escape(group)}\d{{3}})*(?:{re.escape(point)}\d+)?$")
    assert len(texts) >= 4 and all(number.match(t) for t in texts), texts
    assert any(point in t for t in texts), texts  # the cost axis (EUR million) has decimals


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_click_a_point_of_the_front_into_a_slot_and_compare_it(page: Any, app_url: str, lang: str) -> None:
    tab, run, put, compare, compared, described = TEXT[lang]
    page.goto(app_url + "/" + QUICK.replace("lang=nl", f"lang={lang}"))
    wait_ready(page)
    page.get_by_role("tab", name=tab, exact=True).click()
    page.get_by_role("button", name=run).click()
    page.locator(SYMBOLS).first.wait_for()
    settled(page)
    no_errors(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"optimise_{lang}.png"), full_page=True)
    points = front_points(page, lang)
    assert len(points) >= 3
    axis_labels_in_the_pages_format(page, lang)
    chosen = page.locator(".st-key-opt_pick input")
    assert chosen.input_value() == "Mix 1"  # the cheapest mix until a point is clicked
    index, cost = points[len(points) // 2]
    rank = sorted(c for _, c in points).index(cost) + 1  # the front's mixes are numbered by cost
    assert rank > 1
    page.locator(SYMBOLS).nth(index).click(force=True)
    page.wait_for_function("([sel, want]) => document.querySelector(sel)?.value === want",
                           arg=[".st-key-opt_pick input", f"Mix {rank}"])  # fmt: skip
    settled(page)
    page.get_by_role("button", name=put).click()
    page.get_by_text(f"'Mix {rank}'").first.wait_for()
    settled(page)
    no_errors(page)
    assert "s2=upload" in page.url and f"n2=Mix+{rank}" in page.url
    page.get_by_role("tab", name=compare, exact=True).click()
    wait_ready(page)
    no_errors(page)
    summary = page.locator(".st-key-summary").inner_text()
    assert f"Mix {rank} {compared}" in summary
    assert described in summary  # the mix, not the baseline's description
    page.screenshot(path=str(ARTIFACTS / f"optimise_compare_{lang}.png"), full_page=True)
