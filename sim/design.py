"""Sweep designs: which levers vary, over which values, on which base scenario.

A design is a TOML file, validated completely before anything runs::

    [meta]
    title = "Dedicated client managers x dual-track places"

    [design]
    base = "baseline"     # shipped scenario name or overlay file (relative to this file)
    method = "grid"       # grid | lhs | list
    reps = 10             # replications per point (``--reps`` overrides)
    seed = 1              # base seed (``--seed`` overrides); replication k uses the same
                          # seed at every point (paired, common random numbers)
    samples = 20          # lhs only: number of points
    sample_seed = 7       # lhs only: seed of the Latin hypercube (default: the base seed)

    [set]                 # values fixed for every point
    "context.horizon_months" = 60

    [levers]              # grid: a list of values, or {range = [lo, hi], steps = n}
    "guidance.dedicated_fte_per_100_inflow" = [0.0, 2.5, 5.0]
    "learning.dual_places_per_100" = { range = [0.0, 20.0], steps = 3 }
                          # lhs: {range = [lo, hi]} (numbers) or a list (categories)

    [[point]]             # list only: one table per point
    "guidance.dedicated_fte_per_100_inflow" = 2.5

Any parameter of ``sim params`` may be a lever. An unknown key names the closest valid keys;
a value or range outside what the parameter allows names the allowed values. Points are
numbered ``p0000``, ``p0001``, ... in design order; the Latin hypercube comes from
``scipy.stats.qmc.LatinHypercube`` with its own seed, never a global random state.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import ScenarioError
from sim.params import ParamSpec, Value, check_value, spec_for
from sim.scenarios import Scenario, _check_keys, load_scenario, validate_set
from sim.scenarios.checks import check_horizon
from sim.tomlfile import read_toml

METHODS = ("grid", "lhs", "list")
TOP_KEYS = ("meta", "design", "set", "levers", "point")
DESIGN_KEYS = ("base", "method", "reps", "seed", "samples", "sample_seed")
MAX_POINTS = 1_000_000


@dataclass(frozen=True)
class Design:
    """A validated sweep design.

    Attributes:
        name: File stem.
        title: One-line title.
        base: The base scenario every point overlays.
        fixed: Values set at every point.
        levers: Lever keys, in design order (the columns of the results).
        points: One ``{lever: value}`` per design point (every lever present).
        reps: Default replications per point.
        seed: Default base seed.
        method: ``grid``, ``lhs`` or ``list``.
        source: The design file.
    """

    name: str
    title: str
    base: Scenario
    fixed: dict[str, Value]
    levers: tuple[str, ...]
    points: tuple[dict[str, Value], ...]
    reps: int = 10
    seed: int = 1
    method: str = "grid"
    source: str = "<dict>"
    meta: dict[str, Any] = field(default_factory=dict)

    def point_id(self, i: int) -> str:
        """Stable id of point ``i`` (its position in the design)."""
        return f"p{i:04d}"

    def scenario(self, i: int) -> Scenario:
        """The scenario of point ``i``: the base plus the fixed values plus the point's levers."""
        return self.base.with_overrides({**self.fixed, **self.points[i]}, name=f"{self.name}/{self.point_id(i)}")

    @property
    def hash(self) -> str:
        """Content hash of what the points run (base, fixed values, points), not of reps or seed."""
        blob = json.dumps({"base": self.base.hash, "fixed": self.fixed, "points": self.points}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


def load_design(path: str | Path, seed: int | None = None) -> Design:
    """Read and validate a design file (all or nothing).

    Args:
        path: The design TOML file.
        seed: Base seed from the command line; also the Latin hypercube's seed when the
            design sets no ``sample_seed``.

    Returns:
        The design with every point expanded.

    Raises:
        ScenarioError: Unreadable file, unknown key, bad value or range, empty design.
    """
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(f"{p}: no such design file")
    return design_from_dict(read_toml(p, "design"), p.stem, str(p), p.parent, seed)


def design_from_dict(
    data: dict[str, Any], name: str, where: str, folder: Path = Path("."), seed: int | None = None
) -> Design:
    """Validate parsed design data; see :func:`load_design`."""
    _check_keys(data, TOP_KEYS, where, "top-level table")
    head = _table(data, "design", where)
    _check_keys(head, DESIGN_KEYS, f"{where} [design]", "key")
    method = head.get("method", "grid")
    if method not in METHODS:
        raise ScenarioError(f"{where} [design] method = {method!r}; expected one of {', '.join(METHODS)}")
    base_seed = seed if seed is not None else _int(head, "seed", 1, where, 0, 2**63 - 1)
    base = base_scenario(head.get("base", "baseline"), folder, f"{where} [design]")
    fixed = validate_set(_table(data, "set", where), f"{where} [set]")
    levers, points = _expand(data, method, head, where, base_seed)
    both = [k for k in levers if k in fixed]
    if both:
        raise ScenarioError(f"{where}: '{both[0]}' is both fixed in [set] and varied; keep one")
    full = tuple({k: pt.get(k, base.params()[k]) for k in levers} for pt in points)
    _check_horizons(base, fixed, full, where)
    _check_points(base, fixed, full, where)
    meta = _table(data, "meta", where)
    _check_keys(meta, ("title", "description"), f"{where} [meta]", "key")
    return Design(
        name=name,
        title=str(meta.get("title", "")),
        base=base,
        fixed=fixed,
        levers=levers,
        points=full,
        reps=_int(head, "reps", 10, where, 1, 100_000),
        seed=base_seed,
        method=method,
        source=where,
        meta=meta,
    )


def _expand(
    data: dict[str, Any], method: str, head: dict[str, Any], where: str, seed: int
) -> tuple[tuple[str, ...], list[dict[str, Value]]]:
    """Lever keys and points of the design."""
    if method == "list":
        if "levers" in data:
            raise ScenarioError(f"{where}: method 'list' takes [[point]] tables, not [levers]")
        return _list_points(data.get("point", []), where)
    if "point" in data:
        raise ScenarioError(f"{where}: [[point]] tables need method = 'list' (method is '{method}')")
    if "samples" in head and method != "lhs":
        raise ScenarioError(f"{where} [design]: 'samples' is only for method 'lhs'")
    raw = _table(data, "levers", where)
    if not raw:
        raise ScenarioError(f"{where}: [levers] is empty; name at least one lever")
    if method == "grid":
        values = {k: _grid_values(k, v, f"{where} [levers]") for k, v in raw.items()}
        _check_size(int(np.prod([len(v) for v in values.values()])), where)
        combos = itertools.product(*values.values())
        return tuple(values), [dict(zip(values, c, strict=True)) for c in combos]
    if "samples" not in head:
        raise ScenarioError(f"{where} [design]: method 'lhs' needs 'samples' (number of points)")
    samples = _int(head, "samples", 0, where, 1, MAX_POINTS)
    lhs_seed = _int(head, "sample_seed", seed, where, 0, 2**63 - 1)
    return tuple(raw), latin_hypercube(raw, samples, lhs_seed, f"{where} [levers]")


def _grid_values(key: str, raw: Any, where: str) -> list[Value]:
    """Values of one grid lever: an explicit list, or ``{range = [lo, hi], steps = n}``."""
    spec = spec_for(key, where)
    here = f"{where} '{key}'"
    if isinstance(raw, list):
        if not raw:
            raise ScenarioError(f"{here}: empty list of values")
        return list(dict.fromkeys(check_value(spec, v, here) for v in raw))
    lo, hi = _range(spec, raw, here, ("range", "steps"))
    steps = raw.get("steps")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_POINTS:
        raise ScenarioError(f"{here}: 'steps' = {steps!r}; expected a whole number of at least 1")
    grid = np.linspace(lo, hi, steps) if steps > 1 else np.array([lo])
    return list(dict.fromkeys(_typed(spec, float(x), here) for x in grid))


def latin_hypercube(raw: dict[str, Any], samples: int, seed: int, where: str) -> list[dict[str, Value]]:
    """Points of a Latin hypercube over the levers' ranges (lists are sampled as categories).

    Args:
        raw: ``{lever: {"range": [lo, hi]}}`` or ``{lever: [values]}``.
        samples: Number of points.
        seed: Seed of ``scipy.stats.qmc.LatinHypercube``.
        where: File and table, for messages.

    Returns:
        One ``{lever: value}`` per sample; integer parameters are rounded.
    """
    from scipy.stats import qmc

    u = qmc.LatinHypercube(d=len(raw), seed=np.random.default_rng(seed)).random(samples)
    columns: dict[str, list[Value]] = {}
    for j, (key, spec_raw) in enumerate(raw.items()):
        spec = spec_for(key, where)
        here = f"{where} '{key}'"
        if isinstance(spec_raw, list):
            cats = [check_value(spec, v, here) for v in spec_raw]
            if not cats:
                raise ScenarioError(f"{here}: empty list of values")
            columns[key] = [cats[min(int(x * len(cats)), len(cats) - 1)] for x in u[:, j]]
        else:
            lo, hi = _range(spec, spec_raw, here, ("range",))
            columns[key] = [_typed(spec, lo + (hi - lo) * float(x), here) for x in u[:, j]]
    return [{k: columns[k][i] for k in raw} for i in range(samples)]


def _range(spec: ParamSpec, raw: Any, here: str, allowed: tuple[str, ...]) -> tuple[float, float]:
    """The ``[lo, hi]`` of a lever table, each end checked against the parameter's range."""
    if not isinstance(raw, dict) or "range" not in raw:
        raise ScenarioError(f"{here}: expected a list of values or a table with {', '.join(allowed)}")
    _check_keys(raw, allowed, here, "key")
    r = raw["range"]
    if isinstance(spec.default, bool) or spec.choices is not None:
        raise ScenarioError(f"{here}: '{spec.key}' takes {spec.allowed()}; give a list of values, not a range")
    if not isinstance(r, list) or len(r) != 2:
        raise ScenarioError(f"{here}: 'range' = {r!r}; expected [low, high]")
    lo, hi = (float(check_value(spec, v, f"{here} range")) for v in r)
    if lo > hi:
        raise ScenarioError(f"{here}: 'range' = {r!r}; low is above high")
    return lo, hi


def _typed(spec: ParamSpec, x: float, here: str) -> Value:
    """A sampled number in the parameter's type (integers rounded), checked."""
    return check_value(spec, round(x) if isinstance(spec.default, int) else x, here)


def _list_points(raw: Any, where: str) -> tuple[tuple[str, ...], list[dict[str, Value]]]:
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(f"{where}: method 'list' needs one or more [[point]] tables")
    points = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not item:
            raise ScenarioError(f"{where} [[point]] #{i + 1}: expected a table of parameter values")
        points.append(validate_set(item, f"{where} [[point]] #{i + 1}"))
    levers = tuple(dict.fromkeys(k for pt in points for k in pt))
    return levers, points


def base_scenario(raw: Any, folder: Path, where: str) -> Scenario:
    """A design's base scenario: a shipped name, or an overlay file relative to the design's folder.

    Args:
        raw: The ``base`` value of the design file.
        folder: The design file's folder.
        where: The file and table, for messages.

    Raises:
        ScenarioError: Not a name or file, or the scenario is invalid.
    """
    if not isinstance(raw, str):
        raise ScenarioError(f"{where} base = {raw!r}; expected a scenario name or file")
    local = folder / raw
    try:
        return load_scenario(local if local.suffix == ".toml" and local.is_file() else raw)
    except ScenarioError as exc:
        raise ScenarioError(f"{where} base: {exc}") from None


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: '{key}' must be a table")
    return value


def _int(table: dict[str, Any], key: str, default: int, where: str, lo: int, hi: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ScenarioError(f"{where} [design] {key} = {value!r}; expected a whole number in [{lo}, {hi}]")
    return value


def _check_horizons(base: Scenario, fixed: dict[str, Value], points: tuple[dict[str, Value], ...], where: str) -> None:
    """Refuse a design whose horizon ends before a dated change of its base (it would never apply)."""
    key = "context.horizon_months"
    shortest = min(int(pt.get(key, fixed.get(key, base.params()[key]))) for pt in points)
    check_horizon({key: shortest}, base.changes, f"{where} (base {base.name})")


def _check_points(base: Scenario, fixed: dict[str, Value], points: tuple[dict[str, Value], ...], where: str) -> None:
    """Every point's scenario must hold together (shares within 1, someone arrives): refused before any run."""
    for i, pt in enumerate(points):
        try:
            base.with_overrides({**fixed, **pt})
        except ScenarioError as exc:
            detail = str(exc).split(": ", 1)[-1]
            raise ScenarioError(f"{where} point p{i:04d} ({pt}): {detail}") from None


def _check_size(n: int, where: str) -> None:
    if n > MAX_POINTS:
        raise ScenarioError(f"{where}: the grid has {n:,} points; at most {MAX_POINTS:,}")
