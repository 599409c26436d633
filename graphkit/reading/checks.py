"""The exact checks of a dataset's structure (required cells, ids, vocabulary, references, endpoint
types, formats, dates, duplicates, disputes), one rule per function: each declares the issue codes
it may report (``@rule``) and yields :class:`~graphkit.errors.Issue` objects with file, line, column
and what to do. They read a :class:`Context`: the dataset read row by row, the vocabulary and the
archive folder, if any. The checks of its text are in :mod:`graphkit.reading.text_checks`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..claims.dates import DATE_FORMS, date_bounds
from ..claims.rules import SEED_CLAIM as _SEED_CLAIM
from ..claims.rules import SLUG as _SLUG
from ..claims.rules import URL as _URL
from ..claims.rules import WIKIDATA as _WIKIDATA
from ..claims.rules import rule
from ..claims.suggest import did_you_mean
from ..claims.vocab import Vocabulary
from ..errors import Issue
from .dataset import Dataset, Table

__all__ = [
    "Context", "NEAR_MISS_BUDGET", "check_date_order", "check_disputes", "check_duplicate_claims",
    "check_endpoint_types", "check_formats", "check_ids", "check_references", "check_required",
    "check_vocabulary_terms", "normalise_space",
]

_SPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to one space (quotes match "whitespace aside")."""
    return _SPACE.sub(" ", text).strip()


@dataclass
class Context:
    dataset: Dataset
    vocab: Vocabulary
    archive: Path | None = None

    @cached_property
    def entity_types(self) -> dict[str, str]:
        """Entity id -> type, first occurrence wins."""
        out: dict[str, str] = {}
        for row in self.dataset.entities.rows:
            out.setdefault(row["id"], row["type"])
        return out

    @cached_property
    def source_ids(self) -> set[str]:
        return {row["id"] for row in self.dataset.sources.rows}

    def cells(self, table: Table, kind: str) -> Iterator[tuple[int, int, str, str]]:
        """(line, column, column name, value) for every non-empty cell of a given kind."""
        fname = table.path.name
        for col in self.vocab.columns[fname]:
            if col.kind != kind:
                continue
            pos = table.column_number(col.name)
            for line, row in zip(table.lines, table.rows):
                value = row.get(col.name, "")
                if value:
                    yield line, pos, col.name, value


def _issue(table: Table, line: int, column: int, code: str, message: str, severity: str = "error") -> Issue:
    return Issue(table.display, line, column, code, message, severity)


@rule("missing-value")
def check_required(ctx: Context) -> Iterator[Issue]:
    """Required cells are not empty."""
    for fname, table in ctx.dataset.tables().items():
        for col in ctx.vocab.columns[fname]:
            if not col.required:
                continue
            pos = table.column_number(col.name)
            for line, row in zip(table.lines, table.rows):
                if not row.get(col.name):
                    yield _issue(table, line, pos, "missing-value",
                                 f"{col.name}: required value is empty; fill it in: {col.description}")


@rule("bad-id", "duplicate-id")
def check_ids(ctx: Context) -> Iterator[Issue]:
    """Ids are slugs and unique within their file."""
    for table in ctx.dataset.tables().values():
        pos = table.column_number("id")
        first_seen: dict[str, int] = {}
        for line, row in zip(table.lines, table.rows):
            rid = row.get("id", "")
            if not rid:
                continue
            if not _SLUG.match(rid):
                yield _issue(table, line, pos, "bad-id",
                             f"id: '{rid}' is not a slug; use lowercase letters, digits and hyphens (e.g. "
                             f"'{_slugify(rid)}')")
            if rid in first_seen:
                yield _issue(table, line, pos, "duplicate-id",
                             f"id: '{rid}' already used on line {first_seen[rid]}; ids must be unique")
            else:
                first_seen[rid] = line


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "entity-id"


# A near-miss search compares a wrong value with every choice (about a microsecond each).
# Each check searches once per distinct wrong value, and stops suggesting once it has made
# this many comparisons: a renamed entity cited on 100,000 rows costs one search, and a
# file of 100,000 unknown ids a few seconds, not hours.
NEAR_MISS_BUDGET = 5_000_000


def _hinter(choices: Iterable[str]) -> Callable[[str], str]:
    """did_you_mean over fixed choices, once per distinct word, within NEAR_MISS_BUDGET."""
    options, hints = list(choices), {}
    searches = max(10, NEAR_MISS_BUDGET // max(1, len(options)))

    def hint(word: str) -> str:
        if word not in hints:
            hints[word] = did_you_mean(word, options) if len(hints) < searches else ""
        return hints[word]
    return hint


def _vocabulary_check(ctx: Context, kind: str, terms, what: str, code: str) -> Iterator[Issue]:
    near = _hinter(terms)
    for fname, table in ctx.dataset.tables().items():
        for line, pos, name, value in ctx.cells(table, kind):
            if value not in terms:
                hint = near(value) or f"; allowed: {', '.join(terms)}"
                yield _issue(table, line, pos, code, f"{name}: unknown {what} '{value}'{hint}")


@rule("unknown-entity-type", "unknown-relation-type", "unknown-status", "unknown-stance", "unknown-source-kind")
def check_vocabulary_terms(ctx: Context) -> Iterator[Issue]:
    """Entity types, relation types, statuses, stances and source kinds come from the vocabulary."""
    v = ctx.vocab
    yield from _vocabulary_check(ctx, "entity_type", list(v.entity_types), "entity type", "unknown-entity-type")
    yield from _vocabulary_check(ctx, "relation_type", list(v.relation_types), "relation type",
                                 "unknown-relation-type")
    yield from _vocabulary_check(ctx, "status", v.status_ids, "status", "unknown-status")
    yield from _vocabulary_check(ctx, "stance", list(v.stances), "stance", "unknown-stance")
    yield from _vocabulary_check(ctx, "source_kind", list(v.source_kinds), "source kind", "unknown-source-kind")


@rule("unknown-entity", "unknown-source")
def check_references(ctx: Context) -> Iterator[Issue]:
    """Entity and source references point at rows that exist."""
    entities, sources = ctx.entity_types, ctx.source_ids
    # A file that could not be read has its own issue; checking references
    # against it would only repeat that issue once per row.
    entities_read, sources_read = bool(ctx.dataset.entities.columns), bool(ctx.dataset.sources.columns)
    near_entity, near_source = _hinter(entities), _hinter(sources)
    for table in (ctx.dataset.relations, ctx.dataset.sources):
        for line, pos, name, value in ctx.cells(table, "entity_ref"):
            if entities_read and value not in entities:
                hint = near_entity(value) or "; add it to entities.csv"
                yield _issue(table, line, pos, "unknown-entity", f"{name}: unknown entity '{value}'{hint}")
        for line, pos, name, value in ctx.cells(table, "source_ref"):
            if sources_read and value not in sources:
                hint = near_source(value) or "; add it to sources.csv"
                yield _issue(table, line, pos, "unknown-source", f"{name}: unknown source '{value}'{hint}")


@rule("self-loop", "bad-endpoint")
def check_endpoint_types(ctx: Context) -> Iterator[Issue]:
    """Each relation joins entity types its vocabulary entry allows, and not an entity to itself."""
    table, types = ctx.dataset.relations, ctx.entity_types
    rtypes = ctx.vocab.relation_types
    for line, row in zip(table.lines, table.rows):
        rel = rtypes.get(row["type"])
        if row["from_id"] and row["from_id"] == row["to_id"]:
            yield _issue(table, line, table.column_number("to_id"), "self-loop",
                         f"to_id: '{row['to_id']}' is also from_id; a relation joins two different entities")
        if rel is None:
            continue
        for end, allowed in (("from_id", rel.from_types), ("to_id", rel.to_types)):
            etype = types.get(row[end])
            if etype is not None and etype in ctx.vocab.entity_types and etype not in allowed:
                yield _issue(table, line, table.column_number(end), "bad-endpoint",
                             f"{end}: '{row[end]}' is a {etype}, but {rel.id} "
                             f"{'starts' if end == 'from_id' else 'ends'} at: {', '.join(sorted(allowed))}")


@rule("bad-date", "bad-wikidata", "bad-url", "bad-seed-claim")
def check_formats(ctx: Context) -> Iterator[Issue]:
    """Dates, Wikidata ids, URLs and seed-claim ids have the right form."""
    for table in ctx.dataset.tables().values():
        for line, pos, name, value in ctx.cells(table, "date"):
            if date_bounds(value) is None:
                yield _issue(table, line, pos, "bad-date", f"{name}: '{value}' is not a date; use {DATE_FORMS}")
        for line, pos, name, value in ctx.cells(table, "wikidata"):
            if not _WIKIDATA.match(value):
                yield _issue(table, line, pos, "bad-wikidata",
                             f"{name}: '{value}' is not a Wikidata id; use the Q-number, e.g. Q7747")
        for line, pos, name, value in ctx.cells(table, "url"):
            if not _URL.match(value):
                yield _issue(table, line, pos, "bad-url", f"{name}: '{value}' is not an http(s) address")
        for line, pos, name, value in ctx.cells(table, "seed_claims"):
            bad = [c for c in value.split("|") if not _SEED_CLAIM.match(c.strip())]
            if bad:
                yield _issue(table, line, pos, "bad-seed-claim",
                             f"{name}: {bad[0]!r} is not a seed claim id; use C01|C05 form")


@rule("date-order")
def check_date_order(ctx: Context) -> Iterator[Issue]:
    """An end is not before its start."""
    for table in (ctx.dataset.entities, ctx.dataset.relations):
        pos = table.column_number("end")
        for line, row in zip(table.lines, table.rows):
            start, end = date_bounds(row.get("start", "")), date_bounds(row.get("end", ""))
            if start and end and end[1] < start[0]:
                yield _issue(table, line, pos, "date-order",
                             f"end: '{row['end']}' is before start '{row['start']}'; swap them or fix one")


@rule("duplicate-claim")
def check_duplicate_claims(ctx: Context) -> Iterator[Issue]:
    """The same party does not make the same claim twice in the same source."""
    table = ctx.dataset.relations
    first_seen: dict[tuple, int] = {}
    for line, row in zip(table.lines, table.rows):
        key = tuple(row[k] for k in ("from_id", "type", "to_id", "stance", "attributed_to", "source_id"))
        if not all(key):
            continue  # an incomplete row has its missing-value issue; it duplicates nothing
        if key in first_seen:
            yield _issue(table, line, 1, "duplicate-claim",
                         f"same from_id, type, to_id, stance, attributed_to and source_id as line "
                         f"{first_seen[key]}; merge the rows (put both locators in one)")
        else:
            first_seen[key] = line


@rule("orphan-dispute")
def check_disputes(ctx: Context) -> Iterator[Issue]:
    """A disputing row disputes a claim that some row asserts."""
    table = ctx.dataset.relations
    asserted = {(r["from_id"], r["type"], r["to_id"]) for r in table.rows if r["stance"] == "asserts"}
    pos = table.column_number("stance")
    for line, row in zip(table.lines, table.rows):
        if row["stance"] == "disputes" and (row["from_id"], row["type"], row["to_id"]) not in asserted:
            yield _issue(table, line, pos, "orphan-dispute",
                         f"stance: disputes {row['from_id']} {row['type']} {row['to_id']}, "
                         "but no row asserts it; add the asserting row or check from_id/type/to_id", "warning")
