"""The 2021 law as stated uncertainty: each effect a share realised, 0 = no better than 2013, 1 = as designed."""

from __future__ import annotations

import numpy as np
import pytest

from sim.compare import compare
from sim.extrapolation import PRIORS, marks, prior_draws
from sim.model import MunicipalityModel
from sim.posterior import draw_thetas
from sim.rules import learning
from sim.scenarios import Scenario, load_scenario

from .helpers import step_months

NONE = {k: 0.0 for k in PRIORS}
FULL = {k: 1.0 for k in PRIORS}


def test_prior_draws_are_uniform_on_their_range_and_paired_by_seed() -> None:
    draws = prior_draws(4000, 3)
    assert draws == prior_draws(4000, 3) and draws != prior_draws(4000, 4)
    for key, (lo, hi) in PRIORS.items():
        x = np.array([d[key] for d in draws])
        assert lo <= x.min() and x.max() <= hi
        assert abs(x.mean() - (lo + hi) / 2) < 0.02 and abs(x.std() - (hi - lo) / 12**0.5) < 0.02
    assert prior_draws(2, 3, point_estimate=True) == [{k: 0.5 for k in PRIORS}] * 2


def test_every_run_that_draws_also_draws_the_2021_law() -> None:
    thetas = draw_thetas(5, 2)
    if thetas is None:
        pytest.skip("no calibrated posterior")
    assert all(set(PRIORS) <= set(t) for t in thetas)
    assert len({t["law2021.b1_target"] for t in thetas}) == 5  # a different value per replication
    assert all(t["law2021.b1_target"] == 0.5 for t in draw_thetas(5, 2, point_estimate=True) or [])


def _rates(s: Scenario) -> tuple[float, float]:
    model = MunicipalityModel(s, 1)
    return learning._learning_rates(model).per_hour, learning.exam_level(model)


def test_no_better_than_2013_and_as_designed_are_the_two_ends(small: Scenario) -> None:
    law2013 = small.with_overrides({"regime.law": 2013})
    none, full = small.with_overrides(NONE), small.with_overrides(FULL)
    per_hour_13, level_13 = _rates(law2013)
    assert _rates(none) == (per_hour_13, level_13)  # course quality and exam of the 2013 law
    per_hour, level = _rates(full)
    assert level == 3.0 and per_hour == pytest.approx(per_hour_13 / float(small.params()["effects.regime2013_quality"]))
    # the course start: the 2013 delay at 0, none as designed
    for s, delayed in ((none, True), (full, False)):
        model = MunicipalityModel(s.with_overrides({"learning.education_route_share": 0.0}), 2)
        for _ in step_months(model, 24):
            pass
        ph, n = model.people, model.people.n_active
        housed = (ph.housed_at[:n] < 24) & ~ph.care[:n]
        waits = (ph.course_from[:n] - ph.housed_at[:n])[housed]
        assert (waits.mean() > 1.0) if delayed else (waits == 0).all()


@pytest.mark.slow
def test_the_2021_law_gains_over_2013_only_as_far_as_its_effects_are_realised() -> None:
    """Paired, 20 replications: with every effect at 0 the 2021 law is no better than 2013 at 3
    years (employment and B1 within 1 pp or lower); as designed it is better on both."""
    base = load_scenario("baseline").with_overrides({"context.horizon_months": 48, "regime.law": 2013}, name="y2013")
    none = base.with_overrides({"regime.law": 2021, **NONE}, name="none")
    full = base.with_overrides({"regime.law": 2021, **FULL}, name="full")
    k = compare(base, [none, full], 20, 4).table()["scenarios"]
    for kpi in ("employed_share_m36", "b1_share_m36"):
        assert k["none"]["kpis"][kpi]["diff"] < 0.01, (kpi, k["none"]["kpis"][kpi])
        assert k["full"]["kpis"][kpi]["lo"] > 0, (kpi, k["full"]["kpis"][kpi])
    assert [m.key for m in marks([base, none])] == ["law2021"]
