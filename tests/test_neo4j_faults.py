"""Neo4j faults, against real servers: a server killed in the middle of a load, two loads of the same
dataset at once, and an investigator's own data in the same database.

The kill test starts its own server (graphkit.neo4j.server, on a free port) with its databases in
a folder of the test's, SIGKILLs it while a load runs in small batches, then starts a second server
on a copy of that store (a fresh system database, so the manager can set the password again; the
graph database itself is the killed one, recovered from its transaction log) and loads again.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI, ROOT
from graphkit.neo4j import server as local_server
from graphkit.neo4j.backend import Neo4jGraph, Neo4jSettings
from graphkit.cli.commands import cli
from graphkit.core.graph import load_graph

sys.path.insert(0, str(ROOT))
from bench.synthetic import write_dataset  # noqa: E402


def settings(conn, **changes) -> Neo4jSettings:
    return Neo4jSettings(**{"uri": conn.uri, "user": conn.user, "password": conn.password,
                            "database": conn.database, **changes})


def expected_counts(folder: Path) -> dict:
    g = load_graph(folder)
    return {"entities": len(g.entities), "sources": len(g.sources), "claims": len(g.claims)}


def assert_exactly_loaded(db: Neo4jGraph, folder: Path) -> None:
    """Every entity, source and claim of the folder is in the database once, and nothing else of it."""
    g = load_graph(folder)
    assert db.counts() == expected_counts(folder)
    params = {"d": db.dataset}
    ids = db.run("MATCH (n:GraphkitEntity {graphkit_dataset: $d}) RETURN n.id AS id", params)
    assert sorted(r["id"] for r in ids) == sorted(g.entities)
    claims = db.run("MATCH ()-[r]->() WHERE r.graphkit_dataset = $d AND r.claim_id IS NOT NULL "
                    "RETURN r.claim_id AS id, count(*) AS copies", params)
    assert {r["id"] for r in claims} == {c.id for c in g.claims}
    assert {r["copies"] for r in claims} == {1}
    ends = db.run("MATCH (a)-[r]->(b) WHERE r.graphkit_dataset = $d AND r.claim_id IS NOT NULL "
                  "RETURN r.claim_id AS id, a.id AS a, b.id AS b, r.status AS status", params)
    assert {r["id"]: (r["a"], r["b"], r["status"]) for r in ends} == {
        c.id: (c.from_id, c.to_id, c.status) for c in g.claims}


def load_via_cli(uri: str, password: str, folder: Path, dataset: str, batch_size: int = 5000):
    env = {"NEO4J_PASSWORD": password, "NEO4J_USER": "neo4j", "NEO4J_URI": uri}
    return CliRunner().invoke(cli, ["neo4j", "load", str(folder), "--dataset", dataset,
                                    "--batch-size", str(batch_size)], env=env)


# -- the server killed in the middle of a load ------------------------------------------------------
def test_a_server_killed_mid_load_gives_one_line_and_a_rerun_completes_exactly(neo4j_server, tmp_path,
                                                                                monkeypatch):
    if neo4j_server.server is None:
        pytest.skip("NEO4J_URI names an external server; this test kills a server it starts itself")
    folder = write_dataset(tmp_path / "synthetic", 4000, entities=2000)
    expected = expected_counts(folder)
    store_a, store_b = tmp_path / "store-a", tmp_path / "store-b"
    password = secrets.token_urlsafe(18)
    began = time.monotonic()
    first = local_server.start(port=local_server.free_port(), detach=False, password=password,
                               jvm_options=local_server.QUICK_START_JVM, heap="512m",
                               extra_config={"server.directories.data": str(store_a)})
    timings = {"first start": time.monotonic() - began}
    batches, killed = [], threading.Event()
    real_run = Neo4jGraph.run

    def counting_run(self, query, parameters=None, write=False):
        if write and parameters and "columns" in parameters:
            batches.append(parameters["columns"])
        return real_run(self, query, parameters, write)

    def kill_when_under_way():
        while len(batches) < 40 and not killed.is_set():  # entities, sources, some claims
            time.sleep(0.01)
        os.kill(first.pid, signal.SIGKILL)
        killed.set()

    monkeypatch.setattr(Neo4jGraph, "run", counting_run)
    killer = threading.Thread(target=kill_when_under_way, daemon=True)
    killer.start()
    try:
        began = time.monotonic()
        result = load_via_cli(first.uri, password, folder, "faults", batch_size=100)
        timings["load until the error"] = time.monotonic() - began
    finally:
        killed.set()
        killer.join()
        local_server.stop(first.port)  # forgets the dead server; its store is outside its home
    monkeypatch.setattr(Neo4jGraph, "run", real_run)
    assert 40 <= len(batches) < sum(expected.values()) // 100, "the kill did not land in the middle of the load"
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.stdout == ""
    assert result.stderr == (f"Error: cannot reach Neo4j at {first.uri}: is the server running? Start the local one "
                             "with `graphkit neo4j start`, or point NEO4J_URI at yours\n")

    for part in ("databases/neo4j", "transactions/neo4j"):
        shutil.copytree(store_a / part, store_b / part)
    began = time.monotonic()
    second = local_server.start(port=local_server.free_port(), detach=False, password=password,
                                jvm_options=local_server.QUICK_START_JVM, heap="512m",
                                extra_config={"server.directories.data": str(store_b)})
    timings["restart on the killed store"] = time.monotonic() - began
    try:
        with Neo4jGraph(Neo4jSettings(second.uri, "neo4j", password), dataset="faults") as db:
            partial = db.counts()
            assert 0 < partial["entities"] <= expected["entities"] and partial["claims"] < expected["claims"]
            began = time.monotonic()
            result = load_via_cli(second.uri, password, folder, "faults", batch_size=500)
            timings["rerun"] = time.monotonic() - began
            assert result.exit_code == 0, result.output
            assert_exactly_loaded(db, folder)
    finally:
        local_server.stop(second.port)
    print(f"kill mid-load: {partial} of {expected} survived the kill; timings {timings}")


# -- two loads at once ---------------------------------------------------------------------------------
def test_two_loads_of_the_same_dataset_at_once_leave_it_exactly_loaded(neo4j_server, tmp_path):
    folder = write_dataset(tmp_path / "synthetic", 1200, entities=600)
    dbs = [Neo4jGraph(settings(neo4j_server), dataset="race") for _ in range(2)]
    errors, start = [], threading.Barrier(2)

    def load(db, delay):
        start.wait()
        time.sleep(delay)  # the second begins while the first is writing
        try:
            db.load(folder, batch_size=40)
        except Exception as exc:  # collected: the test fails on it below
            errors.append(exc)

    try:
        for round_, delay in enumerate((0.0, 0.5, 1.5)):
            threads = [threading.Thread(target=load, args=(db, d)) for db, d in zip(dbs, (0.0, delay))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert errors == [], errors
            assert_exactly_loaded(dbs[0], folder)
    finally:
        dbs[0].wipe()
        for db in dbs:
            db.close()


# -- data graphkit does not own ------------------------------------------------------------------------
FOREIGN = """
CREATE (k:Person:Suspect {name: 'Kumarin', id: 'kumarin', born: 1956, height: 1.78, alive: true,
                          aliases: ['Барсуков', 'night governor'], seen: date('2001-05-17'),
                          noted: datetime('2020-01-02T03:04:05.123456789+03:00'), at: point({x: 1.5, y: -2}),
                          lasted: duration('P1Y2M3DT4H'), blob: $blob, quote: $quote})
CREATE (g:CriminalGroup {name: 'Tambov', graphkit_dataset: 'someone-elses'})
CREATE (o:GraphkitEntity {graphkit_dataset: 'another-dataset', id: 'alice', name: "Not graphkit's Alice"})
CREATE (n:Note {text: $quote})
CREATE (k)-[:MEMBER_OF {claim_id: 'r1', since: 1990, graphkit_dataset: 'someone-elses'}]->(g)
CREATE (k)-[:KNOWS]->(o), (n)-[:ABOUT {weight: 0.5}]->(k), (n)-[:SELF]->(n)
"""
OWN = ("(n:GraphkitEntity OR n:GraphkitSource) AND n.graphkit_dataset = $dataset")


def foreign_dump(db: Neo4jGraph) -> str:
    """Every node and relationship that is not this dataset's, with ids, labels, types and properties."""
    nodes = db.run(f"MATCH (n) WHERE NOT ({OWN}) RETURN elementId(n) AS id, labels(n) AS labels, "
                   "properties(n) AS props ORDER BY id", {"dataset": db.dataset})
    rels = db.run("MATCH (a)-[r]->(b) WHERE r.graphkit_dataset IS NULL OR r.graphkit_dataset <> $dataset "
                  "RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS a, elementId(b) AS b, "
                  "properties(r) AS props ORDER BY id", {"dataset": db.dataset})
    return repr(sorted(repr(sorted(n.items())) for n in nodes)) + repr(sorted(repr(sorted(r.items())) for r in rels))


def test_data_graphkit_did_not_load_is_byte_for_byte_untouched_by_load_reload_and_wipe(neo4j_server, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    with Neo4jGraph(settings(neo4j_server), dataset="owner-test") as db:
        db.run(FOREIGN, {"blob": bytes(range(256)), "quote": "'}) DETACH DELETE n // `$x` Кумарин"}, write=True)
        try:
            before = foreign_dump(db)
            assert "Kumarin" in before and "another-dataset" in before
            db.load(folder)
            # An investigator ties their own node to one of ours that the next load will no longer have.
            db.run("MATCH (k:Suspect), (e:GraphkitEntity {graphkit_dataset: $d, id: 'sam-ivanov'}) "
                   "CREATE (k)-[:SUSPECTS {why: 'a hunch'}]->(e)", {"d": db.dataset}, write=True)
            with_link = foreign_dump(db)
            assert with_link != before  # the dump sees the new relationship: it is not blind
            lines = (folder / "relations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
            (folder / "relations.csv").write_text("".join(l for l in lines if not l.startswith("r9,")),
                                                  encoding="utf-8")
            reloaded = db.load(folder)
            assert reloaded["removed_relationships"] == 1 and reloaded["claims"] == 8
            assert foreign_dump(db) == with_link
            result = db.wipe()
            assert result["kept_nodes"] == 1  # sam-ivanov, held by the investigator's relationship
            assert foreign_dump(db) == with_link
        finally:
            db.run("MATCH (n) WHERE n:Suspect OR n:Note OR n.graphkit_dataset IN ['someone-elses', "
                   "'another-dataset', $d] DETACH DELETE n", {"d": db.dataset}, write=True)
