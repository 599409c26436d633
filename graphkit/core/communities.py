"""Communities on the core: Leiden (modularity) in igraph, each labelled by its member of highest
degree, and the modularity of a partition.
"""
from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

from .metrics import _graph

__all__ = ["community_groups", "label_communities", "modularity"]


def modularity(n: int, a: np.ndarray, b: np.ndarray, members: np.ndarray, sizes: np.ndarray) -> float:
    """Newman's modularity of the communities (``members`` and ``sizes`` as
    :func:`community_groups` gives them) on the links ``a``–``b``: how much more the links
    fall inside them than chance would have them. 0 for no link.

    >>> round(modularity(4, np.array([0, 2]), np.array([1, 3]), np.array([0, 1, 2, 3]), np.array([2, 2])), 3)
    0.5
    """
    if len(a) == 0:
        return 0.0
    membership = np.arange(n) + len(sizes)  # an entity in no link is a community of its own
    membership[members] = np.repeat(np.arange(len(sizes)), sizes)
    graph = _graph(n, np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))
    return float(graph.modularity(membership.tolist()))


def community_groups(n: int, a: np.ndarray, b: np.ndarray, names: Callable[[np.ndarray], list[str]],
                     seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """Leiden communities (modularity) of the nodes that have a link, seeded so runs repeat.

    Returns ``(members, sizes)``: every member, community after community, and each community's
    size. Communities come largest first, then by label (the name of their member of highest
    degree, ``names(nodes)`` giving nodes' names), then as igraph numbers them; members by degree,
    highest first, then by node number (node numbers follow ids, so ties go by id).

    Two refinement passes (igraph's default): at a million claims 2 s, with a higher modularity
    than Louvain's in 15 s; running until stable gains about 1% for fifty times the time.
    """
    import igraph as ig

    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    degree = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    connected = np.flatnonzero(degree > 0)
    if len(connected) == 0:
        return connected, connected
    position = np.full(n, -1)
    position[connected] = np.arange(len(connected))
    g = _graph(len(connected), position[a], position[b])
    ig.set_random_number_generator(random.Random(seed))
    try:
        found = g.community_leiden(objective_function="modularity", n_iterations=2)  # igraph's default
    finally:
        ig.set_random_number_generator(random)  # igraph's default: Python's own generator
    membership = np.array(found.membership)
    order = np.lexsort((connected, -degree[connected], membership))
    members, group = connected[order], membership[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(members)])
    labels, counts = names(members[starts]), sizes.tolist()
    ranked = sorted(range(len(counts)), key=lambda c: (-counts[c], labels[c]))
    place = np.empty(len(sizes), dtype=np.int64)
    place[ranked] = np.arange(len(sizes))
    shown = np.argsort(place[np.repeat(np.arange(len(sizes)), sizes)], kind="stable")
    return members[shown], sizes[ranked]


def label_communities(members: np.ndarray, sizes: np.ndarray,
                      column: Callable[[np.ndarray, str], list[str]]) -> list[dict]:
    """Communities as graphkit shows them, from :func:`community_groups`: numbered from 1, each
    labelled by its first member; ``column(nodes, name)`` gives the nodes' ids, names or types."""
    rows = [{"id": i, "name": name, "type": t}
            for i, name, t in zip(*(column(members, c) for c in ("id", "name", "type")))]
    out, start = [], 0
    for number, size in enumerate(sizes.tolist(), 1):
        out.append({"size": size, "label": rows[start]["name"], "members": rows[start:start + size],
                    "community": number})
        start += size
    return out
