"""Scenarios: small overlays on the baseline parameters, validated before anything runs.

A scenario file is TOML with up to three top-level tables::

    [meta]                      # title, description (optional)
    [set]                       # parameter values from month 0, dotted keys
    guidance.dedicated_fte_per_100_inflow = 5.0
    [[change]]                  # a lever that changes at a calendar month
    month = 36
    set = { "learning.dual_places_per_100" = 0.0 }

The baseline is the empty overlay. Every key is checked against ``baseline.toml``; an unknown
key, a wrong type or an out-of-range value raises :class:`~sim.errors.ScenarioError` naming
the file, the key and what is allowed, and nothing is applied. So do a key given twice (dotted
and as a table), two changes of one parameter in one month, a change beyond the horizon, shares
that add up to more than 1 and a scenario in which no one arrives (:mod:`sim.scenarios.checks`).

Precedence of a posterior draw (uncertain parameters, ``theta``): what the scenario sets wins,
in ``[set]`` or in a ``[[change]]`` from its month on; the draw fills only what the scenario
leaves open (:meth:`Scenario.open_theta`, applied by the model, so every face follows it).
"""

from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import ScenarioError
from sim.params import Value, check_value, defaults, spec_for
from sim.scenarios.checks import check_consistent, check_horizon, check_unique_changes
from sim.tomlfile import parse_toml, read_toml

SCENARIO_DIR = Path(__file__).parent
TOP_KEYS = ("meta", "set", "change")
META_KEYS = ("title", "description", "name")
MAX_MONTH = 240
# Read once when a run starts (the inflow and the population's traits): a dated change of them
# would silently do nothing, so it is rejected.
START_ONLY = ("context.horizon_months", "context.inflow_months", "context.inflow_per_year", "population.")


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: overrides on the baseline plus dated lever changes.

    Attributes:
        name: Short name (file stem or user-given).
        title: One-line title.
        description: What the scenario represents.
        overrides: Values set from month 0, by dotted key (validated).
        changes: ``(month, {key: value})`` pairs sorted by month (validated).
        origin: The file it came from, or ``<app>`` / ``<dict>``.
    """

    name: str
    title: str = ""
    description: str = ""
    overrides: dict[str, Value] = field(default_factory=dict)
    changes: tuple[tuple[int, dict[str, Value]], ...] = ()
    origin: str = "<dict>"

    def params(self) -> dict[str, Value]:
        """Parameter values at month 0 (baseline defaults plus overrides)."""
        out = defaults()
        out.update(self.overrides)
        return out

    def changes_at(self, month: int) -> dict[str, Value]:
        """Values that change at the start of a calendar month (empty if none)."""
        out: dict[str, Value] = {}
        for m, vals in self.changes:
            if m == month:
                out.update(vals)
        return out

    @functools.cached_property
    def hash(self) -> str:
        """Short content hash of the resolved parameters and changes (not the name; computed once)."""
        blob = json.dumps(
            {"params": self.params(), "changes": [[m, v] for m, v in self.changes]},
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    def with_overrides(self, values: dict[str, Any], name: str | None = None) -> Scenario:
        """A copy with more overrides, validated (used by the app's sliders, designs and ``--months``).

        Raises:
            ScenarioError: A value is not allowed, or the result is inconsistent (see
                :func:`sim.scenarios.checks.check_consistent`).
        """
        where = f"<{name or self.name}>"
        checked = validate_set(values, where)
        out = Scenario(
            name=name or self.name,
            title=self.title,
            description=self.description,
            overrides={**self.overrides, **checked},
            changes=self.changes,
            origin=self.origin,
        )
        check_consistent(out.params(), where)
        return out

    def open_theta(self, theta: dict[str, Value] | None) -> dict[str, Value]:
        """The part of a posterior draw the scenario leaves open: what the scenario sets wins.

        A key set in ``[set]`` or by a ``[[change]]`` at month 0 is dropped from the draw; a key
        a later ``[[change]]`` sets keeps the drawn value until that month.

        Args:
            theta: Uncertain-parameter values (a posterior draw or mean), or None.

        Returns:
            The draw's values for the keys the scenario leaves open (the keys taken from the draw).
        """
        own = set(self.overrides) | set(self.changes_at(0))
        return {k: v for k, v in (theta or {}).items() if k not in own}

    def to_toml(self) -> str:
        """The scenario as an overlay file that ``load_scenario`` reads back identically."""
        lines = ["[meta]", f"name = {_toml_str(self.name)}", f"title = {_toml_str(self.title)}"]
        lines.append(f"description = {_toml_str(self.description)}")
        lines += ["", "[set]"] + [f"{_toml_str(k)} = {_toml_value(v)}" for k, v in self.overrides.items()]
        for month, vals in self.changes:
            inner = ", ".join(f"{_toml_str(k)} = {_toml_value(v)}" for k, v in vals.items())
            lines += ["", "[[change]]", f"month = {month}", f"set = {{ {inner} }}"]
        return "\n".join(lines) + "\n"


def _toml_value(v: Value) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v)


_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_str(text: str) -> str:
    """A TOML basic string: escapes quotes, backslashes and control characters, keeps Unicode."""
    out = []
    for ch in text:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def flatten(table: dict[str, Any], where: str = "<dict>") -> dict[str, Any]:
    """Nested TOML tables to dotted keys (``{"a": {"b": 1}}`` -> ``{"a.b": 1}``).

    Raises:
        ScenarioError: One key given twice, e.g. ``"a.b" = 1`` and ``a.b = 2`` (a quoted dotted
            key and a table), which TOML itself accepts.
    """
    out: dict[str, Any] = {}
    _flatten_into(out, table, "", where)
    return out


def _flatten_into(out: dict[str, Any], table: dict[str, Any], prefix: str, where: str) -> None:
    for k, v in table.items():
        key = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict):
            _flatten_into(out, v, key, where)
        elif key in out:
            raise ScenarioError(f"{where}: '{key}' is given twice (as a quoted dotted key and as a table); keep one")
        else:
            out[key] = v


def validate_set(values: dict[str, Any], where: str) -> dict[str, Value]:
    """Check a mapping of parameter values; all or nothing.

    Args:
        values: Dotted keys (or nested tables) to values.
        where: The file or place, for messages.

    Returns:
        The validated values in their parameter types.

    Raises:
        ScenarioError: On the first unknown key or bad value.
    """
    flat = flatten(values, where)
    return {k: check_value(spec_for(k, where), v, where) for k, v in flat.items()}


def _check_keys(table: dict[str, Any], allowed: tuple[str, ...], where: str, what: str) -> None:
    for key in table:
        if key not in allowed:
            raise ScenarioError(f"{where}: unknown {what} '{key}'; allowed: {', '.join(allowed)}")


def _parse_changes(raw: Any, where: str) -> tuple[tuple[int, dict[str, Value]], ...]:
    if not isinstance(raw, list):
        raise ScenarioError(f"{where}: 'change' must be a list of [[change]] tables")
    out = []
    for i, item in enumerate(raw):
        here = f"{where} [[change]] #{i + 1}"
        if not isinstance(item, dict):
            raise ScenarioError(f"{here}: must be a table with 'month' and 'set'")
        _check_keys(item, ("month", "set"), here, "key")
        month = item.get("month")
        if isinstance(month, bool) or not isinstance(month, int) or not 0 <= month <= MAX_MONTH:
            raise ScenarioError(f"{here}: 'month' = {month!r}; expected an integer in [0, {MAX_MONTH}]")
        vals = item.get("set")
        if not isinstance(vals, dict) or not vals:
            raise ScenarioError(f"{here}: 'set' must be a non-empty table of parameter values")
        checked = validate_set(vals, here)
        for key in checked:
            if key.startswith(START_ONLY):
                raise ScenarioError(
                    f"{here}: '{key}' is read once at the start of a run and cannot change at a month; "
                    "set it under [set] instead"
                )
        out.append((month, checked))
    check_unique_changes(out, where)
    return tuple(sorted(out, key=lambda mv: mv[0]))


def from_dict(data: dict[str, Any], name: str, where: str = "<dict>") -> Scenario:
    """Build a validated scenario from parsed overlay data (all or nothing).

    Raises:
        ScenarioError: Unknown keys, wrong types or out-of-range values.
    """
    _check_keys(data, TOP_KEYS, where, "top-level table")
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        raise ScenarioError(f"{where}: 'meta' must be a table")
    _check_keys(meta, META_KEYS, where, "meta key")
    for key, value in meta.items():
        if not isinstance(value, str):
            raise ScenarioError(f"{where}: [meta] {key} = {value!r}; expected a string (in quotes)")
    raw_set = data.get("set", {})
    if not isinstance(raw_set, dict):
        raise ScenarioError(f"{where}: 'set' must be a table of parameter values")
    out = Scenario(
        name=str(meta.get("name", name)),
        title=str(meta.get("title", "")),
        description=str(meta.get("description", "")),
        overrides=validate_set(raw_set, where),
        changes=_parse_changes(data.get("change", []), where),
        origin=where,
    )
    check_consistent(out.params(), where)
    return out


def from_toml_text(text: str, name: str, where: str) -> Scenario:
    """Parse and validate overlay TOML text (used for uploads; no file path involved).

    Raises:
        ScenarioError: Not valid TOML (see :func:`sim.tomlfile.parse_toml`) or not a valid scenario.
    """
    return from_file_data(parse_toml(text, where), name, where)


def from_file_data(data: dict[str, Any], name: str, where: str) -> Scenario:
    """A scenario from a parsed file or upload: :func:`from_dict`, and no change beyond its horizon.

    Raises:
        ScenarioError: As :func:`from_dict`, or a ``[[change]]`` the file's horizon never reaches.
    """
    out = from_dict(data, name, where)
    check_horizon(out.params(), out.changes, where)
    return out


def list_scenarios() -> list[str]:
    """Names of the shipped scenarios, baseline first."""
    names = sorted(p.stem for p in SCENARIO_DIR.glob("*.toml") if p.stem != "baseline")
    return ["baseline", *names]


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a shipped scenario by name, or an overlay file by path.

    Raises:
        ScenarioError: Unknown name, unreadable file or invalid content.
    """
    text = str(name_or_path)
    if text == "baseline":
        return Scenario(name="baseline", title=_baseline_title(), origin=str(SCENARIO_DIR / "baseline.toml"))
    path = Path(text)
    if not path.suffix and _is_file(SCENARIO_DIR / f"{text}.toml"):
        path = SCENARIO_DIR / f"{text}.toml"
    if not _is_file(path):
        known = ", ".join(list_scenarios())
        shown = text if len(text) <= 80 else text[:80] + "..."
        raise ScenarioError(f"unknown scenario '{shown}': not a shipped name ({known}) nor a file")
    return from_file_data(read_toml(path, "scenario"), path.stem, str(path))


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; False for a name the file system refuses (too long, say)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _baseline_title() -> str:
    with (SCENARIO_DIR / "baseline.toml").open("rb") as fh:
        return str(tomllib.load(fh)["meta"]["title"])
