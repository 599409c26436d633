"""Loading a dataset into Neo4j: schema, entities, sources and claims in batches, idempotent and
rerunnable; pruning what a new load no longer holds, and wiping only what graphkit loaded.
"""
from __future__ import annotations

import sys
import threading
import uuid
from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Sequence

from .connection import Neo4jError, _Conflict
from .cypher import CYPHER_DIR, quote_name, statement
from .load_rows import (
    BATCH_SIZE,
    SEP,
    SOURCE_COLUMNS,
    WRITERS,
    _chunks,
    _claim_columns,
    _claim_ends,
    _create_form,
    _deadlocks_counted,
    _entity_columns,
    _progress,
    _Step,
    _table,
    _together,
    claim_rounds,
)

__all__ = ["Loader"]


class Loader:
    """The loading methods of :class:`~graphkit.neo4j.backend.Neo4jGraph` (which runs the statements)."""

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
