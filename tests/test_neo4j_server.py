"""The local Neo4j server manager, against a real Neo4j Community server.

Most tests share the session server from ``neo4j_plugin`` (conftest.py imports
its fixtures); the few that must stop or break a server start their own on
another free port.
"""
from __future__ import annotations

import ipaddress
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graphkit.neo4j import server as local_server

def _local(conn):
    """The ServerInfo of the session server, or skip when NEO4J_URI points elsewhere."""
    if conn.server is None:
        pytest.skip("NEO4J_URI names an external server; this test checks the local one")
    return conn.server


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _listening(pid: int) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket in LISTEN state that process pid holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:  # closed since the listing
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] != "0A" or fields[9] not in inodes:  # 0A: LISTEN
                continue
            hex_addr, hex_port = fields[1].split(":")
            raw = bytes.fromhex(hex_addr)
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))  # kernel words are little-endian
            address = ipaddress.ip_address(raw)
            if address.version == 6 and address.ipv4_mapped:
                address = address.ipv4_mapped
            found.add((str(address), int(hex_port, 16)))
    return found


def test_server_answers_return_1(neo4j_driver, neo4j_server):
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one", database_=neo4j_server.database)
    assert records[0]["one"] == 1


def test_local_server_is_the_pinned_community_version(neo4j_driver, neo4j_server):
    _local(neo4j_server)
    records, _, _ = neo4j_driver.execute_query("CALL dbms.components() YIELD versions, edition "
                                               "RETURN versions[0] AS version, edition")
    assert (records[0]["version"], records[0]["edition"]) == (local_server.NEO4J_VERSION, "community")


def test_server_listens_only_on_loopback(neo4j_server):
    info = _local(neo4j_server)
    listening = _listening(info.pid)
    assert ("127.0.0.1", info.port) in listening
    assert {address for address, _ in listening} == {"127.0.0.1"}, listening


def test_wrong_password_is_refused(neo4j_server):
    wrong = neo4j_server.password + "-not"
    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, wrong)) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_password_stays_out_of_argv_environment_logs_and_state(neo4j_server):
    info = _local(neo4j_server)
    password = neo4j_server.password.encode()
    if len(password) < 12:
        pytest.skip("NEO4J_PASSWORD is too short to search for without false matches")
    home = Path(info.home)
    console_log = Path(info.log_file).read_bytes()
    assert b"Started." in console_log  # the log searched below is the real, running one
    places = {
        "argv": Path(f"/proc/{info.pid}/cmdline").read_bytes(),
        "environment": Path(f"/proc/{info.pid}/environ").read_bytes(),
        "state file": (local_server.cache_root() / f"run-{info.port}.json").read_bytes(),
    }
    places.update({str(path.relative_to(home)): path.read_bytes()
                   for path in [*home.glob("logs/*"), *home.glob("conf/*")] if path.is_file()})
    assert "logs/debug.log" in places and "conf/neo4j.conf" in places
    assert [where for where, text in places.items() if password in text] == []


def test_fetch_twice_runs_maven_once(neo4j_server, monkeypatch):
    _local(neo4j_server)  # the session server has already fetched the jars
    target = local_server.cache_root() / f"neo4j-{local_server.NEO4J_VERSION}"
    marker = target / ".complete"
    before = (marker.stat().st_mtime_ns, sorted(p.name for p in (target / "lib").iterdir()))

    def no_maven(*args):
        raise AssertionError("fetch() ran Maven although the cache is complete")

    from graphkit.neo4j import fetch as fetching

    monkeypatch.setattr(fetching, "_run_maven", no_maven)
    assert local_server.fetch() == target / "lib"
    assert (marker.stat().st_mtime_ns, sorted(p.name for p in (target / "lib").iterdir())) == before
    assert len(before[1]) > 100


def test_start_failure_raises_with_the_server_log_tail(neo4j_server):
    _local(neo4j_server)
    port = local_server.free_port()
    with pytest.raises(local_server.Neo4jServerError) as caught:
        local_server.start(port=port, detach=False, password=secrets.token_urlsafe(16),
                           extra_config={"dbms.no_such_setting": "1"}, jvm_options=local_server.QUICK_START_JVM)
    assert "Unrecognized setting" in str(caught.value)
    assert "dbms.no_such_setting" in str(caught.value)
    assert local_server.status(port) is None
    assert not (local_server.cache_root() / f"run-{port}").exists()


def test_detached_start_outlives_its_process_then_status_and_stop(neo4j_server):
    _local(neo4j_server)
    port, password = local_server.free_port(), secrets.token_urlsafe(16)
    env = {**os.environ, "NEO4J_PASSWORD": password}
    started = subprocess.run([sys.executable, "-m", "graphkit.neo4j.server", "start", "--port", str(port)],
                             env=env, capture_output=True, text=True, timeout=180)
    assert started.returncode == 0, started.stderr
    try:
        info = local_server.status(port)
        assert info is not None and info.pid == json.loads(started.stdout)["pid"]
        state = json.loads((local_server.cache_root() / f"run-{port}.json").read_text())
        assert password not in json.dumps(state)
        with GraphDatabase.driver(info.uri, auth=(info.user, password)) as driver:
            records, _, _ = driver.execute_query("RETURN 2 AS two")
        assert records[0]["two"] == 2
    finally:
        assert local_server.stop(port) is True
    assert not _running(info.pid)
    assert not Path(info.home).exists()
    assert local_server.status(port) is None
    assert local_server.stop(port) is False


def test_stop_kills_a_server_that_ignores_sigterm(neo4j_server):
    _local(neo4j_server)
    info = local_server.start(port=local_server.free_port(), detach=False, password=secrets.token_urlsafe(16),
                              jvm_options=local_server.QUICK_START_JVM)
    os.kill(info.pid, signal.SIGSTOP)  # a stopped process cannot act on SIGTERM; SIGKILL still ends it
    began = time.monotonic()
    assert local_server.stop(info.port, timeout=1.0) is True
    assert not _running(info.pid)
    assert time.monotonic() - began < 10


def test_open_gds_page_rank_runs(neo4j_server):
    _local(neo4j_server)
    password = secrets.token_urlsafe(16)
    info = local_server.start(port=local_server.free_port(), detach=False, password=password, gds=True,
                              jvm_options=local_server.QUICK_START_JVM)
    try:
        with GraphDatabase.driver(info.uri, auth=(info.user, password)) as driver:
            driver.execute_query("CREATE (a:P {n: 'a'})-[:R]->(b:P {n: 'b'})-[:R]->(c:P {n: 'c'})-[:R]->(a), "
                                 "(c)-[:R]->(b)")
            driver.execute_query("CALL gds.graph.project('g', 'P', 'R')")
            records, _, _ = driver.execute_query(
                "CALL gds.pageRank.stream('g') YIELD nodeId, score "
                "RETURN gds.util.asNode(nodeId).n AS name, score ORDER BY score DESC")
    finally:
        local_server.stop(info.port)
    assert [r["name"] for r in records] == ["b", "c", "a"]
    assert records[0]["score"] == pytest.approx(1.1457, abs=1e-3)
