"""The core's arrays: claims grouped into edges, edges into the pairs of entities they join, a
compressed adjacency of the pairs, the text columns, and the view an evidence filter keeps.
"""
from __future__ import annotations

import json
from dataclasses import astuple, dataclass
from pathlib import Path

import numpy as np

from ..claims.model import MAX_INDEPENDENT, Claim, Edge, EvidenceFilter
from ..claims.vocab import Vocabulary
from .columns import StrColumn, mapped
from .names import NameIndex
from .ranking import Rankings
from .search import PathSearch
from .view import View

__all__ = ["ClaimIndex", "Table", "View", "Facts", "FORMAT"]

FORMAT = 2  # bump when the stored layout changes


class Table:
    """Named string columns of one CSV file, rows in the index's order."""

    def __init__(self, columns: dict[str, StrColumn]):
        self.columns = columns

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def row(self, i: int) -> dict[str, str]:
        return {name: col[i] for name, col in self.columns.items()}

    def rows(self, indices) -> list[dict[str, str]]:
        if len(indices) < 256:  # a few rows: not worth loading pyarrow for
            return [self.row(int(i)) for i in indices]
        names = list(self.columns)
        values = [col.take(indices) for col in self.columns.values()]
        return [dict(zip(names, row)) for row in zip(*values)]


_ARRAYS = ("c_edge", "c_type", "c_status", "c_asserts", "c_party", "c_lo", "c_hi", "c_line", "c_row", "c_source",
           "e_from", "e_to", "e_type", "e_claims", "e_pair", "p_a", "p_b", "p_edges",
           "adj_ptr", "adj_node", "adj_pair", "n_type", "n_party")


class ClaimIndex(PathSearch, Rankings):
    """A dataset as arrays: claims → edges → pairs, with a compressed adjacency of the pairs.

    Claims are ordered by pair, then edge, then attributing party (``c_row`` gives each its
    row in relations.csv, where its text stays in file order); edges by pair; nodes
    are the entities sorted by id (the order NetworkX gets them in), so ties broken by
    node number are ties broken by id.
    """

    def __init__(self, vocab: Vocabulary, arrays: dict[str, np.ndarray], entities: Table, sources: Table,
                 claims: Table, folder: Path | None = None, store: Path | None = None):
        self.vocab, self.folder, self.store = vocab, folder, store
        for name in _ARRAYS:
            setattr(self, name, arrays[name])
        self.entities, self.sources, self.claims = entities, sources, claims
        self.types = list(vocab.relation_types)
        self.status_cost = np.array([vocab.status_by_id[s].cost for s in vocab.status_ids])
        self._views: dict[tuple, View] = {}
        self._names: NameIndex | None = None
        self._party_of: dict[str, str] | None = None

    @property
    def n(self) -> int:
        return len(self.entities)

    def entity_id(self, node: int) -> str:
        return self.entities.columns["id"][node]

    def node(self, eid: str) -> int | None:
        return self.entities.columns["id"].search(eid)

    def resolve(self, name: str) -> str:
        """The entity id for an id, name or alias; the same rules as :meth:`ClaimGraph.resolve`."""
        if self.node(name) is not None:
            return name
        if self._names is None:
            self._names = NameIndex.cached(self.store, lambda: self.entities.rows(np.arange(self.n)))
        return self._names.resolve(name, self.label)

    @property
    def party_of(self) -> dict[str, str]:
        """Who counts as one party (:func:`graphkit.claims.rules.one_party`), by entity id."""
        if self._party_of is None:
            grouped = np.flatnonzero(np.bincount(self.n_party, minlength=self.n) > 1)
            members = np.flatnonzero(np.isin(self.n_party, grouped))
            self._party_of = {self.entity_id(int(m)): self.entity_id(int(self.n_party[m])) for m in members}
        return self._party_of

    def label(self, eid: str) -> str:
        row = self.entities.row(self.node(eid))
        return f"{row['name']} ({eid}, {row['type']})"

    def view(self, evidence: EvidenceFilter) -> View:
        """The claims, edges and pairs ``evidence`` keeps (cached per filter)."""
        key = astuple(evidence)
        if key in self._views:
            return self._views[key]
        vocab = self.vocab
        if evidence.types is None:
            type_ok = np.ones(len(self.types), dtype=bool)
        else:
            type_ok = np.isin(np.array(self.types), list(evidence.types))
        fits = (self.c_status <= vocab.status_rank(evidence.min_status))
        if evidence.as_of is not None:
            day = evidence.as_of.toordinal()
            fits &= (self.c_lo <= day) & (day <= self.c_hi)
        keep = type_ok[self.c_type] & np.where(self.c_asserts, fits, self.c_status <= evidence.denial_rank(vocab))
        asserting = keep & self.c_asserts
        edges = len(self.e_from)
        backed = np.bincount(self.c_edge[asserting], minlength=edges)
        edge_keep = backed > 0
        if evidence.exclude_disputed:
            edge_keep &= np.bincount(self.c_edge[keep & ~self.c_asserts], minlength=edges) == 0
        parties = self.parties(np.flatnonzero(asserting), edges)
        if evidence.exclude_single_source:
            edge_keep &= parties >= 2
        status = np.where(asserting, self.c_status, len(self.status_cost) - 1)
        strongest = np.minimum.reduceat(status, self.e_claims[:-1]) if edges else status[:0]
        with np.errstate(divide="ignore"):
            cost = self.status_cost[strongest] / np.minimum(parties, MAX_INDEPENDENT)
        cost[~edge_keep] = np.inf
        pairs = len(self.p_a)
        pair_cost = np.minimum.reduceat(cost, self.p_edges[:-1]) if pairs else cost[:0]
        view = View(keep, edge_keep, np.isfinite(pair_cost), cost, pair_cost)
        self._views[key] = view
        return view

    def parties(self, rows: np.ndarray, edges: int) -> np.ndarray:
        """Per edge, the independent parties among the claims at ``rows`` (ascending): claims are sorted
        by edge then party, so a change of either starts one; then a document and its authors, who
        are rarely on one edge, count once (``n_party``)."""
        e, p = self.c_edge[rows], self.c_party[rows]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (e[1:] != e[:-1]) | (p[1:] != p[:-1])
        counts = np.bincount(e[first], minlength=edges)
        grouped = first & (self.n_party[p] != p)
        if grouped.any():  # a member counted apart from its party: once more for each such (edge, party)
            e, p, group = e[first], p[first], self.n_party[p[first]]
            on_edge = np.isin(e, e[grouped[first]])
            pairs = np.unique(np.stack([e[on_edge], group[on_edge]]), axis=1)
            counts -= np.bincount(e[on_edge], minlength=edges) - np.bincount(pairs[0], minlength=edges)
        return counts

    def degrees(self, evidence: EvidenceFilter) -> np.ndarray:
        """Each entity's number of kept links: all its links (the adjacency's row lengths) less the ones
        the filter drops, or, when it drops most, the kept ones counted."""
        keep = self.view(evidence).pair_keep
        dropped = np.flatnonzero(~keep)
        if len(dropped) * 2 > len(keep):
            kept = np.flatnonzero(keep)
            return np.bincount(self.p_a[kept], minlength=self.n) + np.bincount(self.p_b[kept], minlength=self.n)
        degree = np.diff(self.adj_ptr)
        if len(dropped):
            degree = (degree - np.bincount(self.p_a[dropped], minlength=self.n)
                      - np.bincount(self.p_b[dropped], minlength=self.n))
        return degree

    def adjacency(self, evidence: EvidenceFilter) -> tuple[np.ndarray, np.ndarray]:
        """The kept links as a compressed adjacency (row pointers, neighbours): the index's own
        when the filter drops none, else its kept entries."""
        keep = self.view(evidence).pair_keep
        if keep.all():
            return self.adj_ptr, self.adj_node
        ptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(self.degrees(evidence), out=ptr[1:])
        return ptr, self.adj_node[keep[self.adj_pair]]

    def kept_pairs(self, evidence: EvidenceFilter) -> tuple[np.ndarray, np.ndarray]:
        keep = self.view(evidence).pair_keep
        return self.p_a[keep], self.p_b[keep]

    def neighbours(self, node: int, view: View) -> np.ndarray:
        lo, hi = self.adj_ptr[node], self.adj_ptr[node + 1]
        return self.adj_node[lo:hi][view.pair_keep[self.adj_pair[lo:hi]]]

    def pair_of(self, a: int, b: int) -> int:
        lo, hi = self.adj_ptr[a], self.adj_ptr[a + 1]
        return int(self.adj_pair[lo + np.flatnonzero(self.adj_node[lo:hi] == b)[0]])

    def pair_edges(self, pairs: list[int], view: View, cited: tuple[set, set] | None = None) -> list[list[Edge]]:
        """For each pair, its kept edges, each with its kept claims as Claim objects (read in one pass).

        ``cited`` collects the parties (nodes) and sources (rows) the claims cite.
        """
        per_pair, claims = [], []
        for pair in pairs:
            found = []
            for e in range(int(self.p_edges[pair]), int(self.p_edges[pair + 1])):
                if view.edge_keep[e]:
                    lo, hi = int(self.e_claims[e]), int(self.e_claims[e + 1])
                    kept = sorted((c for c in range(lo, hi) if view.claim_keep[c]), key=self.c_row.__getitem__)
                    found.append((e, kept))
                    claims.extend(kept)
            per_pair.append(found)
        chosen = np.asarray(claims, dtype=np.int64)
        rows = dict(zip(claims, self.claims.rows(self.c_row[chosen]) if claims else []))
        if cited is not None:
            cited[0].update(self.c_party[chosen].tolist())
            cited[1].update(self.c_source[chosen].tolist())
        out = []
        for found in per_pair:
            edges = []
            for e, kept in found:
                edge = Edge(self.entity_id(int(self.e_from[e])), self.types[self.e_type[e]],
                            self.entity_id(int(self.e_to[e])), party_of=self.party_of)
                for c in kept:
                    claim = Claim.from_row(rows[c], int(self.c_line[c]))
                    (edge.asserting if claim.stance == "asserts" else edge.disputing).append(claim)
                edges.append(edge)
            out.append(edges)
        return out

    def edges_among(self, nodes: np.ndarray, view: View, cited: tuple[set, set] | None = None) -> list[Edge]:
        """Every kept edge whose two ends are both among ``nodes``."""
        inside = np.zeros(self.n, dtype=bool)
        inside[nodes] = True
        pairs = np.flatnonzero(view.pair_keep & inside[self.p_a] & inside[self.p_b])
        return [edge for edges in self.pair_edges(pairs.tolist(), view, cited) for edge in edges]

    def facts(self, cited: tuple[set, set], with_via: bool = False) -> "Facts":
        """The rows of the cited entities (nodes) and sources (rows), and with ``with_via`` the
        sources those were read through."""
        sources = {self.sources.columns["id"][r]: self.sources.row(r) for r in cited[1]}
        if with_via:
            for via in {row.get("via", "") for row in sources.values()} - set(sources) - {""}:
                found = self.sources.columns["id"].search(via)
                if found is not None:
                    sources[via] = self.sources.row(found)
        nodes = sorted(cited[0])
        return Facts(self.vocab, {row["id"]: row for row in self.entities.rows(nodes)}, sources)

    def claims_made_unlinked(self) -> np.ndarray:
        """Per node: how many claims it makes if it is in no link at all (whatever the filters), else -1.

        A node with a count of at least 1 only appears as the party making claims (a newspaper, a court).
        """
        linked = np.zeros(self.n, dtype=bool)
        linked[self.e_from] = True
        linked[self.e_to] = True
        made = np.bincount(self.c_party, minlength=self.n).astype(np.int64)
        made[linked] = -1
        return made

    def summary(self) -> dict:
        """Sizes, as :func:`graphkit.core.analysis.summary` gives them."""
        counts = np.bincount(self.n_type, minlength=len(self.vocab.entity_types)).tolist()
        by_type = dict(zip(self.vocab.entity_types, counts))
        statuses = np.bincount(self.c_status[self.c_asserts], minlength=len(self.vocab.status_ids))
        return {
            "entities": self.n,
            "sources": len(self.sources),
            "claims": len(self.c_edge),
            "edges": len(self.e_from),
            "entities_by_type": {t: by_type[t] for t in self.vocab.entity_types if by_type.get(t)},
            "asserting_claims_by_status": dict(zip(self.vocab.status_ids, statuses.tolist())),
            "disputing_claims": int((~self.c_asserts).sum()),
        }

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", getattr(self, name))
        for prefix, table in (("ent", self.entities), ("src", self.sources), ("claim", self.claims)):
            for name, col in table.columns.items():
                col.save(folder, f"{prefix}.{name}")
        meta = {"format": FORMAT, "vocabulary": self.vocab.digest, "columns": {p: list(t.columns) for p, t in
                                              (("ent", self.entities), ("src", self.sources),
                                               ("claim", self.claims))}}
        (folder / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def open(cls, folder: Path, vocab: Vocabulary, data: Path | None = None) -> "ClaimIndex":
        meta = json.loads((folder / "meta.json").read_text())
        if meta.get("format") != FORMAT or meta.get("vocabulary") != vocab.digest:
            raise ValueError(f"{folder}: an index of another format or vocabulary")
        arrays = {name: mapped(folder / f"{name}.npy") for name in _ARRAYS}
        tables = {p: Table({c: StrColumn.load(folder, f"{p}.{c}") for c in cols})
                  for p, cols in meta["columns"].items()}
        return cls(vocab, arrays, tables["ent"], tables["src"], tables["claim"], data, folder)


@dataclass
class Facts:
    """The few entities and sources a description needs, shaped as ClaimGraph holds them."""

    vocab: Vocabulary
    entities: dict[str, dict[str, str]]
    sources: dict[str, dict[str, str]]
