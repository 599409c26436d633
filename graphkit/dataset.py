"""Reading the three CSV files of a dataset.

This is the one CSV reader. It accepts a UTF-8 BOM, CRLF line ends and quoted
fields holding commas or newlines, and remembers the line each record starts
on so that every later issue can name it. It never raises on bad content:
problems it meets while reading (encoding, CSV syntax, header, row length)
become :class:`~graphkit.errors.Issue` objects in ``Dataset.read_issues``.

>>> ds = read_dataset("data")
>>> ds.entities.path.name, ds.entities.columns[:3]
('entities.csv', ['id', 'name', 'type'])
"""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import DatasetError, Issue
from .suggest import did_you_mean
from .vocab import Vocabulary, load_vocabulary

__all__ = ["Table", "Dataset", "read_dataset", "FILES", "MAX_FIELD_BYTES"]

FILES = ("entities.csv", "relations.csv", "sources.csv")
# A field larger than this is refused with an issue rather than read into memory.
MAX_FIELD_BYTES = 1_000_000


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

    def frame(self, columns: list[str]) -> pd.DataFrame:
        """The rows as a DataFrame of strings with the given columns (and ``line``)."""
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


def _read_table(path: Path, expected: list[str]) -> tuple[Table, list[Issue]]:
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
    if not text.strip():
        return table, [Issue(display, 1, 1, "empty-file",
                             f"file is empty; it needs at least the header: {','.join(expected)}")]
    return table, _parse(text, table, expected)


def _parse(text: str, table: Table, expected: list[str]) -> list[Issue]:
    issues: list[Issue] = []
    display = table.display
    csv.field_size_limit(MAX_FIELD_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""))
    last_line = 0
    try:
        for record in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not table.columns:
                issues += _set_header(table, record, expected)
                if not table.columns:
                    return issues
                continue
            if not record or record == [""]:
                continue  # a blank line
            width = len(table.columns)
            if len(record) != width:
                # The row is still kept (padded or cut) so that one bad row does not
                # make every reference to it look broken too.
                code = "short-row" if len(record) < width else "long-row"
                issues.append(Issue(display, first_line, min(len(record), width) + (len(record) > width), code,
                                    f"row has {len(record)} fields, the header has {width}; "
                                    "check for a missing or extra comma, or an unquoted comma in a value"))
                record = (record + [""] * width)[:width]
            table.rows.append({name: value.strip() for name, value in zip(table.columns, record)})
            table.lines.append(first_line)
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = (f"a field is larger than {MAX_FIELD_BYTES:,} bytes; "
                       "check for an unclosed quote, or shorten the value")
            code = "field-too-large"
        else:
            code = "csv-syntax"
            message = f"CSV syntax error: {message}; check the quoting on this line"
        issues.append(Issue(display, last_line + 1, 1, code, message))
    return issues


def _set_header(table: Table, record: list[str], expected: list[str]) -> list[Issue]:
    issues = []
    header = [h.strip() for h in record]
    display = table.display
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


def read_dataset(directory: str | Path = "data", vocab: Vocabulary | None = None) -> Dataset:
    """Read ``entities.csv``, ``relations.csv`` and ``sources.csv`` from a folder.

    Raises :class:`DatasetError` only when the folder itself does not exist;
    every problem inside the files is recorded in ``read_issues``.
    """
    vocab = vocab or load_vocabulary()
    folder = Path(directory)
    if not folder.is_dir():
        raise DatasetError(f"{folder}: no such dataset folder; pass --data DIR "
                           "pointing at the folder holding entities.csv, relations.csv and sources.csv")
    tables, issues = {}, []
    for name in FILES:
        expected = [c.name for c in vocab.columns[name]]
        tables[name], found = _read_table(folder / name, expected)
        issues += found
    return Dataset(folder, tables["entities.csv"], tables["relations.csv"], tables["sources.csv"], issues)
