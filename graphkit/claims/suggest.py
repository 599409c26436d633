"""Near-miss suggestions for error messages ("did you mean …").

>>> did_you_mean("tambov-grp", ["tambov-group", "fskn", "putin"])
" (did you mean 'tambov-group'?)"
>>> did_you_mean("ID", ["id", "title", "url"])
" (did you mean 'id'?)"
>>> did_you_mean("zzz", ["tambov-group"])
''
"""
from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

__all__ = ["close_matches", "did_you_mean"]


def close_matches(word: str, choices: Iterable[str], limit: int = 3, cutoff: float = 70) -> list[str]:
    """Up to ``limit`` choices that look like ``word``, best first."""
    found = process.extract(word, list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
    return [choice for choice, _score, _index in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ready-to-append hint, or an empty string when nothing is close.

    A choice that differs only in case comes first: a two-letter word is otherwise
    too short for the fuzzy score to find.
    """
    choices = list(choices)
    folded = word.casefold()
    matches = [c for c in choices if c.casefold() == folded] or close_matches(word, choices, limit=1, cutoff=75)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
