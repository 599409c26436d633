"""k shortest simple paths on a compressed adjacency: Yen's algorithm, each spur search grown
from both ends (hop order) or an A* search (evidence order).

The graph is the engine's: row pointers ``ptr``, neighbours ``node`` and the undirected link
(``pair``) of each adjacency entry, a flag per link saying whether the filter keeps it and the
evidence cost of each link. Paths come out one by one in the order graphkit ranks them
(:func:`graphkit.core.describe.select_paths`), with no ties left to break:

- ``order="hops"``: fewest hops, then lowest evidence cost, then the node sequence;
- ``order="evidence"``: lowest evidence cost, then fewest hops, then the node sequence.

Node numbers follow entity ids, so the node sequence ranks as the entity ids do. Costs are
added as whole numbers of :data:`graphkit.claims.model.COST_STEPS`, so equal costs tie exactly. Each
link weighs one integer that ranks by both keys at once (the first times a bound on the second,
plus the second), so a path's weight is the sum of its links' weights.

In hop order each spur search of Yen's algorithm is a bidirectional breadth-first search
(:func:`meet`, vectorised, the same one a plain path query runs) with the spur's banned nodes
and links left out, then the least path by cost and node sequence chosen on the shortest-path
DAG it found (:func:`best_on_dag`): no search of the whole graph, so a query costs a few
searches of the neighbourhoods of its two ends, however large the graph.

In evidence order each spur search is an A* search whose labels are (weight, node sequence)
and whose guide is the exact weight to the target on the whole filtered graph (one scipy
search from the target, in C). Removing nodes and links only lengthens weights, so the guide
never overestimates and stays consistent; on the paths that matter it is exact, and a spur
search walks almost straight to the target instead of exploring the graph. Extending a label
never lowers it and keeps the order between two labels of one node, so the first label to
reach the target is the least: the lowest weight and, among equals, the smallest sequence.

>>> import numpy as np
>>> # a square 0-1-2-3-0 with a diagonal 0-2: links (0,1) (0,2) (0,3) (1,2) (2,3)
>>> ptr = np.array([0, 3, 5, 8, 10])
>>> node = np.array([1, 2, 3, 0, 2, 0, 1, 3, 0, 2])
>>> pair = np.array([0, 1, 2, 0, 3, 1, 3, 4, 2, 4])
>>> graph = Adjacency(ptr, node, pair, np.ones(5, dtype=bool), np.ones(5), "hops")
>>> [p for p in simple_paths(graph, 1, 3)]
[[1, 0, 3], [1, 2, 3], [1, 0, 2, 3], [1, 2, 0, 3]]
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from ..arrays import distinct
from ..claims.model import COST_STEPS

__all__ = ["Adjacency", "simple_paths", "expand", "meet", "best_on_dag"]

_EXACT = 2.0**53  # scipy adds weights as floats: whole numbers below this add exactly


@dataclass
class Adjacency:
    """A filtered undirected graph in compressed form, with its ranking ``order``."""

    ptr: np.ndarray
    node: np.ndarray
    pair: np.ndarray
    keep: np.ndarray
    cost: np.ndarray  # per link; ignored where not kept
    order: str = "hops"
    _rows: dict = field(default_factory=dict, repr=False)
    _matrix: object = field(default=None, repr=False)

    def __post_init__(self):
        n = len(self.ptr) - 1
        steps = np.rint(np.where(self.keep, self.cost, 0) * COST_STEPS).astype(np.int64)
        top = int(steps.max(initial=1))
        if self.order == "evidence":  # cost first, then hops (at most n - 1 of them)
            self.weight = steps * n + 1
        else:  # hops first, then cost: a path costs at most (n - 1) * top
            self.weight = steps + (top * n + 1)

    @property
    def n(self) -> int:
        return len(self.ptr) - 1

    def row(self, v: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The kept links of ``v``: neighbours, links, weights (read once per node)."""
        found = self._rows.get(v)
        if found is None:
            lo, hi = int(self.ptr[v]), int(self.ptr[v + 1])
            links = self.pair[lo:hi]
            links = links[self.keep[links]]
            found = self._rows[v] = (self.node[lo:hi][self.keep[self.pair[lo:hi]]], links, self.weight[links])
        return found

    def link(self, u: int, v: int) -> tuple[int, int]:
        """The link joining ``u`` and ``v`` and its weight."""
        nodes, links, weights = self.row(u)
        at = int(np.flatnonzero(nodes == v)[0])
        return int(links[at]), int(weights[at])

    def guide(self, t: int) -> np.ndarray:
        """The least weight from every node to ``t`` (-1 where ``t`` cannot be reached)."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        if self._matrix is None:
            kept = self.keep[self.pair]
            owner = np.repeat(np.arange(self.n), np.diff(self.ptr))
            ptr = np.zeros(self.n + 1, dtype=np.int64)
            np.cumsum(np.bincount(owner[kept], minlength=self.n), out=ptr[1:])
            self._matrix = csr_matrix((self.weight[self.pair[kept]].astype(float), self.node[kept], ptr),
                                      shape=(self.n, self.n))
        found = dijkstra(self._matrix, directed=True, indices=t)
        reached = np.isfinite(found)
        if reached.any() and found[reached].max() + float(self.weight.max(initial=0)) >= _EXACT:
            return np.where(reached, 0, -1)  # too large to add exactly: no guide (plain Dijkstra)
        return np.where(reached, found, -1).astype(np.int64)


def expand(ptr: np.ndarray, node: np.ndarray, pair: np.ndarray, keep: np.ndarray,
           frontier: np.ndarray) -> np.ndarray:
    """Every neighbour of the frontier's nodes over kept links (with repeats)."""
    starts = ptr[frontier]
    counts = ptr[frontier + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return frontier[:0]
    ends = np.cumsum(counts)
    slots = np.arange(total) + np.repeat(starts - (ends - counts), counts)
    return node[slots][keep[pair[slots]]]


def meet(ptr, node, pair, keep, s: int, t: int, limit: int | None = None, blocked=()):
    """Bidirectional breadth-first search from ``s`` and ``t`` over the kept links, never
    entering the ``blocked`` nodes: (hops, hops from s, hops to t, the nodes where the two
    searches met) or None. Each step grows the side with fewer links to walk.

    >>> ptr, node = np.array([0, 1, 3, 5, 6]), np.array([1, 0, 2, 1, 3, 2])  # a line 0-1-2-3
    >>> pair = np.array([0, 0, 1, 1, 2, 2])
    >>> found = meet(ptr, node, pair, np.ones(3, dtype=bool), 0, 3)
    >>> found[0], found[1][:4].tolist(), found[3].tolist()
    (3, [0, 1, 2, -1], [2])
    >>> meet(ptr, node, pair, np.ones(3, dtype=bool), 0, 3, blocked=[2]) is None
    True
    """
    n = len(ptr) - 1
    dist = [np.full(n, -1, dtype=np.int32), np.full(n, -1, dtype=np.int32)]
    for side in dist:
        side[np.asarray(blocked, dtype=np.int64)] = -2  # never fresh, never met
    dist[0][s], dist[1][t] = 0, 0
    frontier, level = [np.array([s]), np.array([t])], [0, 0]
    while len(frontier[0]) and len(frontier[1]):
        if limit is not None and level[0] + level[1] >= limit:
            return None
        work = [int((ptr[f + 1] - ptr[f]).sum()) for f in frontier]
        side = 0 if work[0] <= work[1] else 1
        found = expand(ptr, node, pair, keep, frontier[side])
        fresh = distinct(found[dist[side][found] == -1])
        level[side] += 1
        dist[side][fresh] = level[side]
        frontier[side] = fresh
        middle = fresh[dist[1 - side][fresh] >= 0]
        if len(middle):
            return level[0] + level[1], dist[0], dist[1], middle
    return None


def best_on_dag(rows, s: int, t: int, middle, ds: np.ndarray, dt: np.ndarray, cap: int) -> list[tuple]:
    """The ``cap`` least shortest paths from ``s`` to ``t``, as (weight, nodes), by weight and then
    node sequence, chosen exactly on the shortest-path DAG that :func:`meet` found.

    ``rows(v)`` gives ``v``'s kept neighbours and the weights of those links. Each node keeps its
    ``cap`` best partial paths from its end, so a pair with millions of shortest paths costs no more
    than the DAG they span. All paths have the same hops, so the least weight and the least
    sequence of the whole are the least of each half.
    """
    def parents(v: int, dist: np.ndarray):
        nodes, weights = rows(v)
        ok = dist[nodes] == dist[v] - 1
        return zip(nodes[ok].tolist(), weights[ok].tolist())

    def best_from(end: int, dist: np.ndarray, forward: bool) -> dict[int, list]:
        if dist[middle[0]] == 0:  # the search from the other end reached this end itself
            return {end: [(0, (end,))]}
        layers = [sorted(int(x) for x in middle)]
        seen = set(layers[0])
        while dist[layers[-1][0]] > 1:
            above = sorted({p for v in layers[-1] for p, _ in parents(v, dist)} - seen)
            seen.update(above)
            layers.append(above)
        best = {end: [(0, (end,))]}
        for layer in reversed(layers):
            for v in layer:
                options = [(weight + w, seq + (v,) if forward else (v,) + seq)
                           for p, w in parents(v, dist) for weight, seq in best[p]]
                options.sort()
                best[v] = options[:cap]
        return best

    from_s, to_t = best_from(s, ds, True), best_from(t, dt, False)
    options = sorted((w1 + w2, a + b[1:]) for m in (int(x) for x in middle)
                     for w1, a in from_s[m] for w2, b in to_t[m])
    return options[:cap]


class _Levels:
    """One query's spur searches in hop order: each a bidirectional breadth-first search with the
    spur's banned nodes and links left out, then the least path on the DAG it found."""

    def __init__(self, graph: Adjacency, t: int):
        self.graph, self.t = graph, t

    def spur(self, u: int, banned_nodes: set[int], banned_links: set[int]) -> tuple[int, tuple[int, ...]] | None:
        graph = self.graph
        keep = graph.keep
        if banned_links:
            keep = keep.copy()
            keep[list(banned_links)] = False
        found = meet(graph.ptr, graph.node, graph.pair, keep, u, self.t, blocked=list(banned_nodes))
        if found is None:
            return None

        def rows(v: int):
            nodes, links, weights = graph.row(v)
            if keep is graph.keep:
                return nodes, weights
            ok = keep[links]
            return nodes[ok], weights[ok]

        return best_on_dag(rows, u, self.t, found[3], found[1], found[2], 1)[0]


class _Search:
    """One query's spur searches in evidence order: the guide to its target and each node's links in the order
    A* wants them (by weight plus guide, then neighbour), so that a node is expanded one
    child at a time, when that child's turn comes, instead of all at once."""

    def __init__(self, graph: Adjacency, t: int):
        self.graph, self.t = graph, t
        self.guide = graph.guide(t)
        self.sorted: dict[int, tuple[list, list, list]] = {}
        nodes, links, _ = graph.row(t)
        self.into = list(zip(nodes.tolist(), links.tolist()))  # the target's own links

    def children(self, v: int) -> tuple[list, list, list]:
        """``v``'s neighbours that reach the target, their links and their weights (f order)."""
        found = self.sorted.get(v)
        if found is None:
            nodes, links, weights = self.graph.row(v)
            rest = self.guide[nodes]
            ok = rest >= 0
            nodes, links, weights, rest = nodes[ok], links[ok], weights[ok], rest[ok]
            order = np.lexsort((nodes, weights + rest))
            found = self.sorted[v] = (nodes[order].tolist(), links[order].tolist(), weights[order].tolist())
        return found

    def spur(self, u: int, banned_nodes: set[int], banned_links: set[int]) -> tuple[int, tuple[int, ...]] | None:
        """The least path from ``u`` to the target avoiding the banned nodes and links:
        (weight, nodes). Heap items are (estimate, label, weight so far, parent's weight,
        index of this child among the parent's children)."""
        guide, t = self.guide, self.t
        if guide[u] < 0:
            return None
        if not any(w == u or (w not in banned_nodes and link not in banned_links) for w, link in self.into):
            return None  # every way into the target is banned: no need to search the graph to see it
        done: set[int] = set()
        heap = [(int(guide[u]), (u,), 0, 0, -1)]
        while heap:
            _f, seq, reached, base, index = heapq.heappop(heap)
            v = seq[-1]
            if index >= 0:  # the parent's next child takes its turn
                self._push_child(heap, seq[:-1], base, index + 1, banned_nodes, banned_links, done)
            if v in done:
                continue  # its best label came first
            if v == t:
                return reached, seq
            done.add(v)
            self._push_child(heap, seq, reached, 0, banned_nodes, banned_links, done)
        return None

    def _push_child(self, heap, seq, reached, index, banned_nodes, banned_links, done) -> None:
        """Push the first child of ``seq``'s last node, from ``index`` on, that may be walked."""
        nodes, links, weights = self.children(seq[-1])
        while index < len(nodes):
            w = nodes[index]
            if w not in done and w not in banned_nodes and links[index] not in banned_links:
                length = reached + weights[index]
                heapq.heappush(heap, (length + int(self.guide[w]), seq + (w,), length, reached, index))
                return
            index += 1


def simple_paths(graph: Adjacency, s: int, t: int) -> Iterator[list[int]]:
    """Every simple path from ``s`` to ``t``, in ranking order: Yen's algorithm."""
    search = _Levels(graph, t) if graph.order == "hops" else _Search(graph, t)
    first = search.spur(s, set(), set())
    if first is None:
        return
    candidates = [first]
    queued = {first[1]}
    shown: list[tuple[int, ...]] = []
    while candidates:
        _weight, path = heapq.heappop(candidates)
        yield list(path)
        shown.append(path)
        banned_nodes: set[int] = set()
        root_weight = 0
        for i in range(1, len(path)):
            root = path[:i]
            banned_links = {graph.link(p[i - 1], p[i])[0] for p in shown if len(p) > i and p[:i] == root}
            found = search.spur(root[-1], banned_nodes, banned_links)
            if found is not None:
                whole = root[:-1] + found[1]
                if whole not in queued:
                    queued.add(whole)
                    heapq.heappush(candidates, (root_weight + found[0], whole))
            banned_nodes.add(root[-1])
            root_weight += graph.link(path[i - 1], path[i])[1]
