"""Origin mixes: the nationality split of the inflow in a given year, as data files.

Each file in ``sim/scenarios/mixes/`` names one mix: its label in Dutch and English, the
evidence ids of its figures and a weight per origin (``[origin_share]``, the parameters
``population.origin_share.<origin>``). The app offers them as presets; a mix sets only the
weights that differ from the baseline's, so the baseline's own mix sets nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sim.errors import ScenarioError
from sim.params import Value, defaults
from sim.scenarios import validate_set

MIX_DIR = Path(__file__).parent / "mixes"
PREFIX = "population.origin_share."
KEYS = ("label_nl", "label_en", "source", "origin_share")


@dataclass(frozen=True)
class OriginMix:
    """One origin mix.

    Attributes:
        name: File stem (e.g. ``"2016"``).
        label_nl: Dutch label.
        label_en: English label.
        source: Evidence ids of the weights.
        shares: Weight per parameter key ``population.origin_share.<origin>`` (validated).
    """

    name: str
    label_nl: str
    label_en: str
    source: str
    shares: dict[str, Value]

    def label(self, lang: str) -> str:
        """The label in ``"nl"`` or ``"en"``."""
        return self.label_en if lang == "en" else self.label_nl

    def values(self) -> dict[str, Value]:
        """The weights that differ from the baseline (what a scenario must set for this mix)."""
        base = defaults()
        return {k: v for k, v in self.shares.items() if v != base[k]}


def _read(path: Path) -> OriginMix:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot read: {exc}") from None
    unknown = sorted(set(data) - set(KEYS))
    missing = [k for k in KEYS if k not in data]
    if unknown or missing or not isinstance(data["origin_share"], dict):
        raise ScenarioError(f"{path}: needs exactly {', '.join(KEYS)} ([origin_share] a table); got {sorted(data)}")
    shares = validate_set({PREFIX + k: v for k, v in data["origin_share"].items()}, str(path))
    if set(shares) != {k for k in defaults() if k.startswith(PREFIX)}:
        raise ScenarioError(f"{path}: [origin_share] must give a weight for every origin of baseline.toml")
    return OriginMix(path.stem, str(data["label_nl"]), str(data["label_en"]), str(data["source"]), shares)


@lru_cache(maxsize=1)
def load_mixes(folder: Path = MIX_DIR) -> dict[str, OriginMix]:
    """Every origin mix by name: the baseline's own first, then by name.

    Raises:
        ScenarioError: A file is unreadable or invalid (naming the file and what is wrong).
    """
    mixes = [_read(p) for p in sorted(folder.glob("*.toml"))]
    mixes.sort(key=lambda m: (bool(m.values()), m.name))
    return {m.name: m for m in mixes}


def baseline_mix() -> str:
    """Name of the mix whose weights are the baseline's."""
    return next(name for name, m in load_mixes().items() if not m.values())
