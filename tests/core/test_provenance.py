"""Every parameter is traced: a source that exists in sim/data/evidence.csv, or an assumption."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import sim
from sim.agents.employers import SECTORS
from sim.params import load_specs

EVIDENCE = Path(sim.__file__).parent / "data" / "evidence.csv"
ID = re.compile(r"^T\d+-\d{3}$")
MENTION = re.compile(r"\bT\d+-\d{3}\b")


def _ids() -> set[str]:
    with EVIDENCE.open(encoding="utf-8", newline="") as fh:
        return {row["id"] for row in csv.DictReader(fh)}


EVIDENCE_IDS = _ids()
SPECS = load_specs()


def test_evidence_file_has_ids() -> None:
    assert len(EVIDENCE_IDS) > 100
    assert all(ID.match(i) for i in EVIDENCE_IDS)


@pytest.mark.parametrize("key", list(SPECS))
def test_parameter_has_a_source_in_the_evidence_file_or_an_assumption(key: str) -> None:
    spec = SPECS[key]
    if spec.source:
        ids = [part.strip() for part in spec.source.split(",")]
        for i in ids:
            assert ID.match(i), f"{key}: malformed evidence id {i!r} in source {spec.source!r}"
            assert i in EVIDENCE_IDS, f"{key}: source {i} is not in {EVIDENCE.name}"
    else:
        assert spec.assumption.strip(), f"{key}: neither a source nor an assumption"
    # ids cited in the assumption or help must exist too
    for text in (spec.assumption, spec.help_en, spec.help_nl):
        for i in MENTION.findall(text):
            assert i in EVIDENCE_IDS, f"{key}: cites {i}, which is not in {EVIDENCE.name}"
    assert spec.help_en.strip() and spec.help_nl.strip() and spec.unit.strip()


def test_sector_vacancy_figures_have_sources() -> None:
    for sector in SECTORS:
        assert sector.source in EVIDENCE_IDS, sector


@pytest.mark.parametrize(
    "path", sorted((Path(sim.__file__).parent / "scenarios").rglob("*.toml")), ids=lambda p: p.name
)
def test_ids_cited_in_scenario_files_exist(path: Path) -> None:
    missing = sorted(set(MENTION.findall(path.read_text(encoding="utf-8"))) - EVIDENCE_IDS)
    assert not missing, f"{path.name} cites ids not in {EVIDENCE.name}: {missing}"
