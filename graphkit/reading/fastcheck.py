"""The fast path: read the three CSVs with pyarrow and check every rule column-wise.

:func:`fast_read` reads a dataset folder into pyarrow Tables: with pyarrow each file in the plain case that
:mod:`graphkit.reading.dataset` reads without any issue and that pyarrow provably reads the same way, with the
exact reader any other; :func:`fast_check` then gives the report :func:`graphkit.reading.validate.validate` would give,
errors and warnings alike, or ``None`` when it cannot say, and the caller then runs the exact validator.

Each rule has a column-wise form, which finds the rows that break it; it then words their issues
as the exact check does, or hands those rows, and only those, to the exact check
(:meth:`graphkit.reading.scan.Scan.exact`), which stays the one source of those messages. Each form
names the exact checks and codes it covers (:func:`vouches`); the fast path answers only when every
exact check and every code it declares is covered, so a rule added to :mod:`graphkit.reading.validate` without
a form here sends every folder to the exact checks.

>>> from graphkit.reading.validate import CHECKS
>>> from graphkit.claims.vocab import load_vocabulary
>>> vocab = load_vocabulary()
>>> tables = fast_read(Path("data"), vocab)
>>> unvouched(CHECKS), fast_check(tables, vocab, CHECKS).valid
([], True)
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import among
from ..claims.rules import SEED_CLAIM as _SEED_CLAIM
from ..claims.rules import SLUG as _PY_SLUG
from ..claims.rules import URL as _PY_URL
from ..claims.rules import WIKIDATA as _PY_WIKIDATA
from ..claims.vocab import Vocabulary
from ..errors import ValidationReport
from .columnwise import _codes, _date_bounds, _empty, _first_rows, _given_twice, _mismatched, _repeated_rows
from .attributes import ATTRIBUTE_FORMS
from .fast_text import TEXT_FORMS, WS
from .fastread import FastTables, _any_empty, fast_read, numbers
from .scan import Scan, vouches

__all__ = ["FastTables", "fast_read", "fast_check", "fast_clean", "fast_report", "unvouched", "vouches"]

# validate.py's patterns in RE2, for values already stripped (so `$` cannot stop before a final
# "\n"); Python's \s is Unicode whitespace, RE2's ASCII only, so it is spelt out.
_SLUG, _WIKIDATA = _PY_SLUG.pattern, _PY_WIKIDATA.pattern
_URL = _PY_URL.pattern.replace(r"\s", WS)  # each \s is inside [...]
_CLAIM = _SEED_CLAIM.pattern.strip("^$")  # each |-separated part, stripped, matches it
_SEED_CLAIMS = rf"^[{WS}]*{_CLAIM}[{WS}]*(?:\|[{WS}]*{_CLAIM}[{WS}]*)*$"
# The column kinds the checks below know; a vocabulary with another kind is never fast-checked.
KNOWN_KINDS = {None, "slug", "entity_type", "relation_type", "status", "stance", "source_kind",
               "entity_ref", "source_ref", "date", "wikidata", "url", "seed_claims", "aliases", "quote",
               "share", "amount", "currency"}


def unvouched(checks: Iterable[Callable]) -> list[str]:
    """The exact checks, and their codes, that no form covers (each declares its codes with
    :func:`graphkit.claims.rules.rule`); while any is left, the fast path answers nothing."""
    known: dict[str, frozenset[str]] = {}
    for form in FORMS:
        for name, codes in form.rules.items():
            known[name] = known.get(name, frozenset()) | codes
    missing = []
    for check in checks:
        codes = getattr(check, "codes", None)
        left = sorted(codes - known.get(check.__name__, frozenset())) if codes is not None else ["(undeclared)"]
        if left:
            missing.append(f"{check.__name__}: {', '.join(left)}")
    return missing


def fast_check(tables: FastTables, vocab: Vocabulary, checks: Iterable[Callable]) -> ValidationReport | None:
    """The report the exact ``checks`` (:data:`graphkit.reading.validate.CHECKS`) give the same folder, with no
    archive, or None when a form cannot say (a check or code no form covers, a case a form leaves to
    the exact checks). For a valid folder, ``tables`` keeps what the forms worked out for the index
    builder (``found``) and the warnings."""
    checks = list(checks)
    if unvouched(checks) or any(c.kind not in KNOWN_KINDS for cols in vocab.columns.values() for c in cols):
        return None
    scan = Scan(tables, vocab, checks)
    if not all(form(scan) for form in FORMS):
        return None
    report = ValidationReport(tables.read_issues + scan.issues + scan.run_exact(), tables.counts).sorted()
    if report.valid:
        tables.found.update(refs=scan.refs, dates=scan.dates)
        tables.warnings = list(report.issues)
    return report


def fast_clean(tables: FastTables, vocab: Vocabulary, checks: Iterable[Callable]) -> bool:
    """True only if the exact ``checks`` would report no error on the same folder."""
    report = fast_check(tables, vocab, checks)
    return report is not None and report.valid


def fast_report(folder: Path, vocab: Vocabulary, checks: Iterable[Callable]) -> ValidationReport | None:
    """The report the exact ``checks`` give a folder, or None when the fast path cannot say."""
    if unvouched(checks):
        return None  # not even worth reading the files
    tables = fast_read(folder, vocab)
    return None if tables is None else fast_check(tables, vocab, checks)


# -- the forms, in the order they run (later ones reuse references, dates and ids) ----------------
@vouches(check_required=("missing-value",))
def _required_filled(scan: Scan) -> bool:
    for fname, table in scan.by_file.items():
        blank = [_empty(table[c.name]) for c in scan.vocab.columns[fname] if c.required and _any_empty(table[c.name])]
        if blank:
            scan.exact("check_required", fname, np.flatnonzero(np.logical_or.reduce(blank)))
    return True


@vouches(check_ids=("bad-id", "duplicate-id"))
def _ids_clean(scan: Scan) -> bool:
    """Slugs, unique within their file (each id given twice: every row holding it)."""
    for fname, table in scan.by_file.items():
        ids = table["id"]
        scan.exact("check_ids", fname, _mismatched(ids, _SLUG))
        if len(pc.unique(ids)) != len(ids):
            scan.first[fname] = _first_rows(ids)
            scan.exact("check_ids", fname, _given_twice(ids))
    return True


@vouches(check_vocabulary_terms=("unknown-entity-type", "unknown-relation-type", "unknown-status",
                                 "unknown-stance", "unknown-source-kind"))
def _terms_known(scan: Scan) -> bool:
    vocab = scan.vocab
    terms = {"entity_type": vocab.entity_types, "relation_type": vocab.relation_types,
             "status": vocab.status_ids, "stance": vocab.stances, "source_kind": vocab.source_kinds}
    for fname, table in scan.by_file.items():
        for col in vocab.columns[fname]:
            if col.kind in terms:
                allowed = set(terms[col.kind])
                wrong = [v for v in pc.unique(table[col.name]).to_pylist() if v and v not in allowed]
                if wrong:
                    hit = pc.is_in(table[col.name], value_set=pa.array(wrong, pa.string()))
                    scan.exact("check_vocabulary_terms", fname, np.flatnonzero(numbers(hit)))
    return True


@vouches(check_references=("unknown-entity", "unknown-source"))
def _references_resolve(scan: Scan) -> bool:
    """From relations.csv and sources.csv, keeping the row each cell names."""
    ents, srcs = scan.tables.entities, scan.tables.sources
    for fname in ("relations.csv", "sources.csv"):
        for col in scan.vocab.columns[fname]:
            if col.kind in ("entity_ref", "source_ref"):
                target = ents["id"] if col.kind == "entity_ref" else srcs["id"]
                scan.refs[fname, col.name], wrong = _codes(scan.by_file[fname][col.name], target)
                if len(wrong):
                    scan.unresolved.add((fname, col.name))
                    scan.exact("check_references", fname, wrong)
    return True


@vouches(check_formats=("bad-date", "bad-wikidata", "bad-url", "bad-seed-claim"))
def _formats_clean(scan: Scan) -> bool:
    for fname, table in scan.by_file.items():
        for col in scan.vocab.columns[fname]:
            pattern = {"wikidata": _WIKIDATA, "url": _URL, "seed_claims": _SEED_CLAIMS}.get(col.kind)
            if pattern:
                scan.exact("check_formats", fname, _mismatched(table[col.name], pattern))
            if col.kind == "date":
                low, high, wrong = _date_bounds(table[col.name])
                scan.dates[fname, col.name] = low, high
                scan.exact("check_formats", fname, wrong)
    return True


@vouches(check_date_order=("date-order",))
def _dates_in_order(scan: Scan) -> bool:
    for fname in ("entities.csv", "relations.csv"):
        table = scan.by_file[fname]
        if "start" in table.column_names and "end" in table.column_names:
            start = scan.dates.get((fname, "start")) or _date_bounds(table["start"])[:2]
            end = scan.dates.get((fname, "end")) or _date_bounds(table["end"])[:2]
            both = (start[0] > 0) & (end[0] > 0)
            scan.exact("check_date_order", fname, np.flatnonzero(both & (end[1] < start[0])))
    return True


@vouches(check_endpoint_types=("self-loop", "bad-endpoint"))
def _endpoints(scan: Scan) -> bool:
    """Not an entity to itself, and entity types the relation allows at each end (where type, relation
    and entity are known)."""
    vocab, rels = scan.vocab, scan.tables.relations
    type_ids, rel_ids = list(vocab.entity_types), list(vocab.relation_types)
    loops = numbers(pc.and_(pc.equal(rels["from_id"], rels["to_id"]), pc.greater(pc.binary_length(rels["from_id"]), 0)))
    rtype = numbers(pc.index_in(rels["type"], value_set=pa.array(rel_ids, pa.string()))).astype(np.int64)
    etype = np.append(numbers(pc.index_in(scan.tables.entities["type"], value_set=pa.array(type_ids, pa.string()))),
                      -1)  # the last: an empty or unknown reference's (-1)
    wrong = loops.copy()
    for column, side in (("from_id", "from_types"), ("to_id", "to_types")):
        allowed = np.array([[t in getattr(vocab.relation_types[r], side) for t in type_ids] for r in rel_ids])
        ends = etype[scan.refs["relations.csv", column]]
        known = (rtype >= 0) & (ends >= 0)
        wrong |= known & ~allowed[np.maximum(rtype, 0), np.maximum(ends, 0)]
    scan.exact("check_endpoint_types", "relations.csv", np.flatnonzero(wrong))
    return True


_CLAIM_KEY = ("from_id", "type", "to_id", "stance", "attributed_to", "source_id")


@vouches(check_duplicate_claims=("duplicate-claim",))
def _no_duplicate_claims(scan: Scan) -> bool:
    """No two complete rows with the same claim key (each such pair: every row of the key)."""
    rels = scan.tables.relations
    keys = [scan.codes("relations.csv", c) for c in _CLAIM_KEY]
    blank = [_empty(rels[c]) for c in _CLAIM_KEY if _any_empty(rels[c])]
    rows = np.flatnonzero(~np.logical_or.reduce(blank)) if blank else np.arange(rels.num_rows)
    if blank:
        keys = [key[rows] for key in keys]
    scan.exact("check_duplicate_claims", "relations.csv", rows[_repeated_rows(keys)])
    return True


@vouches(check_disputes=("orphan-dispute",))
def _disputes_asserted(scan: Scan) -> bool:
    """Each disputing row whose from_id, type and to_id no asserting row has is warned of."""
    rels = scan.tables.relations
    disputing = np.flatnonzero(numbers(pc.equal(rels["stance"], "disputes")))
    if not len(disputing):
        return True
    link = None
    for column in ("from_id", "type", "to_id"):
        codes = scan.codes("relations.csv", column) + 1  # 0: an empty or unknown reference
        width = int(codes.max(initial=0)) + 1
        if link is not None and int(link.max(initial=0)) * width + width >= 1 << 62:
            return False  # the key would overflow: leave it to the exact check
        link = codes if link is None else link * width + codes
    asserted = link[numbers(pc.equal(rels["stance"], "asserts"))]
    orphans = disputing[~among(link[disputing], asserted)]
    if len(orphans):
        ends = [rels[c].take(pa.array(orphans)).to_pylist() for c in ("from_id", "type", "to_id")]
        words = {int(r): " ".join(parts) for r, *parts in zip(orphans.tolist(), *ends)}
        scan.warn("relations.csv", orphans, "stance", "orphan-dispute",
                  lambda r: f"stance: disputes {words[r]}, but no row asserts it; add the asserting row or check "
                            "from_id/type/to_id")
    return True


FORMS = [_required_filled, _ids_clean, _terms_known, _references_resolve, _formats_clean, *ATTRIBUTE_FORMS, _dates_in_order,
         _endpoints, _no_duplicate_claims, _disputes_asserted, *TEXT_FORMS]
