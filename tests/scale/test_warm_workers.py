"""A pool's workers start with the stacked kernels loaded (``sim.stack.warm``): the forkserver
warms them once, so no one's first block pays for loading them; a failing warm-up leaves the pool usable."""

from __future__ import annotations

import importlib
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Kernels only a stacked run calls (a worker that ran nothing has them only if the forkserver loaded them).
STACKED_KERNELS = (
    "sim.rules.welfare:_welfare_stacked",
    "sim.rules.guidance_stacked:_dedicated_stacked",
    "sim.rules.dual_stacked:_dual_stacked",
    "sim.rules.offers_stacked:_hire_stacked",
    "sim.counts:_count_kernel",
)


def loaded_signatures(_: object) -> dict[str, int]:
    """In a worker: how many compiled signatures each stacked kernel holds, without running anything.

    Also ``frozen``: objects in the permanent generation (``gc.freeze``), and ``heap_frozen``
    whether :func:`sim.runner.freeze_imports` has run in this process (1) or not (0).
    """
    import gc

    from sim import runner

    out = {}
    for name in STACKED_KERNELS:
        module, attr = name.split(":")
        out[name] = len(getattr(importlib.import_module(module), attr).signatures)
    return out | {"frozen": gc.get_freeze_count(), "heap_frozen": int(bool(runner._FROZEN))}


POOL_SCRIPT = """
import json, threading
from sim.executor import LocalPoolExecutor
from tests.scale.test_warm_workers import loaded_signatures
stop = threading.Event()
threading.Thread(target=stop.wait, daemon=True).start()  # another thread: the app's case (forkserver)
pool = LocalPoolExecutor(2)
print(json.dumps({"method": pool.method, "workers": [got for _, got in pool.map(loaded_signatures, range(2))]}))
pool.shutdown()
stop.set()
"""


def test_forkserver_workers_start_with_the_stacked_kernels_loaded() -> None:
    """In a fresh process (its own forkserver), as the app's server starts its pool."""
    done = subprocess.run(
        [sys.executable, "-c", POOL_SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=600, check=True
    )
    got = json.loads(done.stdout.strip().splitlines()[-1])
    if got["method"] != "forkserver":
        pytest.skip(f"no forkserver on this platform ({got['method']})")
    assert len(got["workers"]) == 2
    for worker in got["workers"]:
        assert all(n >= 1 for n in worker.values()), worker  # kernels loaded; heap frozen by the warm-up's run_stacked


def test_a_process_that_ran_nothing_has_not_loaded_them() -> None:
    """The check above can fail: a fresh interpreter holds no signature until a kernel is called."""
    script = "import json; from tests.scale.test_warm_workers import loaded_signatures as f; print(json.dumps(f(0)))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
    )
    assert set(json.loads(done.stdout).values()) == {0}  # no kernel, nothing frozen


def test_a_failing_warm_up_is_logged_and_the_import_succeeds(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """multiprocessing stops a forkserver on any error but ImportError: the preload must not raise."""
    from sim.stack import warm

    def broken() -> float:
        raise RuntimeError("no disk for the kernel cache")

    monkeypatch.setattr(warm, "warm_kernels", broken)
    sys.modules.pop("sim.stack.preload", None)
    with caplog.at_level(logging.ERROR):
        importlib.import_module("sim.stack.preload")
    sys.modules.pop("sim.stack.preload", None)
    assert "warming the compiled kernels in the forkserver failed" in caplog.text
    assert "no disk for the kernel cache" in caplog.text


def test_warm_kernels_runs_every_shipped_scenario_tiny() -> None:
    from sim.scenarios import list_scenarios
    from sim.stack.warm import WARM_HORIZON_MONTHS, _tiny_scenarios, warm_kernels

    tiny = _tiny_scenarios()
    assert [s.name for s in tiny] == list_scenarios()
    assert {int(s.params()["context.horizon_months"]) for s in tiny} == {WARM_HORIZON_MONTHS}
    assert all(int(s.params()["funding.end_month"]) < WARM_HORIZON_MONTHS for s in tiny)
    assert warm_kernels() > 0.0


def test_a_scenario_that_cannot_be_shortened_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shipped scenario the tiny values make invalid must not stop the warm-up: it is left out."""
    from sim.errors import ScenarioError
    from sim.scenarios import Scenario, load_scenario
    from sim.stack import warm

    class Refusing(Scenario):
        def with_overrides(self, values: dict[str, object], name: str | None = None) -> Scenario:
            raise ScenarioError("<refusing>: 'context.horizon_months' = 24 is too short for this scenario")

    monkeypatch.setattr(warm, "list_scenarios", lambda: ["baseline", "refusing", "work_first"])
    monkeypatch.setattr(warm, "load_scenario", lambda n: Refusing(name=n) if n == "refusing" else load_scenario(n))
    assert [s.name for s in warm._tiny_scenarios()] == ["baseline", "work_first"]


def test_the_command_reports_a_failure_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sim.stack import warm

    def broken() -> float:
        raise OSError("no space left on the kernel cache's disk")

    monkeypatch.setattr(warm, "warm_kernels", broken)
    assert warm.main() == 1
    out = capsys.readouterr().out.splitlines()
    said = "could not prepare it (OSError: no space left on the kernel cache's disk); the app will at its first page"
    assert out[-1] == said
