"""Parameter specifications: the baseline file as typed, validated data.

``sim/scenarios/baseline.toml`` holds one table per parameter (description, unit, default,
range or choices, kind, and a ``source`` evidence id or an ``assumption``). This module
reads it into :class:`ParamSpec` objects (validated with pydantic) and checks single values
against them. Scenario overlays (``sim.scenarios``) use these checks before applying anything.
"""

from __future__ import annotations

import difflib
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.errors import ScenarioError

BASELINE_PATH = Path(__file__).parent / "scenarios" / "baseline.toml"

Value = bool | int | float
Kind = Literal["lever", "context", "uncertain", "cost"]


class ParamSpec(BaseModel):
    """One model parameter with its unit, allowed values and provenance.

    Attributes:
        key: Dotted name, e.g. ``guidance.dedicated_fte``.
        description: Plain-language meaning.
        unit: Unit of the value.
        default: Baseline value.
        range: Inclusive ``[low, high]`` for numbers, or None.
        choices: Allowed values for a categorical parameter, or None.
        kind: ``lever`` (policy choice), ``context``, ``uncertain`` (calibrated) or ``cost``.
        source: Evidence ids in ``sim/data/evidence.csv``; empty when an assumption.
        assumption: Why the value was chosen when there is no source.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    description: str
    unit: str
    default: Value
    range: tuple[float, float] | None = None
    choices: tuple[int, ...] | None = None
    kind: Kind
    source: str = ""
    assumption: str = ""
    group: str = Field(default="")

    @model_validator(mode="after")
    def _check(self) -> ParamSpec:
        if not (self.source or self.assumption):
            raise ValueError(f"{self.key}: needs a 'source' evidence id or an 'assumption'")
        if self.range is None and self.choices is None and not isinstance(self.default, bool):
            raise ValueError(f"{self.key}: a number needs a 'range' or 'choices'")
        check_value(self, self.default, "baseline.toml")
        return self

    @property
    def provenance(self) -> str:
        """Evidence ids, or ``assumption: why``."""
        return self.source if self.source else f"assumption: {self.assumption}"

    def allowed(self) -> str:
        """Human-readable statement of the allowed values."""
        if isinstance(self.default, bool):
            return "true or false"
        if self.choices is not None:
            return "one of " + ", ".join(str(c) for c in self.choices)
        assert self.range is not None
        lo, hi = self.range
        kind = "whole number" if isinstance(self.default, int) else "number"
        return f"a {kind} in [{_fmt(lo)}, {_fmt(hi)}] {self.unit}"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check_value(spec: ParamSpec, value: Any, where: str) -> Value:
    """Validate one value against its spec and return it in the spec's type.

    Args:
        spec: The parameter's specification.
        value: The value from a file, URL or slider.
        where: The file or place the value came from, for the message.

    Returns:
        The value converted to the type of the default (int values accepted for floats).

    Raises:
        ScenarioError: Wrong type or outside the allowed range or choices.
    """
    bad = ScenarioError(f"{where}: '{spec.key}' = {value!r} is not allowed; expected {spec.allowed()}")
    if isinstance(spec.default, bool):
        if not isinstance(value, bool):
            raise bad
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad
    if isinstance(spec.default, int) and not float(value).is_integer():
        raise bad
    out: Value = int(value) if isinstance(spec.default, int) else float(value)
    if spec.choices is not None and out not in spec.choices:
        raise bad
    if spec.range is not None and not spec.range[0] <= out <= spec.range[1]:
        raise bad
    return out


def _walk(table: dict[str, Any], prefix: str) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for name, sub in table.items():
        key = f"{prefix}.{name}" if prefix else name
        if isinstance(sub, dict) and "default" in sub:
            found.append((key, sub))
        elif isinstance(sub, dict):
            found.extend(_walk(sub, key))
    return found


@lru_cache(maxsize=1)
def load_specs(path: Path = BASELINE_PATH) -> dict[str, ParamSpec]:
    """Read every parameter specification from the baseline file.

    Args:
        path: The baseline TOML file.

    Returns:
        Specs by dotted key, in file order.
    """
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    data.pop("meta", None)
    specs = {}
    for key, raw in _walk(data, ""):
        specs[key] = ParamSpec(key=key, group=key.split(".")[0], **raw)
    return specs


def defaults() -> dict[str, Value]:
    """Baseline values of every parameter by dotted key."""
    return {k: s.default for k, s in load_specs().items()}


def closest_keys(key: str, n: int = 3) -> list[str]:
    """Valid keys closest to a misspelled one (for error messages)."""
    keys = list(load_specs())
    close = difflib.get_close_matches(key, keys, n=n, cutoff=0.5)
    if not close:
        leaf = key.rsplit(".", 1)[-1]
        close = difflib.get_close_matches(leaf, [k.rsplit(".", 1)[-1] for k in keys], n=n)
        close = [k for k in keys if k.rsplit(".", 1)[-1] in close][:n]
    return close


def spec_for(key: str, where: str) -> ParamSpec:
    """Look up a spec, or fail naming the file, the key and the closest valid keys.

    Raises:
        ScenarioError: The key is not a parameter.
    """
    specs = load_specs()
    if key in specs:
        return specs[key]
    hint = closest_keys(key)
    tip = f"; did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
    raise ScenarioError(f"{where}: unknown parameter '{key}'{tip} (`sim params` lists all)")
