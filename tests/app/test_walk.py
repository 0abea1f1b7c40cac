"""What a walk through the page as a municipal advisor found (session 3): each test fails on the old page.

Every test opens the page the way a user does (a URL, then the controls) and reads what the page
shows: labels and numbers in the page's language, no raw parameter keys.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from webapp import describe
from webapp.state import clean_name

from .conftest import QUICK


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.sidebar.caption)


def test_scenario_notes_name_settings_in_words_with_a_decimal_comma(make_app: Callable[..., AppTest]) -> None:
    """The sidebar said 'context.labour_tightness = 0.3' on a Dutch page; now the label and '0,3'."""
    at = make_app({**QUICK, "s1": "era_2014", "n1": "Zoals in 2014"})
    notes = _captions(at)
    assert "Dit scenario zet ook" in notes and "Wijzigingen in de tijd" in notes
    assert "context." not in notes and "population." not in notes
    assert "Krapte op de arbeidsmarkt in de regio: 0,3" in notes
    assert "Vanaf maand 24: Krapte op de arbeidsmarkt in de regio: 0,4" in notes


def test_scenario_notes_in_english(make_app: Callable[..., AppTest]) -> None:
    at = make_app({**QUICK, "lang": "en", "n0": "Baseline", "s1": "era_2014", "n1": "As in 2014"})
    notes = _captions(at)
    assert "This scenario also sets" in notes and "From month 24: Labour-market tightness" in notes
    assert "context." not in notes


def _charts(node: object) -> list[dict]:
    """The Vega-Lite specs of every chart under ``node``."""
    found = []
    if getattr(node, "type", "") == "vega_lite_chart":
        found.append(json.loads(node.proto.spec))  # type: ignore[attr-defined]
    children = getattr(node, "children", None)
    for child in children.values() if isinstance(children, dict) else ():
        found += _charts(child)
    return found


def _tab_charts(at: AppTest, tab: str) -> list[dict]:
    """Open a tab (only the open tab is drawn) and return its charts."""
    at.session_state["tab"] = tab
    return _charts(at.run()._tree)


@pytest.mark.parametrize("tab", ["Vergelijking", "Kalibratie", "Gevoeligheid"])
def test_every_chart_on_a_dutch_page_writes_numbers_the_dutch_way(make_app: Callable[..., AppTest], tab: str) -> None:
    """The calibration and sensitivity charts' axes read '0.05' on a Dutch page; every chart has the locale now."""
    specs = _tab_charts(make_app(), tab)
    assert specs
    assert all(s.get("config", {}).get("locale", {}).get("number", {}).get("decimal") == "," for s in specs)


@pytest.mark.parametrize("tab", ["Comparison", "Calibration", "Sensitivity"])
def test_charts_on_an_english_page_keep_the_decimal_point(make_app: Callable[..., AppTest], tab: str) -> None:
    specs = _tab_charts(make_app({**QUICK, "lang": "en", "n0": "Baseline"}), tab)
    assert specs and all("locale" not in s.get("config", {}) for s in specs)


BAD_LINKS = {
    "m": "context.inflow_per_year:-5;context.horizon_months:240;foo.bar:1;guidance.dedicated_fte_per_100_inflow:2",
    "p1": "guidance.dedicated_fte_per_100_inflow:1e308;funding.end_month:500;context.inflow_per_year:3",
    "c1": "12|guidance.dedicated_fte_per_100_inflow:3",
    "d1": "text",
    "s2": "nonsense",
    "n3": "x",
    "reps": "-3",
    "seed": "9" * 30,
    "unc": "maybe",
    "y0": "1900",
    "post": "../../etc",
    "foo": "bar",
}
ENGLISH = (" is not ", " is used", "ignored", "allowed", " is outside ", " is given ", "belongs to", "dropped")


def _warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_every_message_about_a_bad_link_is_dutch_on_a_dutch_page(make_app: Callable[..., AppTest]) -> None:
    """A Dutch page said 'Een instelling uit het adres ...: reps: '-3' is not a whole number in 0..1000000000000'."""
    said = _warnings(make_app({**QUICK, **BAD_LINKS}))
    assert len(said) >= len(BAD_LINKS)
    assert not [w for w in said if any(e in w for e in ENGLISH)], said
    text = "\n".join(said)
    assert "reps: '-3' is niet een van 5, 10, 20, 40, 80; 20 wordt gebruikt" in text
    assert "'Instroom per jaar' (context.inflow_per_year) = -5 kan niet (toegestaan: een heel getal van 1" in text
    assert "'Looptijd' (context.horizon_months) = 240 valt buiten 24 tot en met 180; 180 wordt gebruikt" in text
    assert "'foo.bar' is geen instelling van het model" in text and "s2: onbekend scenario 'nonsense'" in text


def test_the_same_link_on_an_english_page_speaks_english(make_app: Callable[..., AppTest]) -> None:
    said = "\n".join(_warnings(make_app({**QUICK, **BAD_LINKS, "lang": "en", "n0": "Baseline"})))
    assert "reps: '-3' is not one of 5, 10, 20, 40, 80; 20 is used" in said
    assert "'context.horizon_months' = 240 is outside 24..180; 180 is used" in said
    assert "kan niet" not in said and "wordt gebruikt" not in said


def test_without_a_baseline_the_message_is_dutch(make_app: Callable[..., AppTest]) -> None:
    """'?m=context.inflow_per_year:20' (no s0) gave an English sentence inside the Dutch one."""
    said = _warnings(make_app({"m": "context.inflow_per_year:20"}))
    assert said == [
        "Een instelling uit het adres is niet gebruikt zoals gegeven: s0 (de basis) ontbreekt: m genegeerd; "
        "de pagina toont de standaardvergelijking"
    ]


@pytest.mark.parametrize(
    ("value", "lang", "line"),
    [
        (0, "nl", "Maanden met instroom: elke maand, de hele looptijd"),
        (0, "en", "Months of inflow: every month, the whole horizon"),
        (12, "nl", "Maanden met instroom: 12 maanden"),
    ],
)
def test_months_of_inflow_zero_reads_as_every_month(value: int, lang: str, line: str) -> None:
    """The council report said 'Maanden met instroom: 0 maanden' for the usual ongoing inflow."""
    assert describe.setting_line("context.inflow_months", value, lang) == line


def test_sliders_show_shares_as_percentages_and_no_needless_decimals(make_app: Callable[..., AppTest]) -> None:
    """Decimal sliders showed two decimals ('8.00' fte, '0.30' for a 30% share); now '%' and the step's decimals."""
    formats = {re.sub(r"^(sh|lv\.\d+)\.", "", s.key): s.proto.format for s in make_app().sidebar.slider}
    assert formats["guidance.screening_share"] == "percent" and formats["employers.mediation_share"] == "percent"
    assert (
        formats["guidance.dedicated_fte_per_100_inflow"] == "%.2f" and formats["learning.dual_places_per_100"] == "%.0f"
    )
    assert formats["guidance.dedicated_caseload"] == "%d" and formats["context.labour_tightness"] == "%.2f"


def test_a_typographic_apostrophe_in_a_name_is_kept_as_an_apostrophe() -> None:
    """An uploaded 'Gemeente ‘s-Hertogenbosch — plan' was shown as 'Gemeente s-Hertogenbosch plan'."""
    assert clean_name("Gemeente ‘s-Hertogenbosch — plan") == "Gemeente 's-Hertogenbosch - plan"
    assert clean_name("Gemeente ’s-Gravenhage") == "Gemeente 's-Gravenhage"
    assert clean_name(clean_name("“Werk” – eerst")) == clean_name("“Werk” – eerst")  # the same when cleaned again
