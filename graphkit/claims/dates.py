"""Partial dates: ``2008-05-15``, ``2008-05``, ``2008`` and decades like ``1990s``.

A partial date stands for an interval of days; comparisons use its bounds.

>>> date_bounds("2008-05")
(datetime.date(2008, 5, 1), datetime.date(2008, 5, 31))
>>> date_bounds("1990s")
(datetime.date(1990, 1, 1), datetime.date(1999, 12, 31))
>>> date_bounds("2008-13") is None
True
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

__all__ = ["date_bounds", "DATE_FORMS", "claim_holds_on"]

DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or a decade such as 1990s"
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$|^(\d{3}0)s$")


@functools.lru_cache(maxsize=8192)  # the same dates recur on many rows; the answer is immutable
def date_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial date can mean, or None if it is not one."""
    m = _PATTERN.match(text.strip())
    if not m:
        return None
    year, month, day, decade = m.groups()
    try:
        if decade:
            return dt.date(int(decade), 1, 1), dt.date(int(decade) + 9, 12, 31)
        y = int(year)
        if day:
            d = dt.date(y, int(month), int(day))
            return d, d
        if month:
            mo = int(month)
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None


def claim_holds_on(start: str, end: str, day: dt.date) -> bool:
    """Whether a claim dated ``start``..``end`` may hold on ``day``.

    An empty start or end leaves that side open, so an undated claim holds on
    every day; a partial date counts with its widest reading.

    >>> claim_holds_on("2008-05-15", "2016", dt.date(2010, 1, 1))
    True
    >>> claim_holds_on("2008-05-15", "", dt.date(2006, 1, 1))
    False
    """
    lo = date_bounds(start) if start else None
    hi = date_bounds(end) if end else None
    if lo and day < lo[0]:
        return False
    if hi and day > hi[1]:
        return False
    return True
