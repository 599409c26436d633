"""Array helpers every layer shares.

numpy 2's ``np.unique`` of integers goes through a hash table that is 10 to 15 times slower than
sorting at the sizes graphkit meets (a path search's frontier, a million claims' sources), so
graphkit sorts.

>>> distinct(np.array([3, 1, 3, 2, 1]))
array([1, 2, 3])
"""
from __future__ import annotations

import numpy as np

__all__ = ["distinct"]


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (as ``np.unique(values)``)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
