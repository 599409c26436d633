"""Centrality on an undirected simple graph given as arrays, in igraph (communities are in
:mod:`graphkit.core.communities`).

Every score follows networkx's definition (the one :data:`graphkit.core.analysis.METRICS`
uses), so the two engines agree to the digits shown; the tests check it.

- degree: degree / (n - 1);
- betweenness: normalised by (n - 1)(n - 2) / 2 pairs; *sampled*, Brandes–Pich from
  ``k`` sources picked as ``networkx.betweenness_centrality(k=..., seed=...)`` picks
  them and rescaled as networkx rescales them, so the estimate equals networkx's;
- closeness: Wasserman–Faust (scaled by the share of the graph a node reaches);
  *sampled*, Eppstein–Wang: each node's distance sum estimated from ``k`` pivots in
  its component (components no larger than ``k`` are done exactly);
- eigenvector: on the largest component (ties: the one holding the lowest id), unit
  length there, zero elsewhere;
- pagerank: damping 0.85, uniform teleport, dangling nodes spread uniformly; solved as a
  symmetric linear system by conjugate gradients (see :func:`pagerank`).

Sampled scores come with a standard error per node: the sources are drawn in
batches, and the spread of the batch estimates gives it.
"""
from __future__ import annotations

import random

import numpy as np

from ..arrays import among, distinct

__all__ = ["compute", "degree_centrality", "pagerank"]

_BATCHES = 8


def _graph(n: int, a: np.ndarray, b: np.ndarray):
    import igraph as ig

    graph = ig.Graph(n=n, directed=False)
    graph.add_edges(np.column_stack([a, b]).astype(np.int64, copy=False))  # the fastest way in from arrays
    return graph


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A component label per node (scipy's connected components)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    matrix = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    return connected_components(matrix, directed=False)[1]


def _largest(labels: np.ndarray) -> int:
    """The biggest component's label; ties go to the one holding the lowest node number."""
    sizes = np.bincount(labels)
    lowest = np.full(len(sizes), len(labels))
    np.minimum.at(lowest, labels, np.arange(len(labels)))
    return int(np.lexsort((lowest, -sizes))[0])


def _sample(n: int, k: int, seed: int) -> list[int]:
    """The sources networkx draws for ``k`` samples with this seed (it samples the node list)."""
    return random.Random(seed).sample(range(n), k)


def _batches(sources: list[int]) -> list[list[int]]:
    count = min(_BATCHES, len(sources))
    return [sources[i::count] for i in range(count)]


def _stderr(estimates: list[np.ndarray]) -> np.ndarray:
    if len(estimates) < 2:
        return np.full_like(estimates[0], np.nan)
    return np.std(np.array(estimates), axis=0, ddof=1) / np.sqrt(len(estimates))


def _betweenness(n, a, b, samples, seed):
    if n <= 2:
        return np.zeros(n), None, None
    g = _graph(n, a, b)
    if samples is None or samples >= n:
        raw = np.array(g.betweenness(directed=False))
        return raw * 2 / ((n - 1) * (n - 2)), None, None
    sources = _sample(n, samples, seed)

    def scaled(raw: np.ndarray, chosen: list[int]) -> np.ndarray:
        # networkx counts each source's paths to every target (twice igraph's undirected count) and,
        # leaving endpoints out, divides a sampled node's score by one fewer source
        k = len(chosen)
        scale = np.full(n, 1 / (k * (n - 2)))
        scale[chosen] = 1 / ((k - 1) * (n - 2)) if k > 1 else np.nan
        return 2 * raw * scale

    parts = [(np.array(g.betweenness(sources=part, directed=False)), part) for part in _batches(sources)]
    total = scaled(sum(raw for raw, _ in parts), sources)
    return total, _stderr([scaled(raw, part) for raw, part in parts]), samples


def _adjacency(n: int, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Compressed adjacency (row pointers, neighbours) of the undirected pairs."""
    ends = np.concatenate([a, b])
    order = np.argsort(ends, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(ends, minlength=n), out=ptr[1:])
    return ptr, np.concatenate([b, a])[order]


def _distance_sums(ptr: np.ndarray, neighbours: np.ndarray, sources: np.ndarray):
    """Breadth-first search from up to 64 sources at once, one bit per source in a word per node.

    Returns, per node, the sum and the sum of squares of its distances from the sources that
    reach it, and per source the sum of its distances to every node it reaches. Each level
    costs one pass over the links, whatever the number of sources in the batch.
    """
    n = len(ptr) - 1
    bit = np.left_shift(np.uint64(1), np.arange(len(sources), dtype=np.uint64))
    frontier = np.zeros(n, dtype=np.uint64)
    frontier[sources] = bit
    seen = frontier.copy()
    sums, squares = np.zeros(n), np.zeros(n)
    per_source = np.zeros(len(sources))
    has_links = ptr[1:] > ptr[:-1]
    starts = ptr[:-1][has_links]
    level = 0
    while frontier.any():
        level += 1
        heard = np.zeros(n, dtype=np.uint64)
        if len(neighbours):
            heard[has_links] = np.bitwise_or.reduceat(frontier[neighbours], starts)
        fresh = heard & ~seen
        seen |= fresh
        reached = np.flatnonzero(fresh)
        count = np.bitwise_count(fresh[reached]).astype(np.float64)
        sums[reached] += level * count
        squares[reached] += level * level * count
        words = fresh[reached]
        for j in range(len(sources)):
            per_source[j] += level * np.count_nonzero(words & bit[j])
        frontier = fresh
    return sums, squares, per_source


def _closeness(n, a, b, samples, seed):
    if n <= 1:
        return np.zeros(n), None, None
    labels = _components(n, a, b)
    size = np.bincount(labels)[labels]  # each node's component size, itself included
    total = np.zeros(n)  # sum of distances to the others in its component
    stderr = None
    big = distinct(labels[size > samples]) if samples is not None else np.array([], dtype=int)
    exact_nodes = np.flatnonzero(~among(labels, big))
    g = _graph(n, a, b)
    if len(exact_nodes):
        raw = np.array(g.closeness(vertices=exact_nodes.tolist(), normalized=False), dtype=float)
        reach = size[exact_nodes] - 1
        with np.errstate(divide="ignore", invalid="ignore"):
            total[exact_nodes] = np.where(reach > 0, 1 / raw, 0)
    if len(big):
        ptr, neighbours = _adjacency(n, a, b)
        stderr = np.zeros(n)
        for comp in big.tolist():
            members = np.flatnonzero(labels == comp)
            pivots = members[_sample(len(members), samples, seed + comp)]
            sums, squares = np.zeros(n), np.zeros(n)
            for start in range(0, len(pivots), 64):
                batch = pivots[start:start + 64]
                found = _distance_sums(ptr, neighbours, batch)
                sums += found[0]
                squares += found[1]
                total[batch] = found[2]  # a pivot's own sum is exact
            k = len(pivots)
            others = size[members] - 1
            mean = sums[members] / k  # a pivot sees itself at 0: its share of (others+1) nodes
            estimate = mean * (others + 1)
            spread = np.sqrt(np.maximum(squares[members] / k - mean ** 2, 0) / k) * (others + 1)
            is_pivot = among(members, pivots)
            total[members[~is_pivot]] = estimate[~is_pivot]
            stderr[members] = np.where(is_pivot, 0.0, spread)
    reach = size - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(total > 0, reach / total * reach / (n - 1), 0.0)
        if stderr is not None:  # relative error of the distance sum carries over to the score
            stderr = np.where(total > 0, scores * stderr / total, 0.0)
    return scores, stderr, (samples if len(big) else None)


def _dominates(labels: np.ndarray, core: int, degree: np.ndarray) -> bool:
    """Whether the component ``core`` surely has a leading eigenvalue above twice every other's.

    Bounds, so no eigenvalue is computed: the core's is at least its mean degree and the square
    root of its highest; another component's at most its highest degree and (Hong) √(2m − n + 1).
    """
    sizes = np.bincount(labels)
    links = np.bincount(labels, weights=degree) / 2
    top = np.zeros(len(sizes))
    np.maximum.at(top, labels, degree)
    above = np.minimum(top, np.sqrt(np.maximum(2 * links - sizes + 1, 0)))
    below = max(2 * links[core] / sizes[core], np.sqrt(top[core]))
    return bool(np.delete(above, core).max(initial=0) * 2 < below)


def _eigenvector(n, a, b):
    import warnings

    scores = np.zeros(n)
    if len(a) == 0:
        return scores
    graph = _graph(n, a, b)
    labels = np.array(graph.connected_components().membership)
    best = _largest(labels)
    core = np.flatnonzero(labels == best)
    if len(core) == 2:  # one link: (1/√2, 1/√2), where scipy's sparse solver needs three nodes
        scores[core] = 2 ** -0.5
        return scores
    if len(core) < 2:
        return scores
    # On the whole graph when the core's eigenvalue leads: its eigenvector is then the core's, zero
    # elsewhere (but for rounding); else on the core alone, a second graph to build.
    whole = len(core) == n or _dominates(labels, best, np.bincount(a, minlength=n) + np.bincount(b, minlength=n))
    if not whole:
        graph = graph.induced_subgraph(core)
    with warnings.catch_warnings():  # igraph's warning about disconnected graphs: handled above
        warnings.filterwarnings("ignore", message=".*eigenvector centralities are nearly zero")
        values = np.array(graph.eigenvector_centrality(scale=True))
    if whole:
        values = values[core]
    scores[core] = values / np.linalg.norm(values)
    return scores


def pagerank(ptr: np.ndarray, neighbours: np.ndarray, damping: float = 0.85, rtol: float = 1e-10) -> np.ndarray:
    """PageRank of an undirected graph given as a compressed adjacency (each link from both ends).

    On an undirected graph the only dangling nodes are the isolated ones, so every score is
    ``c·z`` with one constant ``c`` for all: ``z = 1`` on an isolated node, and on the others
    ``(I − d·A·D⁻¹) z = 1``. With ``z = D^½ y`` that system is symmetric,
    ``(I − d·D^-½ A D^-½) y = D^-½ 1``, its eigenvalues within ``[1 − d, 1 + d]``: conjugate
    gradients (scipy's) solve it in about 30 products with the adjacency at ``rtol = 1e-10``,
    whatever the graph's size, where networkx's power iteration would need some 140 (0.85^k).
    Scores sum to 1, each within about 1e-7 of its exact value, relatively (networkx, by default,
    stops once an iteration changes the scores by less than n·10⁻⁶ in all).
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import LinearOperator, cg

    n = len(ptr) - 1
    if n == 0:
        return np.zeros(0)
    small = np.int32 if len(neighbours) < 2 ** 31 else np.int64  # scipy's fastest index type
    degree = np.diff(ptr)
    # Renumbered busiest first: the scores read most often then share cache lines, which makes the
    # product twice as fast on a heavy-tailed graph; the isolated nodes come last, outside the system.
    order = np.argsort(np.iinfo(np.uint16).max - np.minimum(degree, np.iinfo(np.uint16).max).astype(np.uint16),
                       kind="stable")  # a radix sort; among hubs of 65,535 links and more any order does
    linked = int(np.count_nonzero(degree))
    number = np.empty(n, dtype=small)
    number[order] = np.arange(n, dtype=small)
    busy = degree[order[:linked]]
    start = np.zeros(linked + 1, dtype=small)
    np.cumsum(busy, out=start[1:])
    shift = (ptr[order[:linked]] - start[:-1]).astype(small)  # where each renumbered row's links were
    entries = np.arange(len(neighbours), dtype=small) + np.repeat(shift, busy)
    columns = number[neighbours[entries]]
    scale = busy ** -0.5
    weights = np.repeat(damping * scale, busy)
    weights *= scale[columns]
    spread = csr_matrix((weights, columns, start), shape=(linked, linked))
    system = LinearOperator((linked, linked), matvec=lambda y: y - spread @ y, dtype=np.float64)
    y, info = cg(system, scale, rtol=rtol, atol=0.0, maxiter=1000)
    if info:  # cannot happen with these eigenvalues; a wrong score must not pass silently
        raise ArithmeticError(f"PageRank did not converge in {info} iterations")
    z = np.ones(n)
    z[order[:linked]] = y / scale
    return z / z.sum()


def degree_centrality(degree: np.ndarray) -> np.ndarray:
    """networkx's degree centrality from each node's number of links: the share of the others it links to."""
    n = len(degree)
    return np.ones(n) if n <= 1 else degree / (n - 1)


def compute(metric: str, n: int, a: np.ndarray, b: np.ndarray, samples: int | None = None,
            seed: int = 42) -> tuple[np.ndarray, np.ndarray | None, int | None]:
    """``(scores, stderr or None, samples used or None)`` for nodes 0..n-1 joined by pairs (a, b)."""
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    if metric == "degree":
        return degree_centrality(np.bincount(a, minlength=n) + np.bincount(b, minlength=n)), None, None
    if metric == "pagerank":
        return pagerank(*_adjacency(n, a, b)), None, None
    if metric == "eigenvector":
        return _eigenvector(n, a, b), None, None
    if metric == "betweenness":
        return _betweenness(n, a, b, samples, seed)
    if metric == "closeness":
        return _closeness(n, a, b, samples, seed)
    raise ValueError(metric)
