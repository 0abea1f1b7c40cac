"""Parameter specifications: the baseline file as typed, validated data.

``sim/scenarios/baseline.toml`` holds one table per parameter: its labels and help in Dutch and
English, unit, default, range or choices, the app's slider step, group, whether the extra
national money pays for it (``funded``) and a ``source`` evidence id or an ``assumption`` (the
file's header lists the fields). This module reads it into :class:`ParamSpec` objects
(validated with pydantic) and checks single values against them; the app's texts, the README's
lever table (``sim.paramdoc``) and the funding rule (``sim.values``) are derived from them.
Scenario overlays (``sim.scenarios``) use these checks before applying anything.
"""

from __future__ import annotations

import difflib
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.errors import refuse
from sim.renamed import RENAMED

BASELINE_PATH = Path(__file__).parent / "scenarios" / "baseline.toml"

Value = bool | int | float
Kind = Literal["lever", "context", "uncertain", "cost"]


class ParamSpec(BaseModel):
    """One model parameter with its texts, unit, allowed values, app control and provenance.

    Attributes:
        key: Dotted name, e.g. ``guidance.dedicated_caseload``.
        label_nl: Short Dutch label of the app's control.
        label_en: Short English label.
        help_nl: Dutch meaning in one sentence.
        help_en: English meaning in one sentence (also in ``sim params`` and the README).
        unit: Unit of the value.
        unit_nl: Dutch display of the unit when it differs, else empty.
        default: Baseline value.
        range: Inclusive ``[low, high]`` for numbers, or None.
        choices: Allowed values for a categorical parameter, or None.
        step: Slider step in the app (numbers without choices), or None.
        slider: The app's slider ``[low, high]`` when narrower than ``range``, or None.
        kind: ``lever`` (policy choice), ``context``, ``uncertain`` (calibrated) or ``cost``.
        group: The group (``[meta.groups]`` of the baseline file): the app section of the control.
        funded: Whether the extra national money pays for it (see ``sim.values.Params.now``).
        acts_through: A lever's effect-size parameters (``sim.extrapolation`` marks the
            difference it makes when one of them is an assumption).
        also_uses: Other parameters a lever's result rests on: its settings and unit costs.
        source: Evidence ids in ``sim/data/evidence.csv``; empty when an assumption.
        assumption: Why the value was chosen when there is no source (English).
        assumption_nl: The same in Dutch (required with ``assumption``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    label_nl: str = Field(min_length=1)
    label_en: str = Field(min_length=1)
    help_nl: str = Field(min_length=1)
    help_en: str = Field(min_length=1)
    unit: str
    unit_nl: str = ""
    default: Value
    range: tuple[float, float] | None = None
    choices: tuple[int, ...] | None = None
    step: float | None = None
    slider: tuple[float, float] | None = None
    kind: Kind
    group: str
    funded: bool = False
    acts_through: tuple[str, ...] = ()
    also_uses: tuple[str, ...] = ()
    source: str = ""
    assumption: str = ""
    assumption_nl: str = ""

    @model_validator(mode="after")
    def _check(self) -> ParamSpec:
        if not (self.source or self.assumption):
            raise ValueError(f"{self.key}: needs a 'source' evidence id or an 'assumption'")
        if bool(self.assumption) != bool(self.assumption_nl):
            raise ValueError(f"{self.key}: 'assumption' and 'assumption_nl' (its Dutch text) go together")
        if self.range is None and self.choices is None and not isinstance(self.default, bool):
            raise ValueError(f"{self.key}: a number needs a 'range' or 'choices'")
        _check_control(self)
        check_value(self, self.default, "baseline.toml")
        return self

    def label(self, lang: str) -> str:
        """Short label in ``"nl"`` or ``"en"``."""
        return self.label_en if lang == "en" else self.label_nl

    def help(self, lang: str) -> str:
        """One-sentence meaning in ``"nl"`` or ``"en"``."""
        return self.help_en if lang == "en" else self.help_nl

    def assumption_in(self, lang: str) -> str:
        """Why an assumed default was chosen, in ``"nl"`` or ``"en"`` (empty with a source)."""
        return self.assumption if lang == "en" else self.assumption_nl

    def unit_in(self, lang: str) -> str:
        """The unit as shown in ``"nl"`` or ``"en"``."""
        return self.unit_nl if lang != "en" and self.unit_nl else self.unit

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


def _check_control(spec: ParamSpec) -> None:
    """The app control and funding fields fit the value's type and range (ValueError if not)."""
    slider_number = not isinstance(spec.default, bool) and spec.choices is None
    if slider_number and (spec.step is None or spec.step <= 0):
        raise ValueError(f"{spec.key}: a number needs a slider 'step' > 0")
    if not slider_number and (spec.step is not None or spec.slider is not None):
        raise ValueError(f"{spec.key}: 'step' and 'slider' are for numbers without choices")
    if spec.slider is not None:
        assert spec.range is not None
        lo, hi = spec.slider
        if not spec.range[0] <= lo < hi <= spec.range[1]:
            raise ValueError(f"{spec.key}: 'slider' {list(spec.slider)} must lie inside 'range' {list(spec.range)}")
    if spec.funded and not (slider_number and spec.kind == "lever"):
        raise ValueError(f"{spec.key}: 'funded' is for levers that are numbers (an amount the money pays for)")
    if (spec.acts_through or spec.also_uses) and spec.kind != "lever":
        raise ValueError(f"{spec.key}: 'acts_through' and 'also_uses' are for levers")


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
    bad = refuse("bad_value", where=where, key=spec.key, value=value, allowed=spec.allowed())
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


class Group(NamedTuple):
    """A group of parameters (an app section) with its label in Dutch and English."""

    nl: str
    en: str

    def label(self, lang: str) -> str:
        """The label in ``"nl"`` or ``"en"``."""
        return self.en if lang == "en" else self.nl


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def load_groups(path: Path = BASELINE_PATH) -> dict[str, Group]:
    """The parameter groups of the baseline file (``[meta.groups]``), in their order."""
    return {name: Group(**labels) for name, labels in _read(path)["meta"]["groups"].items()}


@lru_cache(maxsize=1)
def load_specs(path: Path = BASELINE_PATH) -> dict[str, ParamSpec]:
    """Read every parameter specification from the baseline file.

    ``{funded}`` in a help text becomes the labels of the funded parameters.

    Args:
        path: The baseline TOML file.

    Returns:
        Specs by dotted key, in file order.

    Raises:
        ValueError: A parameter names a group that ``[meta.groups]`` does not list, or an
            unknown parameter in ``acts_through`` / ``also_uses``.
    """
    data = _read(path)
    data.pop("meta", None)
    specs = {key: ParamSpec(key=key, **raw) for key, raw in _walk(data, "")}
    groups = load_groups(path)
    for spec in specs.values():
        if spec.group not in groups:
            raise ValueError(f"{path}: '{spec.key}' has group '{spec.group}'; allowed: {', '.join(groups)}")
        unknown = [k for k in (*spec.acts_through, *spec.also_uses) if k not in specs]
        if unknown:
            raise ValueError(f"{path}: '{spec.key}' names unknown parameters {unknown}")
    return _fill_funded(specs)


def _fill_funded(specs: dict[str, ParamSpec]) -> dict[str, ParamSpec]:
    funded = [s for s in specs.values() if s.funded]
    names = {lang: ", ".join(_lower_first(s.label(lang)) for s in funded) for lang in ("nl", "en")}
    return {k: _fill(s, names) if "{funded}" in s.help_en + s.help_nl else s for k, s in specs.items()}


def _fill(spec: ParamSpec, names: dict[str, str]) -> ParamSpec:
    update = {"help_nl": spec.help_nl.replace("{funded}", names["nl"])}
    update["help_en"] = spec.help_en.replace("{funded}", names["en"])
    return spec.model_copy(update=update)


@lru_cache(maxsize=1)
def funded_keys() -> frozenset[str]:
    """Keys of the parameters the extra national money pays for (``funded = true``)."""
    return frozenset(k for k, s in load_specs().items() if s.funded)


def defaults() -> dict[str, Value]:
    """Baseline values of every parameter by dotted key (a new dict each call)."""
    return dict(_defaults())


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Value]:
    """The baseline values, made once (every run's parameters start from a copy: ~0.1 ms a run less)."""
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

    A replaced key (:data:`sim.renamed.RENAMED`) is refused naming its new key and how to convert.

    Raises:
        ScenarioError: The key is not a parameter.
    """
    specs = load_specs()
    if key in specs:
        return specs[key]
    got = RENAMED.get(key)
    if got is not None:
        raise refuse("renamed_parameter", where=where, key=key, new=got.new, how=got.how_en, how_nl=got.how_nl)
    hint = closest_keys(key)
    if hint:
        raise refuse("unknown_parameter_hint", where=where, key=key, hints=", ".join(repr(h) for h in hint))
    raise refuse("unknown_parameter", where=where, key=key)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
