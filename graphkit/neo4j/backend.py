"""The Neo4j backend: load a dataset into a Neo4j server, and answer there.

graphkit owns only what it loaded: every node and relationship it writes
carries ``graphkit_dataset`` (and the id of the load that last wrote it), and
loading, pruning and wiping touch nothing else. Statements come from
``cypher/``; every value is a ``$parameter``.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Sequence

import networkx as nx
import numpy as np
import pandas as pd

from ..claims.dates import date_bounds
from ..claims.model import Claim, EvidenceFilter
from ..claims.names import resolve_all
from ..claims.vocab import Vocabulary, load_vocabulary
from ..core import metrics
from ..core.describe import SCORE_DIGITS, select_paths
from ..core.engine import METRIC_NAMES
from ..core.graph import ClaimGraph
from ..errors import GraphkitError, NoPathError
from .cypher import CYPHER_DIR, quote_name, statement

__all__ = ["Neo4jSettings", "Neo4jGraph", "Neo4jError", "BATCH_SIZE", "WRITERS"]

BATCH_SIZE = 5_000
# Transactions written at once. On the 2-core machine of the benchmark two writers load 1M claims
# about a third faster than one: Neo4j runs each transaction on one core.
WRITERS = 2
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jError(GraphkitError):
    """Neo4j could not be reached or refused a request; the message says what to do."""


class _Conflict(Neo4jError):
    """A uniqueness constraint refused a write: another load wrote the same key first."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where to connect. The password is never shown in a repr, log or message."""

    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None) -> "Neo4jSettings":
        """Options first, then NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE."""
        env = os.environ
        return cls(uri or env.get("NEO4J_URI") or cls.uri, user or env.get("NEO4J_USER") or cls.user,
                   password if password is not None else env.get("NEO4J_PASSWORD", ""),
                   database or env.get("NEO4J_DATABASE") or None)


def _explain(exc: Exception, settings: Neo4jSettings) -> Neo4jError:
    from neo4j import exceptions as nx4

    where = settings.uri
    if isinstance(exc, nx4.AuthError):
        return Neo4jError(f"Neo4j at {where} refused user '{settings.user}': wrong user name or password; "
                          "check NEO4J_USER and NEO4J_PASSWORD")
    if isinstance(exc, (nx4.ServiceUnavailable, nx4.SessionExpired, OSError)):
        return Neo4jError(f"cannot reach Neo4j at {where}: is the server running? Start the local one with "
                          "`graphkit neo4j start`, or point NEO4J_URI at yours")
    code = getattr(exc, "code", "") or ""
    if isinstance(exc, nx4.ConstraintError):
        return _Conflict(f"Neo4j at {where} refused the request: {code}: {getattr(exc, 'message', exc)}")
    if code.endswith("DatabaseNotFound"):
        return Neo4jError(f"Neo4j at {where} has no database '{settings.database}'; set NEO4J_DATABASE to an "
                          "existing one (Neo4j Community has only 'neo4j')")
    if isinstance(exc, (nx4.ConfigurationError, ValueError)):
        return Neo4jError(f"NEO4J_URI '{where}' is not a Neo4j address; use bolt://HOST:7687, or "
                          "neo4j://HOST:7687 for a cluster")
    message = getattr(exc, "message", None) or str(exc)
    return Neo4jError(f"Neo4j at {where} refused the request: {code or type(exc).__name__}: {message}")


# A batch travels as columns: each column is one text, its values joined by SEP, which the
# statement splits again (``split($columns.name, $sep)``). The driver then packs one string per
# column instead of a map per row, which is what limited a load in pure Python (a 1M-claim load
# spent twice as long packing as Neo4j spent writing). Values stay parameters. The reader refuses
# NUL in a CSV file, so no value holds it; :func:`_joined` checks anyway.
SEP = "\x00"
ENTITY_COLUMNS = ("id", "name", "type", "aliases", "description", "wikidata", "start", "end")
SOURCE_COLUMNS = ("id", "title", "author", "publisher", "published", "url", "kind", "via")


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
    disputed = {key for key, stance in zip(keys, rels["stance"]) if stance == "disputes"}
    entity_name = dict(zip(ents["id"], ents["name"]))
    source_title = dict(zip(srcs["id"], srcs["title"]))
    neo4j_type = {rtype: vocab.relation_types[rtype].neo4j_type for rtype in set(rels["type"])}
    columns = {name: rels[key] for name, key in (
        ("claim_id", "id"), ("from_id", "from_id"), ("to_id", "to_id"), ("relation", "type"),
        ("status", "status"), ("stance", "stance"), ("attributed_to", "attributed_to"),
        ("source_id", "source_id"), ("locator", "locator"), ("quote", "quote"), ("start", "start"),
        ("end", "end"), ("seed_claim", "seed_claim"), ("note", "note"))}
    columns["type"] = [neo4j_type[t] for t in rels["type"]]
    columns["attributed_to_name"] = [entity_name.get(e, "") for e in rels["attributed_to"]]
    columns["source_title"] = [source_title.get(s, "") for s in rels["source_id"]]
    columns["start_day"] = _days(rels["start"], end=False)
    columns["end_day"] = _days(rels["end"], end=True)
    columns["line"] = [str(n) for n in lines.tolist()]
    columns["disputed"] = ["1" if stance == "asserts" and key in disputed else ""
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


class Neo4jGraph:
    """A connection to Neo4j for one dataset; also a backend (paths and rank).

    Use as a context manager so that the driver is closed::

        with Neo4jGraph(Neo4jSettings.from_env(), dataset="data") as db:
            db.load("data")
    """

    def __init__(self, settings: Neo4jSettings | None = None, dataset: str = "data",
                 vocab: Vocabulary | None = None):
        from neo4j import GraphDatabase

        self.settings = settings or Neo4jSettings.from_env()
        self.dataset = dataset
        self.vocab = vocab or load_vocabulary()
        self._entities: ClaimGraph | None = None
        scheme = self.settings.uri.partition("://")[0]
        if scheme not in SCHEMES:
            raise Neo4jError(f"NEO4J_URI '{self.settings.uri}' is not a Neo4j address; use bolt://HOST:7687, "
                             "or neo4j://HOST:7687 for a cluster (+s or +ssc for TLS)")
        try:
            # notifications off: on an empty database the counts query would warn that graphkit's
            # labels do not exist yet, noise on every first load
            self.driver = GraphDatabase.driver(self.settings.uri, auth=(self.settings.user, self.settings.password),
                                               notifications_min_severity="OFF")
            self.driver.verify_connectivity()
            self.run("RETURN 1 AS ok")  # reaches the database itself: an unknown one fails here
        except Neo4jError:
            self.close()
            raise
        except Exception as exc:  # the driver's errors, translated to one line that says what to do
            self.close()
            raise _explain(exc, self.settings) from None

    def __enter__(self) -> "Neo4jGraph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        driver = getattr(self, "driver", None)
        if driver is not None:
            driver.close()

    # -- running statements ----------------------------------------------------
    def run(self, query: str, parameters: dict | None = None, write: bool = False) -> list[dict]:
        """Run one statement and return its rows as dicts."""
        from neo4j import RoutingControl

        try:
            result = self.driver.execute_query(
                query, parameters_=parameters or {}, database_=self.settings.database,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ)
        except Exception as exc:
            raise _explain(exc, self.settings) from None
        return [record.data() for record in result.records]

    def _run_in_transactions(self, query: str, parameters: dict) -> int:
        """Run a deleting statement that commits in batches (``CALL ... IN TRANSACTIONS``, which
        needs an auto-commit transaction) and return its ``removed`` count. Safe to rerun."""
        try:
            with self.driver.session(database=self.settings.database) as session:
                return session.run(query, parameters).single()["removed"]
        except Exception as exc:
            raise _explain(exc, self.settings) from None

    def _params(self, **extra) -> dict:
        return {"dataset": self.dataset, **extra}

    # -- loading ---------------------------------------------------------------
    def apply_schema(self) -> int:
        """Constraints and indexes from cypher/schema/ (one claim index per relation type)."""
        count = 0
        for path in sorted((CYPHER_DIR / "schema").glob("*.cypher")):
            name = f"schema/{path.stem}"
            if "__TYPE__" in path.read_text(encoding="utf-8"):
                for rel in sorted({r.neo4j_type for r in self.vocab.relation_types.values()}):
                    self.run(statement(name, type=rel), write=True)
                    count += 1
            else:
                self.run(statement(name), write=True)
                count += 1
        return count

    def load(self, data_dir: str | Path, batch_size: int = BATCH_SIZE, progress: bool | None = None,
             writers: int = WRITERS) -> dict:
        """Validate a dataset folder, then write it in batches; safe to rerun after a failure.

        Nothing is written when validation finds an error. Every node and
        relationship written is stamped with this load's id and start time (the
        server's clock); once all batches are in, this dataset's leftovers from
        loads started earlier are removed. Two loads of a dataset running at once
        leave it as the one started later wrote it. A dataset new to the database
        is written with CREATE statements, which skip MERGE's look-ups. ``writers``
        transactions run at once, on disjoint rows (claims: on disjoint entities,
        see :func:`claim_rounds`); a batch that Neo4j ends on a deadlock is run again
        (counted in ``rerun_after_deadlock``).
        """
        from concurrent.futures import ThreadPoolExecutor

        from ..core.engine import load_index

        writers = max(1, writers)
        # validated (column by column when the files are plainly clean) and indexed, or opened
        # from the stored index when these files were indexed before
        index = load_index(data_dir, self.vocab)
        ents, srcs = _table(index.entities), _table(index.sources)
        self.apply_schema()
        fresh = not self.run(statement("load/has_entities"), self._params())[0]["found"]
        load_id = uuid.uuid4().hex
        # The server's clock orders loads: of two racing, the later one's stamps win (see load/*.cypher).
        started = self.run("RETURN timestamp() AS now")[0]["now"]
        params = self._params(load=load_id, started=started, sep=SEP)
        read_via = [i for i, via in enumerate(srcs["via"]) if via]
        total = len(ents["id"]) + len(srcs["id"]) + len(read_via) + len(index.c_row)
        show = sys.stderr.isatty() if progress is None else progress
        with ThreadPoolExecutor(writers + 1) as pool, _progress(show, total) as advance, \
                _deadlocks_counted() as deadlocks:
            # the claims' columns are made while the entities and sources are written
            claims = pool.submit(lambda: (_claim_columns(index, self.vocab, ents, srcs),
                                          claim_rounds(*_claim_ends(index), index.n, writers)))
            entities = statement("load/entities")
            create = _create_form(_create_form(entities, "MERGE (n:GraphkitEntity {", "CREATE (n:GraphkitEntity {"),
                                  "REMOVE n:$($all_labels)\n", "")  # a new node has no label to swap
            def split(query: str, columns: dict[str, list[str]], create: str, extra: dict | None = None) -> list:
                """The rows cut into one run per writer, written at once: each writer's batches."""
                steps = [_Step(query, columns, rows, create if fresh else None, extra or {})
                         for rows in _chunks(len(next(iter(columns.values()))), writers)]
                return _together(pool, [partial(self._write, step, batch_size, params, advance) for step in steps])

            element = {}
            for done in split(entities, _entity_columns(self.vocab, ents), create, {"all_labels": self._labels()}):
                for part, result in done:
                    for row, node in zip(result[0]["rows"], result[0]["elements"]):
                        element[ents["id"][part[row]]] = node
            sources = statement("load/sources")
            split(sources, {name: srcs[name] for name in SOURCE_COLUMNS},
                  _create_form(sources, "MERGE (s:GraphkitSource {", "CREATE (s:GraphkitSource {"))
            self._write(_Step(statement("load/source_via"), {"id": srcs["id"], "via": srcs["via"]}, read_via),
                        batch_size, params, advance)
            columns, rounds = claims.result()
            for end in ("from", "to"):
                columns[f"{end}_element"] = [element[e] for e in columns.pop(f"{end}_id")]
            self._write_claims(columns, rounds, fresh, batch_size, params, advance, pool)
        removed = self._run_in_transactions(statement("load/prune_relationships"), self._params(started=started))
        removed_nodes = self._run_in_transactions(statement("load/prune_nodes"), self._params(started=started))
        self._entities = None
        return {**self.counts(), "written": total, "removed_relationships": removed,
                "removed_nodes": removed_nodes, "rerun_after_deadlock": deadlocks.count, "dataset": self.dataset}

    def _labels(self) -> list[str]:
        """Every entity-type label of the vocabulary."""
        return sorted({t.neo4j_label for t in self.vocab.entity_types.values()})

    def _write(self, step: _Step, batch_size: int, params: dict, advance, merge_rest=None) -> list:
        """Run ``step`` batch by batch: (the batch's rows, what the statement returned) for each.

        ``merge_rest``, given the rows left when a CREATE batch meets a racing load's writes,
        writes those itself (instead of the step's MERGE form), and this returns the batches before.
        A statement returning ``written`` (the claims) is checked to have written every row."""
        query, done = step.create or step.query, []
        for columns, part, rest in step.batches(batch_size):
            batch = {**params, **step.extra, "columns": columns}
            try:
                result = self.run(query, batch, write=True)
            except _Conflict:
                if query == step.query:
                    raise
                if merge_rest is not None:
                    merge_rest(rest)
                    return done
                query = step.query  # a racing load wrote some of these: merge from here on
                result = self.run(query, batch, write=True)
            if result and "written" in result[0] and result[0]["written"] != len(part):
                raise Neo4jError(f"{len(part) - result[0]['written']} of {len(part)} claims found an entity of "
                                 f"dataset '{self.dataset}' gone while loading (did a wipe or another load run "
                                 "at the same time?); run the load again")
            done.append((part, result))
            advance(len(part))
        return done

    def _write_claims(self, columns: dict[str, list[str]], rounds: list[list[list[int]]], fresh: bool,
                      batch_size: int, params: dict, advance, pool) -> None:
        """Write the claims, round by round, the groups of a round at once (:func:`claim_rounds`):
        a new dataset's with one CREATE statement for every type, else type by type, each with
        CREATE when the dataset had no claim of the type before this load, else MERGE."""
        extra = {"ranks": {status: self.vocab.status_rank(status) for status in self.vocab.status_ids}}
        merges = {rel: statement("load/claims", type=rel) for rel in sorted(set(columns["type"]))}
        if not merges:
            return
        rel, merge = next(iter(merges.items()))
        create = _create_form(merge, f"MERGE (a)-[r:{quote_name(rel, self.vocab)} {{", "CREATE (a)-[r:$(types[i]) {")
        # decided before any claim is written: types this dataset has no claim of
        new_types = set() if fresh else {
            rel for rel in merges if not self.run(statement("load/has_claims", type=rel), self._params())[0]["found"]}
        racing = threading.Event()  # a CREATE met a racing load's claim: merge from then on

        def by_type(rows: Sequence[int], creating: set[str]) -> None:
            groups: dict[str, list[int]] = defaultdict(list)
            for i in rows:
                groups[columns["type"][i]].append(i)
            for rel in sorted(groups):
                self._write(_Step(merges[rel], columns, groups[rel], create if rel in creating else None, extra),
                            batch_size, params, advance)

        def merge_rest(rest: Sequence[int]) -> None:
            racing.set()
            by_type(rest, set())

        def group(rows: list[int]) -> None:
            if fresh and not racing.is_set():
                self._write(_Step(merge, columns, rows, create, extra), batch_size, params, advance,
                            merge_rest=merge_rest)
            else:
                by_type(rows, set() if fresh else new_types)

        for groups in rounds:
            _together(pool, [partial(group, rows) for rows in groups])

    def counts(self) -> dict:
        """How many entities, sources and claims of this dataset are in the database."""
        return self.run(statement("load/counts"), self._params())[0]

    def wipe(self) -> dict:
        """Remove this dataset's relationships, then its nodes that nothing else holds."""
        rels = self._run_in_transactions(statement("load/wipe_relationships"), self._params())
        nodes = self._run_in_transactions(statement("load/wipe_nodes"), self._params())
        kept = self.counts()
        self._entities = None
        return {"removed_relationships": rels, "removed_nodes": nodes,
                "kept_nodes": kept["entities"] + kept["sources"], "dataset": self.dataset}

    # -- reading back ----------------------------------------------------------
    def _entity_graph(self) -> ClaimGraph:
        """Entities only (for name lookup), cached until the next load or wipe."""
        if self._entities is None:
            entities = {}
            for row in self.run(statement("backend/entities"), self._params()):
                row["aliases"] = "|".join(row.get("aliases") or [])
                entities[row["id"]] = {k: ("" if v is None else v) for k, v in row.items()}
            if not entities:
                raise Neo4jError(f"dataset '{self.dataset}' is not in Neo4j at {self.settings.uri}; "
                                 "load it with `graphkit neo4j load`")
            self._entities = ClaimGraph.from_records(self.vocab, entities, {}, [])
        return self._entities

    def _claims(self, rows: list[dict]) -> list[Claim]:
        return [Claim(**{k: ("" if v is None else v) for k, v in row.items()}) for row in rows]

    def _subgraph(self, claims: list[Claim]) -> ClaimGraph:
        """A ClaimGraph holding the given claims and what they cite."""
        names = self._entity_graph()
        ids = sorted({c.source_id for c in claims})
        sources = {r["id"]: {k: ("" if v is None else v) for k, v in r.items()}
                   for r in self.run(statement("backend/sources"), self._params(ids=ids))}
        return ClaimGraph.from_records(self.vocab, names.entities, sources, claims)

    def claim_graph(self) -> ClaimGraph:
        """The whole dataset read back from Neo4j."""
        return self._subgraph(self._claims(self.run(statement("backend/all_claims"), self._params())))

    # -- the backend protocol ----------------------------------------------------
    def _filter_params(self, evidence: EvidenceFilter) -> dict:
        types = None
        if evidence.types is not None:
            types = sorted({self.vocab.relation_types[t].neo4j_type for t in evidence.types})
        return {"max_rank": self.vocab.status_rank(evidence.min_status), "types": types,
                "as_of": evidence.as_of, "exclude_disputed": evidence.exclude_disputed}

    def shortest_paths(self, source: str, target: str, evidence: EvidenceFilter | None = None,
                       k: int | None = None, max_hops: int | None = None, order: str = "hops") -> list[dict]:
        """The same answer as :func:`graphkit.core.analysis.shortest_paths`, searched in Neo4j.

        All shortest paths come from Cypher's ``allShortestPaths``. Plain Cypher
        has no k-shortest or weighted search, so for ``k``, ``order="evidence"``
        and the single-source rule the filter runs in Cypher and graphkit's core
        (:mod:`graphkit.core.kpaths`) searches the claims it keeps.
        """
        evidence = (evidence or EvidenceFilter()).check(self.vocab)
        if order not in ("hops", "evidence"):
            raise GraphkitError(f"--order: '{order}' is not an ordering; use hops or evidence")
        names = self._entity_graph()
        s, t = resolve_all(names.resolve, source, target)
        if s == t:
            raise GraphkitError(f"{names.label(s)} is both ends; give two different entities")
        params = self._params(**{"from": s, "to": t}, **self._filter_params(evidence))
        if order == "hops" and k is None and not evidence.exclude_single_source:
            rows = self.run(statement("backend/shortest_paths"), params)
            candidates = [r["ids"] for r in rows if max_hops is None or len(r["ids"]) - 1 <= max_hops]
            pairs = sorted({tuple(sorted(p)) for ids in candidates for p in zip(ids, ids[1:])})
            sub = self._subgraph(self._claims(self.run(statement("backend/pair_claims"),
                                                       self._params(pairs=[list(p) for p in pairs]))))
            if candidates:
                index = sub.index
                found = [[index.node(e) for e in ids] for ids in candidates]
                return select_paths(index.describe(found, index.view(evidence)), k, order)
        else:
            # k paths, evidence order and the single-source rule: the filter runs in Cypher, and
            # graphkit's core searches the claims it keeps (the same search as on the embedded graph).
            sub = self._subgraph(self._claims(self.run(statement("backend/filtered_claims"), params)))
            try:
                return sub.index.shortest_paths(s, t, evidence, k=k, max_hops=max_hops, order=order)
            except NoPathError:
                pass
        raise NoPathError(self.claim_graph().index.explain_no_path(s, t, evidence, max_hops))

    def connections(self, evidence: EvidenceFilter | None = None) -> nx.Graph:
        """Every entity, joined where a claim passing ``evidence`` joins them (the filter runs in Cypher)."""
        evidence = (evidence or EvidenceFilter()).check(self.vocab)
        view = nx.Graph()
        view.add_nodes_from(self._entity_graph().entities)
        rows = self.run(statement("backend/kept_claims"),
                        self._params(**self._filter_params(evidence),
                                     exclude_single_source=evidence.exclude_single_source))
        view.add_edges_from((r["from_id"], r["to_id"]) for r in rows)
        return view

    @property
    def has_gds(self) -> bool:
        """Whether the server has the Graph Data Science plugin (checked once)."""
        if getattr(self, "_has_gds", None) is None:
            try:
                self.run("RETURN gds.version() AS version")
                self._has_gds = True
            except Neo4jError:
                self._has_gds = False
        return self._has_gds

    def centrality(self, metric: str, evidence: EvidenceFilter | None = None) -> tuple[dict[str, float], str]:
        """Scores for every entity, and what computed them ("gds" or "graphkit").

        The evidence filter always runs in Cypher. With the Graph Data Science
        plugin the algorithm runs in Neo4j too; without it, graphkit's core
        (:mod:`graphkit.core.metrics`) computes it on the links Cypher kept. Scores are
        scaled as networkx scales them.
        """
        evidence = (evidence or EvidenceFilter()).check(self.vocab)
        if metric not in METRIC_NAMES:
            raise GraphkitError(f"--metric: unknown metric '{metric}'; use one of: {', '.join(METRIC_NAMES)}")
        view = self.connections(evidence)
        if not self.has_gds:
            ids = sorted(view)
            number = {eid: i for i, eid in enumerate(ids)}
            pairs = np.array([[number[u], number[v]] for u, v in view.edges()], dtype=np.int64).reshape(-1, 2)
            found = metrics.compute(metric, len(ids), pairs[:, 0], pairs[:, 1])[0]
            return dict(zip(ids, found.tolist())), "graphkit"
        # eigenvector: on the largest component (ties: the one holding the lowest id), as the core has it
        largest = min(nx.connected_components(view), key=lambda c: (-len(c), min(c)), default=set())
        nodes = largest if metric == "eigenvector" else set(view)
        scores = dict.fromkeys(view, 0.0)
        if len(nodes) > 1 or metric != "eigenvector":
            scores.update(self._gds_stream(metric, view.subgraph(nodes)))
        return scores, "gds"

    def _gds_stream(self, metric: str, view: nx.Graph) -> dict[str, float]:
        pairs = [[a, b] for a, b in view.edges()] + [[n, None] for n in view if view.degree(n) == 0]
        name = f"graphkit-{uuid.uuid4().hex}"
        self.run(statement("backend/gds_project"), self._params(graph=name, pairs=pairs), write=True)
        try:
            raw = {r["id"]: float(r["score"]) for r in self.run(statement(f"backend/gds_{metric}"), {"graph": name})}
        finally:
            self.run(statement("backend/gds_drop"), {"graph": name}, write=True)
        n = view.number_of_nodes()
        if metric == "degree":
            return {k: v / (n - 1) if n > 1 else 0.0 for k, v in raw.items()}
        if metric == "betweenness":
            return {k: 2 * v / ((n - 1) * (n - 2)) if n > 2 else 0.0 for k, v in raw.items()}
        if metric == "pagerank":
            total = sum(raw.values()) or 1.0
            return {k: v / total for k, v in raw.items()}
        return raw

    def rank(self, metric: str = "betweenness", evidence: EvidenceFilter | None = None,
             top: int | None = 10) -> pd.DataFrame:
        """Centrality computed in Neo4j (GDS when present), written back as ``graphkit_<metric>`` properties."""
        evidence = (evidence or EvidenceFilter()).check(self.vocab)
        scores, engine = self.centrality(metric, evidence)
        prop = f"graphkit_{metric}"
        rows = [{"id": e, "score": round(float(v), SCORE_DIGITS)} for e, v in scores.items()]
        for batch in _batches(rows, BATCH_SIZE):
            self.run(statement("backend/write_scores"),
                     self._params(property=prop, filter=f"{evidence.describe()} ({engine})", rows=batch),
                     write=True)
        limit = top if top is not None else len(rows)
        ranked = self.run(statement("backend/top_scores"), self._params(property=prop, top=limit))
        return pd.DataFrame([{"rank": i, "id": r["id"], "name": r["name"], "type": r["type"], "score": r["score"]}
                             for i, r in enumerate(ranked, 1)], columns=["rank", "id", "name", "type", "score"])


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
