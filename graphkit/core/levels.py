"""Breadth-first searches on the compressed adjacency, and the least shortest paths chosen on
the shortest-path DAG they find: the plain path query and the hop-order spur searches of k
shortest paths (:mod:`graphkit.core.kpaths`) both run them.

The graph is the engine's: row pointers ``ptr``, neighbours ``node``, the undirected link
(``pair``) of each adjacency entry and a flag per link saying whether the filter keeps it.
Shortest paths all have the same hops, so they rank by weight (the evidence cost in whole
steps) and then by node sequence; each half of a path, from an end to where the two searches
met, ranks the same way, and the DAG is walked a layer at a time.

>>> # a square 0-1-2-3-0: two ways from 0 to 2, the one through 3 cheaper
>>> ptr, node = np.array([0, 2, 4, 6, 8]), np.array([1, 3, 0, 2, 1, 3, 0, 2])
>>> pair = np.array([0, 3, 0, 1, 1, 2, 3, 2])
>>> levels = Levels(ptr, node, pair, np.ones(4, dtype=bool))
>>> found = levels.meet(0, 2)
>>> found[0], found[3].tolist()
(2, [1, 3])
>>> weigh = lambda links: np.array([5, 5, 1, 1])[links]
>>> levels.least_path(weigh, found), levels.best_paths(weigh, found, 2)
((2, (0, 3, 2)), [(2, (0, 3, 2)), (10, (0, 1, 2))])
"""
from __future__ import annotations

import numpy as np

from ..arrays import distinct

__all__ = ["Levels"]

_NONE = np.zeros(0, dtype=np.int64)


class Levels:
    """Breadth-first searches over the kept links of one filtered graph. Its two distance arrays
    are reused from one :meth:`meet` to the next (only the entries a search set are reset), so a
    query that runs many searches pays for the graph's size once."""

    def __init__(self, ptr: np.ndarray, node: np.ndarray, pair: np.ndarray, keep: np.ndarray):
        self.ptr, self.node, self.pair, self.keep = ptr, node, pair, keep
        self._dist: list[np.ndarray] | None = None
        self._set: list[np.ndarray] = []
        # the last search's nodes at each distance, per side, and the links it did not walk
        self._levels: tuple[list, list] = ([], [])
        self._banned = _NONE

    def slots(self, frontier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The adjacency entries of the frontier's nodes, and how many each node has."""
        starts = self.ptr[frontier]
        counts = self.ptr[frontier + 1] - starts
        ends = np.cumsum(counts)
        return np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - (ends - counts), counts), counts

    def edges(self, frontier: np.ndarray, banned: np.ndarray = _NONE):
        """Each kept link of the frontier's nodes but the ``banned`` ones: (index of its node in the
        frontier, neighbour, link)."""
        slots, counts = self.slots(frontier)
        links = self.pair[slots]
        ok = self.keep[links]
        for link in banned.tolist():  # a spur's few banned links: a pass each beats a set look-up
            ok &= links != link
        return np.repeat(np.arange(len(frontier)), counts)[ok], self.node[slots][ok], links[ok]

    def expand(self, frontier: np.ndarray, banned: np.ndarray = _NONE) -> np.ndarray:
        """Every neighbour of the frontier's nodes over kept links (with repeats)."""
        if len(banned):
            return self.edges(frontier, banned)[1]
        slots, _ = self.slots(frontier)
        return self.node[slots][self.keep[self.pair[slots]]]

    def _distances(self) -> list[np.ndarray]:
        n = len(self.ptr) - 1
        if self._dist is None:
            self._dist = [np.full(n, -1, dtype=np.int32), np.full(n, -1, dtype=np.int32)]
        for nodes in self._set:
            self._dist[0][nodes] = -1
            self._dist[1][nodes] = -1
        self._set = []
        return self._dist

    def meet(self, s: int, t: int, limit: int | None = None, blocked=(), banned=()):
        """Bidirectional breadth-first search from ``s`` and ``t``, never entering the ``blocked``
        nodes nor walking the ``banned`` links: (hops, hops from s, hops to t, the nodes where the
        two searches met, sorted) or None. Each step grows the side with fewer links to walk. The
        distance arrays stay valid until the next search."""
        dist = self._distances()
        self._banned = banned = np.asarray(list(banned), dtype=np.int64)
        blocked = np.asarray(list(blocked), dtype=np.int64)
        self._set += [blocked, np.array([s, t])]
        for side in dist:
            side[blocked] = -2  # never fresh, never met
        dist[0][s], dist[1][t] = 0, 0
        frontier, level = [np.array([s]), np.array([t])], [0, 0]
        self._levels = ([frontier[0]], [frontier[1]])
        while len(frontier[0]) and len(frontier[1]):
            if limit is not None and level[0] + level[1] >= limit:
                return None
            work = [self.links_of(f) for f in frontier]
            side = 0 if work[0] <= work[1] else 1
            found = self.expand(frontier[side], banned)
            fresh = distinct(found[dist[side][found] == -1])
            level[side] += 1
            dist[side][fresh] = level[side]
            self._set.append(fresh)
            self._levels[side].append(fresh)
            frontier[side] = fresh
            middle = fresh[dist[1 - side][fresh] >= 0]
            if len(middle):
                return level[0] + level[1], dist[0], dist[1], middle
        return None

    def links_of(self, nodes: np.ndarray) -> int:
        """How many adjacency entries the nodes have (the work of reading their rows)."""
        return int((self.ptr[nodes + 1] - self.ptr[nodes]).sum())

    def _layers(self, side: int, middle: np.ndarray) -> list[tuple]:
        """The DAG of the last search from the middle back to one end (``side`` 0 for s, 1 for t), a
        layer at a time: (nodes, and for each link to the layer nearer the end: index of its node,
        the nearer node, the link); the end last. Each layer's links are found from whichever of
        the two layers has fewer links to walk (a hub in one need not be read whole)."""
        dist, levels, banned = self._dist[side], self._levels[side], self._banned
        layers = []
        nodes = middle
        while (d := int(dist[nodes[0]])) > 0:
            nearer_level = levels[d - 1]
            if self.links_of(nodes) <= self.links_of(nearer_level):
                owner, nearer, links = self.edges(nodes, banned)
                ok = dist[nearer] == d - 1
                owner, nearer, links = owner[ok], nearer[ok], links[ok]
            else:
                at, far, links = self.edges(nearer_level, banned)
                owner = np.minimum(np.searchsorted(nodes, far), len(nodes) - 1)
                ok = nodes[owner] == far
                owner, nearer, links = owner[ok], nearer_level[at[ok]], links[ok]
            layers.append((nodes, owner, nearer, links))
            nodes = distinct(nearer)
        layers.append((nodes, None, None, None))
        return layers

    def best_paths(self, weigh, found, cap: int) -> list[tuple[int, tuple]]:
        """The ``cap`` least shortest paths that the last :meth:`meet` ``found``, as (weight, nodes), by weight
        (``weigh(links)``, whole numbers) and then node sequence. Each node keeps its ``cap`` best
        partial paths from its end, so a pair with millions of shortest paths costs no more than the
        DAG they span."""
        middle = found[3]

        def best_from(side: int) -> dict[int, list]:
            layers = self._layers(side, middle)
            end = int(layers[-1][0][0])
            best: dict[int, list] = {end: [(0, (end,))]}
            forward = side == 0
            for nodes, owner, nearer, links in reversed(layers[:-1]):
                options: dict[int, list] = {}
                for o, p, w in zip(owner.tolist(), nearer.tolist(), weigh(links).tolist()):
                    v = int(nodes[o])
                    options.setdefault(v, []).extend(
                        (weight + w, seq + (v,) if forward else (v,) + seq) for weight, seq in best[p])
                for v, found_v in options.items():
                    best[v] = sorted(found_v)[:cap]
            return best

        from_s, to_t = best_from(0), best_from(1)
        options = sorted((w1 + w2, a + b[1:]) for m in middle.tolist()
                         for w1, a in from_s[m] for w2, b in to_t[m])
        return options[:cap]

    def least_path(self, weigh, found) -> tuple[int, tuple]:
        """:meth:`best_paths` with ``cap=1``, the DAG walked in whole layers by numpy: each node's best
        partial path is its weight and the rank of its node sequence within its layer."""
        middle = found[3]

        def side(which: int):
            layers = self._layers(which, middle)
            weight, rank, nearer_nodes, steps = np.zeros(1, np.int64), np.zeros(1, np.int64), layers[-1][0], []
            for nodes, owner, nearer, links in reversed(layers[:-1]):
                at = np.searchsorted(nearer_nodes, nearer)
                cand = weight[at] + weigh(links)
                order = np.lexsort((rank[at], cand, owner))
                first = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]  # one per node, in order
                parent = at[first]
                if which == 0:  # a sequence is its parent's, then its node: ranks by both, in that order
                    below, rank = rank[parent], np.empty(len(nodes), np.int64)
                    rank[np.lexsort((nodes, below))] = np.arange(len(nodes))
                else:  # a sequence starts with its node: ranks as the nodes do
                    rank = np.arange(len(nodes), dtype=np.int64)
                weight = cand[first]
                steps.append((parent, nearer_nodes))
                nearer_nodes = nodes
            return weight, rank, steps[::-1]

        ws, rs, steps_s = side(0)
        wt, rt, steps_t = side(1)
        best = int(np.lexsort((rt, rs, ws + wt))[0])

        def walk(steps) -> list[int]:
            at, out = best, [int(middle[best])]
            for parent, nearer_nodes in steps:
                at = int(parent[at])
                out.append(int(nearer_nodes[at]))
            return out

        return int(ws[best] + wt[best]), tuple(walk(steps_s)[::-1] + walk(steps_t)[1:])
