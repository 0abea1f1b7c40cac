"""Argument types shared by the ``sim`` subcommands: a clear one-line error for bad numbers."""

from __future__ import annotations

import argparse


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None


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
