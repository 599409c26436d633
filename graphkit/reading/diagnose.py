"""What is wrong with a file the CSV reader cannot take as it is, said in one issue with its line and
column and what to do: not UTF-8 (with the legacy encoding it looks like), not a CSV at all, another
separator, a quote left open, a cell over the size limit.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import re

from ..claims.rules import LOST_LETTERS
from ..errors import Issue

__all__ = ["MAX_FIELD_BYTES", ]

# A field larger than this is refused with an issue rather than read into memory.
MAX_FIELD_BYTES = 1_000_000


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
