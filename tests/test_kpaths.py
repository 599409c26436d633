"""Yen's algorithm on the compressed adjacency against every simple path networkx finds."""
import itertools
import random
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest

from graphkit.core.kpaths import Adjacency, simple_paths

# the evidence costs of the five standings, over one, two or three independent parties
COSTS = [Fraction(c, parties) for c in (1, 2, 4, 8, 16) for parties in (1, 2, 3)]


def compressed(graph: nx.Graph, n: int, order: str) -> Adjacency:
    links = list(graph.edges())
    rows = [[] for _ in range(n)]
    for i, (a, b) in enumerate(links):
        rows[a].append((b, i))
        rows[b].append((a, i))
    rows = [sorted(r) for r in rows]  # by neighbour, as the index has them
    ptr = np.zeros(n + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    node = np.array([w for r in rows for w, _ in r], dtype=np.int64)
    pair = np.array([i for r in rows for _, i in r], dtype=np.int64)
    keep = np.array([graph.edges[e]["keep"] for e in links], dtype=bool)
    cost = np.array([float(graph.edges[e]["cost"]) for e in links])
    return Adjacency(ptr, node, pair, keep, cost, order)


def ranked(graph: nx.Graph, paths, order: str) -> list[list[int]]:
    """Paths in graphkit's ranking, with costs added exactly."""
    def key(p):
        cost = sum(graph.edges[a, b]["cost"] for a, b in zip(p, p[1:]))
        return (len(p), cost, p) if order == "hops" else (cost, len(p), p)
    return sorted(paths, key=key)


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


@pytest.mark.parametrize("order", ["hops", "evidence"])
def test_every_simple_path_in_graphkits_ranking(order):
    """All simple paths (networkx's all_simple_paths), in the order graphkit ranks them:
    ties on hops and cost broken by the node sequence, with no tie left open."""
    compared = 0
    for seed in range(200):
        graph, kept, n, (s, t) = random_case(seed)
        expected = ranked(kept, [list(p) for p in nx.all_simple_paths(kept, s, t)], order)
        assert list(simple_paths(compressed(graph, n, order), s, t)) == expected, seed
        compared += len(expected)
    assert compared > 1000  # the random graphs are not all trivial


@pytest.mark.parametrize("order", ["hops", "evidence"])
def test_the_first_paths_of_a_graph_full_of_ties(order):
    """A complete graph where every link costs the same: hundreds of paths tie on both keys,
    and the first ones are the smallest sequences."""
    n = 9
    full = nx.complete_graph(n)
    nx.set_edge_attributes(full, True, "keep")
    nx.set_edge_attributes(full, Fraction(1, 3), "cost")
    full.edges[0, 8]["cost"] = 1  # the direct link costs what three cheap hops do
    expected = ranked(full, [list(p) for p in nx.all_simple_paths(full, 0, 8)], order)
    got = list(itertools.islice(simple_paths(compressed(full, n, order), 0, 8), 40))
    assert got == expected[:40]
    assert got[0] == ([0, 8] if order == "hops" else [0, 1, 8])


def test_dropped_links_are_never_walked():
    graph, _, n, _ = random_case(7)
    for e in graph.edges:
        graph.edges[e]["keep"] = False
    adjacency = compressed(graph, n, "evidence")
    assert list(simple_paths(adjacency, 0, 1)) == []
    assert adjacency.guide(1)[0] == -1


def test_a_long_ring_gives_both_ways_round_and_nothing_else():
    n = 50
    ring = nx.cycle_graph(n)
    nx.set_edge_attributes(ring, True, "keep")
    nx.set_edge_attributes(ring, 1, "cost")
    paths = list(simple_paths(compressed(ring, n, "hops"), 0, 10))
    assert paths == [list(range(11)), [0] + list(range(n - 1, 9, -1))]
    assert all(len(set(p)) == len(p) for p in paths)
    halves = list(simple_paths(compressed(ring, n, "evidence"), 0, 25))
    assert halves == [list(range(26)), [0] + list(range(n - 1, 24, -1))]  # equal: the smaller sequence first


@pytest.mark.parametrize("order", ["hops", "evidence"])
def test_the_first_paths_of_larger_sparse_graphs(order):
    """On graphs of 40 nodes, the first ten paths equal the first ten of every simple path up to
    two hops longer than the shortest (networkx's all_simple_paths with a cutoff), where those ten
    fit the cutoff: spur searches deep in the graph, with many banned nodes and links."""
    compared = 0
    for seed in range(40):
        rnd = random.Random(seed)
        graph = nx.gnm_random_graph(40, 70, seed=seed)
        for e in graph.edges:
            graph.edges[e]["cost"] = rnd.choice(COSTS)
            graph.edges[e]["keep"] = rnd.random() < 0.9
        kept = nx.Graph((a, b, d) for a, b, d in graph.edges(data=True) if d["keep"])
        s, t = rnd.sample(sorted(kept), 2)
        if not nx.has_path(kept, s, t):
            continue
        cutoff = nx.shortest_path_length(kept, s, t) + 2
        expected = ranked(kept, [list(p) for p in nx.all_simple_paths(kept, s, t, cutoff=cutoff)], order)
        got = list(itertools.islice(simple_paths(compressed(graph, 40, order), s, t), 10))
        fits = list(itertools.takewhile(lambda p: len(p) <= cutoff + 1, got))
        if order == "hops":
            assert got[:len(fits)] == expected[:len(fits)] and len(fits) == min(10, len(expected)), seed
        else:  # a cheaper path may be longer than the cutoff: compare those before the first that is
            assert fits == expected[:len(fits)], seed
        compared += len(fits)
    assert compared > (250 if order == "hops" else 80)  # evidence order's first paths often run longer


def test_hop_order_never_searches_the_whole_graph(monkeypatch):
    """In hop order the spur searches grow from both ends; the whole-graph guide that evidence order
    uses is never computed, so a query's cost does not grow with the graph."""
    graph, kept, n, (s, t) = random_case(3)
    monkeypatch.setattr(Adjacency, "guide", lambda self, target: pytest.fail("a whole-graph search ran"))
    expected = ranked(kept, [list(p) for p in nx.all_simple_paths(kept, s, t)], "hops")
    assert list(simple_paths(compressed(graph, n, "hops"), s, t)) == expected and expected


def test_a_spur_search_over_its_budget_starts_again_under_its_own_guide(monkeypatch):
    """With a budget of one turn every evidence-order spur search gives up on the query's guide and
    computes one with its bans applied: the paths, their order and ties stay exactly the same."""
    import graphkit.core.astar as astar

    monkeypatch.setattr(astar, "_LEAST_BUDGET", 1)
    guides = []
    real_guide = Adjacency.guide
    monkeypatch.setattr(Adjacency, "guide", lambda self, t, *bans: guides.append(bans) or real_guide(self, t, *bans))
    compared = 0
    for seed in range(120):
        graph, kept, n, (s, t) = random_case(seed)
        expected = ranked(kept, [list(p) for p in nx.all_simple_paths(kept, s, t)], "evidence")
        assert list(simple_paths(compressed(graph, n, "evidence"), s, t)) == expected, seed
        compared += len(expected)
    assert compared > 500 and any(any(bans) for bans in guides)  # spur guides with bans were computed


@pytest.mark.parametrize("hubs", [False, True])
def test_evidence_order_searched_in_regions_finds_every_simple_path_in_order(monkeypatch, hubs):
    """Regions always (never the whole graph): every simple path, in graphkit's ranking, as networkx
    finds them, the regions growing whenever a path may run outside them; with ``hubs``, every node
    is taken for a hub, whose links the region reads from the other ends' rows and the other hubs'."""
    import graphkit.core.astar as astar
    import graphkit.core.kpaths as kpaths

    monkeypatch.setattr(astar, "_WHOLE", 0)
    monkeypatch.setattr(kpaths, "_HUB", 0 if hubs else 1)
    regions = []
    real = Adjacency.restricted
    monkeypatch.setattr(Adjacency, "restricted", lambda self, nodes: regions.append(len(nodes)) or real(self, nodes))
    compared = queries = 0
    for seed in range(200):
        graph, kept, n, (s, t) = random_case(seed)
        expected = ranked(kept, [list(p) for p in nx.all_simple_paths(kept, s, t)], "evidence")
        before = len(regions)
        assert list(simple_paths(compressed(graph, n, "evidence"), s, t)) == expected, seed
        compared += len(expected)
        queries += len(regions) - before > 1
    assert compared > 500 and queries > 20  # many queries needed a region grown past the first


def test_evidence_order_in_a_region_equals_the_whole_graph_search_on_larger_graphs(monkeypatch):
    """On sparse graphs of a few hundred nodes, the first ten paths in evidence order are the same
    whether the spur searches run in regions or on the whole graph, and the regions are smaller."""
    import graphkit.core.astar as astar

    sizes = []
    real = Adjacency.restricted
    monkeypatch.setattr(Adjacency, "restricted", lambda self, nodes: sizes.append(len(nodes) / self.n)
                        or real(self, nodes))
    compared = 0
    for seed in range(30):
        rnd = random.Random(seed)
        n = rnd.randint(150, 400)
        graph = nx.barabasi_albert_graph(n, 2, seed=seed)
        for e in graph.edges:
            graph.edges[e]["cost"] = rnd.choice(COSTS)
            graph.edges[e]["keep"] = rnd.random() < 0.9
        s, t = rnd.sample(range(n), 2)
        found = {}
        for whole in (0, 10**9):
            monkeypatch.setattr(astar, "_WHOLE", whole)
            found[whole] = list(itertools.islice(simple_paths(compressed(graph, n, "evidence"), s, t), 10))
        assert found[0] == found[10**9], seed
        compared += len(found[0])
    assert compared > 200 and np.median(sizes) < 0.5


@pytest.mark.parametrize("hub", [0, 1])
def test_a_query_in_a_small_component_ends_with_its_last_path(monkeypatch, hub):
    """A small component of a large graph never makes a region past half the graph: the search ends
    because the region holds every link of the component (hubs' links included), not by growing."""
    import signal

    import graphkit.core.kpaths as kpaths

    monkeypatch.setattr(kpaths, "_HUB", hub)
    graph = nx.path_graph(60)  # the large component
    graph.add_edges_from([(60, 61), (60, 62), (60, 63), (61, 62), (62, 63), (63, 64), (61, 64)])
    for e in graph.edges:
        graph.edges[e].update(cost=Fraction(1 + sum(e) % 4), keep=True)
    expected = ranked(graph, [list(p) for p in nx.all_simple_paths(graph, 61, 63)], "evidence")
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the search did not end"))
    signal.alarm(20)
    try:
        assert list(simple_paths(compressed(graph, 65, "evidence"), 61, 63)) == expected and len(expected) > 4
    finally:
        signal.alarm(0)
