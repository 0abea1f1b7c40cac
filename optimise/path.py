"""The predicted front path: where a cheap model of the results says the front lies.

Programme cost per year is close to a known, smooth function of the levers (a lever's unit cost
times its reach), and the work a lever adds changes slowly with its level. So a small model
fitted to the mixes run so far predicts both well: per measured metric, least squares on each
lever's level and its square (levers scaled to [0, 1]; a list lever by the position of its
value). From that model :func:`front_path` walks the front the way a council adds to a
programme: start from every lever at its lowest, and take one step at a time of the lever that
adds the most of the second objective per unit of the first (predicted), as long as the
predicted constraints hold. Each mix on the way is a candidate for the front.

The search (:mod:`optimise.search`) runs part of every generation on mixes of this path that
have not been run yet, spread along it, and the sampler's draws on the rest. Running them
corrects the model where it was wrong; the next generation's path follows the corrected
model. Two searches with different sampler seeds so meet on the same mixes where the model is
right, and the sampler still explores where it is not (interactions the model leaves out).

The model and the path depend only on the mixes told so far, in trial order: the same for any
worker count and after a resume.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from optimise.design import Lever, OptimiseDesign
from sim.params import Value

PATH_STEPS = 20  # steps across a lever's range for a lever without a grid step
RIDGE = 1e-6  # keeps the least-squares fit defined when a lever has not varied yet


def position(lever: Lever, value: Value) -> float:
    """A lever's value on [0, 1] (a list lever: the position of its value in the list)."""
    if lever.choices is not None:
        return lever.choices.index(value) / max(1, len(lever.choices) - 1) if value in lever.choices else 0.0
    return (float(value) - lever.low) / (lever.high - lever.low)


def features(levers: Sequence[Lever], mixes: Sequence[dict[str, Value]]) -> np.ndarray:
    """(mixes, 1 + 2 levers) design matrix: a constant, each lever's position and its square."""
    x = np.array([[position(lever, m[lever.key]) for lever in levers] for m in mixes], dtype=float)
    x = x.reshape(len(mixes), len(levers))
    return np.hstack([np.ones((len(mixes), 1)), x, x * x])


def fit(levers: Sequence[Lever], mixes: Sequence[dict[str, Value]], values: Sequence[float]) -> np.ndarray:
    """Least-squares coefficients of one metric on :func:`features` (lightly ridged)."""
    f = features(levers, mixes)
    scale = np.abs(np.asarray(values, dtype=float)).mean() or 1.0
    y = np.asarray(values, dtype=float) / scale
    coef = np.linalg.solve(f.T @ f + RIDGE * len(f) * np.eye(f.shape[1]), f.T @ y)
    return coef * scale


def steps(lever: Lever) -> list[Value]:
    """The values a lever takes on the path, lowest first."""
    if lever.choices is not None:
        return list(lever.choices)
    step = lever.step or (lever.high - lever.low) / PATH_STEPS
    n = int(round((lever.high - lever.low) / step))
    values = [min(lever.low + i * step, lever.high) for i in range(n + 1)]
    return [int(round(v)) for v in values] if lever.integer else values


def front_path(
    design: OptimiseDesign, mixes: Sequence[dict[str, Value]], values: Mapping[str, Sequence[float]]
) -> list[dict[str, Value]]:
    """The predicted front from the lowest mix upwards (see the module docstring).

    Args:
        design: A design with two objectives.
        mixes: The mixes run so far.
        values: Per measured column (objective or constraint name), the mean of each mix.

    Returns:
        The mixes of the path in order (the first is every lever at its lowest); empty when the
        design does not have two objectives or there are fewer mixes than the model has terms.
    """
    levers = design.levers
    if len(design.objectives) != 2 or len(mixes) < 1 + 2 * len(levers):
        return []
    model = {name: fit(levers, mixes, v) for name, v in values.items()}
    sign = [1.0 if o.direction == "min" else -1.0 for o in design.objectives]  # both to minimise
    grids = [steps(lever) for lever in levers]
    at = [0] * len(levers)
    path: list[dict[str, Value]] = []
    while True:
        mix = {lever.key: grids[i][at[i]] for i, lever in enumerate(levers)}
        path.append(mix)
        move = _best_step(design, model, sign, grids, at)
        if move is None:
            return path
        at[move] += 1


def _predict(
    design: OptimiseDesign, model: dict[str, np.ndarray], grids: list[list[Value]], at: list[int]
) -> dict[str, float]:
    mix = {lever.key: grids[i][at[i]] for i, lever in enumerate(design.levers)}
    f = features(design.levers, [mix])[0]
    return {name: float(f @ coef) for name, coef in model.items()}


def _best_step(
    design: OptimiseDesign, model: dict[str, np.ndarray], sign: list[float], grids: list[list[Value]], at: list[int]
) -> int | None:
    """The lever whose next step gains most of the second objective per unit of the first, within the constraints.

    A step that gains without costing (predicted) goes first, the one that gains most among them.
    """
    here = _predict(design, model, grids, at)
    first, second = (o.name for o in design.objectives)
    best, best_score = None, (-1, 0.0)
    for i in range(len(at)):
        if at[i] + 1 >= len(grids[i]):
            continue
        there = _predict(design, model, grids, [*at[:i], at[i] + 1, *at[i + 1 :]])
        if any(c.violation(there[c.name]) > 0 for c in design.constraints):
            continue
        cost = sign[0] * (there[first] - here[first])
        gain = -sign[1] * (there[second] - here[second])
        score = (1, gain) if cost <= 0 else (0, gain / cost)
        if gain > 0 and score > best_score:
            best, best_score = i, score
    return best


def spread(
    path: Sequence[dict[str, Value]], done: set[str], key: Callable[[dict[str, Value]], str], count: int
) -> list[dict[str, Value]]:
    """Up to ``count`` mixes of ``path`` not yet run, spread evenly along it (its last mix always among them)."""
    new = [m for m in path if key(m) not in done]
    if len(new) <= count:
        return new
    picks = np.linspace(len(new) - 1, 0, count).round().astype(int)
    return [new[i] for i in sorted(set(picks.tolist()))]
