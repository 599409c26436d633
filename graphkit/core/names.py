"""Finding an entity by what a user types: its id, name or an alias, in any case and script.

>>> names = NameIndex.build([{"id": "putin", "name": "Vladimir Putin", "aliases": "Путин|В. В. Путин"}])
>>> names.resolve("путин", str)
'putin'
"""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import LookupFailed

_LIST_HINT = "; run `graphkit entities` to list names"

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
    """Normalised names and name tokens (surnames, say) to the entity ids carrying them, and the
    tokens that end a name or alias (``last``: a surname, not a word inside an event's title)."""

    _PARTS = ("names", "tokens", "last")

    def __init__(self, names: dict[str, set[str]], tokens: dict[str, set[str]], last: dict[str, set[str]]):
        self.names, self.tokens, self.last = names, tokens, last

    @classmethod
    def build(cls, rows: Iterable[dict[str, str]]) -> "NameIndex":
        names: dict[str, set[str]] = defaultdict(set)
        tokens: dict[str, set[str]] = defaultdict(set)
        last: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            eid = row["id"]
            for name in [eid, row["name"], *row.get("aliases", "").split("|")]:
                key = normalise_name(name)
                if not key:
                    continue
                names[key].add(eid)
                words = re.split(r"[\s-]+", key)
                for token in words:
                    if len(token) > 2:
                        tokens[token].add(eid)
                if len(words[-1]) > 2:
                    last[words[-1]].add(eid)
        return cls(dict(names), dict(tokens), dict(last))

    @classmethod
    def cached(cls, store: Path | None, rows: Callable[[], Iterable[dict[str, str]]]) -> "NameIndex":
        """Built once per stored index and kept beside it as sorted columns, searched in place.

        Building it reads every name (seconds at a million entities); opening it costs nothing.
        """
        from .columns import StrColumn

        if store is None:
            return cls.build(rows())
        folder = store / "names"
        try:
            return cls(*(_Sorted(StrColumn.load(folder, f"{part}.keys"), StrColumn.load(folder, f"{part}.ids"))
                         for part in cls._PARTS))
        except (OSError, ValueError):
            pass  # not built yet, or damaged
        index = cls.build(rows())
        part = store / f".names-{os.getpid()}"
        try:
            part.mkdir(exist_ok=True)
            for name, table in zip(cls._PARTS, (index.names, index.tokens, index.last)):
                pairs = sorted((key, eid) for key, ids in table.items() for eid in ids)
                StrColumn.from_list([k for k, _ in pairs]).save(part, f"{name}.keys")
                StrColumn.from_list([e for _, e in pairs]).save(part, f"{name}.ids")
            shutil.rmtree(folder, ignore_errors=True)  # one from an older graphkit, without every table
            part.replace(folder)
        except OSError:
            shutil.rmtree(part, ignore_errors=True)  # an unwritable cache only costs speed
        return index

    def resolve(self, name: str, label: Callable[[str], str]) -> str:
        """The one entity ``name`` fits; raises :class:`LookupFailed` listing candidates or near misses.

        A surname alone resolves when only one entity carries it, or when only one of the entities
        whose names hold the word ends a name with it ("Vasiliev": Sergei Vasiliev, not the attack
        on him). ``label`` formats an id for messages.
        """
        key = normalise_name(name)
        if not key:
            raise LookupFailed("an empty name matches nothing; give an id, name or alias")
        found = self.names.get(key)
        if not found:
            found = self.tokens.get(key)
            surname = (self.last.get(key) or set()) & (found or set())
            found = surname if len(surname) == 1 else found
        if found and len(found) == 1:
            return next(iter(found))
        if found:
            options = "; ".join(label(e) for e in sorted(found))
            raise LookupFailed(f"'{name}' is ambiguous: it fits {options}; give the id", sorted(found))
        from ..claims.suggest import close_matches

        # sorted: equal scores then rank alike whether the table was just built or read from the store
        near = close_matches(key, sorted(self.names.keys()), limit=3, cutoff=80)
        ids = sorted({e for k in near for e in self.names[k]})
        hint = f"; did you mean {', '.join(label(e) for e in ids)}?" if ids else _LIST_HINT
        raise LookupFailed(f"no entity named '{name}'{hint}", ids)


class _Sorted:
    """A stored name table: keys sorted (one row per key and id), found by binary search."""

    def __init__(self, keys, ids):
        self.keys_column, self.ids = keys, ids

    def get(self, key: str) -> set[str] | None:
        column = self.keys_column
        lo = column.lower_bound(key)
        found = set()
        while lo < len(column) and column[lo] == key:
            found.add(self.ids[lo])
            lo += 1
        return found or None

    def __getitem__(self, key: str) -> set[str]:
        return self.get(key) or set()

    def keys(self) -> list[str]:
        return sorted(set(self.keys_column.take()))


def resolve_all(resolve: Callable[[str], str], *names: str) -> list[str]:
    """``resolve`` each name; every name that fails is reported at once, not the first alone.

    >>> index = NameIndex.build([{"id": "bob", "name": "Bob Baker", "aliases": ""}])
    >>> resolve_all(lambda n: index.resolve(n, str), "Bob", "Zed", "Ann")
    Traceback (most recent call last):
    graphkit.errors.LookupFailed: no entity named 'Zed'; no entity named 'Ann'; run `graphkit entities` to list names
    """
    found, failed = [], []
    for name in names:
        try:
            found.append(resolve(name))
        except LookupFailed as exc:
            failed.append(exc)
    if not failed:
        return found
    messages = [str(exc) for exc in failed]
    if len(messages) > 1 and all(m.endswith(_LIST_HINT) for m in messages):
        messages = [m.removesuffix(_LIST_HINT) for m in messages[:-1]] + messages[-1:]
    raise LookupFailed("; ".join(messages), [c for exc in failed for c in exc.candidates])
