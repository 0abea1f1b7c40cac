"""The tab "Beste inzet van het budget": a search from the page, its front, and a mix put into a slot."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

import webapp.optimise_page as page

TAB = "Beste inzet van het budget"


@pytest.fixture
def quick_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The smallest search the page makes (two generations), so the test takes seconds."""
    monkeypatch.setattr(page, "SECONDS", 0.0)


def _open(at: AppTest) -> AppTest:
    at.session_state["tab"] = TAB
    return at.run()


def test_search_draws_a_front_within_the_budget_and_fills_a_slot(
    make_app: Callable[..., AppTest], quick_search: None
) -> None:
    at = _open(make_app())
    assert not at.exception
    assert at.selectbox(key="opt_slot").value == 1  # the slot being edited: 'Geld stopt'
    budget = at.number_input(key="opt_budget.1")
    assert budget.value > 0
    at.multiselect(key="opt_levers").set_value(
        ["guidance.dedicated_fte_per_100_inflow", "employers.municipal_places_per_100_inflow"]
    )
    budget.set_value(budget.value + 100_000)
    at.button(key="opt_run").click().run()
    assert not at.exception
    done = [s.value for s in at.success]
    assert done and "mixen doorgerekend" in done[0]
    front = at.dataframe[0].value
    assert not front.map(lambda cell: "." in str(cell)).to_numpy().any()  # '0.05' on a Dutch page before
    spend = front["programma/jaar (mln)"].str.replace(",", ".").astype(float)
    assert len(front) >= 1 and (spend * 1e6 <= budget.value + 1e4).all()
    assert at.session_state["optimise"][1].front["budget"].max() <= budget.value
    assert at.selectbox(key="opt_target").value == 2  # a new slot by default
    at.button(key="opt_put").click().run()
    assert not at.exception
    assert len(at.session_state["wp"].slots) == 3
    name = at.session_state["wp"].slots[2].name
    assert name.startswith("Mix ")
    description = at.session_state["wp"].slots[2].description
    assert description.startswith("Een mix van het front")
    assert "Speciale klantmanagers (fte per 100 per jaar) " in description
    assert ".0" not in description  # numbers as the Dutch page writes them
    assert "guidance.dedicated_fte_per_100_inflow" in str(at.query_params["c2"]) and at.query_params["s2"] == "upload"
    assert any(name in s.value for s in at.success)
    at.session_state["tab"] = "Vergelijking"
    at.run()
    assert not at.exception
    shown = [{*map(str, df.value.columns), *df.value.astype(str).to_numpy().ravel()} for df in at.dataframe]
    assert any(name in cells for cells in shown)  # the mix is in the normal comparison's tables


def test_tab_in_english_and_without_levers(make_app: Callable[..., AppTest]) -> None:
    at = make_app({"lang": "en", "reps": "5", "s0": "baseline", "n0": "Base", "s1": "dual_track", "n1": "Dual"})
    at.session_state["tab"] = "Best use of the budget"
    at.run()
    assert not at.exception
    assert "the mix applies from the start" in " ".join(c.value for c in at.caption).lower()
    at.multiselect(key="opt_levers").set_value([]).run()
    assert not at.exception
    assert at.button(key="opt_run").disabled
