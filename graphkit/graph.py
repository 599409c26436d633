"""The embedded graph: a dataset as a NetworkX multigraph whose edges carry claims.

>>> g = load_graph("data")
>>> g.resolve("Путин")
'putin'
>>> g.graph.nodes["putin"]["type"]
'person'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import networkx as nx

from .dataset import Dataset, read_dataset
from .describe import cheapest
from .engine import content_digest
from .errors import InvalidDatasetError
from .model import Claim, Edge, EvidenceFilter
from .names import NameIndex, normalise_name
from .validate import validate
from .vocab import Vocabulary, load_vocabulary

__all__ = ["ClaimGraph", "build_graph", "load_graph", "normalise_name"]


@dataclass
class ClaimGraph:
    """Entities, sources and claims, and the multigraph they make.

    ``graph`` is a :class:`networkx.MultiDiGraph`: one node per entity (its CSV
    columns as attributes), one edge per (from_id, type, to_id) keyed by the
    relation type, holding an :class:`~graphkit.model.Edge` under ``"edge"``.
    """

    vocab: Vocabulary
    entities: dict[str, dict[str, str]]
    sources: dict[str, dict[str, str]]
    claims: list[Claim]
    graph: nx.MultiDiGraph
    directory: Path | None = None
    _names: NameIndex | None = field(default=None, repr=False)
    _views: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_records(cls, vocab: Vocabulary, entities: dict[str, dict[str, str]],
                     sources: dict[str, dict[str, str]], claims: list[Claim],
                     directory: Path | None = None) -> "ClaimGraph":
        """Assemble the multigraph from records already checked (from CSVs or from Neo4j)."""
        graph = nx.MultiDiGraph()
        for eid in sorted(entities):
            graph.add_node(eid, **entities[eid])
        for claim in claims:
            u, v, key = claim.from_id, claim.to_id, claim.type
            if not graph.has_edge(u, v, key):
                graph.add_edge(u, v, key=key, edge=Edge(u, key, v))
            edge: Edge = graph[u][v][key]["edge"]
            (edge.asserting if claim.stance == "asserts" else edge.disputing).append(claim)
        return cls(vocab, entities, sources, claims, graph, directory)

    # -- names ---------------------------------------------------------------
    def label(self, eid: str) -> str:
        """``Name (id, type)`` for messages."""
        row = self.entities[eid]
        return f"{row['name']} ({eid}, {row['type']})"

    def resolve(self, name: str) -> str:
        """The entity id for an id, name or alias (any case, Cyrillic, dashes unified).

        An exact id always means its entity. A surname alone resolves when only
        one entity carries it. Raises :class:`LookupFailed` for an unknown name
        (with near misses) or for a name that fits several entities (listing them).
        """
        if name in self.entities:
            return name
        if self._names is None:
            self._names = NameIndex.build({"id": eid, **row} for eid, row in self.entities.items())
        return self._names.resolve(name, self.label)

    # -- filtered views ------------------------------------------------------
    def edges(self, evidence: EvidenceFilter) -> list[Edge]:
        """The edges that survive ``evidence``, each holding only the claims that pass."""
        kept = []
        for u, v, _key, data in self.graph.edges(keys=True, data=True):
            edge: Edge = data["edge"]
            asserting = [c for c in edge.asserting if evidence.keeps_claim(c, self.vocab)]
            disputing = [c for c in edge.disputing if evidence.keeps_claim(c, self.vocab)]
            view = Edge(u, edge.type, v, asserting, disputing)
            if evidence.keeps_edge(view):
                kept.append(view)
        return kept

    def connections(self, evidence: EvidenceFilter) -> nx.Graph:
        """An undirected simple graph of every entity, joined where any kept edge joins them.

        Edge attribute ``edges`` lists the :class:`Edge` objects between the pair;
        ``cost`` is the lowest evidence cost among them. Cached per filter.
        """
        if evidence in self._views:
            return self._views[evidence]
        simple = nx.Graph()
        simple.add_nodes_from(self.graph.nodes(data=True))
        for edge in self.edges(evidence):
            a, b = edge.from_id, edge.to_id
            if simple.has_edge(a, b):
                simple[a][b]["edges"].append(edge)
            else:
                simple.add_edge(a, b, edges=[edge])
        for _a, _b, data in simple.edges(data=True):
            data["cost"] = cheapest(data["edges"], self.vocab)
        self._views[evidence] = simple
        return simple


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
    return build_graph(read_dataset(directory))


def load_graph(directory: str | Path = "data") -> ClaimGraph:
    """Read, validate and build a dataset folder (cached while its files' content is unchanged)."""
    folder = Path(directory).resolve()
    # keyed as the engine's stored index is: a digest of the files' bytes, so an edit that keeps
    # a file's size and time still shows
    return _load_cached(str(folder), content_digest(folder) if folder.is_dir() else "")
