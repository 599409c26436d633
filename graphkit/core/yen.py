"""Yen's algorithm over any spur search: every simple path from one node to a target, least first.

The graph answers ``link(u, v)`` (the link joining two nodes and its weight); the search answers
``spur(u, banned_nodes, banned_links)`` with the least path from ``u`` to the target that avoids
them, as (weight, nodes), or None. Paths come out as (weight, nodes) in the order the search ranks
them; :mod:`graphkit.core.kpaths` gives it a breadth-first search (hop order) or an A* search
(evidence order, :mod:`graphkit.core.astar`).
"""
from __future__ import annotations

import heapq
from typing import Iterator

__all__ = ["yen"]


def yen(graph, search, s: int) -> Iterator[tuple[int, tuple[int, ...]]]:
    """Every simple path from ``s`` to the search's target, as (weight, nodes), in ranking order."""
    first = search.spur(s, set(), set())
    if first is None:
        return
    candidates = [first]
    queued = {first[1]}
    shown: list[tuple[int, ...]] = []
    while candidates:
        weight, path = heapq.heappop(candidates)
        yield weight, path
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
