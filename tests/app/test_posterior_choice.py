"""AppTest: the calibration chooser (issue #14 part 1).

A real posterior folder is made once with ``sim calibrate --quick`` (tiny: 8 particles, one
generation, 300 people) under a temporary ``out/``; the page offers it beside the shipped
calibration, draws the runs from it when chosen, names it in the URL (a safe name only), on the
calibration tab, in the footer and in the downloads' provenance; a URL naming anything else
(a path outside ``out/``, a missing folder, a folder that is not a posterior) gets the shipped
calibration and a message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from webapp import posteriors
from werkpad.cli import main

from .conftest import QUICK
from .test_app import kpi_table, open_tab, qp
from .test_url_page import app_state_of, warnings

NAME = "calibration/town"
TABS = {"nl": "Kalibratie", "en": "Calibration"}


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An ``out/`` with one posterior folder made by ``sim calibrate`` and one folder that is not a posterior."""
    root = tmp_path_factory.mktemp("werkpad") / "out"
    targets = root.parent / "town.csv"
    targets.write_text(
        "metric,month,group,observed,tolerance,weight,source\n"
        "employed,12,all,0.04,0.03,1,monitor 2021\nemployed,24,all,0.12,0.03,1,monitor 2022\n",
        encoding="utf-8",
    )
    argv = ["calibrate", "--targets", str(targets), "--quick", "--particles", "8", "--generations", "1"]
    assert main([*argv, "--cohort", "300", "--seed", "2", "--out", str(root / NAME)]) == 0
    bad = root / "calibration" / "broken"
    bad.mkdir()
    (bad / "posterior.csv").write_text("not,a,posterior\n1,2,3\n")
    (bad / "posterior.json").write_text("{}")
    return root


@pytest.fixture
def chooser(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(posteriors, "OUT_DIR", out_dir)
    yield out_dir


def test_folders_offered_are_the_posteriors_under_out(chooser: Path) -> None:
    assert posteriors.available() == [posteriors.SHIPPED, NAME]  # the broken folder is not offered
    assert posteriors.csv_path(NAME) == chooser / NAME / "posterior.csv"
    for name in ("../calibration", "/etc", "calibration/broken", "calibration/none", "a b", "calibration/../x"):
        assert posteriors.csv_path(name) is None, name


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chosen_in_the_url_it_is_used_and_named(chooser: Path, make_app: Callable[..., AppTest], lang: str) -> None:
    at = make_app({**QUICK, "lang": lang, "post": NAME})
    assert not at.exception and not warnings(at)
    assert app_state_of(at).posterior == NAME and qp(at, "post") == NAME
    assert at.selectbox(key=f"post.{lang}").value == NAME
    footer = " ".join(c.value for c in at.caption)
    assert f"out/{NAME} (town.csv, quick" in footer
    assert not {"standaard", "default", "meegeleverd", "shipped"} & set(re.findall(r"\w+", footer.lower()))
    at = open_tab(at, TABS[lang])
    shown = " ".join(i.value for i in at.info)
    assert f"out/{NAME}" in shown and "town.csv" in shown
    pinned = [d.value for d in at.dataframe if {"Breedte", "Width"} & set(d.value.columns)]
    assert len(pinned) == 1 and len(pinned[0]) == 7  # the seven parameters employment figures inform
    assert not at.exception


def test_choosing_it_in_the_box_sets_the_url_and_the_draws(chooser: Path, make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    assert app_state_of(at).posterior == posteriors.SHIPPED and "post" not in at.query_params
    before = kpi_table(at)
    at.selectbox(key="post.nl").set_value(NAME).run()
    assert not at.exception
    assert app_state_of(at).posterior == NAME and qp(at, "post") == NAME
    assert not kpi_table(at).equals(before)  # the runs now draw from the chosen calibration


@pytest.mark.parametrize(("unc", "words"), [("point", "gemiddelde van de kalibratie"), ("posterior", "trekking")])
def test_the_footer_names_the_calibration_chosen_in_the_box(
    chooser: Path, make_app: Callable[..., AppTest], unc: str, words: str
) -> None:
    """The footer said "(posterior, standaard)" whichever folder the box had chosen."""
    at = make_app({**QUICK, "unc": unc})
    assert "kalibratie: de meegeleverde (calibration/posterior.csv" in " ".join(c.value for c in at.caption)
    at.selectbox(key="post.nl").set_value(NAME).run()
    footer = " ".join(c.value for c in at.caption)
    assert not at.exception and words in footer
    assert f"kalibratie: out/{NAME} (town.csv, quick" in footer and "meegeleverde" not in footer
    assert "standaard" not in footer


@pytest.mark.parametrize("bad", ["../calibration", "/etc/passwd", "calibration/none", "calibration/broken", "a%20b"])
def test_a_url_naming_anything_else_gets_the_shipped_one_and_a_message(
    chooser: Path, make_app: Callable[..., AppTest], bad: str
) -> None:
    at = make_app({**QUICK, "post": bad})
    assert not at.exception
    assert app_state_of(at).posterior == posteriors.SHIPPED and "post" not in at.query_params
    assert "post:" in warnings(at) and "meegeleverde kalibratie wordt gebruikt" in warnings(at)
