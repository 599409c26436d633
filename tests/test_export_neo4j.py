"""neo4j-admin's import files read back by their headers and by the real neo4j-admin, and its import
script, which never replaces a database unless asked to by name."""
import csv
import os
import subprocess

import pytest

import graphkit
from graphkit import neo4j_server as local_server
from graphkit.export_neo4j import CLAIM_HEADER, ENTITY_HEADER, SOURCE_HEADER, VIA_HEADER
from graphkit.model import EvidenceFilter

EVERYTHING = EvidenceFilter(min_status="contradicted")


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
