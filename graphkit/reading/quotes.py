"""Where a CSV file's quoted fields are, found with numpy over the quote characters alone: which
quotes open and close a field (a quote inside an unquoted value is text), the first one the fast
reader cannot vouch for, where each record begins. Read by :mod:`graphkit.reading.fastread`."""
from __future__ import annotations

import numpy as np

__all__: list[str] = []  # shared with graphkit.reading.fastread only

_SCAN = 1 << 22  # bytes compared at a time when looking for quotes and line breaks
_MAX_TEXT_QUOTES = 64  # quotes inside unquoted fields the fast reader works around, each a pass over the quotes


# The bytes a quote may follow when it opens a field (",", "\n", or the quote of ""), and precede
# when it closes one (",", "\n", "\r" of "\r\n", or the quote of "").
_OPEN_AFTER = np.isin(np.arange(256), (44, 10, 34))
_CLOSE_BEFORE = np.isin(np.arange(256), (44, 10, 13, 34))


def _quotes(raw: bytes) -> tuple[np.ndarray, int | None]:
    """The offsets of the quotes that open and close quoted fields (with each ``""`` inside one as a
    pair), as far as every such quote is where RFC 4180 puts one and each is closed (elsewhere
    Python's csv module and pyarrow may read it differently); and the offset of the first quote past
    which that fails (None if none does). A quote inside an unquoted field (``5" tall``) is text to
    both readers and is left out; past a few such quotes the rest goes to the exact reader."""
    if b'"' not in raw:
        return np.zeros(0, np.int64), None
    data = np.frombuffer(raw, dtype=np.uint8)
    quotes = np.concatenate([np.flatnonzero(data[at:at + _SCAN] == 34) + at for at in range(0, len(data), _SCAN)])
    text = np.zeros(len(quotes), dtype=bool)  # quotes inside unquoted fields
    at = 0
    while at < len(quotes):
        if at and text[at - 1] and quotes[at] == quotes[at - 1] + 1:
            text[at], at = True, at + 1  # right after a quote that is text: text too
            continue
        opens, closes = quotes[at::2], quotes[at + 1::2]
        # An opening quote starts a field (after a comma or a line break) or is the second of "".
        bad_open = np.flatnonzero((opens > 0) & ~_OPEN_AFTER[data[np.maximum(opens - 1, 0)]])
        # A closing quote ends a field (before a comma, a line break or the end) or starts "".
        bad_close = np.flatnonzero(~_CLOSE_BEFORE[data[np.minimum(closes + 1, len(data) - 1)]] & (closes + 1 < len(data)))
        first_open = bad_open[0] if len(bad_open) else len(opens)
        if len(bad_close) and bad_close[0] < first_open:
            return _vouched(quotes, text, at + 2 * bad_close[0])  # text after a closing quote: readers differ
        if first_open == len(opens):
            if (len(quotes) - at) % 2:
                return _vouched(quotes, text, len(quotes) - 1)  # never closed: read to the end of the file
            break
        if text.sum() >= _MAX_TEXT_QUOTES:
            return _vouched(quotes, text, at + 2 * first_open)
        text[at + 2 * first_open] = True
        at += 2 * first_open + 1
    return quotes[~text], None


def _vouched(quotes: np.ndarray, text: np.ndarray, failing: int) -> tuple[np.ndarray, int]:
    """The quotes of the quoted fields before quote number ``failing`` (whole pairs: it opens the pair
    the trouble begins with), and where that quote is."""
    keep = ~text
    keep[failing:] = False
    return quotes[keep], int(quotes[failing])


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


def _record_start(raw: bytes, start: int, quotes: np.ndarray, at: int) -> int:
    """Where the record holding offset ``at`` begins: after the last line break before it that no
    quoted field holds (``quotes``: the whole pairs before it); ``start`` if none."""
    data = np.frombuffer(raw, dtype=np.uint8)[start:at]
    breaks = np.flatnonzero(data == 10) + start
    outside = breaks[np.searchsorted(quotes, breaks) % 2 == 0]
    return int(outside[-1]) + 1 if len(outside) else start
