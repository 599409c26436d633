"""Read a dataset's three CSV files with pyarrow, in the plain case that :mod:`graphkit.reading.dataset`
reads without any issue and that pyarrow provably reads the same way (UTF-8, with or without a BOM, no
stray quotes, no lone carriage return, cells within the field limit), with the line each record starts
on. A file outside that case is read by the exact reader alone, the other files still by pyarrow.
"""
from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..claims.vocab import Vocabulary
from .dataset import FILES, MAX_FIELD_BYTES, read_file, read_tail
from .quotes import _quotes, _record_lines, _record_start

__all__ = ["FastTables", "WHITESPACE", "fast_read", "numbers"]

# What Python's str.strip() and str.split() take for whitespace (none lies above U+3000).
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_DECODE_CHUNK = 1 << 24


@dataclass
class FastTables:
    """The three files as pyarrow Tables of stripped strings, columns in file order, and each row's
    1-based first line in its file (``lines["relations.csv"][i]`` for relations row ``i``)."""

    directory: Path
    entities: pa.Table
    relations: pa.Table
    sources: pa.Table
    lines: dict[str, np.ndarray]
    # What fast_clean worked out that a builder can reuse: references as row positions in the
    # target file, keyed (file, column), under "refs"; date bounds as ordinals under "dates".
    found: dict = field(default_factory=dict)
    # The warnings of a valid folder, each as the exact checks word it (no error is ever here).
    warnings: list = field(default_factory=list)
    # What the exact reader said of the files it read (those the fast reader declined, named in exact_files).
    read_issues: list = field(default_factory=list)
    exact_files: list = field(default_factory=list)

    def tables(self) -> dict[str, pa.Table]:
        return {"entities.csv": self.entities, "relations.csv": self.relations, "sources.csv": self.sources}

    @property
    def relation_lines(self) -> np.ndarray:
        return self.lines["relations.csv"]

    @property
    def counts(self) -> dict[str, int]:
        """Rows per file, as ``ValidationReport.checked`` counts them."""
        return {name: table.num_rows for name, table in self.tables().items()}


def fast_read(folder: Path, vocab: Vocabulary) -> FastTables | None:
    """The three files as pyarrow Tables, each read by pyarrow when it is a plain CSV the exact reader
    takes without any issue and pyarrow reads identically, else by the exact reader (its issues kept
    in ``read_issues``); None when the exact reader cannot read a file's rows at all (no file, no
    usable header), where the exact checks leave out what depends on that file."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    tables, lines, issues, exact = {}, {}, [], []
    for name in FILES:
        got = _read_file(folder / name, [c.name for c in vocab.columns[name]],
                         {c.name for c in vocab.columns[name] if c.optional})
        if got is not None and got[2] is not None:
            got = _read_rest(folder / name, vocab, issues, *got)  # its rest by the exact reader
            exact += [name] if got is not None else []
        if got is None:
            got = _read_exactly(folder / name, vocab, issues)
            if got is None:
                return None
            exact.append(name)
        tables[name], lines[name] = got[:2]
    return FastTables(folder, tables["entities.csv"], tables["relations.csv"], tables["sources.csv"], lines,
                      read_issues=issues, exact_files=exact)


def _read_rest(path: Path, vocab: Vocabulary, issues: list, table: pa.Table, lines: np.ndarray, rest: tuple):
    """The rows pyarrow read, then those the exact reader reads from where it left off (its issues
    added to ``issues``): the same rows, lines and issues as the exact reader's for the whole file."""
    tail, found = read_tail(path, vocab, *rest)
    if not tail.columns or not tail.lines:
        return None  # no row after the cut: what the last row before it is read as depends on the rest
    issues.extend(found)
    more, more_lines = _arrow(tail)
    return pa.concat_tables([table, more.select(table.column_names)]), np.concatenate([lines, more_lines])


def _read_exactly(path: Path, vocab: Vocabulary, issues: list) -> tuple[pa.Table, np.ndarray] | None:
    """A file the fast reader declines, read by the exact reader into a Table (its issues added to
    ``issues``); None unless its header names every column."""
    table, found = read_file(path, vocab)
    if not table.columns or any(c.name not in table.columns and not c.optional for c in vocab.columns[path.name]):
        return None
    issues.extend(found)
    return _arrow(table)


def _arrow(table) -> tuple[pa.Table, np.ndarray]:
    """The exact reader's rows (optional columns the file leaves out, empty) and their lines, as pyarrow."""
    names = table.columns + table.absent
    arrays = [pa.array([row[name] for row in table.rows], pa.string()) for name in names]
    return pa.Table.from_arrays(arrays, names=names), np.asarray(table.lines, dtype=np.int64)


def numbers(array) -> np.ndarray:
    """An integer or boolean pyarrow array (chunked or not) as numpy, nulls as -1.

    Read from the array's buffer rather than through ``to_numpy``, which imports pandas
    (half a second at every start of the command line).
    """
    if isinstance(array, pa.ChunkedArray):
        array = array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()
    if array.null_count:
        array = pc.fill_null(array, -1)
    boolean = pa.types.is_boolean(array.type)
    if boolean:
        array = pc.cast(array, pa.int8())
    dtype = np.dtype(str(array.type))
    if len(array) == 0:
        return np.zeros(0, dtype=bool if boolean else dtype)
    out = np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)
    return out.astype(bool) if boolean else out


def _is_utf8(raw: bytes) -> bool:
    """Strict UTF-8 as Python decodes it (no surrogates, no overlong forms), in bounded memory."""
    if raw.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    try:
        for start in range(0, len(raw), _DECODE_CHUNK):
            decoder.decode(view[start:start + _DECODE_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _any_empty(column) -> bool:
    return len(column) > 0 and pc.min(pc.binary_length(column)).as_py() == 0


def _read_file(path: Path, expected: list[str], optional: set[str] = frozenset()
               ) -> tuple[pa.Table, np.ndarray, tuple | None] | None:
    """The file's rows and their lines, read by pyarrow; and, where a quote past some line is one the
    fast reader cannot vouch for, the rest it leaves to the exact reader: (header, the rest's bytes,
    the line it starts on); None if it reads nothing."""
    got = _read_header_and_rows(path, expected, optional)
    if got is None:
        return None
    table, lines, rest = got
    for name in expected:  # an optional column the file leaves out reads as empty
        if name not in table.column_names:
            table = table.append_column(name, pa.repeat(pa.scalar("", pa.string()), table.num_rows))
    return table, lines, rest


def _read_header_and_rows(path: Path, expected: list[str], optional: set[str]
                          ) -> tuple[pa.Table, np.ndarray, tuple | None] | None:
    try:
        if not path.is_file():
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    # The exact reader decodes "utf-8-sig", which drops one BOM (a spreadsheet's "CSV UTF-8" has it);
    # NUL and anything not UTF-8 are issues; a lone \r ends a line for Python but is rare: not handled here.
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    if b"\x00" in raw or not _is_utf8(raw):
        return None
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    quotes, trouble = _quotes(raw)
    end = raw.find(b"\n")
    head = raw[:end if end >= 0 else len(raw)]
    if head.count(b'"') % 2:
        return None  # the header goes on over a line break
    header = [name.strip() for name in next(csv.reader([head.decode("utf-8")]))]
    if len(set(header)) != len(header) or not set(expected) - optional <= set(header) <= set(expected):
        return None  # missing, duplicate or unknown columns each make an issue
    start = len(raw) if end < 0 else end + 1
    if raw.startswith(codecs.BOM_UTF8, start):
        return None  # pyarrow would drop a first value's leading U+FEFF as a BOM: left to the exact reader
    rest = None
    if trouble is not None:  # the records before the one the trouble begins in are read here
        cut = _record_start(raw, start, quotes, trouble)
        if cut <= start:
            return None
        rest, raw = (raw[:start], raw[cut:], raw.count(b"\n", 0, cut) + 1), raw[:cut]
    if start == len(raw):
        return (pa.Table.from_arrays([pa.array([], pa.string()) for _ in header], names=header),
                np.zeros(0, np.int64), rest)
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(raw).slice(start)),
            read_options=pacsv.ReadOptions(column_names=header, use_threads=True, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=",", quote_char='"', double_quote=True,
                                             escape_char=False, newlines_in_values=raw.find(b'"', start) >= 0,
                                             ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in header},
                                                 strings_can_be_null=False, null_values=[],
                                                 quoted_strings_can_be_null=False, check_utf8=True))
    except pa.ArrowException:
        return None  # a wrong field count, mostly: the exact reader names it
    if table.column_names != header:
        return None
    # As many lines as rows: no blank line and no line break inside a value, so row i is on line i + 2.
    count = raw.count(b"\n", start) + (0 if raw.endswith(b"\n") or start >= len(raw) else 1)
    lines = np.arange(2, count + 2, dtype=np.int64) if count == table.num_rows else _record_lines(raw, start, quotes)
    if len(lines) != table.num_rows:
        return None
    columns = []
    for name in header:
        column = table[name]
        if column.num_chunks and pc.max(pc.binary_length(column)).as_py() >= MAX_FIELD_BYTES:
            return None  # the csv module's field limit, counted in characters: bytes are never fewer
        columns.append(pc.utf8_trim(column, characters=WHITESPACE) if _may_have_edge_space(column) else column)
    table = pa.Table.from_arrays(columns, names=header)
    if _any_empty(table["id"]):
        # a row of empty cells (",,,,") is skipped by the exact reader, and it has an empty id
        empty = pc.and_(*(pc.equal(pc.binary_length(c), 0) for c in columns[:2]))
        for column in columns[2:]:
            empty = pc.and_(empty, pc.equal(pc.binary_length(column), 0))
        if pc.any(empty).as_py():
            return None
    return table, lines, rest


# Bytes that may begin or end a whitespace character: ASCII whitespace, and every non-ASCII byte.
_EDGE = np.zeros(256, bool)
_EDGE[[ord(c) for c in WHITESPACE if ord(c) < 128]] = True
_EDGE[128:] = True


def _may_have_edge_space(column: pa.ChunkedArray) -> bool:
    """Whether some cell may start or end with whitespace (False: str.strip() leaves every cell as is),
    from the first and last byte of each cell, read off the Arrow buffers."""
    for chunk in column.chunks:
        if len(chunk) == 0:
            continue
        _, offsets, data = chunk.buffers()
        if data is None:
            continue
        offsets = np.frombuffer(offsets, np.int32)[chunk.offset:chunk.offset + len(chunk) + 1]
        data = np.frombuffer(data, np.uint8)
        filled = offsets[1:] > offsets[:-1]
        if _EDGE[data[offsets[:-1][filled]]].any() or _EDGE[data[offsets[1:][filled] - 1]].any():
            return True
    return False
