"""Path questions on the core: a bidirectional breadth-first search over the compressed adjacency,
the best shortest paths chosen on the shortest-path DAG, k shortest paths (:mod:`graphkit.core.kpaths`),
and the hops described with their citations. Mixed into :class:`~graphkit.core.index.ClaimIndex`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..arrays import distinct
from ..claims.model import EvidenceFilter
from ..errors import GraphkitError, NoPathError
from .describe import cheapest, describe_path, explain_no_path, select_paths
from .names import resolve_all

if TYPE_CHECKING:
    from .view import View

__all__ = ["PathSearch"]


class PathSearch:
    """The path methods of :class:`~graphkit.core.index.ClaimIndex`."""

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
            fresh = distinct(found[dist[side][found] < 0])
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

    def within(self, centre: int, hops: int, view: View) -> tuple[np.ndarray, np.ndarray]:
        """The nodes at most ``hops`` from ``centre`` and their distances."""
        dist = np.full(self.n, -1, dtype=np.int64)
        dist[centre] = 0
        frontier = np.array([centre])
        for level in range(1, hops + 1):
            found = self._expand(frontier, view)
            frontier = distinct(found[dist[found] < 0])
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
