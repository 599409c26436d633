"""The terms of a vocabulary as Python values: entity and relation types, statuses, columns, and
the :class:`Vocabulary` that holds them (read from YAML by :func:`graphkit.claims.vocab.load_vocabulary`).

>>> from graphkit.claims.vocab import load_vocabulary
>>> load_vocabulary().at_least("reported")
['established', 'reported']
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["EntityType", "RelationType", "Status", "Term", "Column", "Vocabulary"]


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    definition: str


@dataclass(frozen=True)
class EntityType(Term):
    neo4j_label: str
    shape: str
    colour: str


@dataclass(frozen=True)
class RelationType(Term):
    from_types: frozenset[str]
    to_types: frozenset[str]
    symmetric: bool
    neo4j_type: str
    attributes: tuple[str, ...] = ()  # the optional columns a claim of this type may fill
    roles: tuple[str, ...] = ()  # the usual values of its `role`


@dataclass(frozen=True)
class Status(Term):
    rank: int  # 0 is the strongest
    line: str
    colour: str
    cost: float


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: str | None
    description: str
    optional: bool = False  # a file may leave the column out


@dataclass(frozen=True)
class Vocabulary:
    entity_types: dict[str, EntityType]
    relation_types: dict[str, RelationType]
    statuses: list[Status]
    stances: dict[str, Term]
    source_kinds: dict[str, Term]
    columns: dict[str, list[Column]]  # file name -> columns in order
    # the schema folder it was read from (None when built in code); not part of its identity
    folder: Path | None = field(default=None, compare=False)

    @functools.cached_property
    def digest(self) -> str:
        """A digest of every term, rule and column: two vocabularies that answer alike share it."""
        return hashlib.sha256(json.dumps(_canonical(self), ensure_ascii=False).encode()).hexdigest()

    @property
    def status_ids(self) -> list[str]:
        return [s.id for s in self.statuses]

    @functools.cached_property
    def status_by_id(self) -> dict[str, Status]:
        return {s.id: s for s in self.statuses}

    def status_rank(self, status: str) -> int:
        """0 for the strongest status; larger is weaker."""
        return self.status_by_id[status].rank

    def at_least(self, status: str) -> list[str]:
        """The statuses as strong as ``status`` or stronger, strongest first."""
        rank = self.status_rank(status)
        return [s.id for s in self.statuses if s.rank <= rank]


def _canonical(value):
    """Plain JSON-able data in a fixed order (sets sorted: their order changes between runs)."""
    if dataclasses.is_dataclass(value):
        return [type(value).__name__] + [[f.name, _canonical(getattr(value, f.name))]
                                         for f in dataclasses.fields(value) if f.compare]
    if isinstance(value, dict):
        return [[str(k), _canonical(v)] for k, v in value.items()]
    if isinstance(value, (set, frozenset)):
        return sorted(_canonical(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value
