"""The executor interface: same (index, result) pairs in process and on a Dask LocalCluster."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim import executor
from sim.errors import UserError
from sim.executor import InProcessExecutor, TaskFailed, make_executor


def test_in_process_yields_results_in_order_and_failures_as_values() -> None:
    with make_executor(1) as ex:
        assert isinstance(ex, InProcessExecutor) and ex.n_workers == 1
        out = list(ex.map(math.sqrt, [4.0, -1.0, 9.0]))
    assert out[0] == (0, 2.0) and out[2] == (2, 3.0)
    i, failed = out[1]
    assert i == 1 and isinstance(failed, TaskFailed)
    assert failed.error == "ValueError: math domain error"
    assert "Traceback" in failed.traceback


def test_local_cluster_gives_the_same_pairs_with_a_bounded_window() -> None:
    items = [float(x) for x in range(-3, 40)]  # more items than tasks kept in flight
    with make_executor(2) as ex:
        assert ex.n_workers == 2
        got = dict(ex.map(math.sqrt, items))
    assert sorted(got) == list(range(len(items)))
    for i, x in enumerate(items):
        if x < 0:
            assert isinstance(got[i], TaskFailed) and "math domain error" in got[i].error
        else:
            assert got[i] == math.sqrt(x)


def test_unreachable_scheduler_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executor, "CONNECT_TIMEOUT_S", 2.0)
    with pytest.raises(UserError, match="cannot connect"):
        make_executor(scheduler="tcp://127.0.0.1:9")


def test_local_cluster_starts_under_a_main_script_that_cannot_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside Streamlit, ``__main__`` is a page script; spawned workers must not re-run it."""
    import sys
    import types

    page = tmp_path / "page.py"
    page.write_text("raise SystemExit('a worker re-ran the parent main script')\n")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    with make_executor(2) as ex:
        got = dict(ex.map(math.sqrt, [4.0, 9.0]))
        assert sys.modules["__main__"] is not fake_main
    assert got == {0: 2.0, 1: 3.0}
    assert sys.modules["__main__"] is fake_main  # restored when the cluster closed
