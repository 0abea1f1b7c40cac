"""The order of the person states and the named sets the compiled rules test by comparisons."""

from __future__ import annotations

import numpy as np
import pytest

from sim.agents.employers import OPEN_FACTOR, RELUCTANT_FACTOR, SECTORS, create_employers, employer_index
from sim.groups import N_GROUPS, group_code, group_parts
from sim.model import MunicipalityModel
from sim.population import ORIGIN_LABELS
from sim.scenarios import Scenario
from sim.states import (
    IN_JOB,
    JOB_SEEKER,
    LEARNING,
    N_STATES,
    NOT_CLIENT,
    SEEKING,
    State,
    in_job,
    is_job_seeker,
    is_learning,
    is_seeking,
    lut,
)


def test_state_order() -> None:
    """The compiled rules rely on this order (e.g. the offer pass: seeking states are 0..VOLUNTEER)."""
    names = [s.name for s in sorted(State)]
    assert names == [
        "WAITING", "COURSE", "DUAL", "EDUCATION", "SEARCHING", "VOLUNTEER", "JOB_PART", "JOB_FULL", "HEALTH_INACTIVE"
    ]  # fmt: skip
    assert [int(s) for s in sorted(State)] == list(range(N_STATES))


@pytest.mark.parametrize(
    ("named", "predicate"),
    [(SEEKING, is_seeking), (LEARNING, is_learning), (JOB_SEEKER, is_job_seeker), (IN_JOB, in_job)],
    ids=["seeking", "learning", "job_seeker", "in_job"],
)
def test_predicate_equals_its_named_set(named: frozenset[int], predicate: object) -> None:
    for s in State:
        assert bool(predicate(int(s))) == (s in named), s.name  # type: ignore[operator]
        assert bool(predicate.py_func(int(s))) == (s in named), s.name  # type: ignore[attr-defined]


def test_named_sets_are_consistent() -> None:
    assert IN_JOB.isdisjoint(SEEKING) and LEARNING <= SEEKING and JOB_SEEKER <= SEEKING
    assert State.HEALTH_INACTIVE not in SEEKING | IN_JOB
    assert lut(*NOT_CLIENT).sum() == len(NOT_CLIENT)


def test_employer_index_matches_the_list(baseline: Scenario) -> None:
    employers = create_employers(MunicipalityModel(baseline.with_overrides({"context.horizon_months": 12}), 1))
    for s in range(len(SECTORS)):
        for reluctant in (False, True):
            e = employers[employer_index(s, reluctant)]
            assert e.sector == s and e.openness_factor == (RELUCTANT_FACTOR if reluctant else OPEN_FACTOR)
    assert employers[-1].is_municipal and len(employers) == 2 * len(SECTORS) + 1
    sectors, reluctant = np.array([0, 3, 7]), np.array([True, False, True])
    assert employer_index(sectors, reluctant).tolist() == [1, 6, 15]


def test_group_code_round_trips() -> None:
    origin = np.repeat(np.arange(len(ORIGIN_LABELS)), 2)
    male = np.tile([False, True], len(ORIGIN_LABELS))
    code = group_code(origin, male)
    assert sorted(code.tolist()) == list(range(N_GROUPS))
    back_origin, back_male = group_parts(code)
    assert (back_origin == origin).all() and (back_male == male).all()
