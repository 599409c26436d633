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

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..claims.suggest import did_you_mean
from ..claims.vocab import Vocabulary, load_vocabulary
from ..errors import DatasetError, Issue
from .diagnose import (
    MAX_FIELD_BYTES,
    _decode,
    _first_line,
    _open_quote_at_end,
    _separator_issue,
    _syntax_issue,
)

__all__ = ["Table", "Dataset", "read_dataset", "read_file", "read_tail", "FILES", "MAX_FIELD_BYTES"]

FILES = ("entities.csv", "relations.csv", "sources.csv")
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
    # Columns after the last named one whose header cell is empty, as a spreadsheet saves them:
    # ignored, like the empty cells rows have there.
    unnamed: int = 0
    # Columns the file may leave out (read as empty), and those it does leave out.
    optional: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

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


def _read_table(path: Path, expected: list[str], shared: frozenset[str] = frozenset(),
                optional: list[str] | None = None) -> tuple[Table, list[Issue]]:
    display = _display(path)
    table = Table(path, display, optional=list(optional or []))
    if not path.is_file():
        return table, [Issue(display, 1, 1, "missing-file",
                             f"file not found; create it with the header: {','.join(expected)}")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return table, [Issue(display, 1, 1, "unreadable", f"cannot read file: {exc.strerror}")]
    text, problem = _decode(raw, display)
    if problem:
        # A spreadsheet's "CSV" is often both in a legacy encoding and semicolon-separated: say both at once.
        wrong = None if b"\x00" in raw.split(b"\n", 1)[0] else _separator_issue(  # UTF-16 is not text to look into
            _first_line(raw, "utf-8-sig"), display)
        return table, [problem] + ([wrong] if wrong else [])
    if not text or text.isspace():
        return table, [Issue(display, 1, 1, "empty-file",
                             f"file is empty; it needs at least the header: {','.join(expected)}")]
    del text  # parsed from the bytes a line at a time: a StringIO of it would take 4 bytes a character
    return table, _parse(raw, table, expected, shared)


def _parse(raw: bytes, table: Table, expected: list[str], shared: frozenset[str], shift: int = 0) -> list[Issue]:
    """The rows of ``raw`` into ``table``, and their issues; ``shift`` is added to the line of every row
    after the header (``raw`` being a header and the rest of a file from some line on)."""
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
            issues.append(replace(_syntax_issue(exc, raw, display, last_line + 1), line=last_line + 1 + shift))
            last_line = reader.line_num
            continue
        first_line, last_line, fields = last_line + 1, reader.line_num, len(record)
        if table.columns:
            first_line += shift
        if not table.columns:
            issues += _set_header(table, record, expected)
            if not table.columns:
                return issues
            continue
        if not any(value.strip() for value in record):
            continue  # a blank line, or a spreadsheet's empty row (",,,,")
        width = len(table.columns)
        if width < len(record) <= width + table.unnamed:
            spare = next((n for n, value in enumerate(record[width:], width + 1) if value.strip()), None)
            if spare is not None:
                issues.append(Issue(display, first_line, spare, "long-row",
                                    f"a value in column {spare}, which has no name in the header; name the "
                                    "column in the header, or move the value into a named one"))
            record = record[:width]
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
        for name in table.absent:
            row[name] = ""
        table.rows.append(row)
        table.lines.append(first_line)
    if table.lines and _open_quote_at_end(raw, table.lines[-1] - shift):
        issues = [i for i in issues if i.line != table.lines[-1]]  # its field count means nothing
        issues.append(Issue(display, table.lines[-1], fields, "unclosed-quote",
                            f"the quote that opens this field is never closed, so lines {table.lines[-1]}-"
                            f"{last_line + shift} were read as one value; close it (a quote inside a value is "
                            'written twice: "")'))
    return issues


def _set_header(table: Table, record: list[str], expected: list[str]) -> list[Issue]:
    issues = []
    header = [h.strip() for h in record]
    display = table.display
    wrong = _separator_issue(header, display)
    if wrong:
        return [wrong]
    named = len(header)
    while named > 1 and not header[named - 1]:
        named -= 1
    if named < len(header):
        unnamed = len(header) - named
        issues.append(Issue(display, 1, named + 1, "unnamed-columns",
                            f"{'the last column has' if unnamed == 1 else f'the last {unnamed} columns have'} "
                            "no name, as a spreadsheet saves columns it once used; ignored (delete "
                            f"{'it' if unnamed == 1 else 'them'} to silence this)", "warning"))
        header = header[:named]
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
        if name not in expected and name not in table.optional:
            hint = did_you_mean(name, expected + table.optional)
            issues.append(Issue(display, 1, pos, "unknown-column",
                                f"unknown column '{name}'{hint}; it is kept but not used", "warning"))
    if any(i.severity == "error" for i in issues):
        return issues  # leave columns empty: rows cannot be read reliably
    table.columns, table.unnamed = header, len(record) - len(header)
    table.absent = [name for name in table.optional if name not in seen]
    return issues


def require_folder(folder: Path) -> None:
    """Raise a clear :class:`DatasetError` when the dataset folder does not exist."""
    if not folder.is_dir():
        raise DatasetError(f"{folder}: no such dataset folder; pass --data DIR "
                           "pointing at the folder holding entities.csv, relations.csv and sources.csv")


def read_tail(path: Path, vocab: Vocabulary, head: bytes, tail: bytes, line: int) -> tuple[Table, list[Issue]]:
    """The records of ``tail``, the rest of ``path`` from ``line`` on (``head``: its header line), read
    as :func:`read_file` reads them in the whole file: the same rows, lines and issues."""
    columns = vocab.columns[path.name]
    table = Table(path, _display(path), optional=[c.name for c in columns if c.optional])
    issues = _parse(head + tail, table, [c.name for c in columns if not c.optional],
                    frozenset(c.name for c in columns if c.kind in SHARED_KINDS), shift=line - 2)
    return table, issues


def read_file(path: Path, vocab: Vocabulary) -> tuple[Table, list[Issue]]:
    """One of the three files (by its name), read as :func:`read_dataset` reads it, with its issues."""
    columns = vocab.columns[path.name]
    return _read_table(path, [c.name for c in columns if not c.optional],
                       frozenset(c.name for c in columns if c.kind in SHARED_KINDS),
                       [c.name for c in columns if c.optional])


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
        tables[name], found = read_file(folder / name, vocab)
        issues += found
    return Dataset(folder, tables["entities.csv"], tables["relations.csv"], tables["sources.csv"], issues)
