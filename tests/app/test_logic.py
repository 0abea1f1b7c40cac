"""The app's logic without a page: URL round trip, uploads, exports, texts in both languages."""

from __future__ import annotations

import ast
import io
import json
import tomllib
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from sim.params import load_specs
from sim.scenarios import load_scenario
from webapp import calibtext, evidence, export, i18n, page, paramtext, person, reporttext
from webapp.controls import handle_upload
from webapp.query import from_query, to_query
from webapp.runs import comparison_table, run_all, thetas_for
from webapp.state import AppState, Slot, build_scenario, clean_name, default_state


def test_url_round_trip_keeps_every_setting() -> None:
    state = default_state("en")
    state.seed, state.reps, state.mix, state.uncertainty = 5, 10, "2016", "point"
    state.shared = {"context.inflow_per_year": 300, "behaviour.job_hazard": 0.1}
    state.slots[1].edits = {"guidance.coordinator": True, "regime.law": 2013, "funding.end_month": 48}
    state.slots.append(Slot("Up", base="upload", edits={"learning.work_first": 0.5}, description="Mijn plan (2027)"))
    state.slots[2].changes = ((24, {"learning.dual_places_per_100": 0.0}),)
    state.start_year, state.cumulative = 2031, True
    back, errors = from_query(to_query(state))
    assert errors == []
    assert to_query(back) == to_query(state)
    assert (back.start_year, back.cumulative) == (2031, True)
    assert build_scenario(back, back.slots[2]).description == "Mijn plan (2027)"
    assert [build_scenario(back, s).hash for s in back.slots] == [build_scenario(state, s).hash for s in state.slots]


def test_url_never_names_a_file() -> None:
    state, errors = from_query({"s0": "baseline", "s1": "/etc/passwd", "n1": "x"})
    assert state.slots[1].base == "baseline"
    assert any("passwd" in e for e in errors)


def test_shared_settings_apply_to_every_scenario_and_edits_win() -> None:
    state = default_state()
    state.shared = {"context.labour_tightness": 0.5}
    state.slots[1].edits = {"guidance.dedicated_fte_per_100_inflow": 2.0}
    base, scen = (build_scenario(state, s).params() for s in state.slots)
    assert base["context.labour_tightness"] == scen["context.labour_tightness"] == 0.5
    assert scen["guidance.dedicated_fte_per_100_inflow"] == 2.0 and scen["funding.end_month"] == 36
    assert (
        base["guidance.dedicated_fte_per_100_inflow"] == load_specs()["guidance.dedicated_fte_per_100_inflow"].default
    )


def test_upload_valid_file_fills_a_slot() -> None:
    state = default_state()
    text = load_scenario("integrated").to_toml().encode()
    assert handle_upload(state, text, "my plan.toml", 2) is None
    assert state.slots[2].base == "upload" and state.slots[2].edits["guidance.coordinator"] is True
    assert build_scenario(state, state.slots[2]).hash == load_scenario("integrated").hash
    assert state.slots[2].name == clean_name(load_scenario("integrated").title)  # named after the file's title
    assert build_scenario(state, state.slots[2]).description == load_scenario("integrated").description
    assert handle_upload(state, text, "again.toml", 1) is None  # replacing a slot: the title again, made unique
    assert state.slots[1].name == state.slots[2].name + " 2"


def test_a_file_that_sets_the_municipality_is_flagged_and_can_be_shared() -> None:
    from webapp import budget_page, describe

    state = default_state()
    bigger = b'[meta]\ntitle = "Groter"\n[set]\n"context.inflow_per_year" = 400\n"learning.work_first" = 1.0\n'
    assert handle_upload(state, bigger, "g.toml", 2) is None
    assert describe.mixed_settings([build_scenario(state, s) for s in state.slots]) == ["context.inflow_per_year"]
    budget_page.share_settings(state, ["context.inflow_per_year"])
    built = [build_scenario(state, s) for s in state.slots]
    assert describe.mixed_settings(built) == [] and {b.params()["context.inflow_per_year"] for b in built} == {400}
    assert built[2].params()["learning.work_first"] == 1.0  # the policy itself stays the file's


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b'[set]\n"guidance.dedicated_fte_per_100_inflow" = -5\n', "guidance.dedicated_fte_per_100_inflow"),
        (b'[set]\n"guidance.dedicatd_fte" = 5\n', "bedoelt u"),
        (b"not = [toml", "geen geldige TOML"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"#" * 200_000, "kB"),
        (b'[[change]]\nmonth = 999\nset = { "learning.work_first" = 1.0 }\n', "month"),
    ],
)
def test_bad_upload_changes_nothing(data: bytes, needle: str) -> None:
    state = default_state()
    before = to_query(state)
    msg = handle_upload(state, data, "../../etc/evil.toml", 1)
    assert msg is not None and needle in msg
    assert to_query(state) == before


def test_bad_upload_shows_an_error_in_the_page() -> None:
    def page() -> None:
        import streamlit as st

        from webapp.controls import handle_upload
        from webapp.state import default_state

        msg = handle_upload(default_state(), b'[set]\n"regime.law" = 2000\n', "x.toml", 1)
        if msg:
            st.error(msg)

    at = AppTest.from_function(page).run()
    assert "regime.law" in at.error[0].value and "niet geladen" in at.error[0].value


def test_safe_name_strips_paths() -> None:
    assert export.safe_name("../../etc/passwd.toml") == "etc_passwd"
    assert export.safe_name("   ") == "scenario"


def test_parquet_carries_provenance() -> None:
    import pandas as pd

    data = export.parquet_bytes(pd.DataFrame({"a": [1]}), {"seed": 3})
    meta = pq.read_table(io.BytesIO(data)).schema.metadata
    assert b'"seed": 3' in meta[b"werkpad"]


def test_every_text_and_parameter_in_both_languages() -> None:
    for key, (nl, en) in i18n.TEXT.items():
        assert nl and en, key
    specs = load_specs()
    for key, spec in specs.items():
        for lang in i18n.LANGS:
            help_ = paramtext.help_text(spec, lang)
            assert spec.help(lang) in help_ and spec.unit_in(lang) in help_, key
            cited = evidence.expand_ids(spec.source) or [spec.source or spec.assumption_in(lang)]
            assert all(i in help_ for i in cited), key
            assert spec.label(lang) and paramtext.group_label(spec.group, lang), key
        assert "{funded}" not in spec.help_en + spec.help_nl, key


def test_app_state_defaults() -> None:
    state = AppState()
    assert state.lang == "nl" and state.reps == 20 and state.uncertainty == "posterior"


def test_calibration_texts_do_not_shadow_others() -> None:
    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    text = next(n.value for n in ast.walk(tree) if isinstance(n, ast.AnnAssign) and ast.unparse(n.target) == "TEXT")
    own = {k.value for k in text.keys if isinstance(k, ast.Constant)}  # type: ignore[union-attr]
    assert own and not own & set(calibtext.CALIB_TEXT)
    assert all(i18n.TEXT[k] == v for k, v in calibtext.CALIB_TEXT.items())
    assert not (own | set(calibtext.CALIB_TEXT)) & set(reporttext.REPORT_TEXT)


def test_uncertainty_defaults_to_posterior_and_the_url_switches_it() -> None:
    assert from_query({"s0": "baseline"})[0].uncertainty == "posterior"
    assert from_query({"s0": "baseline", "unc": "point"})[0].uncertainty == "point"
    assert from_query({"s0": "baseline", "unc": "posterior"})[0].uncertainty == "posterior"
    state, errors = from_query({"s0": "baseline", "unc": "maybe"})
    assert state.uncertainty == "posterior" and any(e.startswith("unc:") for e in errors)
    assert to_query(default_state())["unc"] == "posterior"


def test_posterior_draws_are_paired_across_scenarios() -> None:
    state = default_state()
    state.reps, state.shared = 6, {"context.inflow_per_year": 40}
    state.slots = [state.slots[0], Slot("Kopie")]  # the baseline again, under another name
    th = page.thetas(state)
    if th is None:
        pytest.skip("no calibration posterior (calibration/posterior.csv)")
    assert len(th) == 6 and len({json.dumps(t, sort_keys=True) for t in th}) > 1  # a draw per replication
    scenarios = [build_scenario(state, s) for s in state.slots]
    runs = run_all(scenarios, state.seed, state.reps, th)
    assert runs["Basis"].kpis == runs["Kopie"].kpis  # same draw and seed in replication k of both
    table = comparison_table(runs, "Basis", state.seed, state.reps)
    assert table["scenarios"]["Kopie"]["kpis"]["employed_share_m36"]["diff"] == 0.0
    quick = run_all(scenarios, state.seed, state.reps, th, quick=True)
    assert quick["Kopie"].kpis == runs["Basis"].kpis[:5]  # the quick first block uses the same draws
    point = run_all(scenarios[:1], state.seed, state.reps, thetas_for("point", state.reps, state.seed))
    assert point["Basis"].kpis != runs["Basis"].kpis  # the draws reach the runs


def test_names_from_the_url_cannot_inject_markdown() -> None:
    state, _ = from_query({"s0": "baseline", "n0": "[click](http://evil.example) **x** <b>", "s1": "integrated"})
    name = state.slots[0].name
    assert not set(name) & set("[]()*<>`!#") and name.startswith("click")


def test_person_traits_are_the_models() -> None:
    """The person view reads the traits the run kept (no second parameter merge in the app)."""
    from sim.model import MunicipalityModel
    from sim.runner import PATH_TRAITS, run
    from webapp.person import People

    scenario = load_scenario("funding_ends").with_overrides(
        {"context.inflow_per_year": 40, "population.share_male": 0.5}
    )
    theta = {"behaviour.job_hazard": 0.1}
    model = MunicipalityModel(scenario, 11, theta=theta)
    try:
        people = People(run(scenario, 11, 0, theta, keep_paths=True))
        for name in ("entry", *PATH_TRAITS):
            assert (getattr(model.people, name) == people.column(name)).all(), name
        syrian = int(np.flatnonzero(people.column("origin") == 0)[0])  # ORIGIN_LABELS[0] is Syria
        assert "uit Syrië" in person.traits_text(people, syrian, "nl")
        assert "from Syria" in person.traits_text(people, syrian, "en")
    finally:
        model.release()


def test_runs_on_the_process_pool_equal_runs_in_process() -> None:
    """The app's blocks on the engine's local pool (summarised there, via the run queue, or here) equal runs here."""
    from sim.executor import local_pool
    from sim.runner import replication_seed
    from webapp.runqueue import RunQueue
    from webapp.runs import run_tasks, summarise

    scenario = load_scenario("funding_ends").with_overrides(
        {"context.inflow_per_year": 40, "context.horizon_months": 36}
    )
    th = thetas_for("posterior", 4, 3)
    tasks = [(scenario, replication_seed(3, k), k, th[k] if th else None) for k in range(4)]
    here = summarise(run_tasks(tasks, 1), scenario)
    queued = RunQueue(local_pool(2).map, 2).summary(tasks)
    for there in (summarise(run_tasks(tasks, 2), scenario), queued):
        assert here.seeds == there.seeds and json.dumps(here.kpis) == json.dumps(there.kpis)  # NaN-safe, exact
        assert here.shares.dtype == there.shares.dtype and here.shares.tobytes() == there.shares.tobytes()
        assert here.money.keys() == there.money.keys()
        for k in here.money:
            assert here.money[k].tobytes() == there.money[k].tobytes()


def test_quick_first_view_only_for_big_sets() -> None:
    """The default page (20 replications of about 1,500 people) is run in one go; big sets in two."""
    from webapp.runs import QUICK_REPS, split, wants_quick

    default = build_scenario(default_state(), default_state().slots[1])
    assert not split(default, 20) and not wants_quick([default], 1, 20, None)
    assert split(default, 50) and wants_quick([default], 1, 50, None)
    small = load_scenario("baseline").with_overrides({"context.inflow_per_year": 12, "context.horizon_months": 24})
    other = load_scenario("funding_ends").with_overrides({"context.inflow_per_year": 12, "context.horizon_months": 24})
    runs = run_all([small, other], 1, 8, None, quick=True)
    assert [len(r.seeds) for r in runs.values()] == [QUICK_REPS, QUICK_REPS]  # cut to the quick view, paired


def test_streamlit_config_keeps_the_app_private() -> None:
    """No usage statistics, this computer only, a small upload limit (``.streamlit/config.toml``)."""
    cfg = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["server"]["address"] == "127.0.0.1"
    assert cfg["server"]["maxUploadSize"] <= 1
    assert cfg["server"]["enableXsrfProtection"] is True
