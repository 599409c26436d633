"""graphkit in a real Neo4j: loading, ownership, and the same answers as the embedded graph."""
import itertools
import logging
import re
import shutil
import threading

import numpy as np
import pytest

from conftest import MINI, SEED_DATA
import oracle
from graphkit.core import analysis
from graphkit.neo4j.backend import Neo4jError, Neo4jGraph, Neo4jSettings
from graphkit.neo4j.load_rows import _deadlocks_counted, claim_rounds
from graphkit.errors import InvalidDatasetError, NoPathError
from graphkit.core.graph import load_graph
from graphkit.claims.model import EvidenceFilter

FILTERS = [
    EvidenceFilter(),
    EvidenceFilter(min_status="reported"),
    EvidenceFilter(min_status="alleged", exclude_disputed=True),
    EvidenceFilter(exclude_single_source=True),
    EvidenceFilter(min_status="contradicted", types=("cooperated_with", "ally_of", "member_of", "leader_of",
                                                     "protected", "head_of")),
]


def settings(conn, **changes):
    return Neo4jSettings(**{"uri": conn.uri, "user": conn.user, "password": conn.password,
                            "database": conn.database, **changes})


@pytest.fixture(scope="module")
def seed_db(neo4j_server):
    with Neo4jGraph(settings(neo4j_server), dataset="seed-test") as db:
        db.load(SEED_DATA)
        yield db
        db.wipe()


@pytest.fixture()
def mini_db(neo4j_server, request):
    name = f"mini-{request.node.name}"[:60]
    with Neo4jGraph(settings(neo4j_server), dataset=name) as db:
        yield db
        db.wipe()


def test_load_counts_match_the_dataset_and_a_second_load_changes_nothing(seed_db):
    g = load_graph(SEED_DATA)
    first = seed_db.counts()
    assert first == {"entities": len(g.entities), "sources": len(g.sources), "claims": len(g.claims)}
    again = seed_db.load(SEED_DATA)
    assert {k: again[k] for k in first} == first
    assert again["removed_relationships"] == again["removed_nodes"] == 0


def test_schema_makes_entities_sources_and_claims_unique(seed_db):
    constraints = {r["name"]: r for r in seed_db.run(
        "SHOW CONSTRAINTS YIELD name, type, entityType, properties RETURN name, type, entityType, properties")}
    assert constraints["graphkit_entity_key"]["properties"] == ["graphkit_dataset", "id"]
    assert constraints["graphkit_source_key"]["type"] == "UNIQUENESS"
    claim_keys = [c for name, c in constraints.items() if name.startswith("graphkit_claim_")]
    assert len(claim_keys) == len({r.neo4j_type for r in seed_db.vocab.relation_types.values()})
    assert all(c["type"] == "RELATIONSHIP_UNIQUENESS" for c in claim_keys)


def test_every_claim_keeps_its_provenance(seed_db):
    [row] = seed_db.run("MATCH ()-[r {graphkit_dataset: $d, claim_id: 'r039'}]->() RETURN properties(r) AS p",
                        {"d": "seed-test"})
    p = row["p"]
    assert (p["status"], p["stance"], p["attributed_to"], p["source_id"]) == (
        "contradicted", "asserts", "baghai-christian", "baghai-2023")
    assert p["quote"] == "Victor Ivanov, who was then head of Russia’s narcotics agency"
    assert "2008" in p["note"] and p["start"] == "2006"
    [label] = seed_db.run("MATCH (n:GraphkitEntity {graphkit_dataset: $d, id: 'kumarin'}) RETURN labels(n) AS l, "
                          "n.aliases AS a", {"d": "seed-test"})
    assert set(label["l"]) == {"GraphkitEntity", "Person"} and "Кумарин" in " ".join(label["a"])


@pytest.mark.parametrize("evidence", FILTERS, ids=lambda f: f.describe())
def test_shortest_path_lengths_agree_for_all_pairs_of_people_and_groups(seed_db, evidence):
    g = load_graph(SEED_DATA)
    ends = sorted(e for e, row in g.entities.items() if row["type"] in ("person", "criminal_group"))
    compared = 0
    for a, b in itertools.combinations(ends, 2):
        try:
            ours = analysis.shortest_paths(g, a, b, evidence)
        except NoPathError as exc:
            with pytest.raises(NoPathError) as theirs:
                seed_db.shortest_paths(a, b, evidence)
            assert str(theirs.value) == str(exc)
            continue
        assert seed_db.shortest_paths(a, b, evidence) == ours, (a, b)
        compared += 1
    assert compared >= 10


@pytest.mark.parametrize("order,k", [("hops", 3), ("evidence", 4)])
def test_k_paths_and_evidence_order_agree(seed_db, order, k):
    g = load_graph(SEED_DATA)
    for a, b in [("putin", "kumarin"), ("shvets", "tambov-group"), ("trepashkin", "putin")]:
        for evidence in FILTERS:
            try:
                ours = analysis.shortest_paths(g, a, b, evidence, k=k, order=order)
                assert oracle.shortest_paths(g, a, b, evidence, k=k, order=order) == ours
            except NoPathError as exc:
                with pytest.raises(NoPathError, match="^" + re.escape(str(exc)) + "$"):
                    seed_db.shortest_paths(a, b, evidence, k=k, order=order)
                continue
            assert seed_db.shortest_paths(a, b, evidence, k=k, order=order) == ours, (a, b, evidence)


@pytest.mark.parametrize("metric", list(analysis.METRICS))
def test_top_ten_of_every_metric_agrees(seed_db, metric):
    g = load_graph(SEED_DATA)
    for evidence in FILTERS:
        ours = analysis.rank(g, metric, evidence, top=10)
        theirs = seed_db.rank(metric, evidence, top=10)
        assert theirs.equals(ours), (metric, evidence.describe())


def test_metrics_run_in_graph_data_science_on_the_local_server(seed_db, neo4j_server):
    if neo4j_server.server is None:
        pytest.skip("NEO4J_URI names an external server, which may lack the GDS plugin")
    assert seed_db.has_gds
    assert seed_db.centrality("betweenness")[1] == "gds"


@pytest.mark.parametrize("metric", list(analysis.METRICS))
def test_without_gds_the_core_computes_on_the_links_cypher_keeps(seed_db, monkeypatch, metric):
    monkeypatch.setattr(seed_db, "_has_gds", False)
    g = load_graph(SEED_DATA)
    for evidence in FILTERS[:2]:
        assert seed_db.centrality(metric, evidence)[1] == "graphkit"
        assert seed_db.rank(metric, evidence, top=10).equals(analysis.rank(g, metric, evidence, top=10))


def test_scores_are_written_back_for_browser_users(seed_db):
    seed_db.rank("pagerank", EvidenceFilter(), top=3)
    rows = seed_db.run("MATCH (n:GraphkitEntity {graphkit_dataset: $d}) WHERE n.graphkit_pagerank IS NOT NULL "
                       "RETURN count(n) AS c, max(n.graphkit_pagerank_filter) AS f", {"d": "seed-test"})
    assert rows[0]["c"] == 88 and rows[0]["f"].startswith("none (the default leaves out contradicted claims) (")


def test_invalid_dataset_writes_nothing(mini_db, tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(MINI, broken)
    text = (broken / "relations.csv").read_text(encoding="utf-8")
    (broken / "relations.csv").write_text(text.replace("bob,member_of,gang", "bob,member_of,gnag", 1), encoding="utf-8")
    with pytest.raises(InvalidDatasetError):
        mini_db.load(broken)
    assert mini_db.counts() == {"entities": 0, "sources": 0, "claims": 0}


def test_a_load_cut_off_halfway_completes_when_rerun(mini_db, monkeypatch):
    real_run, writes = Neo4jGraph.run, []

    def failing_run(self, query, parameters=None, write=False):
        if write and parameters and "columns" in parameters:
            writes.append(query)
            if len(writes) >= 4:  # the fourth write and every one after it (the load's writers run in threads)
                raise Neo4jError("connection lost (injected)")
        return real_run(self, query, parameters, write)

    monkeypatch.setattr(Neo4jGraph, "run", failing_run)
    with pytest.raises(Neo4jError, match="injected"):
        mini_db.load(MINI, batch_size=2)
    partial = mini_db.counts()
    assert partial["claims"] == 0 and 0 < partial["entities"] <= 10
    monkeypatch.setattr(Neo4jGraph, "run", real_run)
    result = mini_db.load(MINI, batch_size=2)
    assert mini_db.counts() == {"entities": 10, "sources": 5, "claims": 9}
    assert result["removed_relationships"] == 0


def test_reload_after_a_claim_is_deleted_prunes_it(mini_db, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    mini_db.load(folder)
    lines = (folder / "relations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "relations.csv").write_text("".join(line for line in lines if not line.startswith("r9,")),
                                          encoding="utf-8")
    result = mini_db.load(folder)
    assert result["claims"] == 8 and result["removed_relationships"] == 1


def test_an_empty_value_is_no_property_and_a_value_emptied_since_is_removed(mini_db, tmp_path):
    # as neo4j-admin import leaves an empty CSV field; graphkit reads a missing property as ''
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    mini_db.load(folder)

    def props(query):
        [row] = mini_db.run(query + " RETURN properties(x) AS p", {"d": mini_db.dataset})
        return row["p"]

    r1 = "MATCH ()-[x {graphkit_dataset: $d, claim_id: 'r1'}]->()"
    carol, rep = ("MATCH (x:GraphkitEntity {graphkit_dataset: $d, id: 'carol'})",
                  "MATCH (x:GraphkitSource {graphkit_dataset: $d, id: 'rep'})")
    assert props(r1)["seed_claim"] == "C01" and props(r1)["start"] == "2001"
    assert not {"quote", "end", "note", "end_day"} & set(props(r1))
    assert not {"aliases", "wikidata", "end"} & set(props(carol)) and props(carol)["start"] == "1970"
    assert not {"author", "publisher", "url"} & set(props(rep)) and props(rep)["via"] == "news1"
    text = (folder / "relations.csv").read_text(encoding="utf-8")
    (folder / "relations.csv").write_text(text.replace("r1,alice,ally_of,bob,reported,asserts,press,news1,para 3,,2001,,C01,",
                                                       "r1,alice,ally_of,bob,reported,asserts,press,news1,para 3,,,,,"),
                                          encoding="utf-8")
    mini_db.load(folder)
    assert not {"seed_claim", "start", "start_day"} & set(props(r1)) and props(r1)["locator"] == "para 3"
    assert [c.seed_claim for c in mini_db.claim_graph().claims if c.id == "r1"] == [""]


def test_load_and_wipe_never_touch_other_data(mini_db):
    run = mini_db.run
    run("CREATE (:Investigator {name: 'mine', note: 'keep'})-[:KNOWS {since: 2020}]->(:Investigator {name: 'theirs'})",
        write=True)
    before = run("MATCH (n:Investigator)-[r]->(m) RETURN n {.*} AS n, r {.*} AS r, m {.*} AS m")
    mini_db.load(MINI)
    # An investigator links their own node to one of ours: wipe must keep it and say so.
    run("MATCH (i:Investigator {name: 'mine'}), (e:GraphkitEntity {graphkit_dataset: $d, id: 'carol'}) "
        "CREATE (i)-[:SUSPECTS]->(e)", {"d": mini_db.dataset}, write=True)
    result = mini_db.wipe()
    assert result["removed_relationships"] == 10  # 9 claims and the read-via link
    assert result["kept_nodes"] == 1
    assert run("MATCH (n:Investigator)-[r:KNOWS]->(m) RETURN n {.*} AS n, r {.*} AS r, m {.*} AS m") == before
    assert run("MATCH (:Investigator)-[:SUSPECTS]->(e) RETURN e.id AS id") == [{"id": "carol"}]
    run("MATCH (n:Investigator) DETACH DELETE n", write=True)
    assert mini_db.wipe()["removed_nodes"] == 1


def test_two_datasets_live_side_by_side(seed_db, mini_db):
    mini_db.load(MINI)
    assert seed_db.counts()["entities"] == 88
    assert mini_db.counts() == {"entities": 10, "sources": 5, "claims": 9}


def test_wrong_password_is_one_clear_line(neo4j_server):
    with pytest.raises(Neo4jError) as err:
        Neo4jGraph(settings(neo4j_server, password="not-the-password"))
    assert str(err.value) == (f"Neo4j at {neo4j_server.uri} refused user '{neo4j_server.user}': wrong user name "
                              "or password; check NEO4J_USER and NEO4J_PASSWORD")


def test_unknown_database_is_one_clear_line(neo4j_server):
    with pytest.raises(Neo4jError, match=r"has no database 'nosuchdb'; set NEO4J_DATABASE"):
        Neo4jGraph(settings(neo4j_server, database="nosuchdb"))


def test_unreachable_server_is_one_clear_line():
    from graphkit.neo4j.server import free_port
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(Neo4jError) as err:
        Neo4jGraph(Neo4jSettings(uri, "neo4j", "whatever-123"))
    assert str(err.value) == (f"cannot reach Neo4j at {uri}: is the server running? Start the local one with "
                              "`graphkit neo4j start`, or point NEO4J_URI at yours")


def test_routing_scheme_works_on_a_single_server(neo4j_server):
    with Neo4jGraph(settings(neo4j_server, uri=neo4j_server.uri.replace("bolt://", "neo4j://"))) as db:
        assert db.run("RETURN 1 AS one") == [{"one": 1}]


def _claims_and_nodes(db):
    """Every claim and node of the dataset with its properties, less the load stamps."""
    stamps = ("graphkit_load", "graphkit_load_started")
    claims = db.run("MATCH (a)-[r]->(b) WHERE r.graphkit_dataset = $d RETURN type(r) AS t, a.id AS a, b.id AS b, "
                    "properties(r) AS p", {"d": db.dataset})
    nodes = db.run("MATCH (n) WHERE n.graphkit_dataset = $d RETURN labels(n) AS l, properties(n) AS p",
                   {"d": db.dataset})
    # properties sorted by key: Neo4j keeps no order among them (two writers may set them in another)
    strip = [{**row, "p": sorted((k, v) for k, v in row["p"].items() if k not in stamps)} for row in claims + nodes]
    return sorted(repr(sorted(row.items())) for row in strip)


def test_a_fresh_load_creates_claims_and_a_reload_merges_the_same_graph(mini_db, monkeypatch):
    real_run, claim_writes = Neo4jGraph.run, []

    def spy(self, query, parameters=None, write=False):
        if write and parameters and "claim_id" in parameters.get("columns", {}):
            claim_writes.append("CREATE (a)-[r:" in query)
        return real_run(self, query, parameters, write)

    monkeypatch.setattr(Neo4jGraph, "run", spy)
    mini_db.load(MINI, batch_size=3)
    created, fresh = _claims_and_nodes(mini_db), claim_writes[:]
    claim_writes.clear()
    result = mini_db.load(MINI, batch_size=3)
    assert fresh and all(fresh) and claim_writes and not any(claim_writes)
    assert _claims_and_nodes(mini_db) == created
    assert result["removed_relationships"] == result["removed_nodes"] == 0
    assert mini_db.counts() == {"entities": 10, "sources": 5, "claims": 9}


def test_a_new_dataset_creates_its_entities_and_a_reload_merges_them(mini_db, monkeypatch):
    real_run, entity_writes = Neo4jGraph.run, []

    def spy(self, query, parameters=None, write=False):
        if write and parameters and "label" in parameters.get("columns", {}):
            entity_writes.append(query.count("CREATE (n:GraphkitEntity {") - query.count("MERGE (n:GraphkitEntity {"))
        return real_run(self, query, parameters, write)

    monkeypatch.setattr(Neo4jGraph, "run", spy)
    mini_db.load(MINI, batch_size=4)
    assert entity_writes == [1, 1, 1, 1]  # 10 entities, 5 for each of two writers, in batches of 4 and 1: created
    labels = mini_db.run("MATCH (n:GraphkitEntity {graphkit_dataset: $d}) RETURN n.id AS id, labels(n) AS labels",
                         {"d": mini_db.dataset})
    entity_writes.clear()
    mini_db.load(MINI, batch_size=4)
    assert entity_writes == [-1, -1, -1, -1]
    again = mini_db.run("MATCH (n:GraphkitEntity {graphkit_dataset: $d}) RETURN n.id AS id, labels(n) AS labels",
                        {"d": mini_db.dataset})
    assert sorted(map(repr, again)) == sorted(map(repr, labels)) and len(labels) == 10
    assert all(len(row["labels"]) == 2 for row in labels)  # GraphkitEntity and its type's label


def test_an_entity_removed_during_a_load_stops_it_with_a_rerun_that_completes(mini_db, monkeypatch):
    real_run, removed, once = Neo4jGraph.run, [], threading.Lock()

    def interfering(self, query, parameters=None, write=False):
        if write and parameters and "claim_id" in parameters.get("columns", {}):
            with once:  # the load's writers run in threads: the first claim batch of either deletes
                if not removed:
                    # someone deletes one of this dataset's entities after it was written, before its claims
                    removed.append(real_run(self, "MATCH (n:GraphkitEntity {graphkit_dataset: $d, id: 'bob'}) "
                                                  "DETACH DELETE n RETURN count(*) AS n", {"d": self.dataset}, True))
        return real_run(self, query, parameters, write)

    monkeypatch.setattr(Neo4jGraph, "run", interfering)
    with pytest.raises(Neo4jError, match=r"found an entity of dataset '.*' gone while loading .*run the load again"):
        mini_db.load(MINI, batch_size=100)
    assert removed == [[{"n": 1}]]
    monkeypatch.setattr(Neo4jGraph, "run", real_run)
    mini_db.load(MINI)
    assert mini_db.counts() == {"entities": 10, "sources": 5, "claims": 9}


def test_a_fresh_load_that_meets_a_racing_loads_claims_merges_from_there(mini_db, monkeypatch):
    real_run, raced, once = Neo4jGraph.run, [], threading.Lock()

    def racing(self, query, parameters=None, write=False):
        if write and "CREATE (a)-[r:" in query:
            with once:
                if not raced:
                    # another load writes the same claims just before this batch (with an older start)
                    raced.append(real_run(self, query.replace("CREATE (a)-[r:", "MERGE (a)-[r:"),
                                          {**parameters, "load": "racer", "started": parameters["started"] - 1}, True))
        return real_run(self, query, parameters, write)

    monkeypatch.setattr(Neo4jGraph, "run", racing)
    result = mini_db.load(MINI, batch_size=2)
    assert raced and result["claims"] == 9
    stamps = mini_db.run("MATCH ()-[r]->() WHERE r.graphkit_dataset = $d RETURN DISTINCT r.graphkit_load AS load",
                         {"d": mini_db.dataset})
    assert stamps and all(row["load"] != "racer" for row in stamps)
    monkeypatch.setattr(Neo4jGraph, "run", real_run)
    assert mini_db.load(MINI)["removed_relationships"] == 0


@pytest.mark.parametrize("writers", [1, 2, 3])
def test_claim_rounds_give_writers_of_one_round_no_entity_in_common(writers):
    rng = np.random.default_rng(writers)
    nodes, claims = 500, 8000
    start = (rng.pareto(1.1, claims) * 20).astype(np.int64) % nodes  # a few entities hold most claims
    end = rng.integers(0, nodes, claims)
    rounds = claim_rounds(start, end, nodes, writers)
    assert sorted(row for groups in rounds for rows in groups for row in rows) == list(range(claims))
    for groups in rounds:
        assert 1 <= len(groups) <= writers
        touched = [set(start[rows]) | set(end[rows]) for rows in groups]
        assert all(not (x & y) for x, y in itertools.combinations(touched, 2))
        assert all(rows == sorted(rows) for rows in groups)  # file order kept
    if writers > 1:
        assert len(rounds) == 2 * writers + 1
        # the parts even out the busy entities: the groups of a round are of like size
        assert all(max(map(len, groups)) <= 1.5 * min(map(len, groups)) for groups in rounds)
    assert claim_rounds(start[:0], end[:0], nodes, writers) == []


def test_the_drivers_reruns_after_a_deadlock_are_counted_not_printed(caplog):
    log = logging.getLogger("neo4j.session")
    with _deadlocks_counted() as counted, caplog.at_level(logging.WARNING, logger="neo4j.session"):
        log.warning("Transaction failed and will be retried in %ss (%s)", 1.0,
                    "{neo4j_code: Neo.TransientError.Transaction.DeadlockDetected} {message: ...}")
        log.warning("Transaction failed and will be retried in %ss (%s)", 1.0, "Unable to retrieve routing information")
    assert counted.count == 1
    assert [r.getMessage()[-40:] for r in caplog.records] == ["(Unable to retrieve routing information)"]
    assert not log.filters  # removed again


def test_two_writers_write_the_same_graph_as_one(mini_db):
    one = mini_db.load(SEED_DATA, batch_size=7, writers=1)
    written = _claims_and_nodes(mini_db)
    mini_db.wipe()
    two = mini_db.load(SEED_DATA, batch_size=7, writers=2)
    assert _claims_and_nodes(mini_db) == written
    assert {k: two[k] for k in ("entities", "sources", "claims")} == {k: one[k] for k in ("entities", "sources", "claims")}
    assert mini_db.load(SEED_DATA, batch_size=7, writers=2)["removed_relationships"] == 0  # a reload merges them all
    assert _claims_and_nodes(mini_db) == written


def test_every_ftm_relation_type_and_its_attributes_load_and_answer_as_the_embedded_graph(neo4j_server, tmp_path):
    """The relation types investigators record (family, ownership, payments, sanctions …), imported from
    entities the followthemoney library made, keep their role, share, amount and currency in Neo4j, and
    every path between two of their entities is the embedded graph's, attributes included."""
    from ftm_made import made_dataset

    folder, _ = made_dataset(tmp_path)
    g = load_graph(folder)
    with Neo4jGraph(settings(neo4j_server), dataset="ftm-made") as db:
        try:
            db.load(folder)
            rows = db.run("MATCH ()-[r {graphkit_dataset: $d}]->() WHERE r.share IS NOT NULL OR r.amount IS NOT NULL "
                          "RETURN type(r) AS t, r.role AS role, r.share AS share, r.amount AS amount, "
                          "r.currency AS currency", {"d": "ftm-made"})
            assert {tuple(r.values()) for r in rows} == {("OWNER_OF", "beneficial owner", "51", None, None),
                                                         ("PAID", "consulting", None, "25000.50", "USD"),
                                                         ("OWES", None, None, "1200", "EUR")}
            compared = 0
            for a, b in itertools.combinations(sorted(g.entities), 2):
                try:
                    ours = analysis.shortest_paths(g, a, b)
                except NoPathError:
                    continue
                assert db.shortest_paths(a, b) == ours, (a, b)
                compared += 1
            assert compared >= 30  # the pairs a path joins
            assert db.rank("degree", top=5).equals(analysis.rank(g, "degree", top=5))
        finally:
            db.wipe()
