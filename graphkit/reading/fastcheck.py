"""A fast path for clean data: read the three CSVs with pyarrow and check every rule column-wise.

:func:`fast_read` reads a dataset folder into pyarrow Tables, but only when the files are in the
plain case that :mod:`graphkit.reading.dataset` reads without any issue and that pyarrow provably reads the
same way; :func:`fast_clean` says whether :func:`graphkit.reading.validate.validate` would report no
error, and gathers the warnings it would report that a form can word exactly as the exact checks do
(orphan disputes, unused sources, empty aliases). Both are conservative: ``None`` or ``False`` means "not known to
be clean", and the caller then runs the exact validator, the one source of every other message.

Each column-wise form names the exact checks and codes it rules out (:func:`vouches`); the fast
path vouches for a folder only when every exact check and every code it declares is ruled out, so
a rule added to :mod:`graphkit.reading.validate` without a form here sends every folder to the exact checks.

>>> from graphkit.reading.validate import CHECKS
>>> from graphkit.claims.vocab import load_vocabulary
>>> vocab = load_vocabulary()
>>> tables = fast_read(Path("data"), vocab)
>>> unvouched(CHECKS), tables is not None and fast_clean(tables, vocab, CHECKS)
([], True)
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import distinct
from ..claims.rules import LOST_LETTERS as _PY_LOST
from ..claims.rules import MAX_QUOTE_WORDS, NO_ROWS, TEXT_KINDS, long_quote, lost_letters, shared_name
from ..claims.rules import SEED_CLAIM as _SEED_CLAIM
from ..claims.rules import SLUG as _PY_SLUG
from ..claims.rules import URL as _PY_URL
from ..claims.rules import WIKIDATA as _PY_WIKIDATA
from ..claims.vocab import Vocabulary
from ..errors import Issue, ValidationReport
from .columnwise import _codes, _date_bounds, _first_of_each, _folded_codes, _matches, _unique_pairs
from .dataset import _display
from .fastread import (
    WHITESPACE,
    FastTables,
    _any_empty,
    fast_read,
    numbers,
)

__all__ = ["FastTables", "fast_read", "fast_clean", "fast_report", "unvouched", "vouches", "WORDED"]

# The warnings the forms word themselves; any other issue sends a folder to the exact checks.
WORDED = frozenset({"orphan-dispute", "unused-source", "empty-alias", "long-quote", "lost-letters", "no-rows",
                    "shared-name"})

# What fast_read strips (WHITESPACE), inside an RE2 character class.
_WS = "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE)
# validate.py's patterns in RE2, for values already stripped (so `$` cannot stop before a final
# "\n"); Python's \s is Unicode whitespace, RE2's ASCII only, so it is spelt out.
_SLUG, _WIKIDATA = _PY_SLUG.pattern, _PY_WIKIDATA.pattern
_URL = _PY_URL.pattern.replace(r"\s", _WS)  # each \s is inside [...]
_LOST = _PY_LOST.pattern.replace(r"\s", _WS)  # the same
_CLAIM = _SEED_CLAIM.pattern.strip("^$")  # each |-separated part, stripped, matches it
_SEED_CLAIMS = rf"^[{_WS}]*{_CLAIM}[{_WS}]*(?:\|[{_WS}]*{_CLAIM}[{_WS}]*)*$"
_EMPTY_ALIAS = rf"(?:^|\|)[{_WS}]*(?:\||$)"
_WORD = rf"[^{_WS}]+"
# The column kinds the checks below know; a vocabulary with another kind is never fast-checked.
KNOWN_KINDS = {None, "slug", "entity_type", "relation_type", "status", "stance", "source_kind",
               "entity_ref", "source_ref", "date", "wikidata", "url", "seed_claims", "aliases", "quote"}


# -- checking ---------------------------------------------------------------------------------
class _Scan:
    """What the forms share: the tables, the vocabulary, and the references and dates worked out."""

    def __init__(self, tables: FastTables, vocab: Vocabulary):
        self.tables, self.vocab, self.by_file = tables, vocab, tables.tables()
        self.refs: dict = {}
        self.dates: dict = {}
        self.warnings: list[Issue] = []

    def warn(self, name: str, rows: np.ndarray, column: str | None, code: str,
             message: Callable[[int], str] | list[str]) -> None:
        """A warning for each row of ``rows`` of the file ``name``, placed and worded as the exact checks
        place and word it (``column``: the cell it points at; None for the first; ``message``: the words
        for a row, or the words of each warning in turn)."""
        table = self.by_file[name]
        display = _display(self.tables.directory / name)
        at = table.column_names.index(column) + 1 if column in table.column_names else 1
        lines = self.tables.lines[name]
        words = message if isinstance(message, list) else [message(int(r)) for r in rows]
        self.warnings.extend(Issue(display, int(lines[r]), at, code, text, "warning") for r, text in zip(rows, words))


# Each form: {exact check's name: the codes of that check it rules out}, and the column-wise test,
# True only when the folder has none of them. Forms run in this order (later ones reuse refs, dates).
_FORMS: list[tuple[dict[str, frozenset[str]], Callable[[_Scan], bool]]] = []


def vouches(**checks: tuple[str, ...]) -> Callable:
    """Register a column-wise form: it rules out these codes of these exact checks (by name)."""
    def add(form: Callable[[_Scan], bool]) -> Callable[[_Scan], bool]:
        _FORMS.append(({name: frozenset(codes) for name, codes in checks.items()}, form))
        return form

    return add


def unvouched(checks: Iterable[Callable]) -> list[str]:
    """The exact checks, and their codes, that no form rules out (each declares its codes with
    :func:`graphkit.claims.rules.rule`); while any is left, the fast path vouches for nothing."""
    known: dict[str, frozenset[str]] = {}
    for forms, _ in _FORMS:
        for name, codes in forms.items():
            known[name] = known.get(name, frozenset()) | codes
    missing = []
    for check in checks:
        codes = getattr(check, "codes", None)
        left = sorted(codes - known.get(check.__name__, frozenset())) if codes is not None else ["(undeclared)"]
        if left:
            missing.append(f"{check.__name__}: {', '.join(left)}")
    return missing


def fast_clean(tables: FastTables, vocab: Vocabulary, checks: Iterable[Callable]) -> bool:
    """True only if the exact ``checks`` (:data:`graphkit.reading.validate.CHECKS`) on the same folder, with no
    archive, would report no error, and every warning they would report is in ``tables.warnings``,
    worded and placed as they word and place it.

    Each form below rules out the codes it names of one or more exact checks; a check, or a code,
    that no form names makes the answer False, as does a rule met in a form not handled here, and
    the exact validator then runs.
    """
    if unvouched(checks):
        return False
    if any(c.kind not in KNOWN_KINDS for cols in vocab.columns.values() for c in cols):
        return False
    scan = _Scan(tables, vocab)
    if not all(form(scan) for _, form in _FORMS):
        return False
    tables.found.update(refs=scan.refs, dates=scan.dates)
    tables.warnings = scan.warnings
    return True


@vouches(check_no_rows=("no-rows",))
def _has_rows(scan: _Scan) -> bool:
    """A file with a header but no rows is warned of (its line 2, as the exact check places it)."""
    for name, table in scan.by_file.items():
        if table.column_names and not table.num_rows:
            display = _display(scan.tables.directory / name)
            scan.warnings.append(Issue(display, 2, 1, "no-rows", NO_ROWS, "warning"))
    return True


@vouches(check_required=("missing-value",))
def _required_filled(scan: _Scan) -> bool:
    return not any(c.required and _any_empty(table[c.name])
                   for fname, table in scan.by_file.items() for c in scan.vocab.columns[fname])


@vouches(check_ids=("bad-id", "duplicate-id"))
def _ids_clean(scan: _Scan) -> bool:
    """Slugs, unique within their file."""
    for table in scan.by_file.values():
        ids = table["id"]
        if not _matches(ids, _SLUG, filled=True) or len(pc.unique(ids)) != len(ids):
            return False
    return True


@vouches(check_vocabulary_terms=("unknown-entity-type", "unknown-relation-type", "unknown-status",
                                 "unknown-stance", "unknown-source-kind"))
def _terms_known(scan: _Scan) -> bool:
    vocab = scan.vocab
    terms = {"entity_type": vocab.entity_types, "relation_type": vocab.relation_types,
             "status": vocab.status_ids, "stance": vocab.stances, "source_kind": vocab.source_kinds}
    for fname, table in scan.by_file.items():
        for col in vocab.columns[fname]:
            if col.kind in terms:
                allowed = set(terms[col.kind])
                if any(v and v not in allowed for v in pc.unique(table[col.name]).to_pylist()):
                    return False
    return True


@vouches(check_references=("unknown-entity", "unknown-source"))
def _references_resolve(scan: _Scan) -> bool:
    """From relations.csv and sources.csv, keeping the row numbers found."""
    ents, srcs = scan.tables.entities, scan.tables.sources
    for fname in ("relations.csv", "sources.csv"):
        for col in scan.vocab.columns[fname]:
            if col.kind in ("entity_ref", "source_ref"):
                target = ents["id"] if col.kind == "entity_ref" else srcs["id"]
                scan.refs[fname, col.name] = _codes(scan.by_file[fname][col.name], target, col.required)
                if scan.refs[fname, col.name] is None:
                    return False
    return True


@vouches(check_formats=("bad-date", "bad-wikidata", "bad-url", "bad-seed-claim"))
def _formats_clean(scan: _Scan) -> bool:
    for fname, table in scan.by_file.items():
        for col in scan.vocab.columns[fname]:
            pattern = {"wikidata": _WIKIDATA, "url": _URL, "seed_claims": _SEED_CLAIMS}.get(col.kind)
            if pattern and not _matches(table[col.name], pattern):
                return False
            if col.kind == "date":
                scan.dates[fname, col.name] = _date_bounds(table[col.name])
                if scan.dates[fname, col.name] is None:
                    return False
    return True


@vouches(check_date_order=("date-order",))
def _dates_in_order(scan: _Scan) -> bool:
    for fname in ("entities.csv", "relations.csv"):
        table = scan.by_file[fname]
        if "start" in table.column_names and "end" in table.column_names:
            start = scan.dates.get((fname, "start")) or _date_bounds(table["start"])
            end = scan.dates.get((fname, "end")) or _date_bounds(table["end"])
            if start is None or end is None:
                return False
            both = (start[0] > 0) & (end[0] > 0)
            if (end[1][both] < start[0][both]).any():
                return False
    return True


@vouches(check_endpoint_types=("self-loop", "bad-endpoint"), check_duplicate_claims=("duplicate-claim",),
         check_disputes=("orphan-dispute",))
def _endpoints_and_claims(scan: _Scan) -> bool:
    """Endpoint types, duplicate claims and disputes, on row numbers."""
    tables, vocab, refs = scan.tables, scan.vocab, scan.refs
    rels = tables.relations
    type_ids, rel_ids, stance_ids = list(vocab.entity_types), list(vocab.relation_types), list(vocab.stances)
    a, b = refs["relations.csv", "from_id"], refs["relations.csv", "to_id"]
    party, source = refs["relations.csv", "attributed_to"], refs["relations.csv", "source_id"]
    rtype = numbers(pc.index_in(rels["type"], value_set=pa.array(rel_ids)))
    stance = numbers(pc.index_in(rels["stance"], value_set=pa.array(stance_ids)))
    etype = numbers(pc.index_in(tables.entities["type"], value_set=pa.array(type_ids)))
    if (a == b).any():
        return False  # self-loop
    starts = np.array([[t in vocab.relation_types[r].from_types for t in type_ids] for r in rel_ids])
    ends = np.array([[t in vocab.relation_types[r].to_types for t in type_ids] for r in rel_ids])
    if not (starts[rtype, etype[a]].all() and ends[rtype, etype[b]].all()):
        return False  # bad-endpoint
    n_ent, n_src = max(1, tables.entities.num_rows), max(1, tables.sources.num_rows)
    if max(n_ent * n_ent * len(rel_ids), n_ent * len(stance_ids) * n_src) >= 1 << 62:
        return False  # the keys below would overflow: leave it to the exact validator
    link = (a * n_ent + b) * len(rel_ids) + rtype
    who = (party * len(stance_ids) + stance) * n_src + source
    if not _unique_pairs(link, who):
        return False  # duplicate-claim
    asserted = link[stance == stance_ids.index("asserts")]
    disputing = np.flatnonzero(stance == stance_ids.index("disputes"))
    orphans = disputing[~np.isin(link[disputing], asserted)]
    if len(orphans):
        ends = [rels[c].take(pa.array(orphans)).to_pylist() for c in ("from_id", "type", "to_id")]
        words = {int(r): " ".join(parts) for r, *parts in zip(orphans.tolist(), *ends)}
        scan.warn("relations.csv", orphans, "stance", "orphan-dispute",
                  lambda r: f"stance: disputes {words[r]}, but no row asserts it; add the asserting row or check "
                            "from_id/type/to_id")
    return True


@vouches(check_names=("empty-alias", "shared-name"))
def _names_clean(scan: _Scan) -> bool:
    """Empty aliases (warned of), and no name or alias shared by two entities (case-folded)."""
    ents = scan.tables.entities
    aliases = ents["aliases"]
    empty = pc.and_(pc.greater(pc.binary_length(aliases), 0), pc.match_substring_regex(aliases, _EMPTY_ALIAS))
    scan.warn("entities.csv", np.flatnonzero(numbers(empty)), "aliases", "empty-alias",
              lambda r: "aliases: an empty alias between pipes; remove the extra '|'")
    pieces = pc.split_pattern(aliases, "|")
    owners_of_pieces = pc.list_parent_indices(pieces)
    flat = pc.utf8_trim(pc.list_flatten(pieces), characters=WHITESPACE)
    keep = pc.greater(pc.binary_length(flat), 0)
    names = pa.chunked_array(ents["name"].chunks + [pc.filter(flat, keep)], pa.string())
    owners = np.concatenate([np.arange(ents.num_rows), numbers(pc.filter(owners_of_pieces, keep))])
    codes = _folded_codes(names)
    if codes is None:
        return True  # no name given twice, so none by two entities
    width = max(1, ents.num_rows)
    pairs = distinct(codes * width + owners)  # each (name, owner) once, by name
    names_of_pairs = pairs // width
    shared = distinct(names_of_pairs[1:][names_of_pairs[1:] == names_of_pairs[:-1]])
    if len(shared):
        # each name given to several entities, once, where it first appears (row, then name before aliases)
        lengths = numbers(pc.list_value_length(pieces)).astype(np.int64)
        starts = np.cumsum(lengths) - lengths  # each row's first piece among all the pieces
        place = np.concatenate([np.zeros(ents.num_rows, np.int64),
                                1 + np.flatnonzero(numbers(keep)) - starts[owners[ents.num_rows:]]])
        first = _first_of_each(codes, shared, owners, place)
        ids = ents["id"].to_pylist()
        holders: dict[int, list[str]] = {}
        for code, owner in zip((pairs // width).tolist(), (pairs % width).tolist()):
            holders.setdefault(code, []).append(ids[owner])
        for column, mine in (("name", first[first < ents.num_rows]), ("aliases", first[first >= ents.num_rows])):
            words = [shared_name(text, sorted(holders[code])) for text, code in
                     zip(names.take(pa.array(mine)).to_pylist(), codes[mine].tolist())]
            scan.warn("entities.csv", owners[mine], column, "shared-name", words)
    return True


# the fast path runs only without an archive, where no quote is looked up


@vouches(check_quotes=("long-quote", "no-archive", "quote-not-found"))
def _quotes_clean(scan: _Scan) -> bool:
    """A quote over MAX_QUOTE_WORDS words is warned of."""
    quotes = scan.tables.relations["quote"]
    # n words need n - 1 separators: only quotes this long can be too long
    candidates = np.flatnonzero(numbers(pc.greater_equal(pc.utf8_length(quotes), 2 * MAX_QUOTE_WORDS + 1)))
    if not len(candidates):
        return True
    words = numbers(pc.count_substring_regex(quotes.take(pa.array(candidates)), _WORD))
    long = words > MAX_QUOTE_WORDS
    count = dict(zip(candidates[long].tolist(), words[long].tolist()))
    scan.warn("relations.csv", candidates[long], "quote", "long-quote",
              lambda r: long_quote(count[r]))
    return True


@vouches(check_lost_letters=("lost-letters",))
def _no_lost_letters(scan: _Scan) -> bool:
    """Free text holding a word made only of '?' is warned of."""
    for fname, table in scan.by_file.items():
        for col in scan.vocab.columns[fname]:
            if col.kind not in TEXT_KINDS or col.name not in table.column_names:
                continue
            values = table[col.name]
            marked = np.flatnonzero(numbers(pc.fill_null(pc.match_substring(values, "??"), False)))
            if not len(marked):
                continue
            found = marked[numbers(pc.match_substring_regex(values.take(pa.array(marked)), _LOST))]
            texts = dict(zip(found.tolist(), values.take(pa.array(found)).to_pylist()))
            scan.warn(fname, found, col.name, "lost-letters", lambda r, name=col.name: lost_letters(name, texts[r]))
    return True


@vouches(check_sources=("via-cycle", "unused-source"))
def _sources_clean(scan: _Scan) -> bool:
    """Via chains end, and every source is cited by a relation or a via."""
    refs = scan.refs
    via = refs["sources.csv", "via"]
    n = len(via)
    step = via.copy()
    for _ in range(max(1, int(n).bit_length()) + 1):  # 2^k >= n steps: every chain that ends has ended
        step = np.where(step >= 0, step[np.maximum(step, 0)], -1)
    if (step >= 0).any():
        return False  # via-cycle
    used = np.zeros(n, bool)
    used[refs["relations.csv", "source_id"]] = True
    used[via[via >= 0]] = True
    unused = np.flatnonzero(~used)
    if len(unused):
        ids = scan.tables.sources["id"].take(pa.array(unused)).to_pylist()
        named = dict(zip(unused.tolist(), ids))
        scan.warn("sources.csv", unused, None, "unused-source",
                  lambda r: f"id: source '{named[r]}' is cited by no relation and no via")
    return True


def fast_report(folder: Path, vocab: Vocabulary, checks: Iterable[Callable]) -> ValidationReport | None:
    """The report the exact ``checks`` give a folder with no error (its warnings included), or None when the
    fast path cannot say."""
    if unvouched(checks):
        return None  # not even worth reading the files
    tables = fast_read(folder, vocab)
    if tables is None or not fast_clean(tables, vocab, checks):
        return None
    return ValidationReport(list(tables.warnings), tables.counts).sorted()
