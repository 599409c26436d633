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
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..claims.rules import LOST_LETTERS
from ..claims.suggest import did_you_mean
from ..claims.vocab import Vocabulary, load_vocabulary
from ..errors import DatasetError, Issue

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
    # Columns after the last named one whose header cell is empty, as a spreadsheet saves them:
    # ignored, like the empty cells rows have there.
    unnamed: int = 0

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
    kind = next((what for magic, what in _NOT_CSV if raw.startswith(magic)), None)
    if kind:
        return None, Issue(display, 1, 1, "encoding", f"this file is {kind}")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, Issue(display, 1, 1, "encoding",
                           "file is UTF-16; save it as UTF-8 (in a spreadsheet: CSV UTF-8)")
    def place(offset: int) -> tuple[int, int]:
        before = raw[:offset]
        return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, _ = place(exc.start)
        return None, _not_utf8(raw, exc.start, line, display)
    if "\x00" in text:
        line, column = place(raw.index(b"\x00"))
        return None, Issue(display, line, column, "encoding",
                           "NUL byte: this is not a text CSV (UTF-16 without a BOM?); save it as UTF-8")
    return text, None


# The first bytes of files that are mistaken for CSVs, and what to do with each.
_NOT_CSV = ((b"PK\x03\x04", "a zip archive (an .xlsx or .ods workbook?), not a CSV; save the sheet as CSV UTF-8"),
            (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls), not a CSV; save the sheet as CSV UTF-8"),
            (b"\x1f\x8b", "gzip-compressed, not a plain CSV; decompress it (gunzip) first"),
            (b"%PDF", "a PDF, not a CSV; graphkit reads CSV files"))
# What a spreadsheet writes for "CSV" outside UTF-8, told apart by how the non-ASCII bytes fall: a
# Cyrillic text has them in runs (whole words), a Western one mostly alone between ASCII letters.
_LEGACY = (("cp1251", "Windows-1251 (Cyrillic)"), ("cp1252", "Windows-1252 (Western)"))


def _first_line(raw: bytes, encoding: str) -> list[str]:
    """The fields of the first line, stripped, decoded leniently ([] if it is no CSV line)."""
    end = raw.find(b"\n")
    try:
        return [h.strip() for h in next(csv.reader([raw[:end if end >= 0 else len(raw)].decode(
            encoding, "replace").rstrip("\r")]), [])]
    except csv.Error:
        return []


def _not_utf8(raw: bytes, start: int, line: int, display: str) -> Issue:
    """The issue for the first byte at ``start`` (on ``line``) that is not UTF-8, at its field.

    The file is parsed as Latin-1, which maps each byte to one character, so the record holding the
    byte and the field within it are found as the exact reader would split them; the field is then
    shown as it reads in the legacy encoding the file most likely has.
    """
    header: list[str] = []
    column, field_bytes = 1, raw[start:start + 40]
    try:
        reader = csv.reader(io.TextIOWrapper(io.BytesIO(raw), encoding="latin-1", newline=""),
                            delimiter=_other_separator(_first_line(raw, "latin-1")) or ",")
        for record in reader:
            if not header:
                header = [h.encode("latin-1").decode("utf-8", "replace").strip().lstrip("\ufeff") for h in record]
            if reader.line_num >= line:
                for column, value in enumerate(record, 1):
                    data = value.encode("latin-1")
                    try:
                        data.decode("utf-8")
                    except UnicodeDecodeError:
                        field_bytes = data
                        break
                break
    except csv.Error:
        pass  # a syntax problem before the byte: it is reported at its byte's column
    # only the bytes that are not UTF-8 count: a UTF-8 file with a few stray bytes has valid runs too
    high = re.findall("[\udc80-\udcff]+", raw[:1 << 22].decode("utf-8", "surrogateescape"))
    runs = sum(len(run) for run in high if len(run) > 1)
    codec, name = _LEGACY[0] if runs * 2 > sum(map(len, high)) else _LEGACY[1]
    shown = field_bytes.decode(codec, "replace").strip()
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    where = "the header" if line == 1 or not header else (
        f"column '{header[column - 1]}'" if column <= len(header) else f"column {column}")
    text = raw[:1 << 22].decode("latin-1")  # one character a byte: offsets are byte offsets
    lost, also = LOST_LETTERS.search(text), ""
    if lost is not None:
        at = text.index("?", lost.start())
        run, lost_line = re.match(r"\?+", text[at:]).group(), raw.count(b"\n", 0, at) + 1
        also = (f"; the '{run}' on line {lost_line} looks like letters this encoding could not hold, which are "
                "lost: export again from the original")
    return Issue(display, line, column, "encoding",
                 f"byte 0x{raw[start]:02x} in {where} is not UTF-8: the file was saved in another encoding, "
                 f"most likely {name}, in which this value reads '{shown}'; save the file as UTF-8 "
                 f"(in a spreadsheet: CSV UTF-8){also}")


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
        # A spreadsheet's "CSV" is often both in a legacy encoding and semicolon-separated: say both at once.
        wrong = None if b"\x00" in raw.split(b"\n", 1)[0] else _separator_issue(  # UTF-16 is not text to look into
            _first_line(raw, "utf-8-sig"), display)
        return table, [problem] + ([wrong] if wrong else [])
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


def _other_separator(header: list[str]) -> str | None:
    """The separator of a header read as one column listing the names, if it was saved with another."""
    return next((sep for sep in ";\t|" if len(header) == 1 and sep in header[0]), None)


def _separator_issue(header: list[str], display: str) -> Issue | None:
    """The issue for a header that is one column listing the names: saved with another separator."""
    separator = _other_separator(header)
    if separator is None:
        return None
    return Issue(display, 1, 1, "wrong-separator",
                 f"the header is one column holding {separator!r} between names; separate columns "
                 "with commas (in a spreadsheet: save as CSV UTF-8, comma-delimited)")


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
        if name not in expected:
            hint = did_you_mean(name, expected)
            issues.append(Issue(display, 1, pos, "unknown-column",
                                f"unknown column '{name}'{hint}; it is kept but not used", "warning"))
    if any(i.severity == "error" for i in issues):
        return issues  # leave columns empty: rows cannot be read reliably
    table.columns, table.unnamed = header, len(record) - len(header)
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
