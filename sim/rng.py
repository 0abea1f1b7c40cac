"""Keyed random streams: common random numbers that survive lever changes.

Every random decision draws from a stream keyed by (seed, decision name, calendar month,
person id), computed with a counter-based hash (SplitMix64 finaliser) instead of a shared
sequential generator. A person's draw for "job offer in month 37" is therefore the same in
the baseline and in every scenario, whatever else happened; adding one person adds that
person's draws and changes no one else's. This is the starsim approach, vectorised in numpy.
Nothing here touches the global ``np.random`` or ``random`` state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache

import numpy as np
from numba import njit

_GOLD = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_TO_UNIT = 1.0 / float(1 << 53)


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser, in place on a uint64 array (a bijection on 64-bit words)."""
    x ^= x >> _S30
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


_MASK = 0xFFFFFFFFFFFFFFFF


def _mix_int(x: int) -> int:
    """SplitMix64 finaliser on a Python int (same function as :func:`_mix`)."""
    x &= _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


@cache
def name_key(name: str) -> int:
    """Stable 64-bit key of a decision name (not Python's salted ``hash``)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


@njit(cache=True, inline="always")
def draw(pid: np.uint64, key: np.uint64) -> float:
    """One keyed uniform inside compiled rules; bit-identical to :meth:`Streams.uniform`."""
    x = pid * np.uint64(0x9E3779B97F4A7C15) + key
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return float(x >> np.uint64(11)) * _TO_UNIT


KEY_BLOCK = 128  # months of keys computed at once per decision name (a run's horizon is ~120)


def scalar_key(seed_key: int, name: str, month: int) -> int:
    """The key of a named decision in a month: ``mix(seed key ^ name key ^ month x 0x9E37)``."""
    return _mix_int(seed_key ^ name_key(name) ^ (month * 0x9E37))


def key_block(seed_key: int, name: str, n: int) -> np.ndarray:
    """:func:`scalar_key` of months -1 .. n - 2 in one vectorised pass (uint64, index month + 1).

    The same 64-bit words: ``month x 0x9E37`` is taken modulo 2^64 (two's complement for month
    -1), as the scalar version's mask does.
    """
    months = np.arange(-1, n - 1, dtype=np.int64) * np.int64(0x9E37)
    x = months.view(np.uint64) ^ np.uint64(seed_key ^ name_key(name))
    return _mix(x)


@njit(cache=True, nogil=True)
def draw_rows(ids, keys):
    """``out[j, i] = draw(ids[i], keys[j])``: the vectorised streams in one compiled pass.

    The same numbers as the numpy formulation (:func:`_mix` on whole arrays), which makes a
    temporary array per step and costs several times more on large populations.
    """
    out = np.empty((len(keys), len(ids)))
    for j in range(len(keys)):
        key = keys[j]
        for i in range(len(ids)):
            out[j, i] = draw(ids[i], key)
    return out


class Streams:
    """Keyed uniform draws for one run.

    Args:
        seed: The run's seed (replication k of every scenario uses the same seed).
    """

    def __init__(self, seed: int) -> None:
        if seed < 0:
            raise ValueError(f"seed must be >= 0, got {seed}")
        self.seed = seed
        self._seed_key = _mix_int(seed * 0x2545F4914F6CDD1D + 0x632BE59BD9B4E019)
        self._keys: dict[str, np.ndarray] = {}  # name -> keys of months -1, 0, 1, ...
        self._stacks: dict[tuple[str, ...], np.ndarray] = {}  # names -> their keys, one row each
        self._scalars: dict[tuple[str, int, int], float] = {}  # (name, month, index) -> its draw

    @property
    def seed_key(self) -> int:
        """The run's 64-bit seed key (every decision's key mixes it with the name and month)."""
        return self._seed_key

    def key(self, name: str, month: int) -> np.uint64:
        """The 64-bit key of a named decision in a month (for compiled rules, see :func:`draw`)."""
        return self._key(name, month)

    def _key(self, name: str, month: int) -> np.uint64:
        """``mix(seed key ^ name key ^ month x 0x9E37)``, from a per-name block of months."""
        if month < 0:  # draws fixed at entry: once per run, no block needed
            return np.uint64(scalar_key(self._seed_key, name, month))
        keys = self._keys.get(name)
        if keys is None or month + 1 >= len(keys):
            keys = self._keys[name] = key_block(self._seed_key, name, max(KEY_BLOCK, 2 * (month + 2)))
        return keys[month + 1]

    def uniform(self, name: str, month: int, ids: np.ndarray) -> np.ndarray:
        """Uniform [0, 1) draws, one per person id, for a named decision in a month.

        Args:
            name: Decision name, e.g. ``"job_offer"``.
            month: Calendar month (use -1 for draws fixed at entry).
            ids: Stable person ids (uint64).

        Returns:
            float64 array with the shape of ``ids``.
        """
        key = self._key(name, month)
        if ids.ndim == 1 and ids.dtype == np.uint64:
            return draw_rows(ids, np.array([key], dtype=np.uint64))[0]
        x = ids * _GOLD
        x += key
        _mix(x)
        x >>= _S11
        return x * _TO_UNIT

    def keys(self, names: tuple[str, ...], month: int) -> np.ndarray:
        """Keys of several named decisions in a month (uint64, one per name), from cached blocks."""
        if month < -1:
            return np.array([self._key(name, month) for name in names], dtype=np.uint64)
        stack = self._stacks.get(names)
        if stack is None or month + 1 >= stack.shape[1]:
            size = max(KEY_BLOCK, 2 * (month + 2))
            stack = self._stacks[names] = np.stack([key_block(self._seed_key, name, size) for name in names])
        return stack[:, month + 1]

    def month_keys(self, name: str, months: int) -> np.ndarray:
        """Keys of a named decision in months 0 .. months - 1: element ``m`` equals ``key(name, m)``."""
        self._key(name, months - 1)
        return self._keys[name][1 : months + 1]

    def uniform_grid(self, name: str, months: int, ids: np.ndarray) -> np.ndarray:
        """Draws of months 0 .. months - 1 at once: row ``m`` equals ``uniform(name, m, ids)``."""
        keys = self.month_keys(name, months)
        x: np.ndarray = keys[:, None] + ids[None, :].astype(np.uint64) * _GOLD
        _mix(x)
        x >>= _S11
        return x * _TO_UNIT

    def uniforms(self, names: tuple[str, ...], month: int, ids: np.ndarray) -> np.ndarray:
        """Several named draws at once: row ``j`` equals ``uniform(names[j], month, ids)``.

        One vectorised pass instead of one call per name (fewer numpy calls for small arrays).
        """
        keys = np.array(self.key_rows(names, month), dtype=np.uint64)
        return draw_rows(np.asarray(ids).astype(np.uint64), keys)

    def key_rows(self, names: tuple[str, ...], month: int) -> list[np.uint64]:
        """The keys of several named decisions in a month, in order (see :func:`uniforms_of_runs`)."""
        return [self._key(name, month) for name in names]

    def scalar(self, name: str, month: int, index: int = 0) -> float:
        """One uniform draw for a model-level decision (e.g. an employer's vacancies), kept once drawn."""
        got = self._scalars.get((name, month, index))
        if got is None:
            got = float(self.uniform(name, month, np.array([index], dtype=np.uint64))[0])
            self._scalars[name, month, index] = got
        return got


def month_keys_of_runs(runs: Sequence[Streams], names: tuple[str, ...], months: int) -> np.ndarray:
    """Several runs' keys of named decisions in months 0 .. months - 1, in one vectorised pass.

    Element ``[m, j, r]`` equals ``runs[r].key(names[j], m)`` (the same words as
    :func:`key_block`: ``month x 0x9E37`` modulo 2^64, then :func:`_mix`).

    Args:
        runs: Each run's streams.
        names: Decision names.
        months: Months from 0.

    Returns:
        uint64 array of shape ``(months, len(names), len(runs))``; ``[m, j]`` is contiguous.
    """
    seeds = np.array([s.seed_key for s in runs], dtype=np.uint64)
    names_u = np.array([name_key(name) for name in names], dtype=np.uint64)
    month_u = (np.arange(months, dtype=np.int64) * np.int64(0x9E37)).view(np.uint64)
    return _mix(month_u[:, None, None] ^ (names_u[:, None] ^ seeds[None, :])[None, :, :])


def uniforms_of_runs(runs: Sequence[Streams], names: tuple[str, ...], month: int, ids: np.ndarray) -> np.ndarray:
    """Several runs' named draws for the same ids in one compiled pass.

    Element ``[j, r]`` equals ``runs[r].uniform(names[j], month, ids)``: every draw depends on
    its (id, key) only, so drawing the runs together changes no number.

    Args:
        runs: Each run's streams.
        names: Decision names.
        month: Calendar month (-1 for draws fixed at entry).
        ids: Stable person ids, the same for every run.

    Returns:
        float64 array of shape ``(len(names), len(runs), len(ids))``.
    """
    keys = np.array([s.key_rows(names, month) for s in runs], dtype=np.uint64).T  # names x runs
    out: np.ndarray = draw_rows(np.asarray(ids).astype(np.uint64), np.ascontiguousarray(keys).ravel())
    return out.reshape(len(names), len(runs), len(ids))
