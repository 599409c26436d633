"""Columns of text stored as one UTF-8 buffer and offsets, memory-mapped from disk.

>>> col = StrColumn.from_list(["alice", "bob", "Вера"])
>>> col[2], col.search("bob"), col.search("carol")
('Вера', 1, None)
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["StrColumn", "mapped", "join_text", "join_present", "rows_holding", "write_rows"]


class StrColumn:
    """Strings as one UTF-8 buffer and offsets: any row in O(1), no Python object per row."""

    def __init__(self, data: np.ndarray, offsets: np.ndarray):
        self.data, self.offsets = data, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i) -> str:
        offsets = self.offsets
        return self.data[offsets[i]:offsets[i + 1]].tobytes().decode("utf-8")

    def take(self, rows=None) -> list[str]:
        """Many rows at once (all with None), decoded in C by pyarrow."""
        return self.arrow(rows).to_pylist()

    def arrow(self, rows=None):
        """The column (or the rows ``rows``, in that order) as a pyarrow large_string array, without
        a Python object per row."""
        import pyarrow as pa

        array = pa.LargeStringArray.from_buffers(len(self), pa.py_buffer(np.ascontiguousarray(self.offsets)),
                                                 pa.py_buffer(np.ascontiguousarray(self.data)))
        if rows is not None:  # from a buffer: pa.array() would import pandas (0.3 s) to check its input
            rows = np.ascontiguousarray(rows, dtype=np.int64)
            array = array.take(pa.Array.from_buffers(pa.int64(), len(rows), [None, pa.py_buffer(rows)]))
        return array

    def lower_bound(self, text: str) -> int:
        """The first position whose string is not below ``text`` (the column sorted by code point,
        which UTF-8 bytes sort the same as)."""
        lo, hi = 0, len(self)
        while lo < hi:
            mid = (lo + hi) // 2
            if self[mid] < text:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def search(self, text: str) -> int | None:
        """Position of ``text`` in a sorted column, or None."""
        at = self.lower_bound(text)
        return at if at < len(self) and self[at] == text else None

    @classmethod
    def from_arrow(cls, column) -> "StrColumn":
        import pyarrow as pa

        array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        width = np.int64 if pa.types.is_large_string(array.type) else np.int32
        buffers = array.buffers()
        offsets = np.frombuffer(buffers[1], dtype=width)[array.offset:array.offset + len(array) + 1]
        data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
        return cls(data[offsets[0]:offsets[-1]], offsets.astype(np.int64) - offsets[0])

    @classmethod
    def from_list(cls, texts: list[str]) -> "StrColumn":
        encoded = [t.encode("utf-8") for t in texts]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), offsets)

    def save(self, folder: Path, name: str) -> None:
        np.save(folder / f"{name}.data.npy", self.data)
        np.save(folder / f"{name}.offsets.npy", self.offsets)

    @classmethod
    def load(cls, folder: Path, name: str) -> "StrColumn":
        return cls(mapped(folder / f"{name}.data.npy"), mapped(folder / f"{name}.offsets.npy"))


def mapped(path: Path) -> np.ndarray:
    """A stored array, memory-mapped (read on demand) as a plain ndarray (fast to index)."""
    return np.load(path, mmap_mode="r").view(np.ndarray)


def join_text(*parts):
    """Text columns and literal text joined row by row, as one pyarrow large_string array (a row
    with a null piece is null).

    >>> import pyarrow as pa
    >>> join_text("<", pa.array(["a", "b"]), ">").to_pylist()
    ['<a>', '<b>']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    large = pa.large_string()
    joined = pc.binary_join_element_wise(*[(p if p.type == large else p.cast(large))
                                           if isinstance(p, (pa.Array, pa.ChunkedArray)) else pa.scalar(p, large)
                                           for p in parts], pa.scalar("", large))
    return joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined


def join_present(parts, separator: str):
    """Per row, the pieces that are not null joined by ``separator``; '' where all are null.

    (pyarrow 26's ``binary_join_element_wise`` with ``null_handling="skip"`` drops a row whose
    pieces are all null, so a leading '' keeps every row, and its separator is cut off after.)

    >>> import pyarrow as pa
    >>> join_present([pa.array(["a", None, None]), pa.array(["b", "c", None])], "; ").to_pylist()
    ['a; b', 'c', '']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    large = pa.large_string()
    arrays = [p if p.type == large else p.cast(large) for p in parts]
    if not arrays or not len(arrays[0]):
        return pa.array([""] * (len(arrays[0]) if arrays else 0), large)
    lead = pa.array([""] * len(arrays[0]), large)
    joined = pc.binary_join_element_wise(lead, *arrays, pa.scalar(separator, large), null_handling="skip")
    return pc.utf8_slice_codeunits(joined, len(separator)) if separator else joined


def rows_holding(values, byte_values) -> np.ndarray:
    """Which rows of a large_string array hold any of the (ASCII) ``byte_values``: one look-up per
    byte of the buffer, several times faster than a regular expression's scan.

    >>> import pyarrow as pa
    >>> rows_holding(pa.array(['a', 'b"c', None, ''], pa.large_string()), b'"\\\\').tolist()
    [False, True, False, False]
    """
    wanted = np.zeros(256, dtype=bool)
    wanted[np.frombuffer(bytes(byte_values), dtype=np.uint8)] = True
    _, offsets, data = values.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int64, count=len(values) + 1, offset=values.offset * 8)
    found = np.zeros(len(values), dtype=bool)
    if data is None or bounds[-1] == bounds[0]:
        return found
    at = np.flatnonzero(wanted[np.frombuffer(data, dtype=np.uint8)[bounds[0]:bounds[-1]]]) + bounds[0]
    found[np.searchsorted(bounds, at, side="right") - 1] = True
    if values.null_count:
        found &= values.is_valid().to_numpy(zero_copy_only=False)
    return found


def write_rows(fh, rows, drop_last: int = 0) -> None:
    """The rows of a text column written back to back into a binary file, straight from the array's
    buffer (``drop_last``: that many bytes of the last row left out, such as a trailing separator)."""
    import pyarrow as pa

    if not len(rows):
        return
    rows = rows.combine_chunks() if isinstance(rows, pa.ChunkedArray) else rows
    rows = rows if rows.type == pa.large_string() else rows.cast(pa.large_string())
    _, offsets, data = rows.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int64, count=len(rows) + 1, offset=rows.offset * 8)
    fh.write(memoryview(data)[bounds[0]:bounds[-1] - drop_last])
