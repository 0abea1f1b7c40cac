"""Golden summary: the baseline's KPIs for a fixed setting (3 replications, seed 1).

A run is fully determined by (scenario, seed), so the tolerance only absorbs floating-point
summation order (relative 1e-6); one person-month more or less in work moves a share by
about 1e-4 and fails the test. When the model's output changes on purpose, rerun
``tests/core/update_golden.py`` and commit the new JSON with the change.
"""

from __future__ import annotations

import json

import pytest

from .update_golden import GOLDEN, compute

REL, ABS = 1e-6, 1e-9


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def now() -> dict:
    return compute()


def test_setting_unchanged(golden: dict, now: dict) -> None:
    for key in ("scenario", "reps", "seed", "seeds"):
        assert now[key] == golden[key], key
    assert now["scenario_hash"] == golden["scenario_hash"], (
        "baseline parameters changed; if intended, run tests/core/update_golden.py"
    )


def _close(want: float | None, got: float | None) -> bool:
    if want is None or got is None:
        return want is got
    return bool(got == pytest.approx(want, rel=REL, abs=ABS))


def test_kpis_match_the_golden_summary(golden: dict, now: dict) -> None:
    assert now["kpis"].keys() == golden["kpis"].keys()
    diffs = []
    for group, row in golden["kpis"].items():
        assert now["kpis"][group].keys() == row.keys(), group
        for key, want in row.items():
            got = now["kpis"][group][key]
            if not _close(want, got):
                diffs.append(f"{group}/{key}: golden {want}, now {got}")
    assert not diffs, "output changed (if intended, run tests/core/update_golden.py):\n" + "\n".join(diffs)


def test_golden_values_are_plausible(golden: dict) -> None:
    """Guards against committing a broken golden file: the baseline's headline figures sit in
    the ranges of the 2014 cohort data (DOMAIN.md: 6% employed at 2 years, 42% at 5)."""
    k = golden["kpis"]["all"]
    assert 0.0 <= k["employed_share_m12"] < k["employed_share_m24"] < k["employed_share_m36"]
    assert k["employed_share_m36"] < k["employed_share_m60"] < 0.7
    assert 0.5 < k["welfare_share_m24"] <= 1.0
    assert k["net_municipal_cost_eur"] == pytest.approx(
        k["programme_costs_eur"] + k["welfare_paid_eur"] - k["national_money_eur"]
    )
