"""The vocabularies: entity types, relation types, statuses, stances, source
kinds and CSV columns, read from the YAML files in ``graphkit/claims/schema/``.

This is the one loader. Validation, the Neo4j loader, the CLI help and the
reader page's legend all read the :class:`Vocabulary` it returns.

>>> vocab = load_vocabulary()
>>> vocab.status_ids[:3]
['established', 'reported', 'alleged']
>>> vocab.at_least("reported")
['established', 'reported']
>>> vocab.relation_types["member_of"].neo4j_type
'MEMBER_OF'
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from ..errors import VocabularyError
from .terms import Column, EntityType, RelationType, Status, Term, Vocabulary

__all__ = [
    "EntityType",
    "RelationType",
    "Status",
    "Term",
    "Column",
    "Vocabulary",
    "load_vocabulary",
    "SCHEMA_DIR",
]

SCHEMA_DIR = Path(__file__).parent / "schema"
_NEO4J_LABEL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_NEO4J_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_TERM_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class _Reader:
    """Reads one YAML file and names file and key in every complaint."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise VocabularyError(f"{path}: vocabulary file missing") from exc
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise VocabularyError(f"{path}: not valid YAML: {exc}") from exc

    def fail(self, where: str, message: str) -> VocabularyError:
        return VocabularyError(f"{self.path}: {where}: {message}")

    def section(self, key: str, kind: type):
        if not isinstance(self.doc, dict) or key not in self.doc:
            raise self.fail(key, "missing top-level key")
        value = self.doc[key]
        if not isinstance(value, kind) or not value:
            raise self.fail(key, f"must be a non-empty {'mapping' if kind is dict else 'list'}")
        return value

    def field(self, where: str, entry, key: str, default=None, pattern: re.Pattern | None = None):
        if not isinstance(entry, dict):
            raise self.fail(where, "must be a mapping")
        if key not in entry:
            if default is not None:
                return default
            raise self.fail(where, f"missing key '{key}'")
        value = entry[key]
        if isinstance(value, str):
            value = value.strip()
        if pattern is not None and not (isinstance(value, str) and pattern.match(value)):
            raise self.fail(f"{where}.{key}", f"{value!r} does not match {pattern.pattern}")
        return value

    def term_id(self, where: str, term_id) -> str:
        if not isinstance(term_id, str) or not _TERM_ID.match(term_id):
            raise self.fail(where, f"{term_id!r} is not a valid id (lowercase, digits, underscores)")
        return term_id


def _entity_types(schema_dir: Path) -> dict[str, EntityType]:
    r = _Reader(schema_dir / "entity_types.yaml")
    out = {}
    for key, entry in r.section("entity_types", dict).items():
        where = f"entity_types.{key}"
        out[r.term_id(where, key)] = EntityType(
            id=key,
            label=str(r.field(where, entry, "label")),
            definition=str(r.field(where, entry, "definition")),
            neo4j_label=r.field(where, entry, "neo4j_label", pattern=_NEO4J_LABEL),
            shape=str(r.field(where, entry, "shape")),
            colour=str(r.field(where, entry, "colour")),
        )
    labels = [t.neo4j_label for t in out.values()]
    dupes = {x for x in labels if labels.count(x) > 1}
    if dupes:
        raise r.fail("entity_types", f"neo4j_label used twice: {sorted(dupes)}")
    return out


def _relation_types(schema_dir: Path, entity_types: dict[str, EntityType]) -> dict[str, RelationType]:
    r = _Reader(schema_dir / "relation_types.yaml")
    groups = r.doc.get("type_groups", {}) if isinstance(r.doc, dict) else {}
    if not isinstance(groups, dict):
        raise r.fail("type_groups", "must be a mapping of group name to a list of entity types")

    def expand(where: str, names) -> frozenset[str]:
        if not isinstance(names, list) or not names:
            raise r.fail(where, "must be a non-empty list of entity types or type groups")
        types: set[str] = set()
        for name in names:
            if name in entity_types:
                types.add(name)
            elif name in groups:
                types.update(expand(f"type_groups.{name}", groups[name]))
            else:
                raise r.fail(where, f"unknown entity type or group {name!r}")
        return frozenset(types)

    out = {}
    for key, entry in r.section("relation_types", dict).items():
        where = f"relation_types.{key}"
        symmetric = r.field(where, entry, "symmetric", default=False)
        if not isinstance(symmetric, bool):
            raise r.fail(f"{where}.symmetric", "must be true or false")
        out[r.term_id(where, key)] = RelationType(
            id=key,
            label=str(r.field(where, entry, "label")),
            definition=str(r.field(where, entry, "definition")),
            from_types=expand(f"{where}.from", r.field(where, entry, "from")),
            to_types=expand(f"{where}.to", r.field(where, entry, "to")),
            symmetric=symmetric,
            neo4j_type=r.field(where, entry, "neo4j_type", pattern=_NEO4J_TYPE),
            attributes=_names(r, where, entry, "attributes"),
            roles=_names(r, where, entry, "roles"),
        )
    return out


def _names(r: _Reader, where: str, entry, key: str) -> tuple[str, ...]:
    names = r.field(where, entry, key, default=[])
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise r.fail(f"{where}.{key}", "must be a list of names")
    return tuple(names)


# Status costs are whole thousandths, so that a path's cost is a whole number of steps
# (see graphkit.claims.model.COST_STEPS) and equal costs tie exactly, on every backend.
COST_DECIMALS = 3
MAX_COST = 1_000_000


def _statuses(schema_dir: Path) -> tuple[list[Status], dict[str, Term]]:
    r = _Reader(schema_dir / "statuses.yaml")
    statuses = []
    for rank, entry in enumerate(r.section("statuses", list)):
        where = f"statuses[{rank}]"
        cost = r.field(where, entry, "cost")
        if not isinstance(cost, (int, float)) or not 0 < cost <= MAX_COST \
                or abs(cost * 10**COST_DECIMALS - round(cost * 10**COST_DECIMALS)) > 1e-6:
            raise r.fail(f"{where}.cost", f"must be a positive number up to {MAX_COST:,} with at most "
                                          f"{COST_DECIMALS} decimals (path costs are compared exactly)")
        statuses.append(Status(
            id=r.term_id(where, r.field(where, entry, "id")),
            label=str(r.field(where, entry, "label")),
            definition=str(r.field(where, entry, "definition")),
            rank=rank,
            line=str(r.field(where, entry, "line")),
            colour=str(r.field(where, entry, "colour")),
            cost=float(cost),
        ))
    costs = [s.cost for s in statuses]
    if costs != sorted(costs):
        raise r.fail("statuses", "cost must not fall as statuses weaken (strongest first)")
    stances = {}
    for i, entry in enumerate(r.section("stances", list)):
        where = f"stances[{i}]"
        term = Term(r.term_id(where, r.field(where, entry, "id")),
                    str(r.field(where, entry, "label")), str(r.field(where, entry, "definition")))
        stances[term.id] = term
    if set(stances) != {"asserts", "disputes"}:
        raise r.fail("stances", "must define exactly 'asserts' and 'disputes'")
    return statuses, stances


def _source_kinds(schema_dir: Path) -> dict[str, Term]:
    r = _Reader(schema_dir / "source_kinds.yaml")
    out = {}
    for key, entry in r.section("source_kinds", dict).items():
        where = f"source_kinds.{key}"
        out[r.term_id(where, key)] = Term(key, str(r.field(where, entry, "label")),
                                          str(r.field(where, entry, "definition")))
    return out


def _columns(schema_dir: Path) -> dict[str, list[Column]]:
    r = _Reader(schema_dir / "columns.yaml")
    files = r.section("files", dict)
    expected = {"entities.csv", "relations.csv", "sources.csv"}
    if set(files) != expected:
        raise r.fail("files", f"must describe exactly {sorted(expected)}")
    out = {}
    for fname, cols in files.items():
        if not isinstance(cols, dict) or not cols:
            raise r.fail(f"files.{fname}", "must map column names to their specs")
        out[fname] = [
            Column(name, bool(r.field(f"files.{fname}.{name}", spec, "required", default=False)),
                   (spec or {}).get("kind"), str(r.field(f"files.{fname}.{name}", spec, "description")),
                   bool(r.field(f"files.{fname}.{name}", spec, "optional", default=False)))
            for name, spec in cols.items()
        ]
    return out


def _check_attributes(schema_dir: Path, relation_types: dict, columns: dict) -> None:
    """A relation type's attributes are optional columns of relations.csv."""
    optional = {c.name for c in columns["relations.csv"] if c.optional}
    for rel in relation_types.values():
        wrong = [a for a in rel.attributes if a not in optional]
        if wrong:
            raise _Reader(schema_dir / "relation_types.yaml").fail(
                f"relation_types.{rel.id}.attributes",
                f"{wrong[0]!r} is not an optional column of relations.csv ({', '.join(sorted(optional))})")


@functools.lru_cache(maxsize=8)
def load_vocabulary(schema_dir: str | Path | None = None) -> Vocabulary:
    """Read and check the vocabulary YAML files (cached per folder)."""
    folder = Path(schema_dir) if schema_dir else SCHEMA_DIR
    entity_types = _entity_types(folder)
    statuses, stances = _statuses(folder)
    relation_types, columns = _relation_types(folder, entity_types), _columns(folder)
    _check_attributes(folder, relation_types, columns)
    return Vocabulary(
        entity_types=entity_types,
        relation_types=relation_types,
        statuses=statuses,
        stances=stances,
        source_kinds=_source_kinds(folder),
        columns=columns,
        folder=folder.resolve(),
    )
