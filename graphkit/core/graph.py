"""The claim records of a dataset as a NetworkX multigraph whose edges carry claims.

Questions are answered by the graph's columnar core (``ClaimGraph.index``); the NetworkX
views here (``graph``, ``connections``) are for networkx's own algorithms and for exports.

>>> g = load_graph("data")
>>> g.resolve("Путин")
'putin'
>>> g.graph.nodes["putin"]["type"]
'person'
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from ..claims.model import Claim, Edge, EvidenceFilter
from ..claims.vocab import Vocabulary, load_vocabulary
from ..errors import InvalidDatasetError
from ..reading.dataset import Dataset
from ..reading.validate import validate
from .describe import cheapest
from .engine import content_digest
from .names import normalise_name

if TYPE_CHECKING:
    from .engine import ClaimIndex

__all__ = ["ClaimGraph", "build_graph", "load_graph", "normalise_name", "core"]


class ClaimGraph:
    """Entities, sources and claims, and the multigraph they make: a view of the columnar core.

    ``graph`` is a :class:`networkx.MultiDiGraph`: one node per entity (its CSV
    columns as attributes), one edge per (from_id, type, to_id) keyed by the
    relation type, holding an :class:`~graphkit.claims.model.Edge` under ``"edge"``.
    A graph opened from a folder holds only the core (``index``); ``entities``, ``sources``,
    ``claims`` and ``graph`` are built from it the first time they are asked for.
    """

    def __init__(self, vocab: Vocabulary, entities: dict[str, dict[str, str]] | None = None,
                 sources: dict[str, dict[str, str]] | None = None, claims: list[Claim] | None = None,
                 directory: Path | None = None, index: "ClaimIndex | None" = None):
        if index is None and (entities is None or sources is None or claims is None):
            raise ValueError("a ClaimGraph needs its records or its core")
        self.vocab, self.directory = vocab, directory
        self._entities, self._sources, self._claims = entities, sources, claims
        self._graph: nx.MultiDiGraph | None = None
        self._index = index
        self._views: dict = {}
        self._party_of: dict[str, str] | None = None  # the whole dataset's, when these records are a part

    def __repr__(self) -> str:
        return f"<ClaimGraph {self.directory or 'in memory'}: {len(self.index.entities)} entities, " \
               f"{len(self.index.claims)} claims>"

    @classmethod
    def from_records(cls, vocab: Vocabulary, entities: dict[str, dict[str, str]],
                     sources: dict[str, dict[str, str]], claims: list[Claim],
                     directory: Path | None = None, party_of: dict[str, str] | None = None) -> "ClaimGraph":
        """A graph of records already checked (from CSVs or from Neo4j); its core is built from them.
        Records that are part of a dataset pass the whole dataset's ``party_of``
        (:func:`graphkit.claims.rules.one_party`); by default it comes from these claims."""
        graph = cls(vocab, entities, sources, claims, directory=directory)
        graph._party_of = party_of
        return graph

    @classmethod
    def from_index(cls, index: "ClaimIndex", directory: Path | None = None) -> "ClaimGraph":
        """The view of a core: nothing is built until it is asked for."""
        return cls(index.vocab, directory=directory if directory is not None else index.folder, index=index)

    @property
    def index(self) -> "ClaimIndex":
        """The columnar core holding the same claims: every question about them is answered there
        (:mod:`graphkit.core.engine`). Opened from the stored index when the graph came from a folder,
        else built from these records once."""
        if self._index is None:
            self._index = index_from_records(self.vocab, self._entities, self._sources, self._claims,
                                             self._party_of)
        return self._index

    # -- records, built from the core on first use ---------------------------------
    @property
    def entities(self) -> dict[str, dict[str, str]]:
        """Each entity's CSV columns by id, in id order when built from the core."""
        if self._entities is None:
            self._entities = _by_id(self.index.entities)
        return self._entities

    @property
    def sources(self) -> dict[str, dict[str, str]]:
        if self._sources is None:
            self._sources = _by_id(self.index.sources)
        return self._sources

    @property
    def claims(self) -> list[Claim]:
        """Every claim, in file order."""
        if self._claims is None:
            self._claims = claim_records(self.index)
        return self._claims

    @property
    def graph(self) -> nx.MultiDiGraph:
        if self._graph is None:
            self._graph = multigraph(self.entities, self.claims, self.index.party_of)
        return self._graph

    # -- names (from the core) -------------------------------------------------
    def label(self, eid: str) -> str:
        """``Name (id, type)`` for messages."""
        return self.index.label(eid)

    def resolve(self, name: str) -> str:
        """The entity id for an id, name or alias (any case, Cyrillic, dashes unified).

        An exact id always means its entity. A surname alone resolves when only
        one entity carries it. Raises :class:`LookupFailed` for an unknown name
        (with near misses) or for a name that fits several entities (listing them).
        """
        return self.index.resolve(name)

    # -- filtered views (from the core) --------------------------------------
    def edges(self, evidence: EvidenceFilter) -> list[Edge]:
        """The edges that survive ``evidence``, each holding only the claims that pass, in the
        core's order (by the pair of entities, then direction and type); claims in file order."""
        index = self.index
        view = index.view(evidence.check(self.vocab))
        return [edge for edges in index.pair_edges(np.flatnonzero(view.pair_keep).tolist(), view)
                for edge in edges]

    def connections(self, evidence: EvidenceFilter) -> nx.Graph:
        """The NetworkX view: an undirected simple graph of every entity, joined where any kept edge
        joins them, for networkx's own algorithms.

        Edge attribute ``edges`` lists the :class:`Edge` objects between the pair;
        ``cost`` is the lowest evidence cost among them. Cached per filter.
        """
        if evidence not in self._views:
            self._views[evidence] = link_graph(self.graph.nodes(data=True), self.edges(evidence), self.vocab)
        return self._views[evidence]


def claim_records(index: "ClaimIndex", rows: np.ndarray | None = None) -> list[Claim]:
    """The core's claims at ``rows`` of relations.csv (every row when None), in file order."""
    rows = np.arange(len(index.claims)) if rows is None else np.asarray(rows, dtype=np.int64)
    lines = np.empty(len(index.c_row), dtype=np.int64)
    lines[index.c_row] = index.c_line
    return [Claim.from_row(row, int(line)) for row, line in zip(index.claims.rows(rows), lines[rows])]


def _by_id(table) -> dict[str, dict[str, str]]:
    rows = table.rows(np.arange(len(table)))
    return {row["id"]: row for row in rows}


def multigraph(entities: dict[str, dict[str, str]], claims: list[Claim],
               party_of: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """One node per entity (sorted by id), one edge per (from_id, type, to_id) in the order
    the claims first name it, each claim on its edge in file order; ``party_of`` says who counts as
    one party on each edge."""
    graph = nx.MultiDiGraph()
    for eid in sorted(entities):
        graph.add_node(eid, **entities[eid])
    for claim in claims:
        u, v, key = claim.from_id, claim.to_id, claim.type
        if not graph.has_edge(u, v, key):
            graph.add_edge(u, v, key=key, edge=Edge(u, key, v, party_of=party_of or {}))
        edge: Edge = graph[u][v][key]["edge"]
        (edge.asserting if claim.stance == "asserts" else edge.disputing).append(claim)
    return graph


def core(g: "ClaimGraph | ClaimIndex") -> "ClaimIndex":
    """The columnar core that answers for ``g`` (a claim graph, or a core itself)."""
    return g.index if isinstance(g, ClaimGraph) else g


def link_graph(nodes, edges: list[Edge], vocab: Vocabulary) -> nx.Graph:
    """An undirected simple graph of ``nodes`` (with their attributes), one link per pair of entities
    the ``edges`` join: ``edges`` lists them, ``cost`` is the lowest evidence cost among them."""
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    for edge in edges:
        a, b = edge.from_id, edge.to_id
        if simple.has_edge(a, b):
            simple[a][b]["edges"].append(edge)
        else:
            simple.add_edge(a, b, edges=[edge])
    for _a, _b, data in simple.edges(data=True):
        data["cost"] = cheapest(data["edges"], vocab)
    return simple


def index_from_records(vocab: Vocabulary, entities: dict[str, dict[str, str]],
                       sources: dict[str, dict[str, str]], claims: list[Claim],
                       party_of: dict[str, str] | None = None) -> "ClaimIndex":
    """The core for records already checked: the three tables as text columns, indexed."""
    import pyarrow as pa

    from .engine import build_index

    def table(name: str, rows) -> pa.Table:
        columns = [c.name for c in vocab.columns[name]]
        return pa.table({c: pa.array([str(row.get(c, "") or "") for row in rows], type=pa.string())
                         for c in columns})

    tables = {"entities": table("entities.csv", entities.values()),
              "sources": table("sources.csv", sources.values()),
              "relations": table("relations.csv", [c.to_dict() for c in claims])}
    lines = np.array([c.line for c in claims], dtype=np.int64)
    return build_index(tables, vocab, lines, party_of=party_of)


def build_graph(dataset: Dataset, vocab: Vocabulary | None = None, check: bool = True) -> ClaimGraph:
    """Build the claim graph from a dataset; by default refuse an invalid one.

    Raises :class:`InvalidDatasetError` (holding the full report) when ``check``
    is on and validation finds errors.
    """
    vocab = vocab or load_vocabulary()
    if check:
        report = validate(dataset, vocab=vocab)
        if not report.valid:
            raise InvalidDatasetError(report)
    entities = {row["id"]: row for row in dataset.entities.rows}
    sources = {row["id"]: row for row in dataset.sources.rows}
    claims = [Claim.from_row(row, line) for row, line in zip(dataset.relations.rows, dataset.relations.lines)]
    return ClaimGraph.from_records(vocab, entities, sources, claims, Path(dataset.directory))


@lru_cache(maxsize=4)
def _load_cached(directory: str, stamp: str) -> ClaimGraph:
    from .engine import load_index

    return ClaimGraph.from_index(load_index(directory), Path(directory))


def load_graph(directory: str | Path = "data") -> ClaimGraph:
    """Validate and open a dataset folder as a claim graph over its stored core (cached while
    its files' content is unchanged). Raises :class:`InvalidDatasetError` for an invalid one."""
    folder = Path(directory).resolve()
    # keyed as the engine's stored index is: a digest of the files' bytes, so an edit that keeps
    # a file's size and time still shows
    return _load_cached(str(folder), content_digest(folder) if folder.is_dir() else "")
