"""The command line under bad input: one line ``error: ...``, exit 2, no traceback, nothing written.

Outputs are checked before any work (a folder where a file is meant, a file where a folder is
meant, /proc, a name over the limit, a read-only disk); counts that decide the work are bounded;
a closed pipe ends quietly and a full disk is one line.
"""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

import sim.outputs
from werkpad.cli import main, one_line

from .helpers import refusal

FAST = ["--reps", "1", "--months", "12"]


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("{tmp}/folder.csv", "is a folder"),
        ("/proc/werkpad/x.csv", "cannot write here"),
        ("{tmp}/afile.csv/x.csv", "is a file, not a folder"),
        ("{tmp}/" + "n" * 300 + ".csv", "File name too long"),
        ("{tmp}/deep/" + "d" * 300 + "/x.parquet", "File name too long"),
        ("{tmp}/" + "n" * 250 + ".csv", "File name too long"),  # the .provenance.json beside it is over 255
    ],
)
def test_unwritable_output_is_refused_before_any_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, said: str
) -> None:
    (tmp_path / "afile.csv").write_text("keep me\n")
    (tmp_path / "folder.csv").mkdir()
    before = _listing(tmp_path)
    line = refusal(capsys, ["run", "baseline", *FAST, "--out", target.format(tmp=tmp_path)])
    assert line.startswith("error: --out ") and said in line
    assert _listing(tmp_path) == before and (tmp_path / "afile.csv").read_text() == "keep me\n"


def test_read_only_disk_isrefusal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(path: Path) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(sim.outputs, "_probe", read_only)
    assert "Read-only file system" in refusal(capsys, ["run", "baseline", *FAST, "--out", str(tmp_path / "x.csv")])
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "baseline", "--reps", str(10**12)],
        ["run", "baseline", "--reps", "1" * 5000],
        ["run", "baseline", "--seed", "-1"],
        ["run", "baseline", "--months", "5"],
        ["run", "baseline", "--months", "0"],
        [
            "compare",
            "baseline",
            *["work_first", "dual_track", "integrated", "funding_ends", "era_2020"],
            "--reps",
            "200",
        ],
        ["sweep", "x.toml", "--workers", "1000"],
        ["sweep", "x.toml", "--to", "y.csv"],
        ["bench", "--json", "out.txt"],
        ["run"],
        ["nope"],
    ],
)
def test_bounds_and_bad_arguments_arerefusal(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    refusal(capsys, argv)


def test_messages_with_control_characters_stayrefusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "two\nlines.toml"
    path.write_text('[set]\n"bad\\nkey\\u0007" = 1\n')
    line = refusal(capsys, ["run", str(path), *FAST])
    assert "two\\nlines.toml" in line and "bad\\nkey\\x07" in line
    assert one_line("a\tb\r\nc") == "a\\tb\\r\\nc"


def _shell(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=300)


def test_a_closed_pipe_ends_quietly_and_a_full_disk_isrefusal() -> None:
    for args in ("params", "run baseline --reps 1 --months 24"):
        got = _shell(f"{sys.executable} -m werkpad {args} | head -1")
        assert got.returncode == 0 and got.stdout.count("\n") == 1, got.stderr
        assert "Traceback" not in got.stderr and "Error" not in got.stderr and "error" not in got.stderr
    full = _shell(f"{sys.executable} -m werkpad run baseline --reps 1 --months 12 > /dev/full")
    last = full.stderr.strip().splitlines()[-1]
    assert full.returncode == 2 and "Traceback" not in full.stderr and "the disk is full" in last


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_full_disk_names_the_file_the_library_was_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """pandas and Arrow raise ENOSPC without a file name; the one line still names the file."""
    import pandas as pd
    import pyarrow.parquet as pq

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq, "write_table", full)
    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    out = tmp_path / f"result{suffix}"
    assert main(["run", "baseline", "--reps", "1", "--months", "12", "--out", str(out)]) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert str(out) in last and "the disk is full" in last
