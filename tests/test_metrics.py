"""Centrality checked against igraph, an independent implementation, on the same graph."""
import csv

import igraph as ig
import networkx as nx
import pytest

from graphkit.core.analysis import METRICS, communities, rank, robustness
from graphkit.core.graph import load_graph
from graphkit.claims.model import EvidenceFilter

HEADERS = {
    "entities.csv": ["id", "name", "type", "aliases", "description", "wikidata", "start", "end"],
    "relations.csv": ["id", "from_id", "type", "to_id", "status", "stance", "attributed_to", "source_id",
                      "locator", "quote", "start", "end", "seed_claim", "note"],
    "sources.csv": ["id", "title", "author", "publisher", "published", "url", "kind", "via"],
}


@pytest.fixture(scope="module")
def florentine(tmp_path_factory):
    """The Florentine families marriage network, written as a graphkit dataset."""
    folder = tmp_path_factory.mktemp("florentine")
    families = nx.florentine_families_graph()
    slug = {n: n.lower() for n in families}
    rows = {
        "entities.csv": [[slug[n], n, "organization", "", "", "", "", ""] for n in sorted(families)],
        "relations.csv": [[f"m{i}", slug[a], "cooperated_with", slug[b], "established", "asserts",
                           "padgett", "padgett-1993", "", "", "", "", "", ""]
                          for i, (a, b) in enumerate(sorted(families.edges()))],
        "sources.csv": [["padgett-1993", "Robust action and the rise of the Medici", "Padgett and Ansell", "",
                         "1993", "", "reference", ""]],
    }
    rows["entities.csv"].append(["padgett", "John Padgett", "person", "", "", "", "", ""])
    for name, body in rows.items():
        with open(folder / name, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([HEADERS[name], *body])
    return load_graph(folder), families


def igraph_scores(view: nx.Graph, metric: str) -> dict[str, float]:
    if metric == "eigenvector":  # defined on the largest component, zero elsewhere
        core = min(nx.connected_components(view), key=lambda c: (-len(c), min(c)))
        scores = dict.fromkeys(view, 0.0)
        scores.update(igraph_scores(view.subgraph(core), "eigenvector_connected"))
        return scores
    names = sorted(view)
    index = {n: i for i, n in enumerate(names)}
    g = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in view.edges()])
    n = len(names)
    if metric == "degree":
        values = [d / (n - 1) for d in g.degree()]
    elif metric == "betweenness":
        values = [b * 2 / ((n - 1) * (n - 2)) for b in g.betweenness()]
    elif metric == "closeness":
        # networkx scales by the share of the graph a node reaches (Wasserman-Faust).
        raw = g.closeness(normalized=True)
        reach = [len(g.subcomponent(i)) - 1 for i in range(n)]
        values = [0.0 if r == 0 or c != c else c * r / (n - 1) for c, r in zip(raw, reach)]
    elif metric == "pagerank":
        values = g.pagerank(damping=0.85)
    elif metric == "eigenvector_connected":
        values = g.eigenvector_centrality(scale=True)
    return dict(zip(names, values))


def compare(claim_graph, metric, evidence=EvidenceFilter()):
    ours = rank(claim_graph, metric, evidence, top=None)
    theirs = igraph_scores(claim_graph.connections(evidence), metric)
    got = dict(zip(ours["id"], ours["score"]))
    if metric == "eigenvector":  # igraph scales the largest to 1; networkx to unit length
        top = max(got.values())
        got = {k: v / top for k, v in got.items()}
    return got, theirs


@pytest.mark.parametrize("metric", list(METRICS))
def test_florentine_families_match_igraph(florentine, metric):
    claim_graph, _ = florentine
    got, theirs = compare(claim_graph, metric)
    assert got.keys() == theirs.keys()
    for node in got:
        assert got[node] == pytest.approx(theirs[node], abs=2e-5), node


def test_florentine_medici_lead_betweenness(florentine):
    claim_graph, families = florentine
    top = rank(claim_graph, "betweenness", top=3)
    assert list(top["id"]) == ["medici", "guadagni", "albizzi"]
    with_source = families.copy()
    with_source.add_node("John Padgett")  # the attributed party is an entity too, with no edges
    assert top["score"].iloc[0] == pytest.approx(nx.betweenness_centrality(with_source)["Medici"], abs=1e-6)


@pytest.mark.parametrize("metric", list(METRICS))
@pytest.mark.parametrize("min_status", ["unverified", "reported"])
def test_seed_graph_matches_igraph(seed, metric, min_status):
    got, theirs = compare(seed, metric, EvidenceFilter(min_status=min_status))
    for node in got:
        assert got[node] == pytest.approx(theirs[node], abs=2e-5), node


def test_rank_ties_are_broken_by_id(mini):
    top = rank(mini, "degree", top=None)
    scores = list(zip(top["score"], top["id"]))
    assert scores == sorted(scores, key=lambda s: (-s[0], s[1]))


def test_filters_change_the_ranking(mini):
    base = rank(mini, "betweenness", top=2)
    strict = rank(mini, "betweenness", EvidenceFilter(min_status="reported"), top=2)
    assert list(base["id"]) == ["agency", "gang"]
    assert list(strict["id"]) == ["agency", "alice"]


def test_robustness_reports_rank_without_each_kind_of_claim(mini):
    table = robustness(mini, "betweenness", top=4)
    assert list(table["id"]) == ["agency", "gang", "alice", "bob"]
    gang = table.set_index("id").loc["gang"]
    # Without alleged claims bob-gang goes and the gang is a leaf: its betweenness drops to zero.
    assert gang["without_alleged_rank"] is None or str(gang["without_alleged_rank"]) == "<NA>"
    assert gang["without_alleged_score"] == 0.0
    assert table.set_index("id").loc["agency", "without_alleged_rank"] == 1


def test_robustness_never_loosens_the_baseline(mini):
    from graphkit.core.analysis import robustness_variants
    variants = robustness_variants(EvidenceFilter(min_status="established"), mini.vocab)
    assert variants["without_unverified"].min_status == "established"


def test_communities_are_deterministic_and_cover_connected_entities(mini):
    first, second = communities(mini), communities(mini)
    assert first == second
    members = {m["id"] for c in first for m in c["members"]}
    assert members == {"alice", "bob", "gang", "carol", "agency", "dan-ivanov", "sam-ivanov", "press"}


def test_eigenvector_is_the_largest_component_s_when_a_smaller_one_leads_the_spectrum():
    """A path of 12 nodes is the largest component, a clique of 5 has the larger eigenvalue (4 > 2)."""
    import numpy as np

    from graphkit.core import metrics
    from oracle import METRICS as REFERENCE

    view = nx.path_graph(12)
    view.add_edges_from(nx.relabel_nodes(nx.complete_graph(5), lambda i: 20 + i).edges)
    view.add_nodes_from(range(30))  # and some isolated nodes
    a, b = (np.array(x) for x in zip(*view.edges))
    for n, pairs in [(30, (a, b)), (30, (a[:11], b[:11])), (30, (a[11:], b[11:]))]:
        scores = metrics.compute("eigenvector", n, *pairs)[0]
        expected = REFERENCE["eigenvector"](view.edge_subgraph(zip(*pairs)).copy())
        expected = np.array([expected.get(i, 0.0) for i in range(n)])
        assert scores == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_pagerank_solves_networkx_s_definition(seed):
    """Conjugate gradients on the symmetrised system give networkx's PageRank: isolated nodes
    (the only dangling ones) spread their share, components of every size, hubs and leaves."""
    import numpy as np

    from graphkit.core import metrics
    from oracle import METRICS as REFERENCE

    view = nx.barabasi_albert_graph(400, 2, seed=seed)
    view.remove_edges_from(list(view.edges(range(380, 400))))  # twenty isolated nodes
    view.add_edges_from([(400, 401), (402, 403), (403, 404)])  # small components beside the big one
    view.add_nodes_from(range(410))
    a, b = (np.array(x) for x in zip(*view.edges))
    expected = REFERENCE["pagerank"](view)
    expected = np.array([expected[i] for i in range(410)])
    scores = metrics.compute("pagerank", 410, a, b)[0]
    assert scores.sum() == pytest.approx(1.0, abs=1e-12)
    assert scores == pytest.approx(expected, rel=1e-7, abs=0)


def test_pagerank_without_links_is_uniform():
    import numpy as np

    from graphkit.core import metrics

    none = np.array([], dtype=np.int64)
    assert metrics.compute("pagerank", 0, none, none)[0].tolist() == []
    assert metrics.compute("pagerank", 4, none, none)[0] == pytest.approx([0.25] * 4)
    # one link and an isolated node: 0.05/(1 - 0.85/3) for the isolated one, as networkx has it
    assert metrics.compute("pagerank", 3, np.array([0]), np.array([1]))[0] == pytest.approx(
        [0.465116279, 0.465116279, 0.069767442], abs=1e-9)
