"""Path questions on the core: a bidirectional breadth-first search over the compressed adjacency,
the best shortest paths chosen on the shortest-path DAG, k shortest paths (:mod:`graphkit.core.kpaths`),
and the hops described with their citations. Mixed into :class:`~graphkit.core.index.ClaimIndex`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..arrays import distinct
from ..claims.model import COST_STEPS, EvidenceFilter
from ..errors import GraphkitError, NoPathError
from .describe import cheapest, describe_path, explain_no_path, select_paths
from .levels import Levels
from .names import resolve_all

if TYPE_CHECKING:
    from .view import View

__all__ = ["PathSearch"]


class PathSearch:
    """The path methods of :class:`~graphkit.core.index.ClaimIndex`."""

    def _levels(self, view: View) -> Levels:
        return Levels(self.adj_ptr, self.adj_node, self.adj_pair, view.pair_keep)

    def _meet(self, s: int, t: int, view: View, limit: int | None = None):
        """Bidirectional BFS: (distance, hops from s, hops to t, meeting nodes) or None."""
        return self._levels(view).meet(s, t, limit)

    def distance(self, s: int, t: int, evidence: EvidenceFilter) -> int | None:
        found = self._meet(s, t, self.view(evidence))
        return None if found is None else found[0]

    def _best_shortest(self, view: View, s: int, t: int, max_hops: int | None, cap: int) -> list[list[int]]:
        """The ``cap`` shortest paths of lowest evidence cost (ties: by entity ids), exactly
        (:meth:`graphkit.core.levels.Levels.best_paths`, costs in whole steps as k shortest paths add them)."""
        levels = self._levels(view)
        met = levels.meet(s, t, limit=max_hops)
        if met is None:
            return []
        weigh = lambda links: np.rint(view.pair_cost[links] * COST_STEPS).astype(np.int64)  # noqa: E731
        return [list(seq) for _, seq in levels.best_paths(weigh, met, cap)]

    def within(self, centre: int, hops: int, view: View) -> tuple[np.ndarray, np.ndarray]:
        """The nodes at most ``hops`` from ``centre`` and their distances."""
        dist = np.full(self.n, -1, dtype=np.int64)
        dist[centre] = 0
        frontier, levels = np.array([centre]), self._levels(view)
        for level in range(1, hops + 1):
            found = levels.expand(frontier)
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
            found = self._best_shortest(view, s, t, max_hops, DEFAULT_SHORTEST_CAP)
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
