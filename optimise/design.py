"""Optimisation designs: which levers to search, what to optimise, what must hold.

A design is a TOML file, validated completely before anything runs (an unknown key, a bad
value or range names the file, the table and the key, and nothing runs)::

    [meta]
    title = "The extra national money stops: best use of our own budget"

    [optimise]
    base = "funding_ends"   # shipped scenario name or overlay file (relative to this file)
    from_month = 36         # the mix applies from this calendar month (0: from the start)
    reps = 8                # paired replications per mix (common random numbers)
    seed = 1                # base seed of the replications and of the posterior draws
    trials = 64             # mixes to evaluate (``--trials`` overrides)
    population = 16         # mixes drawn and run together (TPE: also the uniform start; NSGA-II: a generation)
    sampler = "tpe"         # tpe | nsga2 (Optuna's multi-objective samplers, draws keyed by trial number)
    sampler_seed = 1        # seed of the sampler (``--sampler-seed`` overrides)
    uncertainty = "draw"    # draw (one posterior draw per replication) | mean (posterior mean) | none

    [set]                   # values fixed for every mix
    "funding.continue_share" = 1.0

    [levers]                # {range = [lo, hi], step = s}, {} (the parameter's own range), or a list
    "guidance.dedicated_fte_per_100_inflow" = { range = [0.0, 8.0], step = 0.5 }
    "employers.mediation_share" = {}
    "guidance.coordinator" = [false, true]

    [[objective]]           # 1 to 3; direction "min" or "max"
    metric = "net_cost_per_year"
    from_year = 4
    direction = "min"

    [[objective]]
    metric = "employed_person_years"
    direction = "max"

    [[constraint]]          # max and/or min; holds on the mean over the replications
    metric = "programme_cost_per_year"
    from_year = 4
    max = 2_400_000

    [[report]]              # measured and shown for every mix, not optimised
    metric = "net_cost_per_year"
    from_year = 4

Metrics are listed in :mod:`optimise.metrics`. The reference every mix is compared with is the
base scenario with the design's ``[set]``, its levers as the base has them.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict, cast

from optimise.metrics import METRIC_NAMES, MONEY_PER_YEAR, Metric
from optimise.sampler import SAMPLERS
from sim.design import _table, base_scenario
from sim.errors import ScenarioError
from sim.params import ParamSpec, Value, check_value, spec_for
from sim.scenarios import START_ONLY, Scenario, _check_keys, from_dict, validate_set

TOP_KEYS = ("meta", "optimise", "set", "levers", "objective", "constraint", "report")
HEAD_KEYS = ("base", "from_month", "reps", "seed", "trials", "population", "sampler", "sampler_seed", "uncertainty")
UNCERTAINTY_MODES = ("draw", "mean", "none")
DIRECTIONS = ("min", "max")
LIMITS = {"reps": (2, 1000), "trials": (1, 10_000), "population": (2, 1000), "sampler_seed": (0, 2**32 - 1)}
DEFAULTS = {"reps": 8, "seed": 1, "trials": 128, "population": 16, "sampler_seed": 1, "from_month": 0}


@dataclass(frozen=True)
class Lever:
    """One lever to search: a range (with an optional step) or a list of values.

    Attributes:
        key: Dotted parameter key.
        low: Lowest value (ranges).
        high: Highest value (ranges).
        step: Grid step, or None for any value in the range (integers: at least 1).
        choices: The values to choose from (lists, booleans, categorical parameters), or None.
        integer: Whether the parameter is a whole number.
    """

    key: str
    low: float = 0.0
    high: float = 0.0
    step: float | None = None
    choices: tuple[Value, ...] | None = None
    integer: bool = False


@dataclass(frozen=True)
class Objective:
    """A metric to minimise or maximise (its mean over the replications).

    Attributes:
        name: Column name in the results (unique in the design).
        metric: What is measured.
        direction: ``min`` or ``max``.
    """

    name: str
    metric: Metric
    direction: str


@dataclass(frozen=True)
class Report:
    """A metric measured for every mix and reported beside the objectives, not optimised.

    Attributes:
        name: Column name in the results (unique in the design).
        metric: What is measured.
    """

    name: str
    metric: Metric


@dataclass(frozen=True)
class Constraint:
    """A bound a mix must keep (on the mean over the replications) to be reported.

    Attributes:
        name: Column name in the results (unique in the design).
        metric: What is measured.
        low: Lowest allowed value, or None.
        high: Highest allowed value, or None (e.g. the budget per year).
    """

    name: str
    metric: Metric
    low: float | None = None
    high: float | None = None

    def violation(self, value: float) -> float:
        """How far a value lies outside the bounds (0 or less: it holds)."""
        over = value - self.high if self.high is not None else -math.inf
        under = self.low - value if self.low is not None else -math.inf
        return max(over, under)


@dataclass(frozen=True)
class OptimiseDesign:
    """A validated optimisation design (see the module docstring for the file form)."""

    name: str
    title: str
    description: str
    base: Scenario
    fixed: dict[str, Value]
    levers: tuple[Lever, ...]
    objectives: tuple[Objective, ...]
    constraints: tuple[Constraint, ...] = ()
    reports: tuple[Report, ...] = ()
    from_month: int = 0
    reps: int = 8
    seed: int = 1
    trials: int = 128
    population: int = 16
    sampler_seed: int = 1
    uncertainty: str = "draw"
    posterior: str = ""  # the posterior CSV (``--posterior DIR``); "" for the shipped calibration
    sampler: str = "tpe"
    source: str = "<dict>"
    meta: dict[str, Any] = field(default_factory=dict)
    carry: dict[str, Value] = field(default_factory=dict)  # set with every mix at from_month (the app's takeover)
    start: tuple[dict[str, Value], ...] = ()  # more mixes the first generation starts with (the app's own mix)

    @property
    def measured(self) -> tuple[Objective | Constraint | Report, ...]:
        """The objectives, the constraints and the reported metrics (each a column of the results)."""
        return (*self.objectives, *self.constraints, *self.reports)

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """Every metric the objectives and constraints need, each once, in design order."""
        return tuple(dict.fromkeys(item.metric for item in self.measured))

    def scenario(self, mix: dict[str, Value], name: str) -> Scenario:
        """The scenario of one lever mix: the base, the fixed values, then the mix (from ``from_month``)."""
        data: dict[str, Any] = {"meta": {"name": name, "title": name}}
        changes = [{"month": m, "set": v} for m, v in self.base.changes]
        if self.from_month == 0:
            data["set"] = {**self.base.overrides, **self.fixed, **mix}
        else:
            data["set"] = {**self.base.overrides, **self.fixed}
            changes.append({"month": self.from_month, "set": {**self.carry, **mix}})
        data["change"] = changes
        return from_dict(data, name, f"<{name}>")

    def reference(self) -> Scenario:
        """The scenario every mix is compared with: the base with the fixed values (its own lever values)."""
        return self.base.with_overrides(self.fixed, name="reference")

    @property
    def hash(self) -> str:
        """Content hash of everything that decides the trials (not their number)."""
        blob = {k: v for k, v in self.record().items() if k not in ("trials", "title", "description", "source")}
        return hashlib.sha256(json.dumps(blob, sort_keys=True, default=str).encode()).hexdigest()[:12]

    def record(self) -> dict[str, Any]:
        """The design as JSON-ready data (for the manifest and the provenance)."""
        return {
            "design": self.name,
            "title": self.title,
            "description": self.description,
            "source": self.source,
            "base": self.base.name,
            "base_hash": self.base.hash,
            "fixed": self.fixed,
            "levers": [lever.__dict__ for lever in self.levers],
            "objectives": [{"name": o.name, "direction": o.direction, **o.metric.__dict__} for o in self.objectives],
            "constraints": [
                {"name": c.name, "low": c.low, "high": c.high, **c.metric.__dict__} for c in self.constraints
            ],
            "reports": [{"name": r.name, **r.metric.__dict__} for r in self.reports],
            "from_month": self.from_month,
            "carry": self.carry,
            "start": list(self.start),
            "reps": self.reps,
            "seed": self.seed,
            "trials": self.trials,
            "population": self.population,
            "sampler": self.sampler,
            "sampler_seed": self.sampler_seed,
            "uncertainty": self.uncertainty,
            "posterior": self.posterior,
        }

    def with_options(self, **options: Any) -> OptimiseDesign:
        """A copy with command-line options applied (None leaves the design's value)."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


def load_design(path: str | Path) -> OptimiseDesign:
    """Read and validate a design file (all or nothing).

    Raises:
        ScenarioError: Unreadable file, unknown key, bad value or range.
    """
    p = Path(path)
    where = str(p)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{where}: cannot read design: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(f"{where}: nested too deeply to be a design file") from None
    return design_from_dict(data, p.stem, where, p.parent)


def design_from_dict(
    data: dict[str, Any], name: str, where: str, folder: Path = Path("."), base: Scenario | None = None
) -> OptimiseDesign:
    """Validate parsed design data; see :func:`load_design`.

    Args:
        data: The parsed TOML.
        name: The design's name.
        where: The file (or place), for messages.
        folder: Where a base scenario file named in the design is looked up.
        base: A scenario to start from instead of ``[optimise] base`` (the app's slot).
    """
    _check_keys(data, TOP_KEYS, where, "top-level table")
    head = _table(data, "optimise", where)
    _check_keys(head, HEAD_KEYS, f"{where} [optimise]", "key")
    base = base or base_scenario(head.get("base", "baseline"), folder, f"{where} [optimise]")
    fixed = validate_set(_table(data, "set", where), f"{where} [set]")
    horizon = int(base.with_overrides(fixed).params()["context.horizon_months"])
    numbers = _numbers(head, horizon, f"{where} [optimise]")
    levers = _levers(_table(data, "levers", where), fixed, base, numbers["from_month"], f"{where} [levers]")
    meta = _table(data, "meta", where)
    _check_keys(meta, ("title", "description"), f"{where} [meta]", "key")
    objectives, constraints, reports = _measures(data, horizon, where)
    return OptimiseDesign(
        name=name,
        title=_text(meta, "title", where),
        description=_text(meta, "description", where),
        base=base,
        fixed=fixed,
        levers=levers,
        objectives=objectives,
        constraints=constraints,
        reports=reports,
        uncertainty=_choice(head, "uncertainty", UNCERTAINTY_MODES, f"{where} [optimise]"),
        sampler=_choice(head, "sampler", SAMPLERS, f"{where} [optimise]"),
        source=where,
        meta=meta,
        **numbers,
    )


class _Numbers(TypedDict):
    from_month: int
    reps: int
    seed: int
    trials: int
    population: int
    sampler_seed: int


def _numbers(head: dict[str, Any], horizon: int, where: str) -> _Numbers:
    """The whole numbers of ``[optimise]``, each checked against its limits."""
    got = {k: _whole(head, k, d, where, *LIMITS.get(k, (0, 2**63 - 1))) for k, d in DEFAULTS.items()}
    if got["from_month"] >= horizon:
        raise ScenarioError(f"{where} from_month = {got['from_month']}; expected below the horizon ({horizon})")
    return cast(_Numbers, got)


def _measures(
    data: dict[str, Any], horizon: int, where: str
) -> tuple[tuple[Objective, ...], tuple[Constraint, ...], tuple[Report, ...]]:
    """The objectives (1 to 3), constraints and reported metrics, with names unique among them."""
    objectives = tuple(
        _objective(t, f"{where} [[objective]] #{i + 1}", horizon) for i, t in _items(data, "objective", where)
    )
    if not 1 <= len(objectives) <= 3:
        raise ScenarioError(f"{where}: give 1 to 3 [[objective]] tables (found {len(objectives)})")
    constraints = tuple(
        _constraint(t, f"{where} [[constraint]] #{i + 1}", horizon) for i, t in _items(data, "constraint", where)
    )
    reports = tuple(_report(t, f"{where} [[report]] #{i + 1}", horizon) for i, t in _items(data, "report", where))
    _unique_names([*objectives, *constraints, *reports], where)
    return objectives, constraints, reports


def _levers(
    raw: dict[str, Any], fixed: dict[str, Value], base: Scenario, from_month: int, where: str
) -> tuple[Lever, ...]:
    if not raw:
        raise ScenarioError(f"{where}: empty; name at least one lever")
    out = []
    for key, spec_raw in raw.items():
        if isinstance(spec_raw, dict) and any(isinstance(v, dict) for v in spec_raw.values()):
            raise ScenarioError(f"{where} '{key}': quote the dotted key, e.g. \"{key}.name\" = {{ range = [lo, hi] }}")
        spec = spec_for(key, where)
        here = f"{where} '{key}'"
        if key in fixed:
            raise ScenarioError(f"{here}: both fixed in [set] and searched; keep one")
        if from_month > 0 and key.startswith(START_ONLY):
            raise ScenarioError(f"{here}: is read once at the start of a run; it cannot change at from_month")
        later = [m for m, vals in base.changes if key in vals and m > from_month]
        if later:
            raise ScenarioError(f"{here}: the base scenario changes it at month {later[0]}, after the mix starts")
        out.append(_lever(spec, spec_raw, here))
    return tuple(out)


def _lever(spec: ParamSpec, raw: Any, here: str) -> Lever:
    """One lever from a list of values or a table ``{range, step}`` (empty: the spec's range)."""
    integer = isinstance(spec.default, int) and not isinstance(spec.default, bool)
    if isinstance(raw, list):
        values = tuple(dict.fromkeys(check_value(spec, v, here) for v in raw))
        if len(values) < 2:
            raise ScenarioError(f"{here}: give at least two values to choose from")
        return Lever(spec.key, choices=values, integer=integer)
    if not isinstance(raw, dict):
        raise ScenarioError(f"{here}: expected a table {{range = [lo, hi], step = s}} or a list of values")
    _check_keys(raw, ("range", "step"), here, "key")
    if isinstance(spec.default, bool) or spec.choices is not None:
        if raw:
            raise ScenarioError(f"{here}: '{spec.key}' takes {spec.allowed()}; give a list of values, not a range")
        values = (False, True) if isinstance(spec.default, bool) else tuple(spec.choices or ())
        return Lever(spec.key, choices=values)
    low, high = _lever_range(spec, raw.get("range"), here)
    step = _step(spec, raw["step"], low, high, integer, here) if "step" in raw else _default_step(spec, low, high)
    return Lever(spec.key, low=low, high=high, step=step, integer=integer)


def _lever_range(spec: ParamSpec, r: Any, here: str) -> tuple[float, float]:
    if r is None:
        r = list(spec.slider or spec.range or ())
    if not isinstance(r, list) or len(r) != 2:
        raise ScenarioError(f"{here}: 'range' = {r!r}; expected [low, high]")
    low, high = (float(check_value(spec, v, f"{here} range")) for v in r)
    if not low < high:
        raise ScenarioError(f"{here}: 'range' = {r!r}; low must be below high (a fixed value belongs in [set])")
    return low, high


def _default_step(spec: ParamSpec, low: float, high: float) -> float | None:
    """The parameter's slider step when it divides the range into whole steps, else 1 (integers) or None."""
    integer = isinstance(spec.default, int)
    if spec.step and _divides(spec.step, low, high) and (not integer or float(spec.step).is_integer()):
        return float(spec.step)
    return 1.0 if integer else None


def _divides(step: float, low: float, high: float) -> bool:
    n = (high - low) / step
    return abs(n - round(n)) <= 1e-9 * max(1.0, n)


def _step(spec: ParamSpec, step: Any, low: float, high: float, integer: bool, here: str) -> float:
    if isinstance(step, bool) or not isinstance(step, int | float) or not 0 < step <= high - low:
        raise ScenarioError(f"{here}: 'step' = {step!r}; expected a number in (0, {high - low:g}]")
    if integer and not float(step).is_integer():
        raise ScenarioError(f"{here}: 'step' = {step!r}; '{spec.key}' is a whole number, so the step must be too")
    if not _divides(step, low, high):
        raise ScenarioError(f"{here}: 'step' = {step!r} does not divide the range [{low:g}, {high:g}] into whole steps")
    return float(step)


def _metric(table: dict[str, Any], where: str, horizon: int) -> Metric:
    name = table.get("metric")
    if name not in METRIC_NAMES:
        raise ScenarioError(f"{where}: metric = {name!r}; expected one of {', '.join(METRIC_NAMES)}")
    years = math.ceil(horizon / 12)
    if name not in MONEY_PER_YEAR:
        for key in ("from_year", "to_year"):
            if key in table:
                raise ScenarioError(f"{where}: '{key}' applies to the money metrics per year only, not to '{name}'")
        return Metric(name)
    first = _whole(table, "from_year", 1, where, 1, years)
    last = _whole(table, "to_year", 0, where, 0, years)
    if last and last < first:
        raise ScenarioError(f"{where}: to_year = {last} is before from_year = {first}")
    return Metric(name, first, last)


def _objective(table: Any, where: str, horizon: int) -> Objective:
    _check_keys(table, ("metric", "direction", "from_year", "to_year", "name"), where, "key")
    metric = _metric(table, where, horizon)
    direction = _choice(table, "direction", DIRECTIONS, where, required=True)
    return Objective(_name(table, metric, where), metric, direction)


def _constraint(table: Any, where: str, horizon: int) -> Constraint:
    _check_keys(table, ("metric", "max", "min", "from_year", "to_year", "name"), where, "key")
    metric = _metric(table, where, horizon)
    low, high = (_bound(table, k, where) for k in ("min", "max"))
    if low is None and high is None:
        raise ScenarioError(f"{where}: give 'max' (e.g. the budget per year) and/or 'min'")
    if low is not None and high is not None and low > high:
        raise ScenarioError(f"{where}: min = {low:g} is above max = {high:g}")
    return Constraint(_name(table, metric, where), metric, low, high)


def _report(table: Any, where: str, horizon: int) -> Report:
    _check_keys(table, ("metric", "from_year", "to_year", "name"), where, "key")
    metric = _metric(table, where, horizon)
    return Report(_name(table, metric, where), metric)


def _bound(table: dict[str, Any], key: str, where: str) -> float | None:
    v = table.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ScenarioError(f"{where}: {key} = {v!r}; expected a finite number")
    return float(v)


def _name(table: dict[str, Any], metric: Metric, where: str) -> str:
    name = table.get("name", metric.name)
    if not isinstance(name, str) or not name.isidentifier():
        raise ScenarioError(f"{where}: name = {name!r}; expected a short name of letters, digits and _")
    return name


def _unique_names(items: list[Objective | Constraint | Report], where: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            raise ScenarioError(f"{where}: the name '{item.name}' is used twice; give one of them name = \"...\"")
        seen.add(item.name)


def _items(data: dict[str, Any], key: str, where: str) -> list[tuple[int, dict[str, Any]]]:
    raw = data.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise ScenarioError(f"{where}: '{key}' must be a list of [[{key}]] tables")
    return list(enumerate(raw))


def _whole(table: dict[str, Any], key: str, default: int, where: str, lo: int, hi: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ScenarioError(f"{where}: {key} = {value!r}; expected a whole number in [{lo}, {hi}]")
    return value


def _choice(table: dict[str, Any], key: str, allowed: tuple[str, ...], where: str, required: bool = False) -> str:
    if required and key not in table:
        raise ScenarioError(f"{where}: '{key}' is missing; expected one of {', '.join(allowed)}")
    value = table.get(key, allowed[0])
    if value not in allowed:
        raise ScenarioError(f"{where}: {key} = {value!r}; expected one of {', '.join(allowed)}")
    return str(value)


def _text(meta: dict[str, Any], key: str, where: str) -> str:
    value = meta.get(key, "")
    if not isinstance(value, str):
        raise ScenarioError(f"{where} [meta] {key} = {value!r}; expected text")
    return value
