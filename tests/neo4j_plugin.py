"""Pytest fixtures for a real Neo4j server; conftest.py does ``from neo4j_plugin import *``.

``neo4j_server`` (session) is the server every Neo4j test shares:

- with ``NEO4J_URI`` set, that server, logged into as ``NEO4J_USER`` (default
  ``neo4j``) with ``NEO4J_PASSWORD``;
- otherwise a local Neo4j Community started by :mod:`graphkit.neo4j.server` on
  a free port, with ``NEO4J_PASSWORD`` or a random password, stopped at the end.

When no server can be had, tests that need one are skipped with the reason,
except under CI (``CI=true``), where they fail: CI must never pass on Neo4j
tests that did not run.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

import pytest

from graphkit.neo4j import server as local_server

__all__ = ["Neo4jConnection", "neo4j_server", "neo4j_driver"]


@dataclass(frozen=True)
class Neo4jConnection:
    """Where and how to log in; ``server`` is None for an external ``NEO4J_URI`` server."""

    uri: str
    user: str
    password: str = field(repr=False)  # kept out of pytest's failure reports
    database: str = "neo4j"
    server: local_server.ServerInfo | None = None


def _unavailable(reason: str) -> None:
    message = f"no Neo4j server for the tests: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _external() -> Neo4jConnection:
    from neo4j import GraphDatabase

    conn = Neo4jConnection(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                           os.environ.get("NEO4J_PASSWORD", ""), os.environ.get("NEO4J_DATABASE", "neo4j"))
    try:
        with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password)) as driver:
            driver.verify_connectivity()
        return conn
    except Exception as err:  # any failure to reach it means the same: no server
        reason = f"{conn.uri}: {type(err).__name__}: {err}"
    _unavailable(reason)


@pytest.fixture(scope="session")
def neo4j_server():
    """A reachable Neo4j: ``uri``, ``user``, ``password``, ``database`` and ``server``."""
    if os.environ.get("NEO4J_URI"):
        yield _external()
        return
    password = os.environ.get("NEO4J_PASSWORD") or secrets.token_urlsafe(24)
    try:
        info = local_server.start(port=local_server.free_port(), detach=False, password=password,
                                  gds=True, jvm_options=local_server.QUICK_START_JVM)
    except Exception as err:  # Neo4jServerError, or no java/mvn/network: report, never hide
        info, reason = None, f"{type(err).__name__}: {err}"
    if info is None:
        _unavailable(reason)
    try:
        yield Neo4jConnection(info.uri, info.user, password, "neo4j", info)
    finally:
        local_server.stop(info.port)


@pytest.fixture()
def neo4j_driver(neo4j_server):
    """A ``neo4j.Driver`` logged into :func:`neo4j_server`, closed after the test."""
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    try:
        yield driver
    finally:
        driver.close()
