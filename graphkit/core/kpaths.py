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

In evidence order each spur search is an A* search guided by the exact weight to the target,
run in a region around the two ends that holds every path cheap enough to be among the answers
(:mod:`graphkit.core.astar`): a query reads the neighbourhoods of its ends, not the whole graph.

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

from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from ..claims.model import COST_STEPS
from .astar import evidence_paths
from .levels import Levels
from .yen import yen

__all__ = ["Adjacency", "simple_paths"]

_EXACT = 2.0**53  # scipy adds weights as floats: whole numbers below this add exactly
_HUB = 1  # a node of a region with more links than this times the region's nodes: a hub, its row not read


@dataclass
class Adjacency:
    """A filtered undirected graph in compressed form, with its ranking ``order``: each node's row of
    neighbours sorted, as the engine's index has them."""

    ptr: np.ndarray
    node: np.ndarray
    pair: np.ndarray
    keep: np.ndarray
    cost: np.ndarray | None  # per link; ignored where not kept
    order: str = "hops"
    weight: np.ndarray | None = None  # per link, from the cost unless given
    _rows: dict = field(default_factory=dict, repr=False)
    _matrix: object = field(default=None, repr=False)
    _levels: Levels | None = field(default=None, repr=False)
    _light: float | None = field(default=None, repr=False)
    _degree: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.weight is not None:
            return
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

    @property
    def levels(self) -> Levels:
        """Breadth-first searches over the kept links (one for all the graph's queries)."""
        if self._levels is None:
            self._levels = Levels(self.ptr, self.node, self.pair, self.keep)
        return self._levels

    def lightest(self) -> float:
        """The lightest kept link's weight (worked out once)."""
        if self._light is None:
            kept = self.weight[self.keep]
            self._light = float(kept.min()) if len(kept) else 1.0
        return self._light

    def matrix(self):
        """The kept links as a scipy matrix of weights (built once)."""
        if self._matrix is None:
            self._matrix = self._weights()
        return self._matrix

    def restricted(self, nodes: np.ndarray) -> tuple[Adjacency, bool]:
        """The graph among ``nodes`` (sorted), numbered 0, 1 … in their order, with the same links and
        weights, and whether no kept link leaves them.

        A node whose row is longer than the region (a hub) is not read: its links into the region
        are read from the other ends' rows, and those between two hubs by looking each hub up in the
        others' rows (rows are sorted by neighbour)."""
        position = np.full(self.n, -1, dtype=np.int64)
        position[nodes] = np.arange(len(nodes))
        degree = self.ptr[nodes + 1] - self.ptr[nodes]
        hub = degree > _HUB * len(nodes)
        slots, per_node = self.levels.slots(nodes[~hub])
        links, near = self.pair[slots], position[self.node[slots]]
        kept = self.keep[links]
        ok = kept & (near >= 0)
        owner = np.repeat(np.flatnonzero(~hub), per_node)[ok]
        near, links = near[ok], links[ok]
        into = hub[near]  # a hub's links with the rest of the region, seen from the other end
        among = self._among(nodes[hub], position)
        hub_rows = [np.concatenate(c) for c in zip((near[into], owner[into], links[into]), among)]
        order = np.lexsort((hub_rows[1], hub_rows[0]))
        hub_owner, hub_near, hub_links = (c[order] for c in hub_rows)
        # the light rows come in order already: each part's entries move up past the other's before them
        light_count, hub_count = (np.bincount(o, minlength=len(nodes)) for o in (owner, hub_owner))
        inside = light_count + hub_count
        ptr = np.zeros(len(nodes) + 1, dtype=np.int64)
        np.cumsum(inside, out=ptr[1:])
        rows = np.empty(int(ptr[-1]), dtype=np.int64), np.empty(int(ptr[-1]), dtype=self.pair.dtype)
        for (owners, nears, ids), other in (((owner, near, links), np.cumsum(hub_count) - hub_count),
                                            ((hub_owner, hub_near, hub_links), np.cumsum(light_count) - light_count)):
            at = np.arange(len(owners)) + other[owners]
            rows[0][at], rows[1][at] = nears, ids
        closed = bool((inside == self.kept_degree()[nodes]).all())
        return Adjacency(ptr, rows[0], rows[1], self.keep, None, self.order, weight=self.weight), closed

    def kept_degree(self) -> np.ndarray:
        """Each node's kept links (worked out once)."""
        if self._degree is None:
            owner = np.repeat(np.arange(self.n), np.diff(self.ptr))
            self._degree = np.bincount(owner[self.keep[self.pair]], minlength=self.n)
        return self._degree

    def _among(self, hubs: np.ndarray, position: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The kept links between the ``hubs`` (sorted), each way: (owner, neighbour, link), numbered
        by ``position``."""
        found = [np.zeros(0, dtype=np.int64)] * 3
        for h in hubs.tolist():
            lo, hi = int(self.ptr[h]), int(self.ptr[h + 1])
            at = np.searchsorted(self.node[lo:hi], hubs) + lo
            ok = at < hi
            ok[ok] = self.node[at[ok]] == hubs[ok]
            at = at[ok]
            at = at[self.keep[self.pair[at]]]
            found = [np.concatenate([f, x]) for f, x in zip(found, (np.full(len(at), position[h]),
                                                                    position[self.node[at]], self.pair[at]))]
        return found[0], found[1], found[2]

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

        matrix = self._weights(banned_nodes, banned_links) if banned_nodes or banned_links else self.matrix()
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
        self.levels = graph.levels  # the graph's searches: their arrays serve every spur and every query

    def weigh(self, links: np.ndarray) -> np.ndarray:
        return self.graph.weight[links]

    def spur(self, u: int, banned_nodes: set[int], banned_links: set[int]) -> tuple[int, tuple[int, ...]] | None:
        found = self.levels.meet(u, self.t, blocked=banned_nodes, banned=banned_links)
        if found is None:
            return None
        return self.levels.least_path(self.weigh, found)


def simple_paths(graph: Adjacency, s: int, t: int) -> Iterator[list[int]]:
    """Every simple path from ``s`` to ``t``, in ranking order: Yen's algorithm."""
    if graph.order == "evidence":
        yield from evidence_paths(graph, s, t)
        return
    for _weight, path in yen(graph, _Levels(graph, t), s):
        yield list(path)
