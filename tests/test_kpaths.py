"""Yen's algorithm on the compressed adjacency against networkx's shortest_simple_paths."""
import random

import networkx as nx
import numpy as np
import pytest

from graphkit.kpaths import Adjacency, path_cost, simple_paths

COSTS = [1, 2, 4, 8, 16]  # the evidence costs of the five standings


def compressed(graph: nx.Graph, n: int, weighted: bool) -> Adjacency:
    links = list(graph.edges())
    rows = [[] for _ in range(n)]
    for i, (a, b) in enumerate(links):
        rows[a].append((b, i))
        rows[b].append((a, i))
    ptr = np.zeros(n + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    node = np.array([w for r in rows for w, _ in r], dtype=np.int64)
    pair = np.array([i for r in rows for _, i in r], dtype=np.int64)
    keep = np.array([graph.edges[e]["keep"] for e in links], dtype=bool)
    cost = np.array([graph.edges[e]["cost"] for e in links], dtype=float) if weighted else None
    return Adjacency(ptr, node, pair, keep, cost)


def random_case(seed: int):
    rnd = random.Random(seed)
    n = rnd.randint(2, 8)
    graph = nx.gnp_random_graph(n, rnd.uniform(0.2, 0.8), seed=seed)
    for e in graph.edges:
        graph.edges[e]["cost"] = rnd.choice(COSTS)
        graph.edges[e]["keep"] = rnd.random() < 0.85
    kept = nx.Graph()
    kept.add_nodes_from(range(n))
    kept.add_edges_from((a, b, d) for a, b, d in graph.edges(data=True) if d["keep"])
    return graph, kept, n, rnd.sample(range(n), 2)


@pytest.mark.parametrize("weighted", [False, True], ids=["hops", "evidence"])
def test_every_simple_path_in_the_same_order_of_length_as_networkx(weighted):
    compared = 0
    for seed in range(200):
        graph, kept, n, (s, t) = random_case(seed)
        adjacency = compressed(graph, n, weighted)
        try:
            expected = list(nx.shortest_simple_paths(kept, s, t, weight="cost" if weighted else None))
        except nx.NetworkXNoPath:
            expected = []
        got = list(simple_paths(adjacency, s, t))

        def length(p):
            return path_cost(adjacency, p) if weighted else len(p) - 1

        assert sorted(map(tuple, got)) == sorted(map(tuple, expected)), seed
        assert [length(p) for p in got] == [length(p) for p in expected], seed
        compared += len(expected)
    assert compared > 1000  # the random graphs are not all trivial


def test_dropped_links_are_never_walked():
    graph, _, n, _ = random_case(7)
    for e in graph.edges:
        graph.edges[e]["keep"] = False
    adjacency = compressed(graph, n, weighted=True)
    assert list(simple_paths(adjacency, 0, 1)) == []
    assert np.isinf(adjacency.distances_to(1)[0])


def test_a_long_ring_gives_both_ways_round_and_nothing_else():
    n = 50
    ring = nx.cycle_graph(n)
    nx.set_edge_attributes(ring, True, "keep")
    nx.set_edge_attributes(ring, 1, "cost")
    paths = list(simple_paths(compressed(ring, n, weighted=False), 0, 10))
    assert paths == [list(range(11)), [0] + list(range(n - 1, 9, -1))]
    assert all(len(set(p)) == len(p) for p in paths)
    halves = list(simple_paths(compressed(ring, n, weighted=True), 0, 25))
    assert sorted(halves) == [list(range(26)), [0] + list(range(n - 1, 24, -1))]
