"""The compiled and partition-based forms of scarce-place rules equal their plain numpy form.

Speed work replaced sorts by a partition over a precomputed priority rank and numpy hiring by
compiled loops; these tests pin the equivalences those changes rely on, including ties
(which the keyed draws make rare but not impossible).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.agents.employers import fill_vacancies
from sim.compare import paired_stats, paired_stats_table
from sim.model import MunicipalityModel
from sim.rng import Streams, draw, scalar_key
from sim.rules import labour, offers
from sim.rules.learning import first_in_priority, priority_rank
from sim.scenarios import load_scenario
from sim.states import VOLUNTEER, WAITING


@pytest.mark.parametrize("seed", range(20))
def test_first_in_priority_equals_a_stable_sort(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    priority = rng.integers(0, 40, n) / 40.0 if seed % 2 else rng.random(n)  # many ties, or none
    rank = priority_rank(priority)
    np.testing.assert_array_equal(np.argsort(rank), np.argsort(priority, kind="stable"))
    idx = np.sort(rng.choice(n, size=int(rng.integers(1, n + 1)), replace=False))
    for k in (1, 2, 5, len(idx) // 33 + 1, len(idx) // 2 + 1, len(idx), len(idx) + 3):  # heap and partition
        expected = idx[np.argsort(priority[idx], kind="stable")[:k]]
        np.testing.assert_array_equal(np.sort(first_in_priority(idx, rank, k)), np.sort(expected))


@pytest.mark.parametrize("seed", range(10))
def test_fill_vacancies_equals_lexsort_and_rank(seed: int) -> None:
    """Each group's first ``vacancies`` candidates by (priority, position): the former lexsort rule."""
    rng = np.random.default_rng(seed)
    m, groups = 200, 5
    group = rng.integers(0, groups, m)
    priority = rng.integers(0, 30, m) / 30.0
    ok = np.flatnonzero(rng.uniform(size=m) < 0.7)
    vac = rng.integers(0, 15, groups)
    order = ok[np.lexsort((priority[ok], group[ok]))]
    g = group[order]
    rank = np.arange(len(order)) - np.searchsorted(g, g, side="left")
    expected = np.full(m, -1)
    expected[order[rank < vac[g]]] = g[rank < vac[g]]
    out, left, hires = np.full(m, -1, dtype=np.int64), vac.copy(), np.zeros(groups, dtype=np.int64)
    hired = fill_vacancies(ok, group, priority, left, hires, out)
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(hires, np.bincount(out[out >= 0], minlength=groups))
    np.testing.assert_array_equal(left, vac - hires)
    assert hired == hires.sum()


@pytest.mark.parametrize("name", ["baseline", "work_first", "integrated"])
def test_engine_hiring_equals_each_employers_own_decision(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Every month, the compiled hiring gives the hires that Employer.hire gives, employer by employer."""
    s = load_scenario(name).with_overrides(
        {"context.inflow_per_year": 400, "context.horizon_months": 48, "region.vacancies_per_month": 60}
    )
    model = MunicipalityModel(s, 5)
    original = labour._hiring_decisions
    months = []

    def spy(model: MunicipalityModel, month: int, cand: np.ndarray, med: np.ndarray) -> np.ndarray:
        ph, emps = model.people, model.employers
        vac = [e.vacancies for e in emps]
        choice = labour._employer_choice(model, month, cand, med)
        lang = ph.lang[cand]
        relief = np.where(med, float(model.p["effects.mediation_language_relief"]), 0.0)
        u_acc = model.streams.uniform("accept", month, ph.pid[cand])
        u_vac = model.streams.uniform("vacancy", month, ph.pid[cand])
        u_nd = model.streams.uniform("no_dutch", month, ph.pid[cand])
        prio = ph.priority[cand]
        got = original(model, month, cand, med)
        left, hires = [e.vacancies for e in emps], [e.hires for e in emps]
        for e, v in zip(emps, vac, strict=True):
            e.vacancies = v
        expected = np.full(len(cand), -1)
        housed = np.flatnonzero(ph.state[cand] != 0)
        muni = emps[-1]
        if muni.vacancies > 0:
            got_m = muni.hire(lang[housed], relief[housed], u_acc[housed], prio[housed], u_vac[housed], u_nd[housed])
            expected[housed[got_m]] = len(emps) - 1
        for j, e in enumerate(emps[:-1]):
            mine = np.flatnonzero((choice == j) & (expected < 0))
            expected[mine[e.hire(lang[mine], relief[mine], u_acc[mine], prio[mine], u_vac[mine], u_nd[mine])]] = j
        np.testing.assert_array_equal(got, expected)
        assert [e.vacancies for e in emps] == left
        for e, h in zip(emps, hires, strict=True):
            e.hires = h
        months.append(month)
        return got

    monkeypatch.setattr(labour, "_hiring_decisions", spy)
    model.run_model()
    assert len(months) > 20


@pytest.mark.parametrize("seed", [0, 3, 2**40 + 1])
def test_stream_keys_and_grids_equal_the_scalar_forms(seed: int) -> None:
    s = Streams(seed)
    names = ("sector", "own_sector", "any_job", "employer")
    for month in (-5, -1, 0, 7, 119, 300):
        keys = s.keys(names, month)
        assert keys.dtype == np.uint64
        assert [int(k) for k in keys] == [scalar_key(s._seed_key, n, month) for n in names]
    ids = np.arange(17, dtype=np.uint64)
    grid = s.uniform_grid("vacancies", 130, ids)
    for month in (0, 1, 64, 129):
        np.testing.assert_array_equal(grid[month], s.uniform("vacancies", month, ids))


def test_paired_stats_table_equals_paired_stats_per_kpi() -> None:
    """The vectorised KPI table gives paired_stats' numbers bit for bit (NaNs handled per KPI)."""
    rng = np.random.default_rng(4)
    for reps in (1, 2, 3, 6, 20, 41):
        scen = {f"k{j}": (rng.normal(size=reps) * 10.0 ** (j % 7)).tolist() for j in range(12)}
        base = {k: (np.asarray(v) + rng.normal(size=reps)).tolist() for k, v in scen.items()}
        scen["k3"][0] = float("nan")
        base["k5"][-1] = float("nan")
        got = paired_stats_table(scen, base)
        for k in scen:
            want = paired_stats(scen[k], base[k])
            assert list(got[k]) == list(want)
            np.testing.assert_array_equal(np.array(list(got[k].values())), np.array(list(want.values())))


@pytest.mark.parametrize("name", ["baseline", "era_2014"])
def test_counts_made_at_the_end_equal_counts_made_month_by_month(name: str) -> None:
    """The recorder counts from its code history: all at once, or each month as it is asked."""
    s = load_scenario(name).with_overrides({"context.inflow_per_year": 200, "context.horizon_months": 60})
    whole = MunicipalityModel(s, 4)
    whole.run_model()
    stepped = MunicipalityModel(s, 4)
    for t in range(60):
        stepped.step()
        assert int(stepped.recorder.counts[:, :, :].sum()) == int(stepped.recorder.counts.sum())
        if t in (0, 17, 59):
            np.testing.assert_array_equal(stepped.recorder.counts.sum(axis=(1, 2))[t + 1 :], 0)
    np.testing.assert_array_equal(whole.recorder.counts, stepped.recorder.counts)
    assert whole.recorder.counts.dtype == np.int64


@pytest.mark.parametrize("name", ["integrated", "funding_ends", "dedicated_client_managers"])
def test_compiled_caseloads_equal_the_general_rule(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Each month, the compiled assignment with dedicated managers gives the caseloads of
    assign_caseloads (or defers to it when a manager is over capacity)."""
    import sim.model as model_module
    from sim.agents import client_managers as cmod

    s = load_scenario(name).with_overrides({"context.inflow_per_year": 300, "context.horizon_months": 60})
    model = MunicipalityModel(s, 8)
    original = cmod.assign_dedicated
    seen = {"fast": 0, "deferred": 0}

    def spy(model: MunicipalityModel, month: int, not_client: np.ndarray) -> int | None:
        ph = model.people
        before = ph.cm.copy()
        got = original(model, month, not_client)
        if got is None:
            seen["deferred"] += 1
            return None
        after, per_agent = ph.cm.copy(), [a.clients for a in model.dedicated]
        ph.cm[:] = before
        n = ph.n_active
        clients = (ph.housed_at[:n] <= month) & ~not_client[ph.state[:n]] & ~ph.out_of_view[:n]
        cmod.assign_caseloads(model, clients)
        np.testing.assert_array_equal(ph.cm, after)
        assert [a.clients for a in model.dedicated] == per_agent and got == int(clients.sum())
        seen["fast"] += 1
        return got

    monkeypatch.setattr(model_module, "assign_dedicated", spy)
    model.run_model()
    assert seen["fast"] > 20


@pytest.mark.parametrize("seed", range(12))
def test_offer_pass_equals_the_exact_chance_for_everyone(seed: int) -> None:
    """The bound-then-exact offer pass gives the seekers whose draw is below their exact chance."""
    rng = np.random.default_rng(seed)
    n, dedicated = 3000, int(rng.integers(0, 4))
    lang = np.where(rng.random(n) < 0.3, rng.integers(0, 6, n).astype(float), rng.uniform(0, 5, n))
    cols = offers.OfferColumns(
        state=rng.integers(0, 9, n).astype(np.int8),
        hours=np.where(rng.random(n) < 0.1, 0.0, rng.uniform(4, 40, n)),
        lang=lang,
        offer_mult=rng.uniform(0.2, 3.0, n),
        cm=rng.integers(-1, dedicated + 1, n).astype(np.int32),
        network=rng.random(n),
        older_from=rng.integers(0, 40, n).astype(np.int32),
        male=rng.random(n) < 0.5,
        mediation=rng.random(n),
        pid=rng.permutation(n).astype(np.uint64),
    )
    state_table = np.append(rng.uniform(0.0, 0.6, 6), [0.0, 0.0, 0.0])
    cm_table = np.concatenate([[1.0], rng.uniform(0.8, 2.0, 1 + dedicated)])
    effect = rng.choice([0.6, 0.0, -0.4, 1.5])
    work_first = float(rng.choice([0.0, 0.7]))
    lv = offers.OfferLevers(effect, 0.3, 1.6, 0.6, work_first, 0.4, 0.2, float(rng.choice([0.0, 0.5])))
    key, month = np.uint64(scalar_key(seed, "job_offer", 20)), 20
    cand, med, n_med = offers.offers_kernel(n, month, tuple(cols), state_table, cm_table, tuple(lv), key)
    seeking = (cols.state <= VOLUNTEER) & (cols.hours > 0)
    u = np.array([draw(cols.pid[i], key) for i in range(n)])
    chance = np.array([offers.offer(i, month, tuple(cols), state_table, cm_table, tuple(lv)) for i in range(n)])
    expected = np.flatnonzero(seeking & (u < chance))
    mediated = (cols.state != WAITING) & (cols.mediation < lv.mediation_share)
    assert len(expected) > 50
    np.testing.assert_array_equal(cand, expected)
    np.testing.assert_array_equal(med, mediated[expected])
    assert n_med == np.count_nonzero(seeking & mediated)
