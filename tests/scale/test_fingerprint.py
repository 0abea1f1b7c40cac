"""The engine's output is bit-identical to the committed fingerprint (guard for speed work).

``bench/fingerprint.py`` hashes the tidy table, ledger, counts and calendar of a set of runs
(scenarios x seeds, a posterior draw, kept paths, a paired comparison). An optimisation must
not change any of them. A deliberate model change (a parameter or metric added or changed)
or a recalibration makes the committed fingerprint stale: the test then skips and says how
to re-record.
"""

from __future__ import annotations

import json

import pytest

from bench import fingerprint as fp


@pytest.fixture(scope="module")
def tiny() -> dict:
    return fp.fingerprint("tiny")


def test_tiny_fingerprint_matches_the_committed_one(tiny: dict) -> None:
    committed = json.loads(fp.COMMITTED.read_text())
    if committed["model_key"] != tiny["model_key"]:
        pytest.skip(
            "model parameters, metrics or the posterior changed since the fingerprint was recorded: "
            "re-record with `python bench/fingerprint.py --size tiny --record` (after checking the change is intended)"
        )
    changed = fp.diff(committed, tiny)
    assert set(committed["cases"]) == set(tiny["cases"])
    assert not changed, (
        f"output changed in {changed}; an optimisation must keep results bit-identical. "
        "If the model changed on purpose, re-record with `python bench/fingerprint.py --size tiny --record`."
    )


def test_a_comparison_on_two_processes_equals_one_in_process(tiny: dict) -> None:
    assert tiny["cases"]["compare/2 workers"] == tiny["cases"]["compare"]


def test_fingerprint_is_reproducible_in_one_process(tiny: dict) -> None:
    again = dict(fp.cases("tiny"))
    for name in ("baseline/n300/s1", "funding_ends/n300/s2", "integrated/paths"):
        assert again[name]() == tiny["cases"][name], name


def test_a_changed_result_changes_the_digest() -> None:
    s = fp.sized("baseline", 300, 48)
    a = fp.result_digest(fp.run(s, 1))
    b = fp.result_digest(fp.run(s, 2))
    assert a != b
