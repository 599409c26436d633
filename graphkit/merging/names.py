"""Names made comparable across scripts and spellings: each name and alias transliterated to Latin
letters (Cyrillic, Greek and the rest, by ``anyascii``), folded to lower case, stripped of punctuation
and honorifics, its words sorted; and how alike two entities' names are (``rapidfuzz``).

>>> key("Владимир Владимирович Путин") == key("Putin, Vladimir Vladimirovich")
True
>>> key("Frau Dr. Irene Nierstenhöfer")
'irene nierstenhofer'
"""
from __future__ import annotations

import re

from anyascii import anyascii
from rapidfuzz import fuzz

__all__ = ["key", "names_of", "words", "likeness"]

# Words that say how to address someone, not who they are.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "frau", "herr", "sir", "gen", "col", "general",
                         "colonel", "gospodin", "gospozha"})
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def words(name: str) -> list[str]:
    """The words of a name in Latin letters, lower case, honorifics left out."""
    return [w for w in _NOT_LETTERS.split(anyascii(name).casefold()) if w and w not in _HONORIFICS]


def key(name: str) -> str:
    """A name's words, sorted: the same for "Putin, Vladimir" and "Владимир Путин"."""
    return " ".join(sorted(words(name)))


def names_of(row: dict[str, str]) -> list[str]:
    """An entity's name and aliases."""
    return [n for n in [row.get("name", ""), *row.get("aliases", "").split("|")] if n.strip()]


def _word_by_word(ka: str, kb: str) -> bool:
    """Every word of the shorter name has a close match in the other (MVD is not MID)."""
    short, other = sorted((ka.split(), kb.split()), key=len)
    return all(max(fuzz.ratio(w, o) for o in other) >= 80 for w in short)


def likeness(left: list[str], right: list[str]) -> tuple[float, str, str]:
    """How alike the closest of two lists of names are (0 to 1, on their keys), and which two; a
    pair with a word that matches nothing in the other counts a fifth less.

    >>> likeness(["МВД России"], ["МИД России"])[0] < likeness(["Petrov Ivan"], ["Ivan Petrow"])[0]
    True
    """
    best = (0.0, "", "")
    for a in left:
        ka = key(a)
        for b in right:
            kb = key(b)
            if not ka or not kb:
                continue
            score = 1.0 if ka == kb else fuzz.token_sort_ratio(ka, kb) / 100 * (1 if _word_by_word(ka, kb) else 0.8)
            if score > best[0]:
                best = (score, a, b)
    return best
