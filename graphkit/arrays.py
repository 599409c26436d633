"""Array helpers every layer shares.

numpy 2's ``np.unique`` of integers goes through a hash table that is 10 to 15 times slower than
sorting at the sizes graphkit meets (a path search's frontier, a million claims' sources), so
graphkit sorts. ``np.isin`` is as slow (it sorts the two arrays together); :func:`among` sorts one.

>>> distinct(np.array([3, 1, 3, 2, 1]))
array([1, 2, 3])
>>> among(np.array([5, 1, 4]), np.array([4, 2, 5, 5]))
array([ True, False,  True])
"""
from __future__ import annotations

import numpy as np

__all__ = ["distinct", "among"]


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (as ``np.unique(values)``)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def among(values: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``pool`` (as ``np.isin(values, pool)``)."""
    ordered = np.sort(pool)
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return ordered[at] == values
