"""A fast path for clean data: read the three CSVs with pyarrow and check every rule column-wise.

:func:`fast_read` reads a dataset folder into pyarrow Tables, but only when the files are in the
plain case that :mod:`graphkit.reading.dataset` reads without any issue and that pyarrow provably reads the
same way; :func:`fast_clean` says whether :func:`graphkit.reading.validate.validate` would report no issue
at all, neither error nor warning. Both are conservative: ``None`` or ``False`` means "not known to
be clean", and the caller then runs the exact validator, the one source of messages.

Each column-wise form names the exact checks and codes it rules out (:func:`vouches`); the fast
path vouches for a folder only when every exact check and every code it declares is ruled out, so
a rule added to :mod:`graphkit.reading.validate` without a form here sends every folder to the exact checks.

>>> from graphkit.reading.validate import CHECKS
>>> from graphkit.claims.vocab import load_vocabulary
>>> vocab = load_vocabulary()
>>> tables = fast_read(Path("data"), vocab)
>>> unvouched(CHECKS), tables is not None and fast_clean(tables, vocab, CHECKS)
([], True)
"""
from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..claims.dates import date_bounds
from ..claims.rules import LOST_LETTERS as _PY_LOST
from ..claims.rules import MAX_QUOTE_WORDS, TEXT_KINDS
from ..claims.rules import SEED_CLAIM as _SEED_CLAIM
from ..claims.rules import SLUG as _PY_SLUG
from ..claims.rules import URL as _PY_URL
from ..claims.rules import WIKIDATA as _PY_WIKIDATA
from ..claims.vocab import Vocabulary
from ..errors import ValidationReport
from .dataset import FILES, MAX_FIELD_BYTES

__all__ = ["FastTables", "fast_read", "fast_clean", "fast_report", "unvouched", "vouches"]

# What Python's str.strip() and str.split() take for whitespace (none lies above U+3000).
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_WS = "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE)  # the same, inside an RE2 character class
# validate.py's patterns in RE2, for values already stripped (so `$` cannot stop before a final
# "\n"); Python's \s is Unicode whitespace, RE2's ASCII only, so it is spelt out.
_SLUG, _WIKIDATA = _PY_SLUG.pattern, _PY_WIKIDATA.pattern
_URL = _PY_URL.pattern.replace(r"\s", _WS)  # each \s is inside [...]
_LOST = _PY_LOST.pattern.replace(r"\s", _WS)  # the same
_CLAIM = _SEED_CLAIM.pattern.strip("^$")  # each |-separated part, stripped, matches it
_SEED_CLAIMS = rf"^[{_WS}]*{_CLAIM}[{_WS}]*(?:\|[{_WS}]*{_CLAIM}[{_WS}]*)*$"
_EMPTY_ALIAS = rf"(?:^|\|)[{_WS}]*(?:\||$)"
_WORD = rf"[^{_WS}]+"
# The column kinds the checks below know; a vocabulary with another kind is never fast-checked.
KNOWN_KINDS = {None, "slug", "entity_type", "relation_type", "status", "stance", "source_kind",
               "entity_ref", "source_ref", "date", "wikidata", "url", "seed_claims", "aliases", "quote"}
_DECODE_CHUNK = 1 << 24
_SCAN = 1 << 22  # bytes compared at a time when looking for quotes and line breaks


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

    def tables(self) -> dict[str, pa.Table]:
        return {"entities.csv": self.entities, "relations.csv": self.relations, "sources.csv": self.sources}

    @property
    def relation_lines(self) -> np.ndarray:
        return self.lines["relations.csv"]

    @property
    def counts(self) -> dict[str, int]:
        """Rows per file, as ``ValidationReport.checked`` counts them."""
        return {name: table.num_rows for name, table in self.tables().items()}


# -- reading ----------------------------------------------------------------------------------

def fast_read(folder: Path, vocab: Vocabulary) -> FastTables | None:
    """The three files as pyarrow Tables, or None unless each is a plain CSV the exact reader
    takes without any issue and pyarrow reads identically."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    tables, lines = {}, {}
    for name in FILES:
        got = _read_file(folder / name, [c.name for c in vocab.columns[name]])
        if got is None:
            return None
        tables[name], lines[name] = got
    return FastTables(folder, tables["entities.csv"], tables["relations.csv"], tables["sources.csv"], lines)


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


def _read_file(path: Path, expected: list[str]) -> tuple[pa.Table, np.ndarray] | None:
    try:
        if not path.is_file():
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    # The exact reader decodes "utf-8-sig": a BOM is treated specially, so leave it to it; NUL and
    # anything not UTF-8 are issues; a lone \r ends a line for Python but is rare: not handled here.
    if raw.startswith(codecs.BOM_UTF8) or b"\x00" in raw or not _is_utf8(raw):
        return None
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    quotes = _quotes(raw)
    if quotes is None:
        return None
    end = raw.find(b"\n")
    head = raw[:end if end >= 0 else len(raw)]
    if head.count(b'"') % 2:
        return None  # the header goes on over a line break
    header = [name.strip() for name in next(csv.reader([head.decode("utf-8")]))]
    if sorted(header) != sorted(expected):
        return None  # missing, duplicate or unknown columns each make an issue
    start = len(raw) if end < 0 else end + 1
    if raw.startswith(codecs.BOM_UTF8, start):
        return None  # pyarrow would drop a first value's leading U+FEFF as a BOM: left to the exact reader
    if start == len(raw):
        return pa.Table.from_arrays([pa.array([], pa.string()) for _ in header], names=header), np.zeros(0, np.int64)
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
    return table, lines


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


# The bytes a quote may follow when it opens a field (",", "\n", or the quote of ""), and precede
# when it closes one (",", "\n", "\r" of "\r\n", or the quote of "").
_OPEN_AFTER = np.isin(np.arange(256), (44, 10, 34))
_CLOSE_BEFORE = np.isin(np.arange(256), (44, 10, 13, 34))


def _quotes(raw: bytes) -> np.ndarray | None:
    """The offsets of the file's quotes; None unless every quote is where RFC 4180 puts one
    (elsewhere Python's csv module and pyarrow may read it differently) and each is closed."""
    if b'"' not in raw:
        return np.zeros(0, np.int64)
    data = np.frombuffer(raw, dtype=np.uint8)
    quotes = np.concatenate([np.flatnonzero(data[at:at + _SCAN] == 34) + at for at in range(0, len(data), _SCAN)])
    if len(quotes) % 2:
        return None  # a quote never closed: the exact reader reads to the end of the file
    opens, closes = quotes[0::2], quotes[1::2]
    # An opening quote starts a field (after a comma or a line break) or is the second of "".
    if not _OPEN_AFTER[data[opens[opens > 0] - 1]].all():
        return None
    # A closing quote ends a field (before a comma, a line break or the end) or starts "".
    after = closes + 1
    if not _CLOSE_BEFORE[data[after[after < len(data)]]].all():
        return None
    return quotes


def _record_lines(raw: bytes, start: int, quotes: np.ndarray) -> np.ndarray:
    """The first line of each non-blank record after the header (blank lines and line breaks
    inside quoted values make these differ from row + 2)."""
    data = np.frombuffer(raw, dtype=np.uint8)
    breaks = np.concatenate([np.flatnonzero(data[at:at + _SCAN] == 10) + at
                             for at in range(start, len(data), _SCAN)] or [np.zeros(0, np.int64)])
    ending = np.searchsorted(quotes, breaks) % 2 == 0  # outside quotes: a line break ends a record
    index = np.flatnonzero(ending)  # line k + 3 starts after body break k (the header's is line 1's)
    firsts = breaks[index] + 1
    keep = firsts < len(data)
    index, firsts = index[keep], firsts[keep]
    keep = data[firsts] != 10  # a blank line; a lone \r was refused, so \r here is \r\n
    keep &= data[firsts] != 13
    lines = index[keep] + 3
    if start < len(data) and data[start] not in (10, 13):
        lines = np.concatenate([[2], lines])
    return lines.astype(np.int64)


# -- checking ---------------------------------------------------------------------------------

def _all(mask) -> bool:
    return bool(pc.all(mask).as_py()) if len(mask) else True


def _any_empty(column) -> bool:
    return len(column) > 0 and pc.min(pc.binary_length(column)).as_py() == 0


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


class _Scan:
    """What the forms share: the tables, the vocabulary, and the references and dates worked out."""

    def __init__(self, tables: FastTables, vocab: Vocabulary):
        self.tables, self.vocab, self.by_file = tables, vocab, tables.tables()
        self.refs: dict = {}
        self.dates: dict = {}


# Each form: {exact check's name: the codes of that check it rules out}, and the column-wise test,
# True only when the folder has none of them. Forms run in this order (later ones reuse refs, dates).
_FORMS: list[tuple[dict[str, frozenset[str]], Callable[[_Scan], bool]]] = []


def vouches(**checks: tuple[str, ...]) -> Callable:
    """Register a column-wise form: it rules out these codes of these exact checks (by name)."""
    def add(form: Callable[[_Scan], bool]) -> Callable[[_Scan], bool]:
        _FORMS.append(({name: frozenset(codes) for name, codes in checks.items()}, form))
        return form

    return add


def unvouched(checks: Iterable[Callable]) -> list[str]:
    """The exact checks, and their codes, that no form rules out (each declares its codes with
    :func:`graphkit.claims.rules.rule`); while any is left, the fast path vouches for nothing."""
    known: dict[str, frozenset[str]] = {}
    for forms, _ in _FORMS:
        for name, codes in forms.items():
            known[name] = known.get(name, frozenset()) | codes
    missing = []
    for check in checks:
        codes = getattr(check, "codes", None)
        left = sorted(codes - known.get(check.__name__, frozenset())) if codes is not None else ["(undeclared)"]
        if left:
            missing.append(f"{check.__name__}: {', '.join(left)}")
    return missing


def fast_clean(tables: FastTables, vocab: Vocabulary, checks: Iterable[Callable]) -> bool:
    """True only if the exact ``checks`` (:data:`graphkit.reading.validate.CHECKS`) on the same folder, with no
    archive, would report no issue at all.

    Each form below rules out the codes it names of one or more exact checks; a check, or a code,
    that no form names makes the answer False, as does a rule met in a form not handled here, and
    the exact validator then runs.
    """
    if unvouched(checks):
        return False
    if any(c.kind not in KNOWN_KINDS for cols in vocab.columns.values() for c in cols):
        return False
    scan = _Scan(tables, vocab)
    if not all(form(scan) for _, form in _FORMS):
        return False
    tables.found.update(refs=scan.refs, dates=scan.dates)
    return True


@vouches(check_no_rows=("no-rows",))
def _has_rows(scan: _Scan) -> bool:
    return all(t.num_rows for t in scan.by_file.values())


@vouches(check_required=("missing-value",))
def _required_filled(scan: _Scan) -> bool:
    return not any(c.required and _any_empty(table[c.name])
                   for fname, table in scan.by_file.items() for c in scan.vocab.columns[fname])


@vouches(check_ids=("bad-id", "duplicate-id"))
def _ids_clean(scan: _Scan) -> bool:
    """Slugs, unique within their file."""
    for table in scan.by_file.values():
        ids = table["id"]
        if not _matches(ids, _SLUG, filled=True) or len(pc.unique(ids)) != len(ids):
            return False
    return True


@vouches(check_vocabulary_terms=("unknown-entity-type", "unknown-relation-type", "unknown-status",
                                 "unknown-stance", "unknown-source-kind"))
def _terms_known(scan: _Scan) -> bool:
    vocab = scan.vocab
    terms = {"entity_type": vocab.entity_types, "relation_type": vocab.relation_types,
             "status": vocab.status_ids, "stance": vocab.stances, "source_kind": vocab.source_kinds}
    for fname, table in scan.by_file.items():
        for col in vocab.columns[fname]:
            if col.kind in terms:
                allowed = set(terms[col.kind])
                if any(v and v not in allowed for v in pc.unique(table[col.name]).to_pylist()):
                    return False
    return True


@vouches(check_references=("unknown-entity", "unknown-source"))
def _references_resolve(scan: _Scan) -> bool:
    """From relations.csv and sources.csv, keeping the row numbers found."""
    ents, srcs = scan.tables.entities, scan.tables.sources
    for fname in ("relations.csv", "sources.csv"):
        for col in scan.vocab.columns[fname]:
            if col.kind in ("entity_ref", "source_ref"):
                target = ents["id"] if col.kind == "entity_ref" else srcs["id"]
                scan.refs[fname, col.name] = _codes(scan.by_file[fname][col.name], target, col.required)
                if scan.refs[fname, col.name] is None:
                    return False
    return True


@vouches(check_formats=("bad-date", "bad-wikidata", "bad-url", "bad-seed-claim"))
def _formats_clean(scan: _Scan) -> bool:
    for fname, table in scan.by_file.items():
        for col in scan.vocab.columns[fname]:
            pattern = {"wikidata": _WIKIDATA, "url": _URL, "seed_claims": _SEED_CLAIMS}.get(col.kind)
            if pattern and not _matches(table[col.name], pattern):
                return False
            if col.kind == "date":
                scan.dates[fname, col.name] = _date_bounds(table[col.name])
                if scan.dates[fname, col.name] is None:
                    return False
    return True


@vouches(check_date_order=("date-order",))
def _dates_in_order(scan: _Scan) -> bool:
    for fname in ("entities.csv", "relations.csv"):
        table = scan.by_file[fname]
        if "start" in table.column_names and "end" in table.column_names:
            start = scan.dates.get((fname, "start")) or _date_bounds(table["start"])
            end = scan.dates.get((fname, "end")) or _date_bounds(table["end"])
            if start is None or end is None:
                return False
            both = (start[0] > 0) & (end[0] > 0)
            if (end[1][both] < start[0][both]).any():
                return False
    return True


@vouches(check_endpoint_types=("self-loop", "bad-endpoint"), check_duplicate_claims=("duplicate-claim",),
         check_disputes=("orphan-dispute",))
def _endpoints_and_claims(scan: _Scan) -> bool:
    """Endpoint types, duplicate claims and disputes, on row numbers."""
    tables, vocab, refs = scan.tables, scan.vocab, scan.refs
    rels = tables.relations
    type_ids, rel_ids, stance_ids = list(vocab.entity_types), list(vocab.relation_types), list(vocab.stances)
    a, b = refs["relations.csv", "from_id"], refs["relations.csv", "to_id"]
    party, source = refs["relations.csv", "attributed_to"], refs["relations.csv", "source_id"]
    rtype = numbers(pc.index_in(rels["type"], value_set=pa.array(rel_ids)))
    stance = numbers(pc.index_in(rels["stance"], value_set=pa.array(stance_ids)))
    etype = numbers(pc.index_in(tables.entities["type"], value_set=pa.array(type_ids)))
    if (a == b).any():
        return False  # self-loop
    starts = np.array([[t in vocab.relation_types[r].from_types for t in type_ids] for r in rel_ids])
    ends = np.array([[t in vocab.relation_types[r].to_types for t in type_ids] for r in rel_ids])
    if not (starts[rtype, etype[a]].all() and ends[rtype, etype[b]].all()):
        return False  # bad-endpoint
    n_ent, n_src = max(1, tables.entities.num_rows), max(1, tables.sources.num_rows)
    if max(n_ent * n_ent * len(rel_ids), n_ent * len(stance_ids) * n_src) >= 1 << 62:
        return False  # the keys below would overflow: leave it to the exact validator
    link = (a * n_ent + b) * len(rel_ids) + rtype
    who = (party * len(stance_ids) + stance) * n_src + source
    if not _unique_pairs(link, who):
        return False  # duplicate-claim
    asserted = link[stance == stance_ids.index("asserts")]
    disputed = link[stance == stance_ids.index("disputes")]
    asserted = np.sort(asserted)
    found = np.searchsorted(asserted, disputed).clip(0, max(0, len(asserted) - 1))
    return bool(len(disputed) == 0 or (len(asserted) and (asserted[found] == disputed).all()))  # else an orphan-dispute warning


@vouches(check_names=("empty-alias", "shared-name"))
def _names_clean(scan: _Scan) -> bool:
    """No empty alias, no name or alias shared by two entities (case-folded)."""
    ents = scan.tables.entities
    aliases = ents["aliases"]
    if pc.any(pc.match_substring_regex(_filled(aliases), _EMPTY_ALIAS)).as_py():
        return False
    pieces = pc.split_pattern(aliases, "|")
    owners_of_pieces = pc.list_parent_indices(pieces)
    flat = pc.utf8_trim(pc.list_flatten(pieces), characters=WHITESPACE)
    keep = pc.greater(pc.binary_length(flat), 0)
    names = pa.chunked_array(ents["name"].chunks + [pc.filter(flat, keep)], pa.string())
    owners = np.concatenate([np.arange(ents.num_rows), numbers(pc.filter(owners_of_pieces, keep))])
    ascii_ = pc.string_is_ascii(names)
    if _all(ascii_):
        folded = pc.ascii_lower(names)
        if len(pc.unique(folded)) == len(folded):
            return True  # no name given twice, so none by two entities
    else:  # str.casefold() on each distinct non-ASCII name
        others = pc.filter(names, pc.invert(ascii_))
        distinct = pc.unique(others)
        table = pa.array([s.casefold() for s in distinct.to_pylist()], pa.string())
        if len(distinct) == len(others):
            keys = pa.chunked_array([pc.ascii_lower(pc.filter(names, ascii_)), table], pa.string())
            if len(pc.unique(keys)) == len(names):
                return True
        index = pc.index_in(names, value_set=distinct)
        folded = pc.if_else(ascii_, pc.ascii_lower(names), pc.take(table, pc.fill_null(index, 0)))
    codes = numbers(pc.dictionary_encode(folded.combine_chunks()).indices).astype(np.int64)
    pairs = np.unique(codes * max(1, ents.num_rows) + owners)  # each (name, owner) once, by name
    names_of_pairs = pairs // max(1, ents.num_rows)
    return bool((names_of_pairs[1:] != names_of_pairs[:-1]).all())


# the fast path runs only without an archive, where no quote is looked up
@vouches(check_quotes=("long-quote", "no-archive", "quote-not-found"))
def _quotes_clean(scan: _Scan) -> bool:
    """No quote over MAX_QUOTE_WORDS words."""
    quotes = scan.tables.relations["quote"]
    # n words need n - 1 separators: only quotes this long can be too long
    long = pc.filter(quotes, pc.greater_equal(pc.utf8_length(quotes), 2 * MAX_QUOTE_WORDS + 1))
    if not len(long):
        return True
    return pc.max(pc.count_substring_regex(long, _WORD)).as_py() <= MAX_QUOTE_WORDS


@vouches(check_lost_letters=("lost-letters",))
def _no_lost_letters(scan: _Scan) -> bool:
    """No free text holds a word made only of '?'."""
    for fname, table in scan.by_file.items():
        for col in scan.vocab.columns[fname]:
            if col.kind in TEXT_KINDS:
                marked = pc.filter(table[col.name], pc.match_substring(table[col.name], "??"))
                if len(marked) and pc.any(pc.match_substring_regex(marked, _LOST)).as_py():
                    return False
    return True


@vouches(check_sources=("via-cycle", "unused-source"))
def _sources_clean(scan: _Scan) -> bool:
    """Via chains end, and every source is cited by a relation or a via."""
    refs = scan.refs
    via = refs["sources.csv", "via"]
    n = len(via)
    step = via.copy()
    for _ in range(max(1, int(n).bit_length()) + 1):  # 2^k >= n steps: every chain that ends has ended
        step = np.where(step >= 0, step[np.maximum(step, 0)], -1)
    if (step >= 0).any():
        return False  # via-cycle
    used = np.zeros(n, bool)
    used[refs["relations.csv", "source_id"]] = True
    used[via[via >= 0]] = True
    return bool(used.all())  # else an unused-source warning


def fast_report(folder: Path, vocab: Vocabulary, checks: Iterable[Callable]) -> ValidationReport | None:
    """The report the exact ``checks`` give a clean folder, or None when the fast path cannot say."""
    if unvouched(checks):
        return None  # not even worth reading the files
    tables = fast_read(folder, vocab)
    if tables is None or not fast_clean(tables, vocab, checks):
        return None
    return ValidationReport([], tables.counts).sorted()
