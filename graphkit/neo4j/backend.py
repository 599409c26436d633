"""The Neo4j backend: load a dataset into a Neo4j server, and answer there.

graphkit owns only what it loaded: every node and relationship it writes
carries ``graphkit_dataset`` (and the id of the load that last wrote it), and
loading, pruning and wiping touch nothing else. Statements come from
``cypher/``; every value is a ``$parameter``.
"""
from __future__ import annotations

import uuid

import networkx as nx
import numpy as np
import pandas as pd

from ..claims.model import Claim, EvidenceFilter
from ..claims.vocab import Vocabulary, load_vocabulary
from ..core import metrics
from ..core.describe import SCORE_DIGITS, select_paths
from ..core.engine import METRIC_NAMES
from ..core.graph import ClaimGraph
from ..core.names import resolve_all
from ..errors import GraphkitError, NoPathError
from .connection import SCHEMES, Neo4jError, Neo4jSettings, _explain
from .cypher import statement
from .load_rows import BATCH_SIZE, WRITERS, _batches
from .loader import Loader

__all__ = ["Neo4jSettings", "Neo4jGraph", "Neo4jError", "BATCH_SIZE", "WRITERS"]


class Neo4jGraph(Loader):
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

    def _subgraph(self, rows: list[dict]) -> ClaimGraph:
        """A ClaimGraph holding the claims read back (``rows``) and what they cite. Each row carries its
        independent party (``party``, written at load from the whole dataset), so a part of the
        dataset counts parties as the whole does."""
        claims, party_of = [], {}
        for row in rows:
            party = row.pop("party", None)
            claims.append(Claim(**{k: ("" if v is None else v) for k, v in row.items()}))
            if party is not None and party != claims[-1].attributed_to:
                party_of[claims[-1].attributed_to] = party
        names = self._entity_graph()
        ids = sorted({c.source_id for c in claims})
        sources = {r["id"]: {k: ("" if v is None else v) for k, v in r.items()}
                   for r in self.run(statement("backend/sources"), self._params(ids=ids))}
        return ClaimGraph.from_records(self.vocab, names.entities, sources, claims, party_of=party_of)

    def claim_graph(self) -> ClaimGraph:
        """The whole dataset read back from Neo4j."""
        return self._subgraph(self.run(statement("backend/all_claims"), self._params()))

    # -- the backend protocol ----------------------------------------------------
    def _filter_params(self, evidence: EvidenceFilter) -> dict:
        types = None
        if evidence.types is not None:
            types = sorted({self.vocab.relation_types[t].neo4j_type for t in evidence.types})
        return {"max_rank": self.vocab.status_rank(evidence.min_status), "types": types,
                "as_of": evidence.as_of, "exclude_disputed": evidence.exclude_disputed,
                "denial_rank": evidence.denial_rank(self.vocab)}

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
            sub = self._subgraph(self.run(statement("backend/pair_claims"),
                                          self._params(pairs=[list(p) for p in pairs])))
            if candidates:
                index = sub.index
                found = [[index.node(e) for e in ids] for ids in candidates]
                return select_paths(index.describe(found, index.view(evidence)), k, order)
        else:
            # k paths, evidence order and the single-source rule: the filter runs in Cypher, and
            # graphkit's core searches the claims it keeps (the same search as on the embedded graph).
            sub = self._subgraph(self.run(statement("backend/filtered_claims"), params))
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
        if metric == "eigenvector":
            # a loop on every node: GDS iterates on A + 2I, which has A's eigenvectors but converges on a
            # bipartite graph (a tree, say), where the power iteration on A alone swings and returns zeros
            pairs += [[n, n] for n in view]
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
