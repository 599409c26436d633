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
(:class:`graphkit.core.levels.Levels`, vectorised, the one a plain path query runs) with the
spur's banned nodes and links left out, then the least path by cost and node sequence chosen
on the shortest-path DAG it found, a layer at a time: no search of the whole graph, so a query
costs a few searches of the neighbourhoods of its two ends, however large the graph.

In evidence order each spur search is an A* search whose labels are (weight, node sequence)
and whose guide is the exact weight to the target on the whole filtered graph (one scipy
search from the target, in C). Removing nodes and links only lengthens weights, so the guide
never overestimates and stays consistent; on the paths that matter it is exact, and a spur
search walks almost straight to the target instead of exploring the graph; a spur search whose
bans force a detour the guide did not foresee gets a guide of its own after a budget of turns.
Extending a label
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

from ..claims.model import COST_STEPS
from .levels import Levels

__all__ = ["Adjacency", "simple_paths"]

_EXACT = 2.0**53  # scipy adds weights as floats: whole numbers below this add exactly
# An evidence-order spur search's turns before it asks for a guide of its own (at least this many,
# and a twentieth of the nodes: about what that guide's scipy search costs in Python turns).
_LEAST_BUDGET = 2000


class _OverBudget(Exception):
    """A spur search took more turns than its guide is worth."""


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

    def _weights(self, banned_nodes=(), banned_links=()):
        """The kept links as a scipy matrix of weights, less the banned nodes and links."""
        from scipy.sparse import csr_matrix

        kept = self.keep[self.pair]
        owner = np.repeat(np.arange(self.n), np.diff(self.ptr))
        if banned_links:
            kept &= ~np.isin(self.pair, list(banned_links))
        if banned_nodes:
            out = np.zeros(self.n, dtype=bool)
            out[list(banned_nodes)] = True
            kept &= ~out[owner] & ~out[self.node]
        ptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner[kept], minlength=self.n), out=ptr[1:])
        return csr_matrix((self.weight[self.pair[kept]].astype(float), self.node[kept], ptr), shape=(self.n, self.n))

    def guide(self, t: int, banned_nodes=(), banned_links=()) -> np.ndarray:
        """The least weight from every node to ``t`` (-1 where ``t`` cannot be reached), on the
        filtered graph less the banned nodes and links."""
        from scipy.sparse.csgraph import dijkstra

        if banned_nodes or banned_links:
            matrix = self._weights(banned_nodes, banned_links)
        else:
            if self._matrix is None:
                self._matrix = self._weights()
            matrix = self._matrix
        found = dijkstra(matrix, directed=True, indices=t)
        reached = np.isfinite(found)
        if reached.any() and found[reached].max() + float(self.weight.max(initial=0)) >= _EXACT:
            return np.where(reached, 0, -1)  # too large to add exactly: no guide (plain Dijkstra)
        return np.where(reached, found, -1).astype(np.int64)


class _Levels:
    """One query's spur searches in hop order: each a bidirectional breadth-first search with the
    spur's banned nodes and links left out, then the least path on the DAG it found."""

    def __init__(self, graph: Adjacency, t: int):
        self.graph, self.t = graph, t
        self.levels = Levels(graph.ptr, graph.node, graph.pair, graph.keep)  # its arrays serve every spur

    def weigh(self, links: np.ndarray) -> np.ndarray:
        return self.graph.weight[links]

    def spur(self, u: int, banned_nodes: set[int], banned_links: set[int]) -> tuple[int, tuple[int, ...]] | None:
        found = self.levels.meet(u, self.t, blocked=banned_nodes, banned=banned_links)
        if found is None:
            return None
        return self.levels.least_path(self.weigh, found)


class _Search:
    """One query's spur searches in evidence order: the guide to its target and each node's links in the order
    A* wants them (by weight plus guide, then neighbour), so that a node is expanded one
    child at a time, when that child's turn comes, instead of all at once."""

    def __init__(self, graph: Adjacency, t: int, banned_nodes=(), banned_links=()):
        self.graph, self.t = graph, t
        self.guide = graph.guide(t, banned_nodes, banned_links)
        self.budget = max(_LEAST_BUDGET, graph.n // 20)
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
        index of this child among the parent's children).

        Where the bans force a detour much dearer than the guide foresaw (the target's own link
        banned, say), every node within that margin ties for a turn; after ``budget`` turns the
        search starts again under a guide computed with the bans applied, exact for this spur,
        which costs one more scipy search and walks straight to the target."""
        try:
            return self._least(u, banned_nodes, banned_links, self.budget)
        except _OverBudget:
            return _Search(self.graph, self.t, banned_nodes, banned_links)._least(u, banned_nodes, banned_links, None)

    def _least(self, u: int, banned_nodes, banned_links, budget: int | None):
        guide, t = self.guide, self.t
        if guide[u] < 0:
            return None
        if not any(w == u or (w not in banned_nodes and link not in banned_links) for w, link in self.into):
            return None  # every way into the target is banned: no need to search the graph to see it
        done: set[int] = set()
        heap = [(int(guide[u]), (u,), 0, 0, -1)]
        while heap:
            if budget is not None:
                budget -= 1
                if budget < 0:
                    raise _OverBudget
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
