"""Scale invariance: a municipality's results in shares do not depend on its own inflow.

The labour market is regional (``sim.region``): the vacancies and the competition a status
holder meets are the region's, not the municipality's. So, everything else equal, a
municipality housing 20 status holders a year has the same expected employment, welfare and
B1 shares as one housing 1,000, and its money is 20/1,000 of the larger one's.

The municipality's own capacity levers are set per 100 adults housed a year
(``guidance.dedicated_fte_per_100_inflow``, ``employers.municipal_places_per_100_inflow``) or
per 100 clients (dual-track places), so a shipped scenario means the same at every size: the
statistical check runs the baseline and the scenarios that set them (``funding_ends``,
``dedicated_client_managers``; with 8 absolute FTE they differed by up to 6 pp at 60 months).

Checks: the exact one (with no scarce municipal places, each person present in both runs has
the same path, month by month), the statistical one the issue asks for (dual-track places and
dedicated client managers are whole places, which couples people a little), and the amounts
those levers put in place, which are proportional to the inflow.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.model import MunicipalityModel
from sim.outcomes import METRICS
from sim.population import draw_traits
from sim.region import CONTENDERS_PER_HOUSED, fill_chance, regional_competition
from sim.rng import Streams
from sim.runner import run, run_replications
from sim.scenarios import Scenario, load_scenario
from sim.values import Params

SMALL, LARGE = 20, 1000
# Both municipalities sit in the same region, which houses more than either (the region
# includes the municipality: region.status_holders_per_year is at least its own inflow).
REGION = {"region.status_holders_per_year": 2000}
TOLERANCE_PP = 1.0  # the bound on |mean share(20) - mean share(1000)|, percentage points
SE_MAX_PP = 0.35  # the test must be able to show it: standard error of the difference at most this
REPS_SMALL, REPS_LARGE = 400, 40
# the baseline, and the shipped scenarios that set dedicated client managers (per 100 adults housed a year)
SCENARIOS = ("baseline", "funding_ends", "dedicated_client_managers")


def _at(n: int, extra: dict | None = None, name: str = "baseline") -> Scenario:
    return load_scenario(name).with_overrides({**REGION, "context.inflow_per_year": n, **(extra or {})})


def test_each_persons_path_is_the_same_in_a_small_and_a_large_municipality() -> None:
    """Without scarce municipal places (no dual tracks), nobody's chances depend on the others."""
    no_scarce = {"learning.dual_places_per_100": 0.0}
    small, large = _at(SMALL, no_scarce), _at(LARGE, no_scarce)
    for seed in (1, 2):
        pid_small = draw_traits(small.params(), Streams(seed)).pid
        pid_large = draw_traits(large.params(), Streams(seed)).pid
        where = {int(p): i for i, p in enumerate(pid_large)}
        cols = np.array([where[int(p)] for p in pid_small])  # the small municipality's people are in the large one
        a, b = run(small, seed, keep_paths=True), run(large, seed, keep_paths=True)
        np.testing.assert_array_equal(a.paths["history"], b.paths["history"][:, cols])
        np.testing.assert_array_equal(a.paths["language"], b.paths["language"][:, cols])
        assert (b.paths["history"][:, cols] < 255).sum() > 1000  # they were there and were compared


def test_the_fill_chance_is_the_regions_urn_ball_chance() -> None:
    p = _at(SMALL).params()
    x = regional_competition(p)
    assert x == pytest.approx(2000 * CONTENDERS_PER_HOUSED / (9200 * 1.0))
    assert fill_chance(p) == pytest.approx((1 - math.exp(-x)) / x)
    assert fill_chance(p) == fill_chance(_at(LARGE).params())  # the same region: the same chance
    slack = {**p, "context.labour_tightness": 0.3}
    crowded = {**p, "region.status_holders_per_year": 20000}
    assert fill_chance(crowded) < fill_chance(slack) < fill_chance(p) < 1.0
    assert fill_chance({**p, "region.status_holders_per_year": 0, "context.inflow_per_year": 0}) == 1.0
    # the region includes the municipality: a municipality larger than its region counts itself
    big = {**p, "context.inflow_per_year": 5000}
    assert regional_competition(big) == pytest.approx(5000 * CONTENDERS_PER_HOUSED / 9200)


def test_capacity_levers_put_in_place_amounts_proportional_to_the_inflow() -> None:
    """Dedicated FTE and municipal jobs a year are the lever x the inflow / 100, before and after the money stops."""
    levers = {"guidance.dedicated_fte_per_100_inflow": 5.0, "employers.municipal_places_per_100_inflow": 4.0}
    fte = {}
    for n in (SMALL, 150, LARGE):
        model = MunicipalityModel(_at(n, {**levers, "context.horizon_months": 48}, "funding_ends"), seed=1)
        model.run_model()
        fte[n] = model.calendar["dedicated_fte"]
        model.release()
        p = Params(model.scenario.params())
        assert p.now_for_inflow("employers.municipal_places_per_100_inflow") == pytest.approx(4.0 * n / 100)
    np.testing.assert_allclose(fte[150][:36], 7.5)
    np.testing.assert_allclose(fte[150][36:], 7.5 * 0.2)  # funding_ends: 80% paid from the money, which stops
    np.testing.assert_allclose(fte[SMALL] / SMALL, fte[LARGE] / LARGE)


@pytest.fixture(scope="module", params=SCENARIOS)
def runs(request: pytest.FixtureRequest) -> dict[int, list]:
    out = {}
    for n, reps in ((SMALL, REPS_SMALL), (LARGE, REPS_LARGE)):
        s = _at(n, name=request.param)
        out[n] = run_replications([s], reps, 11)[s.name]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("metric", ["employed", "welfare", "b1"])
def test_shares_do_not_depend_on_the_inflow(runs: dict[int, list], metric: str) -> None:
    """Mean share at 12, 36 and 60 months for inflow 20 (400 runs) and 1,000 (40 runs): within 1 pp."""
    col = list(METRICS).index(metric)
    for month in (12, 36, 60):
        a = np.array([r.shares()[month, 0, col] for r in runs[SMALL]])
        b = np.array([r.shares()[month, 0, col] for r in runs[LARGE]])
        diff = 100 * (a.mean() - b.mean())
        se = 100 * math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        assert se <= SE_MAX_PP, (metric, month, se)
        assert abs(diff) < TOLERANCE_PP, (metric, month, diff, se)


@pytest.mark.slow
def test_money_grows_in_proportion_to_the_inflow(runs: dict[int, list]) -> None:
    """Every money series per person housed a year is the same within 2% (means over the runs)."""
    for key in ("programme_costs", "welfare_paid", "national_money", "net_municipal_cost"):
        a = np.mean([r.money[key].sum() for r in runs[SMALL]]) / SMALL
        b = np.mean([r.money[key].sum() for r in runs[LARGE]]) / LARGE
        assert a == pytest.approx(b, rel=0.02), key
