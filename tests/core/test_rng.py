"""Keyed random streams (sim.rng): uniform, independent across names, months and seeds, stable.

Every statistical check below is deterministic (fixed seeds and ids); the thresholds are the
usual 0.1% levels, so a correct generator fails one of them with a chance of about 1 in 1,000
per check, and a broken one (a shared stream, a constant, a bad mixer) fails all of them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from sim.population import ID_STRIDE
from sim.rng import Streams, draw, name_key

N = 50_000
# Ids laid out like the model's: entry month * 2^20 + rank within the month.
IDS = (np.repeat(np.arange(100, dtype=np.uint64), N // 100) * np.uint64(ID_STRIDE)) + np.tile(
    np.arange(N // 100, dtype=np.uint64), 100
)


def _chi2_2d(u: np.ndarray, v: np.ndarray, bins: int = 10) -> float:
    """p-value of a chi-square test that (u, v) is uniform on the unit square."""
    h, _, _ = np.histogram2d(u, v, bins=bins, range=[[0, 1], [0, 1]])
    return float(stats.chisquare(h.ravel()).pvalue)


@pytest.mark.parametrize(("name", "month"), [("job_offer", 0), ("job_offer", 37), ("sex", -1), ("exam", 119)])
def test_keyed_uniforms_are_uniform(name: str, month: int) -> None:
    u = Streams(7).uniform(name, month, IDS)
    assert u.shape == IDS.shape
    assert u.min() >= 0.0 and u.max() < 1.0
    assert stats.kstest(u, "uniform").pvalue > 1e-3
    assert abs(u.mean() - 0.5) < 4 * np.sqrt(1 / 12 / N)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("job_offer", 5), ("accept", 5)),  # two names, same month
        (("job_offer", 5), ("job_offer", 6)),  # one name, next month
        (("separation", 12), ("upgrade", 12)),
        (("sex", -1), ("origin", -1)),  # traits drawn at entry
    ],
)
def test_keyed_uniforms_independent_across_names_and_months(a: tuple[str, int], b: tuple[str, int]) -> None:
    s = Streams(3)
    u, v = s.uniform(*a, IDS), s.uniform(*b, IDS)
    assert abs(np.corrcoef(u, v)[0, 1]) < 4 / np.sqrt(N)
    assert _chi2_2d(u, v) > 1e-3


def test_keyed_uniforms_independent_across_persons_and_seeds() -> None:
    s = Streams(11)
    u = s.uniform("job_offer", 3, IDS)
    # neighbouring persons (consecutive ids) do not share draws
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 4 / np.sqrt(N)
    assert _chi2_2d(u[:-1:2], u[1::2]) > 1e-3
    # the same decision under another seed
    v = Streams(12).uniform("job_offer", 3, IDS)
    assert abs(np.corrcoef(u, v)[0, 1]) < 4 / np.sqrt(N)
    assert not np.array_equal(u, v)


def test_draws_are_functions_of_seed_name_month_and_id_only() -> None:
    a, b = Streams(5), Streams(5)
    u = a.uniform("job_offer", 9, IDS)
    b.uniform("other", 1, IDS)  # another decision drawn first does not shift anything
    np.testing.assert_array_equal(b.uniform("job_offer", 9, IDS), u)
    # a person's draw does not depend on who else is drawn with them
    sub = IDS[::7][::-1].copy()
    np.testing.assert_array_equal(a.uniform("job_offer", 9, sub), u[::7][::-1])
    assert a.scalar("vacancies", 4, 3) == a.uniform("vacancies", 4, np.array([3], dtype=np.uint64))[0]


def test_batched_and_compiled_draws_match_single_draws() -> None:
    s = Streams(99)
    names = ("hours", "fulltime", "coach")
    rows = s.uniforms(names, 17, IDS[:1000])
    for j, name in enumerate(names):
        np.testing.assert_array_equal(rows[j], s.uniform(name, 17, IDS[:1000]))
    key = s.key("exam", 17)
    compiled = np.array([draw(pid, key) for pid in IDS[:200]])
    np.testing.assert_array_equal(compiled, s.uniform("exam", 17, IDS[:200]))


def test_kept_scalar_draws_equal_fresh_ones() -> None:
    """``Streams.scalar`` keeps a draw once made: the same value as a fresh stream's, per key."""
    kept, cases = Streams(7), [("dual_places", -1, 0), ("vacancies", 3, 2), ("vacancies", 3, 5), ("dual_places", 4, 0)]
    first = [kept.scalar(*c) for c in cases]
    assert [kept.scalar(*c) for c in reversed(cases)] == first[::-1]
    assert first == [Streams(7).scalar(*c) for c in cases]
    assert first == [float(Streams(7).uniform(n, m, np.array([i], dtype=np.uint64))[0]) for n, m, i in cases]
    assert len(set(first)) == len(first) and Streams(8).scalar(*cases[0]) != first[0]


def test_negative_seed_rejected() -> None:
    with pytest.raises(ValueError, match="seed"):
        Streams(-1)


def test_name_keys_do_not_depend_on_python_hash_salt() -> None:
    """Draws must be equal in every process (workers, app, CLI), whatever PYTHONHASHSEED is."""
    code = (
        "from sim.rng import Streams; import numpy as np; "
        "print(Streams(1).uniform('job_offer', 3, np.arange(4, dtype=np.uint64)).tolist())"
    )
    outs = set()
    for salt in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": salt}
        outs.add(
            subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
        )
    here = str(Streams(1).uniform("job_offer", 3, np.arange(4, dtype=np.uint64)).tolist())
    assert outs == {here + "\n"}
    assert name_key("job_offer") != name_key("job_offers")
