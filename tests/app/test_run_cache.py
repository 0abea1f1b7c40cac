"""The runs' cache hands every session the same block, without a copy, and nobody can change it."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from sim.runner import replication_seed, run_tasks
from sim.scenarios import load_scenario
from webapp.runs import cache_text, head, run_all, run_block
from webapp.slotruns import SlotRuns, summarise


def _small() -> list:
    base = {"context.inflow_per_year": 24, "context.horizon_months": 36}
    return [load_scenario("baseline").with_overrides(base), load_scenario("funding_ends").with_overrides(base)]


def _arrays(r: SlotRuns) -> list[np.ndarray]:
    return [r.shares, *r.money.values(), *([] if r.sizes is None else [r.sizes])]


def test_cached_blocks_are_shared_and_read_only() -> None:
    scenarios = _small()
    first = run_all(scenarios, 5, 4, None)
    again = run_all(scenarios, 5, 4, None)  # another rerun, or another session with the same settings
    for name, r in first.items():
        assert again[name] is r  # no copy per cache hit
        for arr in [*_arrays(r), *_arrays(head(r, 2))]:
            assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            r.shares[0, 0, 0, 0] = 1.0
        with pytest.raises(ValueError, match="read-only"):
            r.money["welfare_paid"] *= 2
        with pytest.raises(ValueError, match="read-only"):
            head(r, 2).shares[:] = 0.0


def test_cached_block_equals_the_runs_made_here() -> None:
    """What the cache gives is, bit for bit, the summary of the same runs made in this process."""
    scenario = _small()[1]
    tasks = [(scenario, replication_seed(5, k), k, None) for k in range(4)]
    here = summarise(run_tasks(tasks, 1), scenario)
    cached = run_block(cache_text(scenario), scenario.hash, 5, 0, 4, json.dumps(None))
    assert cached is run_block(cache_text(scenario), scenario.hash, 5, 0, 4, json.dumps(None))
    assert here.seeds == cached.seeds and json.dumps(here.kpis) == json.dumps(cached.kpis)
    assert here.shares.dtype == cached.shares.dtype and here.shares.tobytes() == cached.shares.tobytes()
    assert here.money.keys() == cached.money.keys()
    assert all(here.money[k].tobytes() == cached.money[k].tobytes() for k in here.money)
    assert here.sizes is not None and cached.sizes is not None and here.sizes.tobytes() == cached.sizes.tobytes()


def test_a_persons_run_is_shared_read_only_and_the_run_made_here() -> None:
    """The one-person tab's run: the same object for every session, read-only paths, equal to a run here."""
    from sim.executor import local_pool
    from sim.runner import run
    from webapp import person
    from webapp.slotruns import run_with_paths

    scenario = _small()[1]
    got = person.person_runs(cache_text(scenario), scenario.hash, 5, json.dumps(None))
    assert got is person.person_runs(cache_text(scenario), scenario.hash, 5, json.dumps(None))
    here = run(scenario, replication_seed(5, 0), 0, None, keep_paths=True)
    ((_, pooled),) = local_pool(2).map(run_with_paths, [(scenario, replication_seed(5, 0), 0, None)])
    assert here.paths is not None and got.result.paths is not None and pooled.paths is not None
    assert here.paths.keys() == got.result.paths.keys() == pooled.paths.keys()
    for name, arr in here.paths.items():
        assert arr.tobytes() == got.result.paths[name].tobytes() == pooled.paths[name].tobytes(), name
        assert not got.result.paths[name].flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        got.column("entry")[0] = 0


def test_comparison_table_from_cached_parts_is_the_whole_table() -> None:
    """Worked out per scenario once per pair of cached runs: the same table as kpi_table of all runs at once."""
    from sim.compare import kpi_table
    from webapp import smallgroups
    from webapp.runs import comparison_table

    base = {"context.inflow_per_year": 24, "context.horizon_months": 36}
    third = load_scenario("integrated").with_overrides(base)
    runs = run_all([*_small(), third], 5, 4, None)
    names = list(runs)
    want = json.dumps(smallgroups.suppress(kpi_table(names[0], 4, 5, runs), runs))
    first = comparison_table(runs, names[0], 5, 4)
    again = comparison_table(runs, names[0], 5, 4)
    assert json.dumps(first) == want and json.dumps(again) == want  # key order included
    assert all(again["scenarios"][n]["kpis"] is first["scenarios"][n]["kpis"] for n in names)  # reused
    moved = {**runs, names[1]: runs[names[2]]}  # other runs under one name: that part anew, the rest reused
    got = comparison_table(moved, names[0], 5, 4)
    assert json.dumps(got) == json.dumps(smallgroups.suppress(kpi_table(names[0], 4, 5, moved), moved))
    assert got["scenarios"][names[1]]["kpis"] is not first["scenarios"][names[1]]["kpis"]
    assert got["scenarios"][names[2]]["kpis"] is first["scenarios"][names[2]]["kpis"]


def test_the_page_changes_no_shared_table_part(make_app: Callable[..., AppTest]) -> None:
    """Every tab drawn from the shared parts of the comparison table leaves them as they were."""
    from webapp import runs as runs_module

    at = make_app()
    before = {k: json.dumps(v[1]) for k, v in runs_module._PARTS.items()}
    for tab in ("Vergelijking", "Groepen", "Eén persoon", "Delen en export", "Over het model"):
        at.session_state["tab"] = tab
        at.run()
        assert not at.exception, tab
    after = {k: json.dumps(v[1]) for k, v in runs_module._PARTS.items()}
    assert before and all(after[k] == v for k, v in before.items() if k in after)
