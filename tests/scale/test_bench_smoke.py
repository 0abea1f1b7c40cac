"""``sim bench --smoke``: the benchmark command runs end to end at tiny sizes (not a timed test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from werkpad.cli import main

NAMES = (
    "person_months_per_s",
    "speedup_vs_mesa_reference",
    "compare_latency_s",
    "national_run_s",
    "small_runs_person_months_per_s",
    "compare4_latency_s",
)


def test_bench_smoke_writes_every_figure_by_name(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "bench.json"
    assert main(["bench", "--smoke", "--json", str(out)]) == 0
    fig = json.loads(out.read_text())
    for name in (*NAMES, "national_peak_rss_mb", "machine", "numpy_floor", "memory_scaling", "targets"):
        assert name in fig, name
    assert fig["smoke"] is True
    assert set(fig["person_months_per_s"]) == {"200", "1000"}
    assert all(v > 0 for v in fig["person_months_per_s"].values())
    assert fig["speedup_vs_mesa_reference"]["200"] > 0
    assert 0 < fig["national_peak_rss_mb"] < 4096
    assert fig["machine"]["logical_cpus"] >= 1
    assert fig["small_runs"]["reps"] == 2 and fig["small_runs_person_months_per_s"] > 0
    assert fig["compare4"]["scenarios"] == 4 and fig["compare4_latency_s"] > 0
    assert {"small_runs_person_months_per_s", "compare4_latency_s"} <= set(fig["targets"])
    assert "engine throughput" in capsys.readouterr().out


def test_bench_refuses_a_bad_json_path(tmp_path: Path) -> None:
    assert main(["bench", "--smoke", "--json", str(tmp_path / "bench.txt")]) == 2
