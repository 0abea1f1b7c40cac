"""AppTest: odd URLs and large requests give a page with a message, never an error page (issue #9, item 4).

The URLs of the issue (Unicode digits, names equal after cleaning, values beyond the sliders, a
dated change of a start-only setting), the work ceiling, the funding month beyond month 120, and
a few generated malformed URLs run through the whole page.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from streamlit.testing.v1 import AppTest

from sim.scenarios import load_scenario
from webapp import limits
from webapp.controls import KEY, handle_upload
from webapp.query import from_query
from webapp.state import AppState

from .badinput import queries
from .conftest import APP, QUICK, TIMEOUT
from .test_app import fallback_mismatches, kpi_table, qp, widget

WARN = ("niet gebruikt zoals gegeven", "not used as given")


def warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


@pytest.mark.parametrize(
    ("extra", "part"),
    [
        ({"seed": "²"}, "seed"),
        ({"edit": "³"}, "edit"),
        ({"s1": "upload", "p1": "learning.work_first:1.0", "c1": "²|learning.work_first:0.0"}, "c1"),
        ({"n0": "Same", "n1": "Same"}, "Same 2"),
        ({"n0": "A<", "n1": "A>"}, "A 2"),
        ({"s1": "upload", "p1": "learning.work_first:1.0", "c1": "12|context.inflow_per_year:200"}, "inflow_per_year"),
        ({"reps": "7"}, "reps"),
    ],
    ids=["seed", "edit", "c1-month", "same-names", "cleaned-names", "start-only-change", "reps"],
)
def test_odd_url_gives_the_page_and_a_warning(
    make_app: Callable[..., AppTest], extra: dict[str, str], part: str
) -> None:
    at = make_app({**QUICK, **extra})
    assert not at.exception
    assert part in warnings(at) and WARN[0] in warnings(at)
    table = kpi_table(at)
    assert table.iloc[:, 1].nunique() == 2  # two scenarios with different names
    assert fallback_mismatches(at) == []


def test_huge_url_is_held_to_the_sliders_and_refused_before_it_runs(make_app: Callable[..., AppTest]) -> None:
    start = time.perf_counter()
    at = make_app({**QUICK, "reps": "80", "m": "context.inflow_per_year:60000;context.horizon_months:240"})
    assert not at.exception
    assert "240" in warnings(at)
    assert "te groot voor de app" in errors(at) and not at.dataframe  # refused: nothing ran
    assert time.perf_counter() - start < 60
    assert qp(at, "m") == "context.horizon_months:180;context.inflow_per_year:60000"
    at.number_input(key="sh.context.inflow_per_year").set_value(1000).run()
    assert "te groot voor de app" in errors(at)  # 80 x 2 x 1.36 M person-months
    at.select_slider(key="reps").set_value(5).run()  # 5 x 2 x 1.36 M: under the ceiling
    assert not at.exception and not at.error
    assert len(kpi_table(at)) > 5


def test_an_upload_over_the_work_ceiling_is_refused_with_a_message(make_app: Callable[..., AppTest]) -> None:
    at = make_app({**QUICK, "s1": "upload", "p1": "context.inflow_per_year:60000;context.horizon_months:240"})
    assert not at.exception
    assert "te groot voor de app" in errors(at) and not at.dataframe


def test_funding_month_is_kept_beyond_month_120(make_app: Callable[..., AppTest]) -> None:
    at = make_app(
        {**QUICK, "m": "context.horizon_months:180;context.inflow_per_year:60", "p1": "funding.end_month:150"}
    )
    assert not at.exception and not at.warning
    assert widget(at.slider, "funding.end_month.m").value == 150
    widget(at.slider, "guidance.dedicated_fte_per_100_inflow").set_value(3.0).run()
    assert "funding.end_month:150" in qp(at, "p1")


def app_state_of(at: AppTest) -> AppState:
    """The app's state object of an AppTest session (after its first run)."""
    state: AppState = at.session_state[KEY]
    return state


def test_funding_month_of_an_upload_is_kept(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    text = b'[set]\n"context.horizon_months" = 180\n"funding.end_month" = 150\n'
    assert handle_upload(app_state_of(at), text, "lang.toml", 1) is None
    at.run()
    assert not at.exception
    assert widget(at.slider, "funding.end_month.m").value == 150
    assert "funding.end_month:150" in qp(at, "p1")


@settings(max_examples=8, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(queries())
def test_generated_bad_urls_through_the_page(case: tuple[dict[str, str], set[str]]) -> None:
    q, _ = case
    _, said = from_query(q)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(limits, "WORK_CEILING", 3_000_000)  # larger pages are refused (quickly) instead of run
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        for key, value in q.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception, at.exception
    assert bool(said) == any(WARN[0] in w.value or WARN[1] in w.value for w in at.warning)
    assert at.dataframe or "te groot" in errors(at) or "too large" in errors(at)
    assert fallback_mismatches(at) == []


def test_uploaded_file_round_trips_through_the_url(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    text = load_scenario("integrated").to_toml().encode()
    assert handle_upload(app_state_of(at), text, "plan.toml", 1) is None
    at.run()
    shared = {k: qp(at, k) for k in at.query_params}
    again = make_app(shared)
    assert not again.exception and not again.warning
    assert kpi_table(again).equals(kpi_table(at))


@pytest.mark.parametrize(
    "slots",
    [{"s1": "era_2020", "n1": "E20"}, {"s0": "era_2020", "n0": "E20", "s1": "baseline", "n1": "B"}],
    ids=["scenario-shorter", "reference-shorter"],
)
def test_scenarios_with_another_horizon_are_drawn(make_app: Callable[..., AppTest], slots: dict[str, str]) -> None:
    """A shipped era file (48 months) beside a 120-month scenario: the charts cut to the common months."""
    at = make_app(QUICK | slots)
    assert not at.exception
    assert len(kpi_table(at)) > 5


def test_settings_that_do_not_fit_together_stop_the_page_with_a_message(make_app: Callable[..., AppTest]) -> None:
    m = "context.inflow_per_year:60;population.share_young:0.9;population.share_older:0.5"
    at = make_app(QUICK | {"m": m})  # the advanced sliders can set this too
    assert not at.exception and not at.dataframe
    assert "share_young" in errors(at)
    assert "population.share_young:0.9" in qp(at, "m")  # kept, so the sidebar can correct it
