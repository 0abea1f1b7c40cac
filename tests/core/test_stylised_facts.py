"""Stylised facts: the signs the evidence and the seeds describe, over paired seeds.

Each claim is a paired comparison over ``REPS`` replications (common random numbers: the
scenario and its reference share the seed of replication k) and holds when the 90%
t-interval of the mean paired difference (``sim.compare``) excludes zero. Upper bounds keep
the effects inside what the trials in the evidence file allow (DOMAIN.md: +10 to +15
percentage points at about a year for the strongest packages).

Every fact is checked with the baseline values of the uncertain parameters and, once a
calibrated posterior exists (``calibration.posterior``), with one posterior draw per
replication (paired across scenarios), as the CLI and the app run by default.
"""

from __future__ import annotations

import pytest

from sim.compare import compare, paired_stats
from sim.outcomes import METRICS
from sim.scenarios import load_scenario

REPS = 20
SHORT = {"context.horizon_months": 72}

pytestmark = pytest.mark.slow


@pytest.fixture(params=["baseline values", "posterior draws"])
def thetas(request: pytest.FixtureRequest) -> list | None:
    if request.param == "baseline values":
        return None
    from sim.posterior import draw_thetas

    draws = draw_thetas(REPS, 1)
    if draws is None:
        pytest.skip("no calibrated posterior yet")
    return draws


def _kpis(reference, scenario, thetas: list | None, seed: int = 1) -> dict:
    table = compare(reference, [scenario], REPS, seed, thetas=thetas).table()
    assert table["reps"] == REPS and len(table["seeds"]) == REPS == len(set(table["seeds"]))
    return table["scenarios"][scenario.name]["kpis"]


def test_dedicated_client_managers_raise_employment_at_24_months(thetas: list | None) -> None:
    base = load_scenario("baseline").with_overrides(SHORT)
    dedicated = load_scenario("dedicated_client_managers").with_overrides(SHORT)
    k = _kpis(base, dedicated, thetas)["employed_share_m24"]
    assert k["lo"] > 0, k
    assert k["diff"] < 0.15, k  # within the trial evidence (T4-161..164)


def test_funding_ending_lowers_employment_after_the_end_month(thetas: list | None) -> None:
    """funding_ends (money stops in month 36) vs the same scenario with the money continuing."""
    ends = load_scenario("funding_ends").with_overrides({"context.horizon_months": 96})
    continues = ends.with_overrides({"funding.end_month": 999}, name="funding_continues")
    kpis = _kpis(continues, ends, thetas)
    assert kpis["employed_share_m60"]["hi"] < 0, kpis["employed_share_m60"]
    assert kpis["employed_person_years"]["hi"] < 0, kpis["employed_person_years"]


def test_work_first_raises_early_employment_but_lowers_b1_vs_dual_track(thetas: list | None) -> None:
    dual = load_scenario("dual_track").with_overrides(SHORT)
    work_first = load_scenario("work_first").with_overrides(SHORT)
    table = _kpis(dual, work_first, thetas)
    assert table["employed_share_m12"]["lo"] > 0, table["employed_share_m12"]
    assert table["b1_share_m36"]["hi"] < 0, table["b1_share_m36"]


def test_mentoring_health_screening_and_the_2013_law(thetas: list | None) -> None:
    """Mentors: no notable employment effect within a year (T4-172), a positive one later
    (T4-173). Health screening lowers dropout at 36 months (seed 002, T7-213). The 2013 law
    (own course, lower quality, exam at A2) lowers the B1 share at 36 months (seed 000)."""
    base = load_scenario("baseline").with_overrides(SHORT)
    mentor = base.with_overrides({"network.mentor_share": 1.0}, name="mentor")
    screen = base.with_overrides({"health.screening_share": 1.0}, name="health_screening")
    law2013 = base.with_overrides({"regime.law": 2013}, name="law2013")
    comp = compare(base, [mentor, screen, law2013], REPS, 1, thetas=thetas)
    table = comp.table()["scenarios"]
    m = table["mentor"]["kpis"]
    assert m["employed_share_m12"]["hi"] < 0.01, m["employed_share_m12"]
    assert m["employed_share_m60"]["lo"] > 0, m["employed_share_m60"]
    col = list(METRICS).index("dropped_out")
    dropout = {name: [r.shares()[36, 0, col] for r in comp.results[name]] for name in ("baseline", "health_screening")}
    d = paired_stats(dropout["health_screening"], dropout["baseline"])
    assert d["hi"] < 0, d
    b1 = table["law2013"]["kpis"]["b1_share_m36"]
    assert b1["hi"] < 0, b1
