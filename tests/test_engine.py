"""The columnar core answers as networkx's own algorithms do on the NetworkX view, and its store is
keyed on content.

The reference (tests/oracle.py) runs networkx on ``ClaimGraph.connections``. The core
(graphkit.core.engine), which every API function, CLI command and the page answer from, must give
the same paths, citations, scores, communities and summaries on the seed data and on synthetic data.
"""
import itertools
import json
import random
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

import oracle
from graphkit.core import analysis
from graphkit.cli.commands import cli
from graphkit.core.engine import index_cache_root, load_index
from graphkit.errors import GraphkitError, InvalidDatasetError, LookupFailed
from graphkit.reading.dataset import read_dataset
from graphkit.core.graph import build_graph, load_graph
from graphkit.claims.model import EvidenceFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.synthetic import write_dataset  # noqa: E402

from conftest import MINI, SEED_DATA, rewrite_csv  # noqa: E402

FILTERS = [EvidenceFilter(), EvidenceFilter(min_status="reported"), EvidenceFilter(exclude_disputed=True),
           EvidenceFilter(exclude_single_source=True), EvidenceFilter(min_status="contradicted"),
           EvidenceFilter(types=("member_of", "cooperated_with", "ally_of", "protected")),
           EvidenceFilter(as_of=__import__("datetime").date(2005, 6, 1))]
METRICS = ["degree", "betweenness", "closeness", "eigenvector", "pagerank"]


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("synthetic"), 6000, seed=3)


def answer(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except GraphkitError as exc:
        return f"{type(exc).__name__}: {exc}"


def same_paths(index, graph, pairs, filters, variants):
    checked = 0
    for evidence in filters:
        for s, t in pairs:
            for kw in variants:
                ours = answer(index.shortest_paths, s, t, evidence, **kw)
                theirs = answer(oracle.shortest_paths, graph, s, t, evidence, **kw)
                assert ours == theirs, (s, t, evidence, kw)
                checked += 1
    return checked


def test_seed_paths_equal_the_networkx_graph():
    index, graph = load_index(SEED_DATA), load_graph(SEED_DATA)
    ids = sorted(graph.entities)
    pairs = list(itertools.combinations(ids[::4], 2))
    variants = [{}, {"k": 3}, {"order": "evidence"}, {"max_hops": 2}]
    assert same_paths(index, graph, pairs, FILTERS[:4], variants) > 3000


def test_synthetic_paths_equal_the_networkx_graph(synthetic):
    index, graph = load_index(synthetic), load_graph(synthetic)
    rng = random.Random(7)
    ids = sorted(graph.entities)
    pairs = [tuple(rng.sample(ids, 2)) for _ in range(60)]
    found = [answer(index.shortest_paths, s, t) for s, t in pairs]
    assert sum(isinstance(p, list) for p in found) > 40  # most random pairs connect
    assert any(isinstance(p, list) and len(p) > 1 for p in found)  # several equal shortest paths
    same_paths(index, graph, pairs, FILTERS[:3], [{}, {"k": 2}])


def test_names_resolve_as_on_the_networkx_graph():
    index, graph = load_index(SEED_DATA), load_graph(SEED_DATA)
    for name in ["Путин", "putin", "Kumarin", "Ivanov", "kumarin-barsukov", "Tambov gang", "Kumarni", "",
                 "ivanov-viktor", "Виктор Иванов", "zzzz"]:
        assert answer(index.resolve, name) == answer(graph.resolve, name), name
    with pytest.raises(LookupFailed, match="ambiguous"):
        index.resolve("Ivanov")


@pytest.mark.parametrize("dataset", ["seed", "synthetic"])
def test_exact_metrics_equal_networkx(dataset, synthetic):
    folder = SEED_DATA if dataset == "seed" else synthetic
    index, graph = load_index(folder), load_graph(folder)
    for evidence, metric in itertools.product(FILTERS[:4] if dataset == "seed" else FILTERS[:1], METRICS):
        ours = index.rank(metric, evidence, top=None, exact=True)["rows"]
        theirs = oracle.rank_rows(graph, metric, evidence)
        assert [r["id"] for r in ours][:20] == [r["id"] for r in theirs][:20], (metric, evidence)
        got = {r["id"]: r["score"] for r in ours}
        for eid, score in ((r["id"], r["score"]) for r in theirs):
            assert got[eid] == pytest.approx(score, abs=2e-6), (metric, evidence, eid)


def test_sampled_betweenness_is_networkx_estimate(synthetic):
    """The same sampled sources and the same rescaling as networkx.betweenness_centrality(k=…, seed=…)."""
    index, graph = load_index(synthetic), load_graph(synthetic)
    view = graph.connections(EvidenceFilter())
    expected = nx.betweenness_centrality(view, k=64, seed=42)
    found = index.estimate("betweenness", exact=False, samples=64)
    assert found["samples"] == 64 and found["stderr"] is not None
    ids = [index.entity_id(i) for i in range(index.n)]
    assert ids == list(view)  # the same node order, hence the same sample
    for eid, score in zip(ids, found["scores"]):
        assert score == pytest.approx(expected[eid], abs=1e-12)


def test_sampled_estimates_are_close_and_their_errors_honest(synthetic):
    """What the README states: leaders found, their errors within a few standard errors.

    Betweenness estimates are good for the leading scores only: a low score rests on few
    sources, which a sample tends to miss (underestimating the score and its error alike).
    """
    index = load_index(synthetic)
    for metric in ["betweenness", "closeness"]:
        exact = index.estimate(metric, exact=True)["scores"]
        found = index.estimate(metric, exact=False, samples=200)
        estimate, stderr = found["scores"], found["stderr"]
        top = np.argsort(-exact)[:20]
        # the leaders are found: most of the exact top 20 are in the estimated top 40
        assert len(set(top) & set(np.argsort(-estimate)[:40])) >= 16, metric
        leaders = top[:10]
        within = np.abs(estimate[leaders] - exact[leaders]) <= 4 * stderr[leaders] + 1e-9
        assert within.mean() >= 0.8, (metric, within.mean())
        assert np.median(np.abs(estimate[leaders] / exact[leaders] - 1)) < 0.15, metric
        if metric == "closeness":  # every node's distance sum is sampled alike: good everywhere
            scored = np.flatnonzero(exact > 0)
            assert np.median(np.abs(estimate[scored] / exact[scored] - 1)) < 0.05
            within = np.abs(estimate[scored] - exact[scored]) <= 4 * stderr[scored] + 1e-9
            assert within.mean() > 0.95


def test_communities_equal_the_networkx_graph(synthetic):
    for folder in [SEED_DATA, synthetic]:
        index, graph = load_index(folder), load_graph(folder)
        for evidence in FILTERS[:2]:
            assert index.communities(evidence) == oracle.communities(graph, evidence)


def test_leiden_partition_beats_or_matches_louvain_modularity():
    graph = load_graph(SEED_DATA)
    view = graph.connections(EvidenceFilter())
    connected = view.subgraph([n for n in view if view.degree(n)])
    ours = [{m["id"] for m in c["members"]} for c in analysis.communities(graph)]
    louvain = nx.community.louvain_communities(connected, seed=42)
    assert nx.community.modularity(connected, ours) >= nx.community.modularity(connected, louvain) - 1e-9


def test_summary_equals_the_networkx_graph(synthetic):
    for folder in [SEED_DATA, synthetic]:
        assert load_index(folder).summary() == oracle.summary(load_graph(folder))


def test_second_load_opens_the_store_and_an_edit_rebuilds(mini_copy, monkeypatch):
    from graphkit.core import store

    first = load_index(mini_copy)
    assert first.store is not None and first.store.parent == index_cache_root()
    reads = []
    real_read = store._read_checked
    monkeypatch.setattr(store, "_read_checked", lambda *a: reads.append(a) or real_read(*a))
    again = load_index(mini_copy)
    assert again.store == first.store and reads == []  # opened, neither read nor validated again
    # an edit that keeps the file's size still changes the answer
    rewrite_csv(mini_copy / "entities.csv", lambda row: row.update(name=row["name"].replace("Bob", "Rob")))
    edited = load_index(mini_copy)
    assert edited.store != first.store and len(reads) == 1
    assert edited.resolve("Rob Baker") == "bob"
    with pytest.raises(LookupFailed):
        edited.resolve("Bob Baker")


def test_a_custom_vocabulary_gets_its_own_index(mini_copy, tmp_path):
    import shutil

    from graphkit.claims.vocab import SCHEMA_DIR, load_vocabulary

    schema = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, schema)
    edit = {"relation_types.yaml": ("label: member of", "label: serves in"),
            "statuses.yaml": ("cost: 4", "cost: 3")}  # an alleged hop costs 3, not 4
    for name, (old, new) in edit.items():
        text = (schema / name).read_text(encoding="utf-8")
        assert text.count(old) == 1
        (schema / name).write_text(text.replace(old, new), encoding="utf-8")
    custom = load_vocabulary(schema)
    assert custom.folder == schema.resolve() and custom.digest != load_vocabulary().digest

    default = load_index(mini_copy)
    [hop] = default.shortest_paths("bob", "gang", order="evidence")[0]["hops"]
    assert hop["relations"][0]["label"] == "member of"
    assert default.shortest_paths("bob", "gang", order="evidence")[0]["cost"] == 4.0
    mine = load_index(mini_copy, vocab=custom)
    assert mine.store != default.store and mine.vocab is custom
    path = mine.shortest_paths("bob", "gang", order="evidence")[0]
    assert path["cost"] == 3.0 and path["hops"][0]["relations"][0]["label"] == "serves in"
    assert path == load_index(mini_copy, vocab=custom, cache=False).shortest_paths("bob", "gang", order="evidence")[0]
    # each opens its own entry again, and an entry opened under another vocabulary is refused
    assert load_index(mini_copy).store == default.store
    assert load_index(mini_copy, vocab=custom).store == mine.store
    from graphkit.core.engine import ClaimIndex
    with pytest.raises(ValueError, match="vocabulary"):
        ClaimIndex.open(default.store, custom, mini_copy)


def test_a_damaged_store_entry_is_rebuilt(mini_copy):
    store = load_index(mini_copy).store
    (store / "c_edge.npy").write_bytes(b"not an array")
    rebuilt = load_index(mini_copy)
    assert rebuilt.summary() == oracle.summary(load_graph(mini_copy))


@pytest.mark.parametrize("kind", ["communities", "scores"])
def test_second_question_reads_the_stored_result_and_a_damaged_one_is_rebuilt(mini_copy, monkeypatch, kind):
    from graphkit.core import communities, metrics

    ask = {"communities": lambda index: index.communities(),
           "scores": lambda index: index.estimate("degree")["scores"].tolist()}[kind]
    computed = []
    for module, name in ((communities, "community_groups"), (metrics, "compute"), (metrics, "degree_centrality")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, **k: computed.append(a) or real(*a, **k))
    first = ask(load_index(mini_copy))
    assert len(computed) == 1
    stored = list(load_index(mini_copy).store.glob(f"{kind}-*.npz"))
    assert len(stored) == 1
    assert ask(load_index(mini_copy)) == first and len(computed) == 1  # read, not computed again
    for damage in (b"not an archive", stored[0].read_bytes()[:200]):
        stored[0].write_bytes(damage)
        assert ask(load_index(mini_copy)) == first
        assert stored[0].exists() and ask(load_index(mini_copy)) == first  # stored anew, and read
    assert len(computed) == 3
    if kind == "communities":
        assert first == oracle.communities(load_graph(mini_copy))


def test_invalid_data_is_refused_and_nothing_is_stored(mini_copy):
    rewrite_csv(mini_copy / "relations.csv", lambda row: row.update(to_id="nobody") if row["id"] == "r1" else None)
    with pytest.raises(InvalidDatasetError) as caught:
        load_index(mini_copy)
    assert any(i.code == "unknown-entity" for i in caught.value.report.errors)
    root = index_cache_root()
    assert not root.exists() or not [p for p in root.iterdir() if not p.name.startswith(".")]


def test_cli_answers_from_the_engine_equal_the_api():
    runner = CliRunner()
    rows = json.loads(runner.invoke(cli, ["rank", "--data", str(SEED_DATA), "--metric", "closeness", "--top",
                                          "1000", "--json"]).stdout)
    frame = analysis.rank(load_graph(SEED_DATA), "closeness", top=None)
    assert [r["id"] for r in rows] == list(frame["id"])
    result = runner.invoke(cli, ["summary", "--data", str(SEED_DATA), "--json"])
    assert json.loads(result.stdout) == analysis.summary(load_graph(SEED_DATA))
    result = runner.invoke(cli, ["rank", "--data", str(MINI), "--metric", "betweenness", "--sampled",
                                 "--samples", "3"])
    assert result.exit_code == 0 and "estimated from 3 sampled sources" in result.stdout
    assert "stderr" in result.stdout


def test_the_claim_graph_is_built_from_the_core_on_first_use_and_equals_the_csv_records(synthetic):
    """``load_graph`` opens the stored core and builds nothing else until asked; the records and the
    multigraph it then builds from the core equal those read row by row from the CSV files."""
    from graphkit.core.graph import ClaimGraph
    from graphkit.outputs.render import page_data

    for folder in (SEED_DATA, MINI, synthetic):
        g = ClaimGraph.from_index(load_index(folder))
        analysis.rank(g, "degree")
        page_data(g, max_nodes=5)
        assert (g._entities, g._sources, g._claims, g._graph) == (None, None, None, None)
        built = build_graph(read_dataset(folder))
        assert g.claims == built.claims
        assert [c.line for c in g.claims] == [c.line for c in built.claims]
        assert g.entities == built.entities and g.sources == built.sources
        assert list(g.graph.nodes(data=True)) == list(built.graph.nodes(data=True))
        assert list(g.graph.edges(keys=True, data=True)) == list(built.graph.edges(keys=True, data=True))
        assert load_graph(folder).directory == Path(folder).resolve()


def test_unsupported_seed_claims_from_the_core_equal_the_records(synthetic, tmp_path):
    import shutil

    weakened = shutil.copytree(synthetic, tmp_path / "weakened")
    rewrite_csv(weakened / "relations.csv", lambda row: row["seed_claim"] and row.update(
        status=random.Random(row["id"]).choice(["unverified", "contradicted"])))
    for folder in (SEED_DATA, weakened):
        expected = oracle.unsupported_seed_claims(build_graph(read_dataset(folder)))
        assert expected, folder  # both name seed claims some rows leave unsupported
        assert analysis.unsupported_seed_claims(load_index(folder)) == expected
        assert analysis.unsupported_seed_claims(load_graph(folder)) == expected


def test_reader_page_from_the_core_equals_the_page_networkx_chooses(synthetic):
    from graphkit.outputs.render import index_page_data, page_data

    for folder, focus in [(SEED_DATA, "Kumarin"), (synthetic, None)]:
        index, graph = load_index(folder), load_graph(folder)
        built = build_graph(read_dataset(folder))  # its core is built from the records, not read from the store
        for options in [{}, {"max_nodes": 7}, {"max_nodes": 400, "size_by": "pagerank"}, {"parties": True},
                        {"max_nodes": 7, "parties": True}, {"focus": focus or sorted(graph.entities)[5], "hops": 1},
                        {"focus": "moscow-times" if focus else sorted(graph.entities)[0], "hops": 2}]:
            for evidence in FILTERS[:2]:
                expected = oracle.page_data(graph, evidence, **options)
                assert index_page_data(index, evidence, **options) == expected, (folder, options, evidence)
                assert page_data(built, evidence, **options) == expected, (folder, options, evidence)


def test_batched_breadth_first_search_equals_scipy_distances(synthetic):
    """The 64-sources-at-once search behind sampled closeness, against scipy's shortest paths."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import shortest_path

    from graphkit.core.metrics import _adjacency, _distance_sums

    index = load_index(synthetic)
    a, b = (x.astype(np.int64) for x in index.kept_pairs(EvidenceFilter()))
    sources = np.array(random.Random(3).sample(range(index.n), 70))
    ptr, neighbours = _adjacency(index.n, a, b)
    matrix = coo_matrix((np.ones(len(a)), (a, b)), shape=(index.n, index.n)).tocsr()
    for batch in (sources[:64], sources[64:]):
        sums, squares, per_source = _distance_sums(ptr, neighbours, batch)
        dist = shortest_path(matrix, unweighted=True, directed=False, indices=batch)
        dist[np.isinf(dist)] = 0
        assert np.array_equal(sums, dist.sum(axis=0))
        assert np.array_equal(squares, (dist ** 2).sum(axis=0))
        assert np.array_equal(per_source, dist.sum(axis=1))


FRAMES = ["entities_frame", "sources_frame", "claims_frame", "edges_frame"]
LIST_COLUMNS = {"edges_frame": ("disputed_by", "attributed_to", "claims", "disputes", "sources")}


@pytest.mark.parametrize("name", FRAMES)
def test_frames_from_the_core_equal_the_frames_of_the_claim_records(synthetic, name):
    """Every frame, read from the core's arrays, equals the one built claim by claim in Python
    (tests/oracle.py), on the seed, the mini fixture and synthetic data, under every filter."""
    import pandas as pd

    from graphkit.outputs import frames

    compared = {True: 0, False: 0}
    for folder in (SEED_DATA, MINI, synthetic):
        graph, index = load_graph(folder), load_index(folder)
        built = build_graph(read_dataset(folder))  # a core built from the records, not read from the store
        for evidence in ([None] if name in FRAMES[:2] else [None, *FILTERS]):
            args = () if name in FRAMES[:2] else (evidence,)
            if name == "edges_frame" and evidence is None:
                continue  # edges_frame's default is EvidenceFilter(), in FILTERS
            expected = getattr(oracle, name)(graph, *args)
            compared[bool(len(expected))] += 1
            for source in (built, index):
                got = getattr(frames, name)(source, *args)
                for column in LIST_COLUMNS.get(name, ()):  # lists of ids held in arrow: compared as Python lists
                    assert isinstance(got[column].dtype, pd.ArrowDtype), column
                    got[column] = pd.Series(got[column].tolist(), dtype=object)
                if len(expected):
                    pd.testing.assert_frame_equal(got, expected, obj=f"{name} {folder} {evidence}")
                else:  # an empty frame's column types are pandas' guess: compare what it holds
                    assert got.empty and list(got.columns) == list(expected.columns), (name, folder, evidence)
    assert compared[True] > 3 * compared[False], compared


def test_claims_are_ordered_by_edge_then_party_where_the_combined_key_would_overflow():
    """At a million entities an edge's key times the entity count passes 2**63: the order must not
    wrap round (it did, and a 5M-claim index then split edges)."""
    from graphkit.core.build import claim_order

    rng = np.random.default_rng(7)
    n = 1_000_000
    edge_key = rng.integers(0, 2 * 20 * n * n, 5_000, dtype=np.int64)
    edge_key[::7] = edge_key[0]  # edges with several claims
    party = rng.integers(0, n, len(edge_key), dtype=np.int64)
    order = claim_order(edge_key, party, n)
    assert order.tolist() == np.lexsort((party, edge_key)).tolist()
    small = claim_order(edge_key % 1000, party % 50, 50)  # the one-key sort, where it fits
    assert small.tolist() == np.lexsort((party % 50, edge_key % 1000)).tolist()


def test_the_report_validates_and_indexes_a_folder_from_one_reading(tmp_path, monkeypatch):
    """``checked_index`` gives the report ``validate`` gives (warnings and errors alike) and the index
    ``load_index`` gives, the fast reader reading the files once; an invalid folder gets its report
    and no index."""
    import shutil

    import graphkit
    import graphkit.reading.fastread as fastread
    from conftest import BAD, MINI
    from graphkit.core.store import checked_index

    monkeypatch.setenv("GRAPHKIT_CACHE", str(tmp_path / "cache"))
    reads = []
    real = fastread.fast_read
    monkeypatch.setattr(fastread, "fast_read", lambda *a, **k: reads.append(a[0]) or real(*a, **k))
    warned = tmp_path / "warned"
    shutil.copytree(MINI, warned)
    path = warned / "entities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Боб Бейкер", "Боб Бейкер|Alice Archer"), encoding="utf-8")
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken)
    for replacement in (BAD / "dangling-references").glob("*.csv"):
        shutil.copy(replacement, broken / replacement.name)
    for folder in (MINI, warned, broken):
        reads.clear()
        report, index = checked_index(folder)
        assert len(reads) == 1
        assert report.issues == graphkit.validate(folder).issues
        if report.valid:
            assert index.summary() == graphkit.load_index(folder).summary()
        else:
            assert index is None and report.errors
    assert any(i.code == "shared-name" for i in checked_index(warned)[0].issues)
