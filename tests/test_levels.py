"""The breadth-first searches and the choice of the least shortest paths on their DAG, against
networkx's all_shortest_paths on the same graph with the same nodes and links left out."""
import random

import networkx as nx
import numpy as np

from graphkit.core.levels import Levels
from test_kpaths import compressed as kpaths_compressed


def compressed(graph: nx.Graph, n: int):
    """The links, a Levels over them and the weighing of links, from the k-paths tests' adjacency."""
    adjacency = kpaths_compressed(graph, n, "hops")
    return list(graph.edges()), Levels(adjacency.ptr, adjacency.node, adjacency.pair, adjacency.keep), \
        (lambda chosen: adjacency.cost[chosen].astype(np.int64))


def test_least_shortest_paths_with_nodes_and_links_left_out():
    """One Levels serves many searches in a row (its arrays reused), as a query's spur searches do."""
    compared = 0
    for seed in range(30):
        rnd = random.Random(seed)
        n = 40
        graph = nx.gnm_random_graph(n, rnd.choice([60, 90, 150]), seed=seed)
        for e in graph.edges:  # few weights: many ties, broken by the node sequence
            graph.edges[e].update(cost=rnd.choice([1, 2, 3]), keep=rnd.random() < 0.9)
        links, levels, weigh = compressed(graph, n)
        for _ in range(10):
            s, t = rnd.sample(range(n), 2)
            blocked = set(rnd.sample([v for v in range(n) if v not in (s, t)], rnd.randint(0, 4)))
            banned = {i for i, (a, b) in enumerate(links) if s in (a, b) and rnd.random() < 0.3}
            walked = nx.Graph()
            walked.add_nodes_from(range(n))
            walked.add_edges_from((a, b, graph.edges[a, b]) for i, (a, b) in enumerate(links)
                                  if graph.edges[a, b]["keep"] and i not in banned and not {a, b} & blocked)
            found = levels.meet(s, t, blocked=blocked, banned=banned)
            if not nx.has_path(walked, s, t):
                assert found is None
                continue
            expected = sorted((nx.path_weight(walked, p, "cost"), tuple(p))
                              for p in nx.all_shortest_paths(walked, s, t))
            assert found[0] == len(expected[0][1]) - 1
            assert levels.best_paths(weigh, found, 5) == expected[:5], seed
            assert levels.least_path(weigh, found) == expected[0], seed
            compared += 1
    assert compared > 200


def test_a_hub_in_the_middle_is_read_from_the_smaller_side():
    """A star whose centre joins every path: the same answer whichever layer's links are walked."""
    n = 2002
    graph = nx.star_graph(n - 3)  # centre 0, leaves 1..n-3
    graph.add_edges_from([(n - 2, 1), (n - 1, 2)])
    nx.set_edge_attributes(graph, True, "keep")
    nx.set_edge_attributes(graph, 1, "cost")
    _, levels, weigh = compressed(graph, n)
    found = levels.meet(n - 2, n - 1)
    assert found[0] == 4
    assert levels.least_path(weigh, found) == (4, (n - 2, 1, 0, 2, n - 1))
