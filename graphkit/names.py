"""Finding an entity by what a user types: its id, name or an alias, in any case and script.

>>> names = NameIndex.build([{"id": "putin", "name": "Vladimir Putin", "aliases": "Путин|В. В. Путин"}])
>>> names.resolve("путин", str)
'putin'
"""
from __future__ import annotations

import pickle
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import LookupFailed

__all__ = ["NameIndex", "normalise_name"]

_DASHES = re.compile(r"[\u2010-\u2015\u2212_]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"'})


def normalise_name(text: str) -> str:
    """The form names are matched in: case-folded, ё as е, dashes and spaces unified.

    >>> normalise_name("  Kumarin–Barsukov ") == normalise_name("kumarin-barsukov")
    True
    >>> normalise_name("Фёдор") == normalise_name("федор")
    True
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _DASHES.sub("-", text).casefold().replace("ё", "е")
    return " ".join(text.split())


class NameIndex:
    """Normalised names and name tokens (surnames, say) to the entity ids carrying them."""

    def __init__(self, names: dict[str, set[str]], tokens: dict[str, set[str]]):
        self.names, self.tokens = names, tokens

    @classmethod
    def build(cls, rows: Iterable[dict[str, str]]) -> "NameIndex":
        names: dict[str, set[str]] = defaultdict(set)
        tokens: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            eid = row["id"]
            for name in [eid, row["name"], *row.get("aliases", "").split("|")]:
                key = normalise_name(name)
                if not key:
                    continue
                names[key].add(eid)
                for token in re.split(r"[\s-]+", key):
                    if len(token) > 2:
                        tokens[token].add(eid)
        return cls(dict(names), dict(tokens))

    @classmethod
    def cached(cls, store: Path | None, rows: Callable[[], Iterable[dict[str, str]]]) -> "NameIndex":
        """Built once per stored index and kept beside it (building it reads every name)."""
        path = store / "names.pickle" if store is not None else None
        if path is not None and path.exists():
            with path.open("rb") as handle:
                return pickle.load(handle)  # noqa: S301 - graphkit's own cache file, written below
        index = cls.build(rows())
        if path is not None:
            part = path.with_suffix(".part")
            try:
                with part.open("wb") as handle:
                    pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
                part.replace(path)
            except OSError:
                pass  # an unwritable cache only costs speed
        return index

    def resolve(self, name: str, label: Callable[[str], str]) -> str:
        """The one entity ``name`` fits; raises :class:`LookupFailed` listing candidates or near misses.

        A surname alone resolves when only one entity carries it. ``label`` formats an
        id for messages.
        """
        key = normalise_name(name)
        if not key:
            raise LookupFailed("an empty name matches nothing; give an id, name or alias")
        found = self.names.get(key) or self.tokens.get(key)
        if found and len(found) == 1:
            return next(iter(found))
        if found:
            options = "; ".join(label(e) for e in sorted(found))
            raise LookupFailed(f"'{name}' is ambiguous: it fits {options}; give the id", sorted(found))
        from .suggest import close_matches

        near = close_matches(key, self.names.keys(), limit=3, cutoff=80)
        ids = sorted({e for k in near for e in self.names[k]})
        hint = f"; did you mean {', '.join(label(e) for e in ids)}?" if ids else \
            "; run `graphkit entities` to list names"
        raise LookupFailed(f"no entity named '{name}'{hint}", ids)
