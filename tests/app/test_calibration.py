"""AppTest: the calibration and sensitivity tabs render from the files under calibration/, in both languages.

Expected counts are read from the same files at test time (the calibration is rerun from time
to time with the same file names and columns), never written here.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from webapp import calibfiles, calibpage
from webapp.charts import cached_spec, localised, panels

from .conftest import QUICK
from .test_app import open_tab

TABS = {"nl": ("Kalibratie", "Gevoeligheid"), "en": ("Calibration", "Sensitivity")}
TARGET_COL = {"nl": "Doel", "en": "Target"}
RANK_COL = {"nl": "Rang", "en": "Rank"}


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    """The one dataframe on the page with this column."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def texts(at: AppTest) -> str:
    """Markdown, captions, infos and warnings of the page as one string."""
    parts = [*at.markdown, *at.caption, *at.info, *at.warning]
    return " ".join(str(p.value) for p in parts)


def csv(name: str) -> pd.DataFrame:
    """A calibration file as the calibration wrote it."""
    return pd.read_csv(calibfiles.CALIB_DIR / name)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_calibration_tab_renders(make_app: Callable[..., AppTest], lang: str) -> None:
    at = open_tab(make_app({**QUICK, "lang": lang}), TABS[lang][0])
    assert not at.exception
    fit = csv(calibfiles.FIT_TABLE)
    table = frame_with(at, TARGET_COL[lang])
    assert len(table) == len(fit)  # one row per target
    assert table.iloc[:, 1].tolist() == fit["row_id"].tolist()
    missed = fit[~fit["within_tolerance"].astype(bool)]
    shown = " ".join(m.value for m in at.markdown)
    for row, note in zip(missed["row_id"], missed["note"], strict=True):
        assert row in shown and note.replace("*", "\\*") in shown  # each miss with its note
    assert len(at.get("vega_lite_chart")) >= 2  # the fit chart and the posterior marginals
    assert any(d.value.shape[1] == 4 for d in at.dataframe)  # era_2020: outcome + 12/24/36 months
    assert "posterior" in texts(at) and not at.error


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sensitivity_tab_renders(make_app: Callable[..., AppTest], lang: str) -> None:
    at = open_tab(make_app({**QUICK, "lang": lang}), TABS[lang][1])
    assert not at.exception
    ranking = csv(calibfiles.RANKING)
    table = frame_with(at, RANK_COL[lang])
    assert len(table) == len(ranking)
    assert table[RANK_COL[lang]].tolist() == sorted(ranking["rank"].tolist())
    assert len(at.get("vega_lite_chart")) == 2  # the ranking and mu*/sigma for one KPI
    kpis = list(dict.fromkeys(csv(calibfiles.MORRIS)["kpi"]))
    at.selectbox(key=f"sens_kpi.{lang}").set_value(kpis[-1]).run()
    assert not at.exception


def test_missing_files_show_a_message(
    make_app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calibfiles, "CALIB_DIR", tmp_path)  # an empty calibration folder
    at = open_tab(make_app(), "Kalibratie")
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    for name in (calibfiles.FIT_TABLE, calibfiles.POSTERIOR, calibfiles.ERA_2020, calibfiles.PROVENANCE):
        assert f"calibration/{name}" in infos
    at = open_tab(at, "Gevoeligheid")
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert f"calibration/{calibfiles.RANKING}" in infos and f"calibration/{calibfiles.MORRIS}" in infos


def test_malformed_file_shows_a_message_and_the_rest_still_draws(
    make_app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (calibfiles.POSTERIOR, calibfiles.PROVENANCE, calibfiles.ERA_2020):
        shutil.copy(calibfiles.CALIB_DIR / name, tmp_path / name)
    (tmp_path / calibfiles.FIT_TABLE).write_text("target,observed_pct\nemployed_m12,1.4\n", encoding="utf-8")
    monkeypatch.setattr(calibfiles, "CALIB_DIR", tmp_path)
    at = open_tab(make_app(), "Kalibratie")
    assert not at.exception
    assert f"calibration/{calibfiles.FIT_TABLE}" in " ".join(i.value for i in at.info)
    assert not [d for d in at.dataframe if "Doel" in d.value.columns]
    drawn = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert drawn and all(d["transform"][0]["filter"]["field"] == "param" for d in drawn)  # the marginals only


def _old_chart(
    what: tuple[object, ...], files: tuple[str, ...], make: Callable[[], Any], folder: Path | None = None
) -> None:
    """``calibpage._chart`` as it was: the cached spec, its panels and rows made into Arrow on every rerun."""
    spec = cached_spec(("calib", str(folder or ""), *what, *(calibfiles.version(f, folder) for f in files)), make)
    spec = localised(spec, str(what[1]))
    if "facet" not in spec:
        st.vega_lite_chart(spec)
        return
    specs, columns = panels(spec, legend_first=True), 2
    for start in range(0, len(specs), columns):
        for col, panel in zip(st.columns(columns), specs[start : start + columns], strict=False):
            col.vega_lite_chart(panel, width="stretch")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_calibration_charts_made_once_are_the_charts_made_every_rerun(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Every chart of both tabs reaches the browser as before: the same spec, dataset names and Arrow bytes."""

    def charts_of(tab: str) -> list[Any]:
        at = open_tab(make_app({**QUICK, "lang": lang}), tab)
        assert not at.exception
        return [c.proto for c in at.get("vega_lite_chart")]

    new = [charts_of(tab) for tab in TABS[lang]]
    monkeypatch.setattr(calibpage, "_chart", _old_chart)
    old = [charts_of(tab) for tab in TABS[lang]]
    assert [len(o) for o in old] == [len(n) for n in new] and all(old)
    assert all(p.datasets for p in sum(new, []))  # the rows come as Arrow datasets
    for got, want in zip(sum(new, []), sum(old, []), strict=True):
        assert got == want
