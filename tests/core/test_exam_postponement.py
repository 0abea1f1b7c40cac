"""The 2013 law's postponed exam (``effects.regime2013_early_exam_ratio``).

Under the 2013 law the monthly pass chance before the term's last months is the ratio times
the chance in those months; the 2021 law has no postponement, so the parameter must not touch
a 2021-law run at all.
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.fingerprint import result_digest
from sim.model import MunicipalityModel
from sim.rules.learning import EXAM_DEADLINE_WINDOW
from sim.runner import run
from sim.scenarios import Scenario, load_scenario
from sim.states import EXAM_PASSED

from .helpers import step_months

KEY = "effects.regime2013_early_exam_ratio"


def test_the_2021_law_ignores_the_postponement(small: Scenario) -> None:
    assert int(small.params()["regime.law"]) == 2021
    for seed in (1, 2):
        plain = run(small, seed)
        put_off = run(small.with_overrides({KEY: 0.05}), seed)
        assert result_digest(put_off) == result_digest(plain)


def _passed_by_months_since_course(scenario: Scenario, seeds: range) -> tuple[np.ndarray, np.ndarray]:
    """Per person of every seed: months from course start to the pass (inf: not passed), and whether started."""
    since, started = [], []
    for seed in seeds:
        m = MunicipalityModel(scenario, seed)
        passed_at = np.full(len(m.people), np.inf)
        for month in step_months(m, 48):
            ph = m.people
            new = (ph.exam == EXAM_PASSED) & np.isinf(passed_at)
            passed_at[new] = month - ph.course_from[new]
        since.append(passed_at)
        started.append(m.people.course_from <= 48 - int(m.p["regime.exam_term_months"]))
    return np.concatenate(since), np.concatenate(started)


@pytest.fixture(scope="module")
def era_2014_small() -> Scenario:
    """The 2013-law cohort, 600 adults a year (enough people for the shares below)."""
    return load_scenario("era_2014").with_overrides({"context.inflow_per_year": 600})


def test_under_the_2013_law_the_exam_is_put_off_to_the_term_s_last_months(era_2014_small: Scenario) -> None:
    """Fewer passes before the window, a larger share of the passes inside it (6 seeds).

    Among people whose whole term fits in the 48 months run, with the ratio at 0.2 the share
    of passes that fall in the term's last ``EXAM_DEADLINE_WINDOW`` months is at least 15
    points higher than with 1.0 (the mean difference is larger; 6 seeds, ~1,000 passes each).
    """
    term = int(era_2014_small.params()["regime.exam_term_months"])
    shares = []
    for ratio in (1.0, 0.2):
        at, started = _passed_by_months_since_course(era_2014_small.with_overrides({KEY: ratio}), range(6))
        passes = at[started & np.isfinite(at) & (at < term)]
        assert len(passes) > 300, len(passes)
        shares.append(float(np.mean(passes >= term - EXAM_DEADLINE_WINDOW)))
    assert shares[1] >= shares[0] + 0.15, shares
