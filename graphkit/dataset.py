"""Reading the three CSV files of a dataset.

This is the one CSV reader. It accepts a UTF-8 BOM, CRLF line ends and quoted
fields holding commas or newlines, and remembers the line each record starts
on so that every later issue can name it. It never raises on bad content:
problems it meets while reading (encoding, CSV syntax, unclosed quotes,
oversized fields, header, row length) become :class:`~graphkit.errors.Issue`
objects in ``Dataset.read_issues``.

>>> ds = read_dataset("data")
>>> ds.entities.path.name, ds.entities.columns[:3]
('entities.csv', ['id', 'name', 'type'])
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DatasetError, Issue
from .suggest import did_you_mean
from .vocab import Vocabulary, load_vocabulary

__all__ = ["Table", "Dataset", "read_dataset", "FILES", "MAX_FIELD_BYTES"]

FILES = ("entities.csv", "relations.csv", "sources.csv")
# A field larger than this is refused with an issue rather than read into memory.
MAX_FIELD_BYTES = 1_000_000
# Cells of these kinds name a vocabulary term, another row or a date, so the same few
# values repeat down a column; rows share one string per distinct value (a million-row
# file then takes about half the memory).
SHARED_KINDS = frozenset({"entity_type", "relation_type", "status", "stance", "source_kind",
                          "entity_ref", "source_ref", "date"})


@dataclass
class Table:
    """One CSV file: its header, its rows as dicts, and each row's first line."""

    path: Path
    display: str  # the path as issues print it
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def column_number(self, name: str) -> int:
        """1-based position of ``name`` in the header (1 if it is missing)."""
        try:
            return self.columns.index(name) + 1
        except ValueError:
            return 1

    def frame(self, columns: list[str]):
        """The rows as a DataFrame of strings with the given columns (and ``line``)."""
        import pandas as pd

        df = pd.DataFrame.from_records(self.rows, columns=columns).fillna("")
        df.insert(0, "line", pd.Series(self.lines, dtype="int64"))
        return df


@dataclass
class Dataset:
    """The three tables of a dataset folder, as read."""

    directory: Path
    entities: Table
    relations: Table
    sources: Table
    read_issues: list[Issue] = field(default_factory=list)

    def tables(self) -> dict[str, Table]:
        return {"entities.csv": self.entities, "relations.csv": self.relations,
                "sources.csv": self.sources}


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _decode(raw: bytes, display: str) -> tuple[str | None, Issue | None]:
    """Decode UTF-8 (with or without BOM); name the first bad byte's place otherwise."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, Issue(display, 1, 1, "encoding",
                           "file is UTF-16; save it as UTF-8 (in a spreadsheet: CSV UTF-8)")
    def place(offset: int) -> tuple[int, int]:
        before = raw[:offset]
        return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = place(exc.start)
        return None, Issue(display, line, column, "encoding",
                           f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8")
    if "\x00" in text:
        line, column = place(raw.index(b"\x00"))
        return None, Issue(display, line, column, "encoding",
                           "NUL byte: this is not a text CSV (UTF-16 without a BOM?); save it as UTF-8")
    return text, None


def _read_table(path: Path, expected: list[str], shared: frozenset[str] = frozenset()
                ) -> tuple[Table, list[Issue]]:
    display = _display(path)
    table = Table(path, display)
    if not path.is_file():
        return table, [Issue(display, 1, 1, "missing-file",
                             f"file not found; create it with the header: {','.join(expected)}")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return table, [Issue(display, 1, 1, "unreadable", f"cannot read file: {exc.strerror}")]
    text, problem = _decode(raw, display)
    if problem:
        return table, [problem]
    if not text or text.isspace():
        return table, [Issue(display, 1, 1, "empty-file",
                             f"file is empty; it needs at least the header: {','.join(expected)}")]
    del text  # parsed from the bytes a line at a time: a StringIO of it would take 4 bytes a character
    return table, _parse(raw, table, expected, shared)


def _parse(raw: bytes, table: Table, expected: list[str], shared: frozenset[str]) -> list[Issue]:
    issues: list[Issue] = []
    display = table.display
    csv.field_size_limit(MAX_FIELD_BYTES)
    # newline="": line ends stay as they are, for the csv module (as with open(newline="")).
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline=""))
    pool: dict[str, str] = {}  # one string per distinct value of the shared columns
    last_line = fields = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # The reader drops the rest of the line it failed on and goes on with the next one.
            issues.append(_syntax_issue(exc, raw, display, last_line + 1))
            last_line = reader.line_num
            continue
        first_line, last_line, fields = last_line + 1, reader.line_num, len(record)
        if not table.columns:
            issues += _set_header(table, record, expected)
            if not table.columns:
                return issues
            continue
        if not any(value.strip() for value in record):
            continue  # a blank line, or a spreadsheet's empty row (",,,,")
        width = len(table.columns)
        if len(record) != width:
            # The row is still kept (padded or cut) so that one bad row does not
            # make every reference to it look broken too.
            code = "short-row" if len(record) < width else "long-row"
            issues.append(Issue(display, first_line, min(len(record), width) + (len(record) > width), code,
                                f"row has {len(record)} fields, the header has {width}; "
                                "check for a missing or extra comma, or an unquoted comma in a value"))
            record = (record + [""] * width)[:width]
        row = {}
        for name, value in zip(table.columns, record):
            value = value.strip()
            row[name] = pool.setdefault(value, value) if name in shared else value
        table.rows.append(row)
        table.lines.append(first_line)
    if table.lines and _open_quote_at_end(raw, table.lines[-1]):
        issues = [i for i in issues if i.line != table.lines[-1]]  # its field count means nothing
        issues.append(Issue(display, table.lines[-1], fields, "unclosed-quote",
                            f"the quote that opens this field is never closed, so lines {table.lines[-1]}-"
                            f"{last_line} were read as one value; close it (a quote inside a value is "
                            'written twice: "")'))
    return issues


def _syntax_issue(exc: csv.Error, raw: bytes, display: str, line: int) -> Issue:
    """The issue for a record, starting on ``line``, that the csv module refused."""
    if "field larger than field limit" in str(exc):
        return Issue(display, line, _oversized_column(raw, line), "field-too-large",
                     f"a field is larger than {MAX_FIELD_BYTES:,} bytes; check for an unclosed quote, "
                     "or shorten the value")
    return Issue(display, line, 1, "csv-syntax", f"CSV syntax error: {exc}; check the quoting on this line")


def _oversized_column(raw: bytes, line: int) -> int:
    """The column of the first field over the limit in the record starting on ``line`` (1 if not found).

    The record is read again without the limit, but from at most four times the
    limit of text, so that finding the place costs bounded memory.
    """
    lines = itertools.islice(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline=""), line - 1, None)
    budget = 4 * MAX_FIELD_BYTES

    def capped():
        nonlocal budget
        for text in lines:
            if budget <= 0:
                return
            yield text[:budget]
            budget -= len(text)

    limit = csv.field_size_limit(budget + 1)
    try:
        record = next(csv.reader(capped()), [])
    finally:
        csv.field_size_limit(limit)
    return next((n for n, value in enumerate(record, 1) if len(value) > MAX_FIELD_BYTES), 1)


def _open_quote_at_end(raw: bytes, line: int) -> bool:
    """Whether the record starting on ``line`` (the last one) reaches the end of the file inside quotes.

    The csv module, lenient, then hands back the rest of the file as one value
    without complaint; read strictly, that record says so.
    """
    lines = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")
    try:
        for _ in csv.reader(itertools.islice(lines, line - 1, None), strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _set_header(table: Table, record: list[str], expected: list[str]) -> list[Issue]:
    issues = []
    header = [h.strip() for h in record]
    display = table.display
    separator = next((sep for sep in ";\t|" if len(header) == 1 and sep in header[0]), None)
    if separator is not None:  # one column listing them all: saved with another separator
        return [Issue(display, 1, 1, "wrong-separator",
                      f"the header is one column holding {separator!r} between names; separate columns "
                      "with commas (in a spreadsheet: save as CSV UTF-8, comma-delimited)")]
    seen: set[str] = set()
    for pos, name in enumerate(header, 1):
        if name in seen:
            issues.append(Issue(display, 1, pos, "duplicate-column", f"column '{name}' appears twice"))
        seen.add(name)
    for name in expected:
        if name not in seen:
            issues.append(Issue(display, 1, len(header) + 1, "missing-column",
                                f"missing column '{name}'; the header must have: {','.join(expected)}"))
    for pos, name in enumerate(header, 1):
        if name not in expected:
            hint = did_you_mean(name, expected)
            issues.append(Issue(display, 1, pos, "unknown-column",
                                f"unknown column '{name}'{hint}; it is kept but not used", "warning"))
    if any(i.severity == "error" for i in issues):
        return issues  # leave columns empty: rows cannot be read reliably
    table.columns = header
    return issues


def require_folder(folder: Path) -> None:
    """Raise a clear :class:`DatasetError` when the dataset folder does not exist."""
    if not folder.is_dir():
        raise DatasetError(f"{folder}: no such dataset folder; pass --data DIR "
                           "pointing at the folder holding entities.csv, relations.csv and sources.csv")


def read_dataset(directory: str | Path = "data", vocab: Vocabulary | None = None) -> Dataset:
    """Read ``entities.csv``, ``relations.csv`` and ``sources.csv`` from a folder.

    Raises :class:`DatasetError` only when the folder itself does not exist;
    every problem inside the files is recorded in ``read_issues``.
    """
    vocab = vocab or load_vocabulary()
    folder = Path(directory)
    require_folder(folder)
    tables, issues = {}, []
    for name in FILES:
        expected = [c.name for c in vocab.columns[name]]
        shared = frozenset(c.name for c in vocab.columns[name] if c.kind in SHARED_KINDS)
        tables[name], found = _read_table(folder / name, expected, shared)
        issues += found
    return Dataset(folder, tables["entities.csv"], tables["relations.csv"], tables["sources.csv"], issues)
