"""The columnar engine: a dataset as arrays, for questions asked of large graphs.

:class:`ClaimIndex` holds the same claim graph as :class:`~graphkit.core.graph.ClaimGraph`
(claims grouped into edges, edges into the pairs of entities they join) as numpy
arrays instead of a Python object per claim. An evidence filter becomes a few
vectorised passes over the claims; paths are a bidirectional breadth-first search
over a compressed adjacency; metrics run in igraph. Claims are turned back into
:class:`~graphkit.claims.model.Claim` objects only for the hops a path shows, so the
citations are built by the same code as on the NetworkX graph, and the tests
compare both engines answer for answer.

A built index is stored under ``$GRAPHKIT_CACHE/index`` (default
``~/.cache/graphkit/index``), keyed on a digest of the CSV files' bytes, so a
second question about the same files neither re-reads nor re-validates them.

>>> idx = load_index("data")
>>> idx.resolve("Путин")
'putin'
>>> [p["entities"] for p in idx.shortest_paths("putin", "kumarin")][0][0]
'putin'
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import astuple, dataclass, field
from pathlib import Path

import numpy as np

from ..claims.model import MAX_INDEPENDENT, Claim, Edge, EvidenceFilter
from ..claims.names import NameIndex, resolve_all
from ..claims.vocab import Vocabulary, load_vocabulary
from ..errors import GraphkitError, InvalidDatasetError, NoPathError
from ..reading.dataset import require_folder
from .columns import StrColumn, mapped
from .describe import cheapest, describe_path, explain_no_path, select_paths

__all__ = ["ClaimIndex", "StrColumn", "load_index", "build_index", "index_cache_root", "content_digest",
           "METRIC_NAMES", "EXACT_WORK", "DEFAULT_SAMPLES"]

FORMAT = 1  # bump when the stored layout changes
METRIC_NAMES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")
# Betweenness and closeness run exactly while nodes × links stays under this (a few seconds in
# igraph); past it they are estimated from sampled sources unless asked for exactly.
EXACT_WORK = 2e8
DEFAULT_SAMPLES = 256
SAMPLE_SEED = 42
_NO_DAY = np.iinfo(np.int32)


def index_cache_root() -> Path:
    """``$GRAPHKIT_CACHE/index`` if set, else ``~/.cache/graphkit/index``."""
    root = os.environ.get("GRAPHKIT_CACHE") or Path.home() / ".cache" / "graphkit"
    return Path(root) / "index"


def content_digest(folder: Path, vocab: Vocabulary | None = None,
                   names=("entities.csv", "relations.csv", "sources.csv")) -> str:
    """One digest of the dataset files' bytes and of the vocabulary read with them: what the cache is keyed on."""
    digest = hashlib.sha256()
    digest.update(f"graphkit-index-{FORMAT}\0{(vocab or load_vocabulary()).digest}".encode())
    for path in (folder / n for n in names):
        digest.update(path.name.encode() + b"\0")
        try:
            with path.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
        except FileNotFoundError:
            digest.update(b"missing")
    return digest.hexdigest()


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


# -- the filtered view --------------------------------------------------------------
@dataclass
class View:
    """What an evidence filter keeps: flags per claim, edge and pair, and each edge's cost."""

    claim_keep: np.ndarray
    edge_keep: np.ndarray
    pair_keep: np.ndarray
    edge_cost: np.ndarray  # inf where the edge is not kept
    pair_cost: np.ndarray  # lowest cost of a kept edge between the pair; inf where none
    adjacency: dict = field(default_factory=dict)  # kpaths.Adjacency by path order, built when k paths are asked for

    @property
    def edges(self) -> int:
        return int(self.edge_keep.sum())


_ARRAYS = ("c_edge", "c_type", "c_status", "c_asserts", "c_party", "c_lo", "c_hi", "c_line", "c_row", "c_source",
           "e_from", "e_to", "e_type", "e_claims", "e_pair", "p_a", "p_b", "p_edges",
           "adj_ptr", "adj_node", "adj_pair", "n_type")


class ClaimIndex:
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

    # -- sizes ------------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.entities)

    def entity_id(self, node: int) -> str:
        return self.entities.columns["id"][node]

    def node(self, eid: str) -> int | None:
        return self.entities.columns["id"].search(eid)

    # -- names ------------------------------------------------------------------
    def resolve(self, name: str) -> str:
        """The entity id for an id, name or alias; the same rules as :meth:`ClaimGraph.resolve`."""
        if self.node(name) is not None:
            return name
        if self._names is None:
            self._names = NameIndex.cached(self.store, lambda: self.entities.rows(np.arange(self.n)))
        return self._names.resolve(name, self.label)

    def label(self, eid: str) -> str:
        row = self.entities.row(self.node(eid))
        return f"{row['name']} ({eid}, {row['type']})"

    # -- views ------------------------------------------------------------------
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
        keep = type_ok[self.c_type] & (~self.c_asserts | fits)
        asserting = keep & self.c_asserts
        edges = len(self.e_from)
        backed = np.bincount(self.c_edge[asserting], minlength=edges)
        edge_keep = backed > 0
        if evidence.exclude_disputed:
            edge_keep &= np.bincount(self.c_edge[keep & ~self.c_asserts], minlength=edges) == 0
        # independent parties: claims are sorted by edge then party, so a change of either starts one
        rows = np.flatnonzero(asserting)
        e, p = self.c_edge[rows], self.c_party[rows]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (e[1:] != e[:-1]) | (p[1:] != p[:-1])
        parties = np.bincount(e[first], minlength=edges)
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

    def _expand(self, frontier: np.ndarray, view: View) -> np.ndarray:
        """Every kept neighbour of the frontier's nodes (with repeats)."""
        starts = self.adj_ptr[frontier]
        counts = self.adj_ptr[frontier + 1] - starts
        total = int(counts.sum())
        if total == 0:
            return frontier[:0]
        ends = np.cumsum(counts)
        slots = np.arange(total) + np.repeat(starts - (ends - counts), counts)
        found = self.adj_node[slots]
        return found[view.pair_keep[self.adj_pair[slots]]]

    def _meet(self, s: int, t: int, view: View, limit: int | None = None):
        """Bidirectional BFS: (distance, hops from s, hops to t, meeting nodes) or None."""
        dist = [np.full(self.n, -1, dtype=np.int32), np.full(self.n, -1, dtype=np.int32)]
        dist[0][s], dist[1][t] = 0, 0
        frontier, level = [np.array([s]), np.array([t])], [0, 0]
        while len(frontier[0]) and len(frontier[1]):
            if limit is not None and level[0] + level[1] >= limit:
                return None
            work = [int((self.adj_ptr[f + 1] - self.adj_ptr[f]).sum()) for f in frontier]
            side = 0 if work[0] <= work[1] else 1
            found = self._expand(frontier[side], view)
            fresh = np.unique(found[dist[side][found] < 0])
            level[side] += 1
            dist[side][fresh] = level[side]
            frontier[side] = fresh
            meet = fresh[dist[1 - side][fresh] >= 0]
            if len(meet):
                return level[0] + level[1], dist[0], dist[1], meet
        return None

    def distance(self, s: int, t: int, evidence: EvidenceFilter) -> int | None:
        found = self._meet(s, t, self.view(evidence))
        return None if found is None else found[0]

    # -- paths ------------------------------------------------------------------
    def _best_shortest(self, view: View, s: int, t: int, meet: np.ndarray, ds, dt, cap: int) -> list[list[int]]:
        """The ``cap`` shortest paths of lowest evidence cost (ties: by entity ids), exactly.

        Works on the shortest-path DAG from both ends, keeping per node the ``cap``
        best partial paths, so a hub pair with millions of shortest paths costs no more
        than the DAG it spans.
        """
        def step_cost(u: int, v: int) -> float:
            return float(view.pair_cost[self.pair_of(u, v)])

        def parents(v: int, dist: np.ndarray) -> np.ndarray:
            near = self.neighbours(v, view)
            return near[dist[near] == dist[v] - 1]

        def best_from(end: int, dist: np.ndarray, reverse: bool) -> dict[int, list]:
            """Best partial paths between ``end`` and every DAG node on its side."""
            if dist[meet[0]] == 0:  # the search from the other end reached this end itself
                return {end: [(0.0, (end,))]}
            layers = [[int(x) for x in meet]]
            seen = set(layers[0])
            while dist[layers[-1][0]] > 1:
                nxt = sorted({int(p) for v in layers[-1] for p in parents(v, dist)} - seen)
                seen.update(nxt)
                layers.append(nxt)
            best = {end: [(0.0, (end,))]}
            for layer in reversed(layers):
                for v in layer:
                    options = []
                    for p in parents(v, dist):
                        p = int(p)
                        c = step_cost(p, v)
                        for cost, seq in best[p]:
                            options.append((round(cost + c, 9), seq + (v,) if not reverse else (v,) + seq))
                    options.sort()
                    best[v] = options[:cap]
            return best

        from_s = best_from(s, ds, reverse=False)
        to_t = best_from(t, dt, reverse=True)
        options = []
        for m in (int(x) for x in meet):
            for c1, a in from_s[m]:
                for c2, b in to_t[m]:
                    options.append((round(c1 + c2, 9), a + b[1:]))
        options.sort()
        return [list(seq) for _, seq in options[:cap]]

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
                            self.entity_id(int(self.e_to[e])))
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

    def within(self, centre: int, hops: int, view: View) -> tuple[np.ndarray, np.ndarray]:
        """The nodes at most ``hops`` from ``centre`` and their distances."""
        dist = np.full(self.n, -1, dtype=np.int64)
        dist[centre] = 0
        frontier = np.array([centre])
        for level in range(1, hops + 1):
            found = self._expand(frontier, view)
            frontier = np.unique(found[dist[found] < 0])
            if not len(frontier):
                break
            dist[frontier] = level
        nodes = np.flatnonzero(dist >= 0)
        return nodes, dist[nodes]

    def describe(self, paths: list[list[int]], view: View) -> list[dict]:
        """Paths as :func:`graphkit.core.describe.describe_path` describes them, citations included.

        Hops shared by several paths are read once.
        """
        cited: tuple[set, set] = ({n for p in paths for n in p}, set())
        steps = sorted({(min(a, b), max(a, b)) for p in paths for a, b in zip(p, p[1:])})
        hops: dict[str, dict[str, dict]] = {}
        for (a, b), edges in zip(steps, self.pair_edges([self.pair_of(a, b) for a, b in steps], view, cited)):
            ia, ib = self.entity_id(a), self.entity_id(b)
            hops.setdefault(ia, {})[ib] = hops.setdefault(ib, {})[ia] = {"edges": edges,
                                                                          "cost": cheapest(edges, self.vocab)}
        facts = self.facts(cited)
        return [describe_path(facts, hops, [self.entity_id(n) for n in path]) for path in paths]

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

    def shortest_paths(self, source: str, target: str, evidence: EvidenceFilter | None = None,
                       k: int | None = None, max_hops: int | None = None, order: str = "hops") -> list[dict]:
        """Connections between two entities, every hop cited (:func:`graphkit.core.analysis.shortest_paths`)."""
        from .describe import DEFAULT_SHORTEST_CAP, check_path_query

        evidence = check_path_query(evidence, k, order, self.vocab)
        s_id, t_id = resolve_all(self.resolve, source, target)
        if s_id == t_id:
            raise GraphkitError(f"{self.label(s_id)} is both ends; give two different entities")
        s, t = self.node(s_id), self.node(t_id)
        view = self.view(evidence)
        if k is None and order == "hops":
            met = self._meet(s, t, view, limit=max_hops)
            found = [] if met is None else self._best_shortest(view, s, t, met[3], met[1], met[2],
                                                               DEFAULT_SHORTEST_CAP)
        else:
            found = self._simple_paths(view, s_id, t_id, k, max_hops, order)
        if not found:
            raise NoPathError(self.explain_no_path(s_id, t_id, evidence, max_hops))
        return select_paths(self.describe(found, view), k, order)

    def explain_no_path(self, s_id: str, t_id: str, evidence: EvidenceFilter, max_hops: int | None) -> str:
        """Which filter cut the connection between two entities (ids)."""
        s, t = self.node(s_id), self.node(t_id)
        names = (self.entities.columns["name"][s], self.entities.columns["name"][t])
        distance = lambda f: self.distance(s, t, f)  # noqa: E731
        made = self.claims_made_unlinked()
        unlinked = {name: int(made[node]) for node, name in zip((s, t), names) if made[node] >= 0}
        return explain_no_path(names, distance, evidence, max_hops, self.vocab, unlinked)

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

    def _simple_paths(self, view: View, s_id: str, t_id: str, k, max_hops, order) -> list[list[int]]:
        """The k best simple paths on the filtered pairs, in ranking order (:mod:`graphkit.core.kpaths`).

        The search ranks exactly as :func:`select_paths` does, ties included, so the first
        k that fit ``max_hops`` are the answer.
        """
        from .describe import gather_paths
        from .kpaths import Adjacency, simple_paths

        graph = view.adjacency.get(order)
        if graph is None:
            graph = view.adjacency[order] = Adjacency(self.adj_ptr, self.adj_node, self.adj_pair,
                                                      view.pair_keep, view.pair_cost, order)
        return gather_paths(simple_paths(graph, self.node(s_id), self.node(t_id)), k, max_hops, order)

    # -- metrics ----------------------------------------------------------------
    def scores(self, metric: str, evidence: EvidenceFilter | None = None, exact: bool | None = None,
               samples: int = DEFAULT_SAMPLES, seed: int = SAMPLE_SEED) -> np.ndarray:
        """One score per entity (in node order), the networkx definitions (see analysis.METRICS).

        Betweenness and closeness are estimated from ``samples`` sampled sources when
        ``exact`` is False, or when it is None and the graph is too large to do exactly
        (nodes × links over :data:`EXACT_WORK`); :meth:`estimate` says which and how good.
        """
        return self.estimate(metric, evidence, exact, samples, seed)["scores"]

    def sampled(self, metric: str, evidence: EvidenceFilter, exact: bool | None) -> bool:
        if metric not in ("betweenness", "closeness") or exact:
            return False
        if exact is False:
            return True
        a, _ = self.kept_pairs(evidence)
        return self.n * len(a) > EXACT_WORK

    def estimate(self, metric: str, evidence: EvidenceFilter | None = None, exact: bool | None = None,
                 samples: int = DEFAULT_SAMPLES, seed: int = SAMPLE_SEED) -> dict:
        """``{"scores", "stderr" (None when exact), "samples", "seconds"}``, cached beside the index."""
        from . import metrics

        if metric not in METRIC_NAMES:
            raise GraphkitError(f"--metric: unknown metric '{metric}'; use one of: {', '.join(METRIC_NAMES)}")
        evidence = (evidence or EvidenceFilter()).check(self.vocab)
        sampled = self.sampled(metric, evidence, exact)
        name = self._result_name("scores", [metric, [str(x) for x in astuple(evidence)], sampled and samples, seed])
        cached = self._load_arrays(name, "scores", "stderr", "samples", "seconds")
        if cached is not None:
            stderr = cached["stderr"] if cached["stderr"].shape else None
            return {"scores": cached["scores"], "stderr": stderr, "samples": int(cached["samples"]) or None,
                    "seconds": float(cached["seconds"])}
        started = time.perf_counter()
        if metric == "degree":  # from the index's adjacency: no pairs to copy out
            scores, stderr, used = metrics.degree_centrality(self.degrees(evidence)), None, None
        elif metric == "pagerank":
            scores, stderr, used = metrics.pagerank(*self.adjacency(evidence)), None, None
        else:
            a, b = self.kept_pairs(evidence)
            scores, stderr, used = metrics.compute(metric, self.n, a, b, samples if sampled else None, seed)
        result = {"scores": scores, "stderr": stderr, "samples": used, "seconds": time.perf_counter() - started}
        self._store_arrays(name, scores=scores, stderr=stderr if stderr is not None else np.float64(0),
                           samples=used or 0, seconds=result["seconds"])
        return result

    @staticmethod
    def _result_name(kind: str, key: list) -> str:
        """A stored result's file name: its kind and a digest of what it depends on."""
        return f"{kind}-" + hashlib.blake2b(json.dumps(key).encode(), digest_size=10).hexdigest()

    def _load_arrays(self, name: str, *keys: str) -> dict[str, np.ndarray] | None:
        """The arrays ``keys`` of a result stored beside the index, or None when there is none (or it
        is damaged)."""
        path = None if self.store is None else self.store / f"{name}.npz"
        if path is None or not path.exists():
            return None
        try:
            with np.load(path) as data:
                return {key: data[key] for key in keys}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            path.unlink(missing_ok=True)  # computed again, and stored anew
            return None

    def _store_arrays(self, name: str, **arrays) -> None:
        if self.store is None:
            return
        part = self.store / f".{name}.{os.getpid()}.npz"
        try:
            np.savez(part, **arrays)
            os.replace(part, self.store / f"{name}.npz")
        except OSError:
            part.unlink(missing_ok=True)  # an unwritable cache only costs speed

    def rank(self, metric: str = "betweenness", evidence: EvidenceFilter | None = None, top: int | None = 10,
             exact: bool | None = None, samples: int = DEFAULT_SAMPLES) -> dict:
        """``{"rows": [{rank, id, name, type, score}...], "samples", "stderr"}``; ties by id.

        ``samples`` and ``stderr`` (one per row) are None when the scores are exact.
        """
        from .describe import SCORE_DIGITS

        found = self.estimate(metric, evidence, exact, samples)
        rounded = np.round(found["scores"], SCORE_DIGITS)
        count = self.n if top is None else min(top, self.n)
        if count < self.n:
            cut = np.partition(-rounded, count - 1)[count - 1]
            candidates = np.flatnonzero(-rounded <= cut)
        else:
            candidates = np.arange(self.n)
        order = candidates[np.lexsort((candidates, -rounded[candidates]))][:count]
        names, types, ids = (self.entities.columns[c] for c in ("name", "type", "id"))
        rows = [{"rank": i, "id": ids[n], "name": names[n], "type": types[n], "score": float(rounded[n])}
                for i, n in enumerate(order.tolist(), 1)]
        stderr = found["stderr"]
        return {"rows": rows, "samples": found["samples"],
                "stderr": None if stderr is None else [float(stderr[n]) for n in order.tolist()]}

    def communities(self, evidence: EvidenceFilter | None = None, seed: int = 42) -> list[dict]:
        """Communities of the connected entities, as :func:`graphkit.core.analysis.communities`; stored
        beside the index like scores."""
        from .metrics import community_groups, label_communities

        evidence = (evidence or EvidenceFilter()).check(self.vocab)
        columns = self.entities.columns
        name = self._result_name("communities", [[str(x) for x in astuple(evidence)], seed])
        found = self._load_arrays(name, "members", "sizes")
        if found is None:
            a, b = self.kept_pairs(evidence)
            members, sizes = community_groups(self.n, a, b, columns["name"].take, seed)
            found = {"members": members, "sizes": sizes}
            self._store_arrays(name, **found)
        return label_communities(found["members"], found["sizes"], lambda nodes, c: columns[c].take(nodes))

    def modularity(self, communities: list[dict], evidence: EvidenceFilter | None = None) -> float:
        """Modularity of ``communities`` (as :meth:`communities` gives them) on the kept links."""
        from .metrics import modularity

        a, b = self.kept_pairs((evidence or EvidenceFilter()).check(self.vocab))
        members = np.array([self.node(m["id"]) for c in communities for m in c["members"]], dtype=np.int64)
        return modularity(self.n, a, b, members, np.array([c["size"] for c in communities], dtype=np.int64))

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

    # -- storage ----------------------------------------------------------------
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


# -- building --------------------------------------------------------------------------
def build_index(tables: dict, vocab: Vocabulary, lines: np.ndarray | None = None,
                found: dict | None = None) -> ClaimIndex:
    """Arrange validated tables (pyarrow, all text) into a :class:`ClaimIndex`.

    ``found`` is what :func:`graphkit.reading.fastcheck.fast_clean` worked out on the same tables
    (references and date bounds), reused rather than computed again.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..reading.fastcheck import _date_bounds, numbers

    found = found or {}
    ents, srcs, rels = tables["entities"], tables["sources"], tables["relations"]
    ent_order = numbers(pc.sort_indices(ents, sort_keys=[("id", "ascending")]))
    src_order = numbers(pc.sort_indices(srcs, sort_keys=[("id", "ascending")]))
    ents, srcs = ents.take(pa.array(ent_order)), srcs.take(pa.array(src_order))
    n = len(ents)

    def codes(column: str, order: np.ndarray, target: pa.Table) -> np.ndarray:
        """Each cell's row in the sorted target table."""
        known = found.get("refs", {}).get(("relations.csv", column))
        if known is not None:
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            return rank[known]
        hit = pc.index_in(rels.column(column), value_set=target.column("id").combine_chunks())
        if hit.null_count:
            raise GraphkitError("the index was given rows that validation would refuse; validate first")
        return numbers(hit).astype(np.int64)

    def vocabulary_codes(column, values) -> np.ndarray:
        return numbers(pc.index_in(column, value_set=pa.array(values))).astype(np.int64)

    def days(column: str, side: int) -> np.ndarray:
        bounds = found.get("dates", {}).get(("relations.csv", column)) or _date_bounds(rels.column(column))
        day = bounds[side]
        return np.where(day > 0, day, _NO_DAY.min if side == 0 else _NO_DAY.max).astype(np.int32)

    frm, to = codes("from_id", ent_order, ents), codes("to_id", ent_order, ents)
    party = codes("attributed_to", ent_order, ents)
    rtype = vocabulary_codes(rels.column("type"), list(vocab.relation_types))
    status = vocabulary_codes(rels.column("status"), vocab.status_ids)
    asserts = numbers(pc.equal(rels.column("stance"), "asserts"))
    lines = np.arange(2, len(rels) + 2) if lines is None else np.asarray(lines)
    a, b = np.minimum(frm, to), np.maximum(frm, to)
    direction = (frm != a).astype(np.int64)
    kinds = len(vocab.relation_types)
    edge_key = (a * n + b) * (2 * kinds) + direction * kinds + rtype
    if n and (edge_key.max(initial=0) + 1) * n < 2 ** 62:
        order = np.argsort(edge_key * n + party, kind="stable")
    else:
        order = np.lexsort((party, edge_key))
    edge_key, party, status, asserts = edge_key[order], party[order], status[order], asserts[order]
    a, b, frm, to, rtype = a[order], b[order], frm[order], to[order], rtype[order]
    claims = len(order)
    new_edge = np.ones(claims, dtype=bool)
    new_edge[1:] = edge_key[1:] != edge_key[:-1]
    c_edge = np.cumsum(new_edge) - 1
    e_first = np.flatnonzero(new_edge)
    pair_key = a[e_first] * n + b[e_first]
    new_pair = np.ones(len(e_first), dtype=bool)
    new_pair[1:] = pair_key[1:] != pair_key[:-1]
    e_pair = np.cumsum(new_pair) - 1
    p_first = np.flatnonzero(new_pair)
    p_a, p_b = a[e_first][p_first], b[e_first][p_first]
    pairs = len(p_first)
    # adjacency: each pair from both ends, neighbours in node order
    src = np.concatenate([p_a, p_b])
    dst = np.concatenate([p_b, p_a])
    pid = np.concatenate([np.arange(pairs), np.arange(pairs)])
    adj = np.lexsort((dst, src))
    adj_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=adj_ptr[1:])
    small = np.int32
    arrays = {
        "c_edge": c_edge.astype(small), "c_type": rtype.astype(np.int16), "c_status": status.astype(np.int8),
        "c_asserts": asserts.astype(bool), "c_party": party.astype(small),
        "c_lo": days("start", 0)[order],
        "c_hi": days("end", 1)[order],
        "c_line": lines[order].astype(small), "c_row": order.astype(small),
        "c_source": codes("source_id", src_order, srcs)[order].astype(small),
        "e_from": frm[e_first].astype(small), "e_to": to[e_first].astype(small),
        "e_type": rtype[e_first].astype(np.int16),
        "e_claims": np.append(e_first, claims).astype(np.int64),
        "e_pair": e_pair.astype(small), "p_a": p_a.astype(small), "p_b": p_b.astype(small),
        "p_edges": np.append(p_first, len(e_first)).astype(np.int64),
        "adj_ptr": adj_ptr, "adj_node": dst[adj].astype(small), "adj_pair": pid[adj].astype(small),
        "n_type": vocabulary_codes(ents.column("type"), list(vocab.entity_types)).astype(np.int16),
    }

    def table(t) -> Table:
        return Table({name: StrColumn.from_arrow(t.column(name)) for name in t.column_names})

    return ClaimIndex(vocab, arrays, table(ents), table(srcs), table(rels))


def _read_checked(folder: Path, vocab: Vocabulary) -> tuple[dict, np.ndarray | None, dict]:
    """The three tables, validated: the fast reader when the files are plainly clean, else the exact one."""
    import pyarrow as pa

    from ..reading.fastcheck import fast_clean, fast_read, unvouched
    from ..reading.validate import CHECKS, validate

    tables = None if unvouched(CHECKS) else fast_read(folder, vocab)
    if tables is not None and fast_clean(tables, vocab, CHECKS):
        return {"entities": tables.entities, "relations": tables.relations, "sources": tables.sources}, \
            tables.relation_lines, tables.found
    from ..reading.dataset import read_dataset

    dataset = read_dataset(folder, vocab)
    report = validate(dataset, vocab=vocab)
    if not report.valid:
        raise InvalidDatasetError(report)
    out = {}
    for name, t in dataset.tables().items():
        columns = [col.name for col in vocab.columns[name]]
        out[name.removesuffix(".csv")] = pa.Table.from_arrays(
            [pa.array([row.get(c, "") for row in t.rows], type=pa.string()) for c in columns], names=columns)
    return out, np.asarray(dataset.relations.lines, dtype=np.int64), {}


def load_index(directory: str | Path = "data", vocab: Vocabulary | None = None, cache: bool = True) -> ClaimIndex:
    """Validate and index a dataset folder, or open its stored index when the files are unchanged.

    Raises :class:`InvalidDatasetError` (with the full report) for an invalid dataset.
    """
    vocab = vocab or load_vocabulary()
    folder = Path(directory).resolve()
    require_folder(Path(directory))
    key = content_digest(folder, vocab)
    store = index_cache_root() / key
    if cache and (store / "meta.json").exists():
        try:
            return ClaimIndex.open(store, vocab, folder)
        except (OSError, ValueError, KeyError):
            shutil.rmtree(store, ignore_errors=True)  # a damaged entry: rebuild it
    tables, lines, found = _read_checked(folder, vocab)
    index = build_index(tables, vocab, lines, found)
    index.folder = folder
    if cache:
        index = _store(index, store, vocab, folder)
    return index


def _store(index: ClaimIndex, store: Path, vocab: Vocabulary, folder: Path) -> ClaimIndex:
    """Write the index beside others (atomically: a half-written entry is never opened)."""
    root = store.parent
    try:
        root.mkdir(parents=True, exist_ok=True)
        part = Path(tempfile.mkdtemp(prefix=".part-", dir=root))
        index.save(part)
        try:
            os.replace(part, store)
        except OSError:  # another process stored it first
            shutil.rmtree(part, ignore_errors=True)
        _evict(root, keep=store)
        return ClaimIndex.open(store, vocab, folder)
    except OSError:
        return index  # an unwritable cache only costs speed


def _evict(root: Path, keep: Path, entries: int = 8) -> None:
    """Keep the most recently built entries only."""
    found = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[entries:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
