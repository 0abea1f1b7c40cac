"""Findings of the second walk of the app (Dutch and English, inflow 20 and 1,000), each fixed at its cause.

- A link without scenario names (``?s0=baseline&s1=funding_ends``, typed by hand) warned twice
  "n0: '' wordt getoond als 'S0'" and named the scenarios S0 and S1; it now takes each scenario's own name.
- The own-caseload tab wrote "Ten hoogste 10,000 regels" (an English thousands separator) on a Dutch
  page and named a tab "Persoon" that is called "Eén persoon".
- "Over het model" said family reunification is not in the model; partners who follow later are.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from webapp.i18n import tr
from webapp.query import from_query

from .conftest import QUICK
from .test_app import open_tab


@pytest.mark.parametrize(
    ("lang", "names"), [("nl", ["Basis", "Rijksgeld stopt"]), ("en", ["Baseline", "National money stops"])]
)
def test_a_link_without_names_takes_the_scenarios_own_names(lang: str, names: list[str]) -> None:
    state, said = from_query({"lang": lang, "s0": "baseline", "s1": "funding_ends", "s2": "upload"})
    assert [s.name for s in state.slots] == [*names, "S2"] and said == []
    state, said = from_query({"lang": lang, "s0": "baseline", "n0": "", "s1": "funding_ends"})
    assert state.slots[0].name == "S0" and len(said) == 1  # an empty name given is still reported


def test_the_caseload_tab_writes_numbers_the_dutch_way(make_app: Callable[..., AppTest]) -> None:
    at = open_tab(make_app(), tr("tab_caseload", "nl"))
    text = " ".join(m.value for m in at.markdown)
    assert not at.exception and "Ten hoogste 10.000 regels en 1.000 kB" in text
    assert "tabblad *Eén persoon*" in text and tr("tab_person", "nl") == "Eén persoon"


def test_the_about_tab_does_not_deny_the_partners_who_follow() -> None:
    for lang in ("nl", "en"):
        text = tr("limits_text", lang)
        assert "gezinshereniging" not in text and "family reunification" not in text
    assert "nareist" in tr("limits_text", "nl") and "follows later" in tr("limits_text", "en")


def test_the_english_summary_describes_the_baseline(make_app: Callable[..., AppTest]) -> None:
    """'Baseline is the reference: Net cost ...': the English page had no description of the baseline."""
    import tomllib

    from sim.params import BASELINE_PATH
    from sim.scenarios import load_scenario
    from webapp import summary
    from webapp.controls import handle_upload
    from webapp.state import build_scenario, default_state

    with BASELINE_PATH.open("rb") as fh:
        written = tomllib.load(fh)["meta"]["description"]
    base = load_scenario("baseline")
    assert base.description == written and summary.description(base, "en") == written
    assert summary.description(base, "nl") == summary.DESCRIPTIONS_NL["baseline"]
    state = default_state()
    assert handle_upload(state, b'[set]\n"learning.work_first" = 1.0\n', "plan.toml", 1) is None
    upload = build_scenario(state, state.slots[1])  # the baseline with its changes named, in English too
    assert summary.description(upload, "en").startswith(written + " (changed on this page: ")
    at = make_app({**QUICK, "lang": "en", "n0": "Baseline", "n1": "Money stops"})
    text = " ".join(m.value for m in at.markdown)
    assert f"**Baseline** is the reference: {written}" in text


@pytest.mark.parametrize(
    ("lang", "pattern"),
    [
        ("nl", r"\(gemaakt \d{1,2}-\d{1,2}-20\d\d \d\d:\d\d UTC\)"),
        ("en", r"\(written 20\d\d-\d\d-\d\d \d\d:\d\d UTC\)"),
    ],
)
def test_the_footer_dates_the_calibration_as_a_reader_writes_dates(
    make_app: Callable[..., AppTest], lang: str, pattern: str
) -> None:
    """The footer ended '(2026-12-03T21:22:52+00:00)', the posterior file's raw time stamp."""
    import re

    footer = " ".join(c.value for c in make_app({**QUICK, "lang": lang}).caption)
    assert re.search(pattern, footer) and not re.search(r"\d\dT\d\d:", footer), footer
