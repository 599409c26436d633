"""Column-wise tests the fast path's forms share, on pyarrow columns and numpy arrays: all true, the
cells a pattern does not match, vocabulary codes, date bounds, repeated rows, names
folded as Python folds case.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import among
from ..claims.dates import date_bounds
from .fastread import numbers

__all__: list[str] = []  # shared by the forms of graphkit.reading.fastcheck only


def _all(mask) -> bool:
    return bool(pc.all(mask).as_py()) if len(mask) else True


def _mismatched(column, pattern: str) -> np.ndarray:
    """The rows of the non-empty cells that do not match ``pattern`` (RE2)."""
    wrong = pc.and_(pc.greater(pc.binary_length(column), 0), pc.invert(pc.match_substring_regex(column, pattern)))
    return np.flatnonzero(numbers(wrong))


def _empty(column) -> np.ndarray:
    """A mask of the empty cells."""
    return numbers(pc.equal(pc.binary_length(column), 0))


def _first_rows(column) -> np.ndarray:
    """Each cell's first row holding the same value."""
    return numbers(pc.index_in(column, value_set=column)).astype(np.int64)


def _given_twice(column) -> np.ndarray:
    """The rows whose value some other row holds too (empty cells included), in order."""
    first = _first_rows(column)
    again = first != np.arange(len(first))
    marked = again.copy()
    marked[first[again]] = True  # the first row of each value given again
    return np.flatnonzero(marked)


def _codes(column, values) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's position in ``values`` (-1 for an empty cell or one not there), and the rows of the
    non-empty cells that are not there."""
    index = pc.index_in(column, value_set=values)
    codes = numbers(index).astype(np.int64)
    if not index.null_count:
        return codes, np.zeros(0, np.int64)
    return codes, np.flatnonzero((codes < 0) & numbers(pc.greater(pc.binary_length(column), 0)))


def _date_bounds(column) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each cell's first and last day as ordinals (0 where empty or not a date), and the rows whose cell
    is not a date."""
    values = pc.unique(column)
    low, high = np.zeros(len(values) + 1, np.int64), np.zeros(len(values) + 1, np.int64)
    wrong = []
    for i, text in enumerate(values.to_pylist()):
        if text:
            bounds = date_bounds(text)
            if bounds is None:
                wrong.append(i)
            else:
                low[i], high[i] = bounds[0].toordinal(), bounds[1].toordinal()
    index = numbers(pc.index_in(column, value_set=values))
    return low[index], high[index], np.flatnonzero(among(index, np.array(wrong))) if wrong else np.zeros(0, np.int64)


def _repeated_rows(keys: list[np.ndarray]) -> np.ndarray:
    """The rows whose tuple of keys (``keys[0][i], keys[1][i], ...``) some other row has too, in order."""
    n = len(keys[0]) if keys else 0
    mixed = np.zeros(n, np.uint64)
    with np.errstate(over="ignore"):
        for key in keys:
            mixed = (mixed ^ key.astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
    ordered = np.sort(mixed)
    if n < 2 or (ordered[1:] != ordered[:-1]).all():
        return np.zeros(0, np.int64)  # distinct hashes: distinct tuples
    order = np.argsort(mixed, kind="stable")
    same = mixed[order][1:] == mixed[order][:-1]
    alike = np.zeros(n, bool)
    alike[order[1:][same]] = alike[order[:-1][same]] = True
    rows = np.flatnonzero(alike)  # a hash given twice: compare the keys themselves
    stacked = np.stack([key[rows] for key in keys])
    order = np.lexsort(stacked[::-1])
    stacked, rows = stacked[:, order], rows[order]
    same = (stacked[:, 1:] == stacked[:, :-1]).all(axis=0)
    repeated = np.zeros(len(rows), bool)
    repeated[1:][same] = repeated[:-1][same] = True
    return np.sort(rows[repeated])


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
    at = np.flatnonzero(among(codes, wanted))
    at = at[np.lexsort((place[at], rows[at], codes[at]))]
    first = at[np.r_[True, codes[at][1:] != codes[at][:-1]]]
    return first[np.lexsort((place[first], rows[first]))]
