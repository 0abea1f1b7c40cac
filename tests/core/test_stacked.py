"""Stacked runs (issue #13 part 2): every run of a stacked call is bit for bit its run alone.

``sim.stack.StackedRuns`` steps several runs together with their person columns in one array
per column; the phases with a stacked form run once for all. Each run's result must equal,
digest for digest (``bench.fingerprint.result_digest``: tidy table, money, counts, calendar),
the result of ``sim.runner.run`` of that run alone, whatever the scenarios, sizes, seeds,
posterior draws and the number of runs stacked. A stacked kernel that used another run's
keys or rates, or another run's people, would change some run's digest.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fingerprint import result_digest
from sim.model import MONTH
from sim.params import load_specs
from sim.posterior import draw_thetas
from sim.rules import labour, offers_stacked
from sim.runner import Task, replication_seed, run, run_replications, run_stacked, stack_blocks
from sim.scenarios import Scenario, load_scenario
from sim.stack import StackedRuns
from sim.stack.month import STACKED

SCENARIOS = ("baseline", "dual_track", "work_first", "dedicated_client_managers", "funding_ends")


def sized(name: str, per_year: int, months: int = 120) -> Scenario:
    """A shipped scenario with ``per_year`` adults arriving a year, followed ``months``."""
    return load_scenario(name).with_overrides({"context.inflow_per_year": per_year, "context.horizon_months": months})


def tasks_of(scenarios: Sequence[Scenario], reps: int, seed: int, posterior: bool) -> list[Task]:
    """Paired replications of the scenarios, with one posterior draw per replication if asked."""
    thetas = draw_thetas(reps, seed) if posterior else None
    return [(s, replication_seed(seed, k), k, thetas[k] if thetas else None) for k in range(reps) for s in scenarios]


def assert_alone_equals_stacked(tasks: Sequence[Task]) -> None:
    """Each stacked result has the digest of its task run alone."""
    stacked = [result_digest(r) for r in run_stacked(tasks)]
    alone = [result_digest(run(s, seed, k, theta)) for s, seed, k, theta in tasks]
    differ = [i for i, (a, b) in enumerate(zip(alone, stacked, strict=True)) if a != b]
    assert not differ, f"stacked runs {differ} differ from their runs alone"


@pytest.mark.parametrize("per_year", [20, 150])
@pytest.mark.parametrize("name", SCENARIOS)
def test_every_stacked_run_equals_its_run_alone(name: str, per_year: int) -> None:
    assert_alone_equals_stacked(tasks_of([sized(name, per_year)], 3, 11, posterior=True))


def test_scenarios_stacked_together_equal_their_runs_alone() -> None:
    """A comparison's scenarios in one stack (each run its own levers), without a posterior."""
    assert_alone_equals_stacked(tasks_of([sized(n, 60, 72) for n in SCENARIOS], 2, 5, posterior=False))


def test_a_run_without_people_stacks_with_others() -> None:
    assert_alone_equals_stacked(tasks_of([sized("baseline", 1, 12), sized("baseline", 40, 12)], 2, 3, False))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reps=st.integers(1, 5),
    seed=st.integers(0, 2**31 - 1),
    posterior=st.booleans(),
    name=st.sampled_from(SCENARIOS),
)
def test_any_number_of_runs_and_seeds(reps: int, seed: int, posterior: bool, name: str) -> None:
    assert_alone_equals_stacked(tasks_of([sized(name, 50, 60)], reps, seed, posterior))


def test_run_replications_gives_the_runs_alone() -> None:
    """The runner's in-process path stacks; its results are the runs alone, in order."""
    scenarios = [sized("baseline", 40, 48), sized("work_first", 40, 48)]
    got = run_replications(scenarios, 3, 2, workers=1)
    for s in scenarios:
        assert [r.replication for r in got[s.name]] == [0, 1, 2]
        alone = [result_digest(run(s, replication_seed(2, k), k)) for k in range(3)]
        assert [result_digest(r) for r in got[s.name]] == alone


def test_blocks_keep_one_horizon_and_split_for_workers() -> None:
    tasks = tasks_of([sized("baseline", 30, 24), sized("baseline", 30, 36)], 4, 1, False)
    blocks = stack_blocks(tasks, parts=2)
    assert sorted(i for b in blocks for i in b) == list(range(len(tasks)))
    for b in blocks:
        assert len({tasks[i][0].params()["context.horizon_months"] for i in b}) == 1
    assert len(blocks) == 4


def test_runs_of_different_horizons_are_refused() -> None:
    with pytest.raises(ValueError, match="one horizon"):
        StackedRuns([(sized("baseline", 20, 24), 1, None), (sized("baseline", 20, 36), 2, None)])


def test_stacked_phases_are_phases_of_the_month() -> None:
    assert set(STACKED) <= {name for name, _ in MONTH}


def test_each_population_is_a_view_of_the_stacked_columns() -> None:
    runs = StackedRuns([(sized("baseline", 30, 24), seed, None) for seed in (1, 2)])
    for r, m in enumerate(runs.models):
        lo, hi = runs.starts[r], runs.starts[r + 1]
        assert np.shares_memory(m.people.state, runs.people.state)
        assert np.shares_memory(m.people.fixed["screen"], runs.people.fixed["screen"])
        assert hi - lo == len(m.people)
        assert np.shares_memory(m.ledger.items["welfare_paid"], runs.ledger["welfare_paid"])
        assert np.shares_memory(m.recorder.history, runs.history)
        assert np.shares_memory(m.employer_table.vacancies, runs.vacancies)
        assert np.shares_memory(m.employer_table.hires, runs.employer_hires)


def perturbed(base: Scenario, rng: np.random.Generator, name: str) -> Scenario:
    """``base`` with each real parameter outside ``context`` moved a fifth of the way to a random value."""
    overrides = {}
    for key, spec in load_specs().items():
        if isinstance(spec.default, float) and spec.range is not None and not key.startswith("context."):
            low, high = spec.range
            overrides[key] = spec.default + (rng.uniform(low, high) - spec.default) * 0.2
    return base.with_overrides(overrides, name=name)


def test_runs_with_different_levers_in_every_rule() -> None:
    """Each run its own value of every parameter: a stacked kernel must use each run's own rates."""
    rng = np.random.default_rng(2026)
    base = sized("dual_track", 80, 60)
    tasks: list[Task] = [(perturbed(base, rng, f"p{k}"), replication_seed(9, k), k, None) for k in range(4)]
    assert_alone_equals_stacked(tasks)


def test_work_first_sectors_of_several_runs_equal_each_run_alone() -> None:
    """The pushed candidates of every run in one numpy step: each row as its run's own call gives it."""
    rng = np.random.default_rng(7)
    runs = StackedRuns(
        [
            (sized("work_first", 20, 12).with_overrides({"employers.language_strictness": s}), 1, None)
            for s in (-1, 0, 1.5)
        ]
    )
    run_of = rng.integers(0, 3, 400)
    lang, u = rng.uniform(0, 4, 400), rng.random(400)
    lang[:40] = 0.0  # some meet no sector's requirement (then the easiest sector)
    got = offers_stacked._feasible_sectors(runs, run_of, lang, u)
    for r, m in enumerate(runs.models):
        mine = run_of == r
        assert np.array_equal(got[mine], labour._feasible_sector(m, lang[mine], u[mine]))
    one_row = [
        offers_stacked._feasible_sectors(runs, run_of[k : k + 1], lang[k : k + 1], u[k : k + 1]) for k in range(400)
    ]
    assert np.array_equal(np.concatenate(one_row), got)


def test_dated_changes_and_the_end_of_the_money_stack_with_other_runs() -> None:
    """The levers phase skips a run's months where nothing can change: dated changes and the money's end still apply."""
    scenarios = [sized("era_2014", 20, 120), sized("funding_ends", 20, 120), sized("baseline", 20, 120)]
    assert any(s.changes for s in scenarios)
    assert_alone_equals_stacked(tasks_of(scenarios, 2, 4, posterior=False))


def test_stacked_runs_refuse_a_bad_theta() -> None:
    """A theta is validated once per (scenario, theta) group but never skipped: a bad value in
    any run of the stack is refused, whether it is the first run's or a later one's."""
    from sim.errors import ScenarioError

    s = load_scenario("baseline").with_overrides({"context.horizon_months": 12})
    for bad in ({"behaviour.job_hazrd": 0.1}, {"behaviour.job_hazard": 2.0}):
        with pytest.raises(ScenarioError, match="theta"):
            StackedRuns([(s, 1, None), (s, 2, bad)])
