"""The column-wise forms of the checks of a dataset's text (:mod:`graphkit.reading.text_checks`): files with no
rows, names and aliases, quotes, letters lost to an encoding, and sources with their ``via`` chains.
Each words its issues as the exact check does; :mod:`graphkit.reading.fastcheck` runs them after the forms
of the structure, whose references and ids they reuse. The attribution of unverified claims is here too, as
it reads the names.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import among, distinct
from ..claims.rules import LOST_LETTERS as _PY_LOST
from ..claims.rules import (
    MAX_QUOTE_WORDS,
    NO_ROWS,
    TEXT_KINDS,
    long_quote,
    lost_letters,
    shared_name,
    unverified_attribution,
    via_cycle,
)
from ..errors import Issue
from .columnwise import _empty, _first_of_each, _folded_codes
from .dataset import _display
from .fastread import WHITESPACE, _any_empty, numbers
from .scan import Scan, vouches

__all__: list[str] = []  # the forms are run by graphkit.reading.fastcheck

# What fast_read strips (WHITESPACE), inside an RE2 character class.
WS = "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE)
_LOST = _PY_LOST.pattern.replace(r"\s", WS)  # each \s is inside [...]
_EMPTY_ALIAS = rf"(?:^|\|)[{WS}]*(?:\||$)"
_WORD = rf"[^{WS}]+"


@vouches(check_no_rows=("no-rows",))
def _has_rows(scan: Scan) -> bool:
    """A file with a header but no rows is warned of (its line 2, as the exact check places it)."""
    for name, table in scan.by_file.items():
        if table.column_names and not table.num_rows:
            display = _display(scan.tables.directory / name)
            scan.issues.append(Issue(display, 2, 1, "no-rows", NO_ROWS, "warning"))
    return True


def _names_given(scan: Scan) -> tuple:
    """Every non-empty name and alias of the entities (names first), the row each is given on, whether it
    is an alias; and the alias lists split (pieces, the row of each piece, which are kept, the named rows)."""
    if "names" not in scan.memo:
        ents = scan.tables.entities
        pieces = pc.split_pattern(ents["aliases"], "|")
        parents = numbers(pc.list_parent_indices(pieces)).astype(np.int64)
        flat = pc.utf8_trim(pc.list_flatten(pieces), characters=WHITESPACE)
        keep = numbers(pc.greater(pc.binary_length(flat), 0))
        named = np.flatnonzero(~_empty(ents["name"]))  # an empty name names no one
        names = pa.chunked_array(ents["name"].take(pa.array(named)).chunks + [pc.filter(flat, pa.array(keep))],
                                 pa.string())
        rows = np.concatenate([named, parents[keep]])
        is_alias = np.r_[np.zeros(len(named), bool), np.ones(int(keep.sum()), bool)]
        scan.memo["names"] = names, rows, is_alias, pieces, parents, keep, named
    return scan.memo["names"]


@vouches(check_attribution=("unverified-attribution",))
def _attributed_to_authors(scan: Scan) -> bool:
    """Each asserting unverified claim read in a source whose author is an entity, and said to be another's,
    is warned of (the author: the one entity holding the source's author as a name or alias)."""
    rels, sources = scan.tables.relations, scan.tables.sources
    wanted = np.flatnonzero(numbers(pc.and_(pc.equal(rels["status"], "unverified"),
                                            pc.equal(rels["stance"], "asserts"))))
    authors = pc.unique(pc.filter(sources["author"], pc.greater(pc.binary_length(sources["author"]), 0)))
    if not len(wanted) or not len(authors):
        return True
    names, rows = _names_given(scan)[:2]
    hit = np.flatnonzero(numbers(pc.is_in(names, value_set=authors)))
    holders: dict[str, set[str]] = {}
    for text, owner in zip(names.take(pa.array(hit)).to_pylist(),
                           scan.tables.entities["id"].take(pa.array(rows[hit])).to_pylist()):
        holders.setdefault(text, set()).add(owner)
    written = [next(iter(ids)) if len(ids) == 1 else "" for ids in
               (holders.get(text, set()) for text in sources["author"].to_pylist())]
    source = scan.refs["relations.csv", "source_id"][wanted]
    author = pa.array(written + [""], pa.string()).take(pa.array(np.where(source < 0, len(written), source)))
    party = rels["attributed_to"].take(pa.array(wanted))
    other = pc.and_(pc.and_(pc.greater(pc.binary_length(author), 0), pc.greater(pc.binary_length(party), 0)),
                    pc.not_equal(party, author))
    found = np.flatnonzero(numbers(other))
    if len(found):
        ids = rels["source_id"].take(pa.array(wanted[found])).to_pylist()
        words = [unverified_attribution(p, s, a) for p, s, a in
                 zip(party.take(pa.array(found)).to_pylist(), ids, author.take(pa.array(found)).to_pylist())]
        scan.warn("relations.csv", wanted[found], "attributed_to", "unverified-attribution", words)
    return True


@vouches(check_names=("empty-alias", "shared-name"))
def _names_clean(scan: Scan) -> bool:
    """Empty aliases (warned of), and each name or alias that several entities hold (case-folded), warned of
    once where it first appears. An entity is its id: two rows with one id are one holder."""
    ents = scan.tables.entities
    aliases = ents["aliases"]
    empty = pc.and_(pc.greater(pc.binary_length(aliases), 0), pc.match_substring_regex(aliases, _EMPTY_ALIAS))
    scan.warn("entities.csv", np.flatnonzero(numbers(empty)), "aliases", "empty-alias",
              lambda r: "aliases: an empty alias between pipes; remove the extra '|'")
    names, rows, is_alias, pieces, parents, keep, named = _names_given(scan)
    first = scan.first.get("entities.csv")
    owners = rows if first is None else first[rows]
    codes = _folded_codes(names)
    if codes is None:
        return True  # no name given twice, so none by two entities
    width = max(1, ents.num_rows)
    pairs = distinct(codes * width + owners)  # each (name, owner) once, by name
    names_of_pairs = pairs // width
    shared = distinct(names_of_pairs[1:][names_of_pairs[1:] == names_of_pairs[:-1]])
    if not len(shared):
        return True
    # each shared name once, where it first appears (row, then name before aliases in their order)
    lengths = numbers(pc.list_value_length(pieces)).astype(np.int64)
    starts = np.cumsum(lengths) - lengths  # each row's first piece among all the pieces
    place = np.concatenate([np.zeros(len(named), np.int64), 1 + np.flatnonzero(keep) - starts[parents[keep]]])
    at = _first_of_each(codes, shared, rows, place)
    ids = ents["id"].to_pylist()
    holders: dict[int, list[str]] = {}
    held = among(names_of_pairs, shared)
    for code, owner in zip(names_of_pairs[held].tolist(), (pairs[held] % width).tolist()):
        holders.setdefault(code, []).append(ids[owner])
    for column, mine in (("name", at[~is_alias[at]]), ("aliases", at[is_alias[at]])):
        words = [shared_name(text, sorted(holders[code])) for text, code in
                 zip(names.take(pa.array(mine)).to_pylist(), codes[mine].tolist())]
        scan.warn("entities.csv", rows[mine], column, "shared-name", words)
    return True


# the fast path runs only without an archive, where no quote is looked up


@vouches(check_quotes=("long-quote", "no-archive", "quote-not-found"))
def _quotes_clean(scan: Scan) -> bool:
    """A quote over MAX_QUOTE_WORDS words is warned of."""
    quotes = scan.tables.relations["quote"]
    # n words need n - 1 separators: only quotes this long can be too long
    candidates = np.flatnonzero(numbers(pc.greater_equal(pc.utf8_length(quotes), 2 * MAX_QUOTE_WORDS + 1)))
    if not len(candidates):
        return True
    words = numbers(pc.count_substring_regex(quotes.take(pa.array(candidates)), _WORD))
    long = words > MAX_QUOTE_WORDS
    count = dict(zip(candidates[long].tolist(), words[long].tolist()))
    scan.warn("relations.csv", candidates[long], "quote", "long-quote", lambda r: long_quote(count[r]))
    return True


@vouches(check_lost_letters=("lost-letters",))
def _no_lost_letters(scan: Scan) -> bool:
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
def _sources_clean(scan: Scan) -> bool:
    """Via chains end (each source whose chain loops is an error), and every source is cited by a relation or
    a via. Sources without an id, or with one given twice, are left to the exact check."""
    sources = scan.tables.sources
    if "sources.csv" in scan.first or _any_empty(sources["id"]):
        return False
    refs = scan.refs
    via = refs["sources.csv", "via"]
    n = len(via)
    step = via.copy()
    for _ in range(max(1, int(n).bit_length()) + 1):  # 2^k >= n steps: every chain that ends has ended
        step = np.where(step >= 0, step[np.maximum(step, 0)], -1)
    looping = np.flatnonzero(step >= 0)
    if len(looping):
        pairs = zip(*(sources[c].take(pa.array(looping)).to_pylist() for c in ("via", "id")))
        scan.warn("sources.csv", looping, "via", "via-cycle", [via_cycle(v, s) for v, s in pairs], "error")
    used = np.zeros(n + 1, bool)  # the last: where an empty or unknown reference (-1) points
    used[refs["relations.csv", "source_id"]] = True
    used[via] = True
    unused = np.flatnonzero(~used[:n])
    if len(unused):
        ids = sources["id"].take(pa.array(unused)).to_pylist()
        named = dict(zip(unused.tolist(), ids))
        scan.warn("sources.csv", unused, None, "unused-source",
                  lambda r: f"id: source '{named[r]}' is cited by no relation and no via")
    return True


TEXT_FORMS = [_has_rows, _attributed_to_authors, _names_clean, _quotes_clean, _no_lost_letters, _sources_clean]
