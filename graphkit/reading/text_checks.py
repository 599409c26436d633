"""The exact checks of the text a dataset holds: names and aliases, quotes (against the archive),
sources and their ``via`` chains, letters lost to an encoding, and files with no rows. Each rule is
one function, as in :mod:`graphkit.reading.checks`, reading the same :class:`Context`.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..claims.rules import (
    LOST_LETTERS,
    MAX_QUOTE_WORDS,
    NO_ROWS,
    TEXT_KINDS,
    long_quote,
    lost_letters,
    rule,
    shared_name,
    unverified_attribution,
    via_cycle,
)
from ..errors import Issue
from .checks import Context, _issue, normalise_space

__all__ = ["check_attribution", "check_names", "check_quotes", "check_sources", "check_lost_letters", "check_no_rows"]


@rule("empty-alias", "shared-name")
def check_names(ctx: Context) -> Iterator[Issue]:
    """No alias or name is shared by two entities without being flagged, and alias lists are clean."""
    table = ctx.dataset.entities
    owners: dict[str, set[str]] = defaultdict(set)
    alias_pos = table.column_number("aliases")
    for line, row in zip(table.lines, table.rows):
        names = [row["name"]] if row["name"] else []
        aliases = row.get("aliases", "").split("|") if row.get("aliases") else []
        if any(not a.strip() for a in aliases):
            yield _issue(table, line, alias_pos, "empty-alias",
                         "aliases: an empty alias between pipes; remove the extra '|'", "warning")
        for name in names + [a.strip() for a in aliases if a.strip()]:
            owners[name.casefold()].add(row["id"])
    reported: set[str] = set()
    name_pos = table.column_number("name")
    for line, row in zip(table.lines, table.rows):
        candidates = [(row["name"], name_pos)] + [(a, alias_pos) for a in row.get("aliases", "").split("|")]
        for name, pos in candidates:
            key = name.strip().casefold()
            if key and len(owners[key]) > 1 and key not in reported:
                reported.add(key)
                yield _issue(table, line, pos, "shared-name", shared_name(name.strip(), sorted(owners[key])), "warning")


def source_authors(ctx: Context) -> dict[str, str]:
    """Source id -> the id of the entity that wrote it: the one entity whose name or an alias is the source's
    ``author`` as written ("" when none is, or several are); the first row of a source id counts."""
    holders: dict[str, set[str]] = defaultdict(set)
    for row in ctx.dataset.entities.rows:
        aliases = row.get("aliases", "").split("|") if row.get("aliases") else []
        for name in [row["name"]] + [a.strip() for a in aliases]:
            if name:
                holders[name].add(row["id"])
    authors: dict[str, str] = {}
    for row in ctx.dataset.sources.rows:
        ids = holders.get(row.get("author", ""), set()) if row.get("author") else set()
        authors.setdefault(row["id"], next(iter(ids)) if len(ids) == 1 else "")
    return authors


@rule("unverified-attribution")
def check_attribution(ctx: Context) -> Iterator[Issue]:
    """An unverified claim that a source says someone else makes is the claim of the source's author, when
    that author is an entity: no one else was found making it. (A dispute stays the disputing party's.)"""
    table = ctx.dataset.relations
    authors = source_authors(ctx)
    pos = table.column_number("attributed_to")
    for line, row in zip(table.lines, table.rows):
        author, party = authors.get(row["source_id"], ""), row["attributed_to"]
        if author and party and party != author and row["status"] == "unverified" and row["stance"] == "asserts":
            yield _issue(table, line, pos, "unverified-attribution",
                         unverified_attribution(party, row["source_id"], author), "warning")


@rule("long-quote", "no-archive", "quote-not-found")
def check_quotes(ctx: Context) -> Iterator[Issue]:
    """Quotes are short; with an archive, each appears verbatim in its source's text."""
    table = ctx.dataset.relations
    pos = table.column_number("quote")
    texts: dict[str, str | None] = {}
    for line, row in zip(table.lines, table.rows):
        quote = row.get("quote", "")
        if not quote:
            continue
        words = len(quote.split())
        if words > MAX_QUOTE_WORDS:
            yield _issue(table, line, pos, "long-quote", long_quote(words), "warning")
        if ctx.archive is None:
            continue
        sid = row["source_id"]
        if sid not in texts:
            path = ctx.archive / f"{sid}.txt"
            texts[sid] = normalise_space(path.read_text(encoding="utf-8", errors="replace")) \
                if path.is_file() else None
        if texts[sid] is None:
            yield _issue(table, line, pos, "no-archive",
                         f"quote: no archived text for source '{sid}' ({ctx.archive / (sid + '.txt')}); "
                         "the quote could not be checked", "warning")
        elif normalise_space(quote) not in texts[sid]:
            yield _issue(table, line, pos, "quote-not-found",
                         f"quote: not found verbatim in {ctx.archive / (sid + '.txt')}; copy it exactly "
                         "from the source (only whitespace may differ)")


@rule("via-cycle", "unused-source")
def check_sources(ctx: Context) -> Iterator[Issue]:
    """`via` chains end (no loops), and every source is used."""
    table = ctx.dataset.sources
    via = {row["id"]: row.get("via", "") for row in table.rows}
    cited = {row["source_id"] for row in ctx.dataset.relations.rows} | set(via.values())
    relations_read = bool(ctx.dataset.relations.columns)  # else "cited by nothing" would be its echo
    for line, row in zip(table.lines, table.rows):
        seen, current = {row["id"]}, via.get(row["id"], "")
        while current:
            if current in seen:
                yield _issue(table, line, table.column_number("via"), "via-cycle", via_cycle(row["via"], row["id"]))
                break
            seen.add(current)
            current = via.get(current, "")
        if relations_read and row["id"] not in cited:
            yield _issue(table, line, 1, "unused-source",
                         f"id: source '{row['id']}' is cited by no relation and no via", "warning")


@rule("lost-letters")
def check_lost_letters(ctx: Context) -> Iterator[Issue]:
    """Text has no word made only of '?', the trace of letters an encoding could not hold."""
    for table in ctx.dataset.tables().values():
        for kind in TEXT_KINDS:
            for line, pos, name, value in ctx.cells(table, kind):
                if "??" in value and LOST_LETTERS.search(value):
                    yield _issue(table, line, pos, "lost-letters", lost_letters(name, value), "warning")


@rule("no-rows")
def check_no_rows(ctx: Context) -> Iterator[Issue]:
    """Each file that was read has data rows."""
    for table in ctx.dataset.tables().values():
        if table.columns and not table.rows:
            yield _issue(table, 2, 1, "no-rows", NO_ROWS, "warning")
