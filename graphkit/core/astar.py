"""Evidence order's k shortest paths: Yen's algorithm whose spur searches are A* searches, run in a
region around the two ends that holds every path cheap enough to be among the answers.

Each spur search's labels are (weight, node sequence) and its guide is the exact weight to the
target (one scipy search from the target, in C). Removing nodes and links only lengthens weights,
so the guide never overestimates and stays consistent; on the paths that matter it is exact, and
a spur search walks almost straight to the target; one whose bans force a detour the guide did
not foresee gets a guide of its own after a budget of turns. Extending a label never lowers it and
keeps the order between two labels of one node, so the first label to reach the target is the
least: the lowest weight and, among equals, the smallest sequence.

The region. A walk from ``s`` to ``t`` of weight at most ``2L`` passes only through nodes within
``L`` of ``s`` or of ``t`` (at each node the two distances add up to no more than the walk). So two
scipy searches cut off at ``L``, one from each end, find every node of every such path, and the
graph among those nodes, numbered in the same order, holds those paths with their weights and
their ranking. ``L`` starts from the fewest hops times the lightest link and grows until the
two searches meet (then the least weight is known exactly) a little past half of it; Yen's
algorithm then runs on that region and its paths are the graph's as long as they weigh at most
``2L``. When a query wants more, the region grows; past half the graph the whole graph is
searched. In a graph of small diameter a ball of half the least weight around each end is a small
part of the graph, where a search from the target to all nodes reads it all.
"""
from __future__ import annotations

import heapq
from typing import Iterator

import numpy as np

from .yen import yen

__all__ = ["GuidedSearch", "evidence_paths"]

# An evidence-order spur search's turns before it asks for a guide of its own (at least this many,
# and a twentieth of the nodes: about what that guide's scipy search costs in Python turns).
_LEAST_BUDGET = 200
_GROW = 1.3  # how much the region's radius grows each time it must
_SLACK = 0.05  # past the least weight, how far the first region reaches (a share of that weight)
_WHOLE = 2  # a region holding more than 1/_WHOLE of the nodes: the whole graph is searched instead


class _OverBudget(Exception):
    """A spur search took more turns than its guide is worth."""


class GuidedSearch:
    """One query's spur searches in evidence order: the guide to its target and each node's links in the
    order A* wants them (by weight plus guide, then neighbour), so that a node is expanded one child
    at a time, when that child's turn comes, instead of all at once."""

    def __init__(self, graph, t: int, banned_nodes=(), banned_links=()):
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
        """The least path from ``u`` to the target avoiding the banned nodes and links: (weight, nodes).

        Where the bans force a detour much dearer than the guide foresaw (the target's own link
        banned, say), every node within that margin ties for a turn; after ``budget`` turns the
        search starts again under a guide computed with the bans applied, exact for this spur,
        which costs one more scipy search and walks straight to the target."""
        try:
            return self._least(u, banned_nodes, banned_links, self.budget)
        except _OverBudget:
            return GuidedSearch(self.graph, self.t, banned_nodes, banned_links)._least(u, banned_nodes,
                                                                                       banned_links, None)

    def _least(self, u: int, banned_nodes, banned_links, budget: int | None):
        """A* from ``u``. Heap items are (estimate, label, weight so far, parent's weight, index of
        this child among the parent's children)."""
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


def evidence_paths(graph, s: int, t: int) -> Iterator[list[int]]:
    """Every simple path from ``s`` to ``t`` in evidence order, searched in growing regions around them
    (the whole graph when a region would hold more than half of it)."""
    shown = 0
    for nodes, bound in _regions(graph, s, t):
        if nodes is None:
            for i, (_weight, path) in enumerate(yen(graph, GuidedSearch(graph, t), s)):
                if i >= shown:
                    yield list(path)
            return
        local, closed = graph.restricted(nodes)
        ends = np.searchsorted(nodes, [s, t]).tolist()
        for i, (weight, path) in enumerate(yen(local, GuidedSearch(local, ends[1]), ends[0])):
            if weight > bound and not closed:
                break  # the next path may run outside the region
            if i >= shown:
                shown += 1
                yield nodes[list(path)].tolist()
        else:
            if closed:  # the region is every node s and t can reach: nothing more anywhere
                return


def _regions(graph, s: int, t: int):
    """The regions to search, growing: (their nodes, sorted, and the weight up to which their paths
    are the graph's), or (None, None) for the whole graph."""
    from scipy.sparse.csgraph import dijkstra

    found = graph.levels.meet(s, t)
    if found is None:
        return
    matrix = graph.matrix()
    radius = found[0] * graph.lightest() / 2
    met = False
    while True:
        near_s, near_t = dijkstra(matrix, directed=True, indices=[s, t], limit=radius)
        if not met:
            least = _least_crossing(graph, near_s, near_t)
            if least > 2 * radius:  # the two searches have not met: the least weight is not known yet
                radius *= _GROW
                continue
            met = True  # ``least`` is the least weight from s to t: search a little past it, no further
            wanted = least * (1 + _SLACK) / 2
            if not wanted <= radius <= wanted * _GROW:
                radius = wanted
                continue
        nodes = np.flatnonzero(np.isfinite(near_s) | np.isfinite(near_t))
        if len(nodes) * _WHOLE > graph.n:
            yield None, None
            return
        yield nodes, 2 * radius
        radius *= _GROW


def _least_crossing(graph, near_s: np.ndarray, near_t: np.ndarray) -> float:
    """The least weight of a walk from s to t through one link from a node the search from s reached
    to one the search from t reached (inf if none): the least weight of all once it is at most
    twice the radius. Read from whichever side has fewer links."""
    ends = [np.flatnonzero(np.isfinite(d)) for d in (near_s, near_t)]
    side = 0 if graph.levels.links_of(ends[0]) <= graph.levels.links_of(ends[1]) else 1
    owner, other, links = graph.levels.edges(ends[side])
    this, that = (near_s, near_t) if side == 0 else (near_t, near_s)
    total = this[ends[side][owner]] + graph.weight[links] + that[other]
    return float(total.min()) if len(total) else np.inf
