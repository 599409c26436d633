"""What a Neo4j load writes, prepared from the core's columns: entity and claim rows by label and
relation type, in batches, and the rounds of claim batches that writers can run at once without
two of them locking the same node.
"""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Sequence

from ..claims.dates import date_bounds
from ..claims.model import EvidenceFilter
from ..claims.vocab import Vocabulary
from ..errors import GraphkitError

__all__ = ["SEP", "ENTITY_COLUMNS", "SOURCE_COLUMNS", "BATCH_SIZE", "WRITERS", "claim_rounds"]

# A batch travels as columns: each column is one text, its values joined by SEP, which the
# statement splits again (``split($columns.name, $sep)``). The driver then packs one string per
# column instead of a map per row, which is what limited a load in pure Python (a 1M-claim load
# spent twice as long packing as Neo4j spent writing). Values stay parameters. The reader refuses
# NUL in a CSV file, so no value holds it; :func:`_joined` checks anyway.
SEP = "\x00"
ENTITY_COLUMNS = ("id", "name", "type", "aliases", "description", "wikidata", "start", "end")
SOURCE_COLUMNS = ("id", "title", "author", "publisher", "published", "url", "kind", "via")
BATCH_SIZE = 5_000
# Transactions written at once. On the 2-core machine of the benchmark two writers load 1M claims
# about a third faster than one: Neo4j runs each transaction on one core.
WRITERS = 2


def _joined(values: list[str]) -> str:
    text = SEP.join(values)
    if text.count(SEP) != len(values) - 1:
        raise GraphkitError("a value holds the NUL character, which graphkit cannot load into Neo4j")
    return text


@dataclass
class _Step:
    """One load statement over rows of a table held as columns (all of one length).

    ``create`` is the statement's CREATE form, run while none of the rows can exist in the
    database yet; when a uniqueness constraint refuses a batch (a racing load wrote some of its
    rows first), the step runs ``query`` (its MERGE form) from that batch on.
    """

    query: str
    columns: dict[str, list[str]]
    rows: Sequence[int] | None = None  # positions in the columns, in order (None: all)
    create: str | None = None
    extra: dict = field(default_factory=dict)

    def positions(self) -> Sequence[int]:
        return range(len(next(iter(self.columns.values())))) if self.rows is None else self.rows

    def batches(self, size: int):
        """(columns of at most ``size`` rows, joined; those rows; the rows from them on)."""
        rows = self.positions()
        for i in range(0, len(rows), size):
            part = rows[i:i + size]
            if isinstance(part, range):
                batch = {name: _joined(values[part.start:part.stop]) for name, values in self.columns.items()}
            else:
                batch = {name: _joined([values[j] for j in part]) for name, values in self.columns.items()}
            yield batch, part, rows[i:]


def _days(values: list[str], end: bool) -> list[str]:
    """The first (or last) day each partial date can mean, ISO-formatted; '' for no date."""
    bounds = {}
    for text in set(values):
        found = date_bounds(text) if text else None
        bounds[text] = found[1 if end else 0].isoformat() if found else ""
    return [bounds[v] for v in values]


def _table(table) -> dict[str, list[str]]:
    """A table of a :class:`~graphkit.core.engine.ClaimIndex` as columns of text, in file order."""
    return {name: col.take() for name, col in table.columns.items()}


def _create_form(merge: str, pattern: str, create: str) -> str:
    """A load statement's CREATE form: its one ``pattern`` (a MERGE, say) replaced by ``create``."""
    if merge.count(pattern) != 1:
        raise AssertionError(f"a load statement should hold {pattern!r} once")
    return merge.replace(pattern, create)


def _entity_columns(vocab: Vocabulary, ents: dict[str, list[str]]) -> dict[str, list[str]]:
    columns = {name: ents[name] for name in ENTITY_COLUMNS}
    columns["label"] = [vocab.entity_types[t].neo4j_label for t in ents["type"]]
    # a list property in Neo4j; the vocabulary's separator never occurs inside an alias
    columns["aliases"] = ["|".join(a.strip() for a in text.split("|") if a.strip()) if text else ""
                          for text in ents["aliases"]]
    return columns


def _claim_columns(index, vocab: Vocabulary, ents: dict[str, list[str]],
                   srcs: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every claim's load columns, in file order; endpoints still as entity ids
    (``from_id``, ``to_id``), to be swapped for element ids once the entities are in."""
    import numpy as np

    rels = _table(index.claims)
    lines = np.empty(len(index.c_row), dtype=np.int64)
    lines[index.c_row] = index.c_line
    keys = list(zip(rels["from_id"], rels["type"], rels["to_id"]))
    denied = EvidenceFilter.strongest_denials(keys, rels["stance"], rels["status"], vocab)
    counts = EvidenceFilter().denial_rank(vocab)  # what the default filter counts
    entity_name = dict(zip(ents["id"], ents["name"]))
    source_title = dict(zip(srcs["id"], srcs["title"]))
    neo4j_type = {rtype: vocab.relation_types[rtype].neo4j_type for rtype in set(rels["type"])}
    columns = {name: rels[key] for name, key in (
        ("claim_id", "id"), ("from_id", "from_id"), ("to_id", "to_id"), ("relation", "type"),
        ("status", "status"), ("stance", "stance"), ("attributed_to", "attributed_to"),
        ("source_id", "source_id"), ("locator", "locator"), ("quote", "quote"), ("start", "start"),
        ("end", "end"), ("seed_claim", "seed_claim"), ("note", "note"), ("role", "role"), ("share", "share"),
        ("amount", "amount"), ("currency", "currency"))}
    columns["type"] = [neo4j_type[t] for t in rels["type"]]
    columns["attributed_to_name"] = [entity_name.get(e, "") for e in rels["attributed_to"]]
    party_of = index.party_of
    columns["party"] = [party_of.get(e, e) for e in rels["attributed_to"]]
    columns["source_title"] = [source_title.get(s, "") for s in rels["source_id"]]
    columns["start_day"] = _days(rels["start"], end=False)
    columns["end_day"] = _days(rels["end"], end=True)
    columns["line"] = [str(n) for n in lines.tolist()]
    columns["disputed"] = ["1" if stance == "asserts" and denied.get(key, counts + 1) <= counts else ""
                           for key, stance in zip(keys, rels["stance"])]
    columns["denied_rank"] = [str(denied[key]) if stance == "asserts" and key in denied else ""
                              for key, stance in zip(keys, rels["stance"])]
    return columns


def _claim_ends(index):
    """The entity numbers (positions in the index's entity table) of each claim's two ends, in file order."""
    import numpy as np

    start, end = np.empty(len(index.c_row), dtype=np.int64), np.empty(len(index.c_row), dtype=np.int64)
    start[index.c_row] = index.e_from[index.c_edge]
    end[index.c_row] = index.e_to[index.c_edge]
    return start, end


def _together(pool, jobs: list) -> list:
    """Run ``jobs`` (callables) on ``pool`` at once; their results in order. When any fails, its
    error is raised once all have finished (a load is rerun after a failure, so the others'
    writes are kept)."""
    from concurrent.futures import wait

    if len(jobs) == 1:
        return [jobs[0]()]
    futures = [pool.submit(job) for job in jobs]
    wait(futures)
    return [f.result() for f in futures]


def _batches(rows: list, size: int):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _chunks(count: int, parts: int) -> list[range]:
    """``range(count)`` cut into ``parts`` runs of near-equal length (no empty one)."""
    edges = [count * k // parts for k in range(parts + 1)]
    return [range(lo, hi) for lo, hi in zip(edges, edges[1:]) if hi > lo]


def claim_rounds(start, end, nodes: int, writers: int) -> list[list[list[int]]]:
    """Claim rows (positions in ``start`` and ``end``, their entities' numbers) in rounds of at
    most ``writers`` groups, such that no two groups of one round share an entity.

    Neo4j locks both entities of a relationship it creates until the transaction commits, so
    writers given claims that share an entity wait for each other or deadlock; groups of one
    round can be written at the same time. The entities are dealt into ``2 * writers`` parts,
    busiest first, in snake order, which evens out the claims each part holds; a group holds the
    claims between two parts (or within one), and a round-robin of the parts puts ``writers``
    groups with no part in common in each round. Rows keep file order within a group.
    """
    import numpy as np

    start, end = np.asarray(start, dtype=np.int64), np.asarray(end, dtype=np.int64)
    if writers <= 1 or len(start) == 0:
        return [[list(range(len(start)))]] if len(start) else []
    k = 2 * writers
    degree = np.bincount(start, minlength=nodes) + np.bincount(end, minlength=nodes)
    busiest = np.argsort(-degree, kind="stable")
    deal = np.arange(nodes) % (2 * k)
    part = np.empty(nodes, dtype=np.int64)
    part[busiest] = np.where(deal < k, deal, 2 * k - 1 - deal)
    a, b = part[start], part[end]
    group = np.minimum(a, b) * k + np.maximum(a, b)
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(k * k + 1))
    rows = {g: order[bounds[g]:bounds[g + 1]].tolist() for g in range(k * k) if bounds[g + 1] > bounds[g]}
    # within one part: writers parts at a time; between two: the circle method (part k-1 fixed,
    # the others turning), each round pairing every part with another
    schedule = [[(p, p) for p in range(lo, lo + writers)] for lo in (0, writers)]
    ring = list(range(k - 1))
    for turn in range(k - 1):
        turned = ring[turn:] + ring[:turn]
        pairs = [(turned[0], k - 1)] + [(turned[i], turned[k - 1 - i]) for i in range(1, writers)]
        schedule.append(pairs)
    rounds = [[rows[g] for g in (min(p, q) * k + max(p, q) for p, q in pairs) if g in rows] for pairs in schedule]
    return [r for r in rounds if r]


class _Deadlocks(logging.Filter):
    """Counts, and keeps off the terminal, the driver's notes that it reran a transaction Neo4j
    ended on a deadlock; its other notes pass.

    Two writers on disjoint entities still share relationships: creating one locks the first
    relationship of each end's chain, which may lead to an entity of the other writer. A batch
    or two per million claims then deadlocks; Neo4j ends it, and the driver runs it again.
    """

    def __init__(self):
        super().__init__()
        self.count, self._lock = 0, threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if "DeadlockDetected" in record.getMessage():
            with self._lock:  # the writers' threads log
                self.count += 1
            return False
        return True


@contextmanager
def _deadlocks_counted():
    log, counted = logging.getLogger("neo4j.session"), _Deadlocks()
    log.addFilter(counted)
    try:
        yield counted
    finally:
        log.removeFilter(counted)


@contextmanager
def _progress(show: bool, total: int):
    """Advance a rich progress bar when asked (on a terminal), else do nothing."""
    if not show or total == 0:
        yield lambda n: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("loading claims into Neo4j", total=total)
        yield lambda n: bar.advance(task, n)
