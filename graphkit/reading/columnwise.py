"""Column-wise tests the fast path's forms share, on pyarrow columns and numpy arrays: all true, the
filled cells, a pattern matched by every cell, vocabulary codes, date bounds, unique pairs, names
folded as Python folds case.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..claims.dates import date_bounds
from .fastread import numbers

__all__: list[str] = []  # shared by the forms of graphkit.reading.fastcheck only


def _all(mask) -> bool:
    return bool(pc.all(mask).as_py()) if len(mask) else True


def _filled(column):
    """The non-empty cells of a column (what ``Context.cells`` yields)."""
    return pc.filter(column, pc.greater(pc.binary_length(column), 0))


def _matches(column, pattern: str, filled: bool = False) -> bool:
    """Every non-empty cell matches ``pattern`` (RE2); ``filled``: no cell is empty."""
    return _all(pc.match_substring_regex(column if filled else _filled(column), pattern))


def _codes(column, values, required: bool) -> np.ndarray | None:
    """Each cell's position in ``values`` (-1 for an empty cell); None if a non-empty cell is not there."""
    index = pc.index_in(column, value_set=values)
    if required:  # no cell is empty (checked before): every null is a miss
        return None if index.null_count else numbers(index).astype(np.int64)
    missing = pc.and_(pc.is_null(index), pc.greater(pc.binary_length(column), 0))
    if pc.any(missing).as_py():
        return None
    return numbers(index).astype(np.int64)


def _date_bounds(column) -> tuple[np.ndarray, np.ndarray] | None:
    """Each cell's first and last day as ordinals (0 where empty); None if a cell is not a date."""
    values = pc.unique(column)
    low, high = np.zeros(len(values) + 1, np.int64), np.zeros(len(values) + 1, np.int64)
    for i, text in enumerate(values.to_pylist()):
        if text:
            bounds = date_bounds(text)
            if bounds is None:
                return None
            low[i], high[i] = bounds[0].toordinal(), bounds[1].toordinal()
    index = numbers(pc.index_in(column, value_set=values))
    return low[index], high[index]


def _unique_pairs(left: np.ndarray, right: np.ndarray) -> bool:
    """No (left[i], right[i]) pair occurs twice."""
    if len(left) < 2:
        return True
    mixed = np.sort(left.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) ^ right.astype(np.uint64))
    if (mixed[1:] != mixed[:-1]).all():
        return True  # distinct hashes: distinct pairs
    pairs = pa.Table.from_arrays([pa.array(left), pa.array(right)], names=["a", "b"]).group_by(["a", "b"]).aggregate([])
    return pairs.num_rows == len(left)


def _folded_codes(names) -> np.ndarray | None:
    """Each name's code after Python's ``str.casefold`` (equal codes: the same name, case aside),
    or None when no two names fold alike."""
    ascii_ = pc.string_is_ascii(names)
    if _all(ascii_):
        folded = pc.ascii_lower(names)
        if len(pc.unique(folded)) == len(folded):
            return None
    else:  # str.casefold() on each distinct non-ASCII name
        others = pc.filter(names, pc.invert(ascii_))
        spelled = pc.unique(others)
        table = pa.array([s.casefold() for s in spelled.to_pylist()], pa.string())
        if len(spelled) == len(others):
            keys = pa.chunked_array([pc.ascii_lower(pc.filter(names, ascii_)), table], pa.string())
            if len(pc.unique(keys)) == len(names):
                return None
        index = pc.index_in(names, value_set=spelled)
        folded = pc.if_else(ascii_, pc.ascii_lower(names), pc.take(table, pc.fill_null(index, 0)))
    return numbers(pc.dictionary_encode(folded.combine_chunks()).indices).astype(np.int64)


def _first_of_each(codes: np.ndarray, wanted: np.ndarray, rows: np.ndarray, place: np.ndarray) -> np.ndarray:
    """For each code in ``wanted``, the position where it first appears (by row, then place in the
    row), these positions in that same order."""
    at = np.flatnonzero(np.isin(codes, wanted))
    at = at[np.lexsort((place[at], rows[at], codes[at]))]
    first = at[np.r_[True, codes[at][1:] != codes[at][:-1]]]
    return first[np.lexsort((place[first], rows[first]))]
