"""Counter-based random numbers: a draw is a pure function of (seed, what, unit, slot…).

The generator is vectorised over rows, and a unit's rows must not depend on how many units
are generated (unit 7 of a 10-unit corpus is unit 7 of a 100,000-unit one). A sequential
generator cannot give both, so every value is a hash (splitmix64) of its coordinates.
"""

from __future__ import annotations

import zlib

import numpy as np

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def _hash(seed: int, what: str, keys: tuple[np.ndarray | int, ...]) -> np.ndarray:
    """A uint64 per row from the seed, the name of the draw and the row's coordinates."""
    h = np.uint64((seed * 0x2545F4914F6CDD1D + zlib.crc32(what.encode())) & (2**64 - 1))
    arrays = [np.asarray(k, dtype=np.int64).astype(np.uint64) for k in keys]
    shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
    z = np.full(shape, h, dtype=np.uint64)
    for a in arrays:
        z = _mix(z ^ (a * _GOLDEN + np.uint64(0x632BE59BD9B4E019)))
    return _mix(z)


def uniform(seed: int, what: str, *keys: np.ndarray | int) -> np.ndarray:
    """Uniform floats in [0, 1)."""
    return (_hash(seed, what, keys) >> np.uint64(11)).astype(np.float64) * 2.0**-53


def normal(seed: int, what: str, *keys: np.ndarray | int) -> np.ndarray:
    """Standard normal draws (Box–Muller on two independent uniforms)."""
    u1 = uniform(seed, what + "/1", *keys)
    u2 = uniform(seed, what + "/2", *keys)
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)


def lognormal(seed: int, what: str, mu: float | np.ndarray, sigma: float | np.ndarray,
              *keys: np.ndarray | int) -> np.ndarray:
    return np.exp(mu + sigma * normal(seed, what, *keys))


def choice(seed: int, what: str, weights: np.ndarray, *keys: np.ndarray | int) -> np.ndarray:
    """Indices drawn with probabilities proportional to `weights`."""
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    u = uniform(seed, what, *keys) * cum[-1]
    return np.minimum(np.searchsorted(cum, u, side="right"), len(cum) - 1)


def bernoulli(seed: int, what: str, p: float | np.ndarray, *keys: np.ndarray | int) -> np.ndarray:
    return uniform(seed, what, *keys) < p
