"""k shortest simple paths on a compressed adjacency: Yen's algorithm with A* spur searches.

The graph is the engine's: row pointers ``ptr``, neighbours ``node`` and the undirected link
(``pair``) of each adjacency entry, a flag per link saying whether the filter keeps it and, for
the evidence ordering, a cost per link. Paths come out in non-decreasing length (hops, or total
cost), every simple path in turn, as :func:`networkx.shortest_simple_paths` yields them; which of
several equal paths comes first may differ, so callers keep every path tied with the last one
they need (see :func:`graphkit.describe.candidate_paths`).

Each spur search of Yen's algorithm is an A* search guided by the exact distance to the target
on the whole filtered graph (one scipy search from the target, in C). Removing nodes and links
only lengthens distances, so that guide never overestimates and stays consistent; on the paths
that matter it is exact, and a spur search walks almost straight to the target instead of
exploring the graph.

>>> import numpy as np
>>> # a square 0-1-2-3-0 with a diagonal 0-2: links (0,1) (0,2) (0,3) (1,2) (2,3)
>>> ptr = np.array([0, 3, 5, 8, 10])
>>> node = np.array([1, 2, 3, 0, 2, 0, 1, 3, 0, 2])
>>> pair = np.array([0, 1, 2, 0, 3, 1, 3, 4, 2, 4])
>>> graph = Adjacency(ptr, node, pair, np.ones(5, dtype=bool))
>>> [p for p in simple_paths(graph, 1, 3)]
[[1, 0, 3], [1, 2, 3], [1, 0, 2, 3], [1, 2, 0, 3]]
"""
from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

__all__ = ["Adjacency", "simple_paths", "path_cost"]


@dataclass
class Adjacency:
    """A filtered undirected graph in compressed form; ``cost`` None means every link costs one hop."""

    ptr: np.ndarray
    node: np.ndarray
    pair: np.ndarray
    keep: np.ndarray
    cost: np.ndarray | None = None
    _rows: dict = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.ptr) - 1

    def row(self, v: int) -> list[tuple[int, int, float]]:
        """The kept links of ``v``: (neighbour, link, cost), read once per node."""
        found = self._rows.get(v)
        if found is None:
            lo, hi = int(self.ptr[v]), int(self.ptr[v + 1])
            links = self.pair[lo:hi]
            kept = self.keep[links]
            links = links[kept]
            costs = [1.0] * len(links) if self.cost is None else self.cost[links].tolist()
            found = list(zip(self.node[lo:hi][kept].tolist(), links.tolist(), costs))
            self._rows[v] = found
        return found

    def link_cost(self, u: int, v: int) -> tuple[int, float]:
        for w, link, cost in self.row(u):
            if w == v:
                return link, cost
        raise KeyError((u, v))

    def distances_to(self, t: int) -> np.ndarray:
        """The length of the shortest path from every node to ``t`` (inf where none)."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        kept = self.keep[self.pair]
        owner = np.repeat(np.arange(self.n), np.diff(self.ptr))
        ptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner[kept], minlength=self.n), out=ptr[1:])
        weights = np.ones(int(kept.sum())) if self.cost is None else self.cost[self.pair[kept]]
        matrix = csr_matrix((weights, self.node[kept], ptr), shape=(self.n, self.n))
        return dijkstra(matrix, directed=True, indices=t, unweighted=self.cost is None)


def path_cost(graph: Adjacency, path: list[int]) -> float:
    return sum(graph.link_cost(a, b)[1] for a, b in itertools.pairwise(path))


def _spur(graph: Adjacency, guide: np.ndarray, u: int, t: int, banned_nodes: set[int],
          banned_links: set[int]) -> tuple[float, list[int]] | None:
    """The shortest path from ``u`` to ``t`` avoiding the banned nodes and links (A* on ``guide``)."""
    if not np.isfinite(guide[u]):
        return None
    best = {u: 0.0}
    parent = {u: -1}
    done = set()
    # ties on the estimate go to the deeper node: on an exact guide the search runs straight to t
    heap = [(float(guide[u]), 0.0, u)]
    while heap:
        _estimate, negative, v = heapq.heappop(heap)
        if v == t:
            path = [t]
            while parent[path[-1]] >= 0:
                path.append(parent[path[-1]])
            return -negative, path[::-1]
        if v in done:
            continue
        done.add(v)
        reached = -negative
        for w, link, cost in graph.row(v):
            if w in banned_nodes or link in banned_links or w in done:
                continue
            length = reached + cost
            if length < best.get(w, np.inf):
                rest = guide[w]
                if rest == np.inf:
                    continue
                best[w], parent[w] = length, v
                heapq.heappush(heap, (length + float(rest), -length, w))
    return None


def simple_paths(graph: Adjacency, s: int, t: int) -> Iterator[list[int]]:
    """Every simple path from ``s`` to ``t``, shortest (or cheapest) first: Yen's algorithm."""
    guide = graph.distances_to(t)
    first = _spur(graph, guide, s, t, set(), set())
    if first is None:
        return
    counter = itertools.count()
    candidates = [(first[0], next(counter), first[1])]
    queued = {tuple(first[1])}
    shown: list[list[int]] = []
    while candidates:
        length, _, path = heapq.heappop(candidates)
        yield path
        shown.append(path)
        banned_nodes: set[int] = set()
        root_length = 0.0
        for i in range(1, len(path)):
            root = path[:i]
            banned_links = {graph.link_cost(p[i - 1], p[i])[0] for p in shown if len(p) > i and p[:i] == root}
            found = _spur(graph, guide, root[-1], t, banned_nodes, banned_links)
            if found is not None:
                whole = root[:-1] + found[1]
                key = tuple(whole)
                if key not in queued:
                    queued.add(key)
                    heapq.heappush(candidates, (root_length + found[0], next(counter), whole))
            banned_nodes.add(root[-1])
            root_length += graph.link_cost(path[i - 1], path[i])[1]
