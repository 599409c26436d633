"""Exports read back: GraphML and GEXF by networkx, node-link JSON into a ClaimGraph, neo4j-admin CSVs
by their headers and, with Java and Neo4j's jars at hand, by neo4j-admin itself."""
import csv
import json
import os
import subprocess

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
from conftest import SEED_DATA
from graphkit import neo4j_server as local_server
from graphkit.cli import cli
from graphkit.export_neo4j import CLAIM_HEADER, ENTITY_HEADER, SOURCE_HEADER, VIA_HEADER
from graphkit.model import EvidenceFilter

EVERYTHING = EvidenceFilter(min_status="contradicted")


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_attributes(seed, tmp_path, fmt, reader):
    path = tmp_path / f"seed.{fmt}"
    written = graphkit.export(seed, fmt, path)
    assert (written["nodes"], written["edges"]) == (84, 119)
    back = reader(path)
    assert back.number_of_nodes() == 84 and back.number_of_edges() == 119
    putin = back.nodes["putin"]
    assert putin["name"] == "Vladimir Putin" and putin["type"] == "person" and putin["wikidata"] == "Q7747"
    assert "Владимир Путин" in putin["aliases"].split("|")
    (link,) = back.get_edge_data("putin", "kumarin").values()
    assert link["relation"] == "cooperated_with" and link["status"] == "unverified"
    assert link["claims"] == "r101" and link["sources"] == "baghai-2023" and link["disputed"] is False
    assert link["attributed_to"] == "trepashkin" and link["parties"] == 1


def test_graphml_keeps_disputes_and_every_claim_id(seed, tmp_path):
    graphkit.write_graphml(seed, tmp_path / "seed.graphml")
    back = nx.read_graphml(tmp_path / "seed.graphml")
    disputed = [e for e in seed.edges(EvidenceFilter()) if e.disputed]
    assert disputed
    for edge in disputed:
        data = back.get_edge_data(edge.from_id, edge.to_id)[edge.type]
        assert data["disputed"] is True
        assert data["disputed_by"].split("|") == edge.disputed_by
        assert data["disputes"].split("|") == sorted(c.id for c in edge.disputing)
    claim_ids = {c for _, _, d in back.edges(data=True) for c in d["claims"].split("|") + d["disputes"].split("|") if c}
    assert claim_ids == {c.id for e in seed.edges(EvidenceFilter()) for c in e.asserting + e.disputing}


def test_gexf_carries_the_vocabulary_colour_for_gephi(seed, tmp_path):
    graphkit.write_gexf(seed, tmp_path / "seed.gexf")
    back = nx.read_gexf(tmp_path / "seed.gexf")
    assert back.nodes["putin"]["viz"]["color"] == {"r": 0xe4, "g": 0x57, "b": 0x56, "a": 1.0}
    assert back.nodes["putin"]["label"] == "Vladimir Putin"


def test_the_evidence_filter_chooses_what_is_exported(seed, tmp_path):
    graphkit.export(seed, "graphml", tmp_path / "reported.graphml", EvidenceFilter(min_status="reported"))
    back = nx.read_graphml(tmp_path / "reported.graphml")
    assert back.number_of_edges() == 67
    assert {d["status"] for _, _, d in back.edges(data=True)} == {"established", "reported"}


def test_node_link_json_round_trips_every_claim(seed, tmp_path):
    graphkit.write_json(seed, tmp_path / "seed.json", EVERYTHING)
    back = graphkit.read_node_link(tmp_path / "seed.json")
    assert sorted(back.claims, key=lambda c: c.id) == sorted(seed.claims, key=lambda c: c.id)
    assert back.entities == seed.entities
    assert back.sources == seed.sources
    data = json.loads((tmp_path / "seed.json").read_text(encoding="utf-8"))
    claim = next(c for e in data["edges"] for c in e["claims"] if c["claim_id"] == "r101")
    assert claim["quote"].startswith("who testified") and claim["attributed_to_name"] == "Mikhail Trepashkin"
    assert graphkit.rank(back, "betweenness").equals(graphkit.rank(seed, "betweenness"))


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_neo4j_import_files_have_the_headers_neo4j_admin_expects(seed, tmp_path):
    written = graphkit.write_neo4j_import(seed, tmp_path, EVERYTHING, dataset="seed")
    header, entities = _read(tmp_path / "entities.csv")
    assert header == ENTITY_HEADER and len(entities) == 84
    putin = next(r for r in entities if r[0] == "putin")
    assert putin[-1] == "GraphkitEntity;Person" and putin[header.index("graphkit_dataset")] == "seed"
    assert putin[header.index("aliases:string[]")].split(";") == seed.entities["putin"]["aliases"].split("|")
    header, sources = _read(tmp_path / "sources.csv")
    assert header == SOURCE_HEADER and len(sources) == 31
    assert _read(tmp_path / "read_via.csv")[0] == VIA_HEADER
    total = 0
    for path in tmp_path.glob("claims_*.csv"):
        header, rows = _read(path)
        assert header == CLAIM_HEADER
        assert {r[2] for r in rows} == {path.stem.removeprefix("claims_")}
        total += len(rows)
    assert total == written["claims"] == 182
    r101 = next(r for p in tmp_path.glob("claims_*.csv") for r in _read(p)[1] if r[3] == "r101")
    assert r101[CLAIM_HEADER.index("status_rank:int")] == "3" and r101[CLAIM_HEADER.index("disputed:boolean")] == "false"
    assert "'--array-delimiter=;'" in (tmp_path / "import.sh").read_text()


def test_neo4j_import_leaves_no_stale_type_file(seed, tmp_path):
    graphkit.write_neo4j_import(seed, tmp_path, EVERYTHING)
    graphkit.write_neo4j_import(seed, tmp_path, EvidenceFilter(types=("member_of",)))
    assert sorted(p.name for p in tmp_path.glob("claims_*.csv")) == ["claims_MEMBER_OF.csv"]


def _admin_tool_or_skip():
    """Java and Neo4j's jars (the cache the Neo4j tests use), or skip — fail under CI."""
    try:
        lib = local_server.fetch()
        java = local_server._java(None)
    except Exception as err:  # no java or no jars: the same for this test
        if os.environ.get("CI") == "true":
            pytest.fail(f"neo4j-admin import cannot run: {err}", pytrace=False)
        pytest.skip(f"neo4j-admin import cannot run: {err}")
    return java, lib


def test_neo4j_admin_imports_the_files_and_graphkit_reads_them(seed, tmp_path):
    java, lib = _admin_tool_or_skip()
    files = tmp_path / "import"
    written = graphkit.write_neo4j_import(seed, files, EVERYTHING, dataset="admin-import")
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text(f"server.directories.data={tmp_path / 'db'}\n"
                                             f"server.directories.logs={tmp_path / 'logs'}\n")
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    done = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool",
                           "database", "import", "full", "neo4j", *written["arguments"]], cwd=files, env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout and "115 nodes" in done.stdout
    port, password = local_server.free_port(), "admin-import-test"
    local_server.start(port=port, detach=False, password=password, jvm_options=local_server.QUICK_START_JVM,
                       extra_config={"server.directories.data": str(tmp_path / "db")})
    try:
        settings = graphkit.Neo4jSettings(f"bolt://127.0.0.1:{port}", "neo4j", password)
        with graphkit.Neo4jGraph(settings, dataset="admin-import") as db:
            assert db.counts() == {"entities": 84, "sources": 31, "claims": 182}
            assert db.shortest_paths("putin", "kumarin") == graphkit.shortest_paths(seed, "putin", "kumarin")
            assert db.rank("betweenness").equals(graphkit.rank(seed, "betweenness"))
            (row,) = db.run("MATCH (:GraphkitSource {graphkit_dataset: 'admin-import'})-[r:READ_VIA]->() "
                            "RETURN count(r) AS n")
            assert row["n"] == sum(1 for s in seed.sources.values() if s["via"])
            # an empty field is no property, as graphkit neo4j load leaves an empty value
            (row,) = db.run("MATCH ()-[r {graphkit_dataset: 'admin-import'}]->() WHERE r.claim_id IS NOT NULL "
                            "RETURN count(r.quote) AS quotes, sum(CASE r.quote WHEN '' THEN 1 ELSE 0 END) AS empty")
            assert (row["quotes"], row["empty"]) == (sum(1 for c in seed.claims if c.quote), 0)
    finally:
        local_server.stop(port)


def test_cli_export_writes_each_format_and_json_equals_the_api(tmp_path):
    for fmt, name in [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"), ("ftm", "g.ftm.json"),
                      ("neo4j-import", "neo4j")]:
        result = run("export", "--data", SEED_DATA, "--format", fmt, "-o", tmp_path / name, "--json",
                     "--min-status", "reported")
        assert result.exit_code == 0, result.output
        printed = json.loads(result.stdout)
        expected = graphkit.export(graphkit.load_graph(SEED_DATA), fmt, tmp_path / f"api-{name}",
                                   EvidenceFilter(min_status="reported"), dataset="data")
        for key in ("seconds", "path", "command"):
            printed.pop(key, None), expected.pop(key, None)
        assert printed == expected


def test_cli_export_says_what_it_wrote(tmp_path):
    result = run("export", "--data", SEED_DATA, "--format", "gexf", "-o", tmp_path / "g.gexf", "--exclude-disputed")
    assert result.exit_code == 0
    assert result.stdout == f"wrote {tmp_path / 'g.gexf'}: 84 entities, 110 links; filters: exclude-disputed\n"


def test_cli_export_refuses_an_unknown_format(tmp_path):
    result = run("export", "--format", "pdf", "-o", tmp_path / "x")
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output
