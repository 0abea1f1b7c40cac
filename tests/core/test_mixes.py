"""Origin mixes are data files beside the scenarios, checked like scenario files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import ScenarioError
from sim.params import defaults
from sim.scenarios.mixes import MIX_DIR, baseline_mix, load_mixes

GOOD = (MIX_DIR / "2016.toml").read_text(encoding="utf-8")


def test_shipped_mixes_load_with_the_baseline_first() -> None:
    mixes = load_mixes()
    assert list(mixes)[0] == baseline_mix() == "2021"
    assert mixes["2021"].values() == {}
    base = defaults()
    assert all(base[k] == v for k, v in mixes["2021"].shares.items())  # the file repeats the baseline's weights
    assert mixes["2016"].values()["population.origin_share.syria"] == 26.205
    assert all(m.label("nl") and m.label("en") and m.source for m in mixes.values())


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (GOOD.replace("syria = 26.205", "syria = -1.0"), "'population.origin_share.syria' = -1.0"),
        (GOOD.replace("syria = 26.205", "syrie = 26.205"), "unknown parameter 'population.origin_share.syrie'"),
        (GOOD.replace("turkey = 0.02\n", ""), "every origin"),
        (GOOD.replace('source = "T8-232..T8-238"', 'sources = "x"'), "needs exactly"),
        ("label_nl = [", "cannot read"),
    ],
)
def test_bad_mix_file_names_the_file_and_the_problem(tmp_path: Path, text: str, fragment: str) -> None:
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="bad.toml") as err:
        load_mixes.__wrapped__(tmp_path)
    assert fragment in str(err.value)
