"""Argument types shared by the ``sim`` subcommands: a clear one-line error for bad numbers.

Every count that decides how much work or memory a command takes has a ceiling, stated in
``--help`` and in the README: replications (:data:`MAX_REPS`; a run keeps about 3-6 MB of
counts until the table is written), sweep runs (:data:`MAX_SWEEP_RUNS`), local worker processes
(:func:`max_workers`: the CPUs this process may use; for more, a Dask cluster via
``--scheduler``), particles, generations, sensitivity samples.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

MAX_REPS = 200  # run / compare: the bands settle well before (20 is the default)
MAX_COMPARE_RUNS = 1000  # compare: replications x scenarios
MAX_SWEEP_REPS = 100_000  # sweep: per point (runs stream to disk); see MAX_SWEEP_RUNS
MAX_SWEEP_RUNS = 1_000_000  # sweep: points x replications
MAX_PARTICLES = 10_000
MAX_GENERATIONS = 100
MAX_SAMPLES = 10_000  # sensitivity: trajectories (Morris) or base samples (Sobol)
MAX_SEED = 2**63 - 1
MAX_SEED_32 = 2**32 - 1  # SALib and NumPy's legacy seeding take 32-bit seeds


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None


def bounded(low: int, high: int | Callable[[], int], why: str = "", grouped: bool = True) -> Callable[[str], int]:
    """An argument type for a whole number in ``[low, high]`` (``high`` may be computed when parsing).

    Args:
        low: Smallest value allowed.
        high: Largest value allowed, or a function giving it.
        why: What the limit is, appended to the message.
        grouped: Write the bounds with thousands separators (``10,000``); False for years.
    """

    def parse(text: str) -> int:
        value = _whole(text)
        top = high() if callable(high) else high
        if not low <= value <= top:
            lo, hi = (f"{low:,}", f"{top:,}") if grouped else (str(low), str(top))
            raise argparse.ArgumentTypeError(f"expected a whole number in [{lo}, {hi}]{why}, got {value}")
        return value

    parse.__name__ = "whole number"  # argparse names the type in its messages
    return parse


def positive_int(text: str) -> int:
    """A whole number of at least 1 (replications, months, particles, workers)."""
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def seed(text: str) -> int:
    """A base seed in [0, 2^63)."""
    value = _whole(text)
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"expected a seed in [0, 2^63), got {value}")
    return value


def seed32(text: str) -> int:
    """A seed in [0, 2^32) (for tools that take 32-bit seeds)."""
    value = _whole(text)
    if not 0 <= value <= MAX_SEED_32:
        raise argparse.ArgumentTypeError(f"expected a seed in [0, 2^32), got {value}")
    return value


def max_workers() -> int:
    """Local worker processes allowed: the CPUs this process may use (at least 2)."""
    from sim.executor import usable_cpus

    return max(2, usable_cpus())


reps = bounded(1, MAX_REPS, " (replications of run and compare)")
sweep_reps = bounded(1, MAX_SWEEP_REPS)
workers = bounded(1, max_workers, " (this machine's CPUs; for more use --scheduler with a Dask cluster)")


def posterior_option(p: argparse.ArgumentParser) -> None:
    """``--posterior DIR``: which calibration the uncertain parameters come from (for any command)."""
    p.add_argument(
        "--posterior",
        metavar="DIR",
        default=None,
        help="posterior folder (from sim calibrate --out DIR) or CSV; default: the shipped calibration",
    )
