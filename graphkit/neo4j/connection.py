"""Connecting to Neo4j: the settings from the environment (or a prompt), and the driver's errors said
in one line that says what to do.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import GraphkitError

__all__ = ["Neo4jError", "Neo4jSettings", "SCHEMES"]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jError(GraphkitError):
    """Neo4j could not be reached or refused a request; the message says what to do."""


class _Conflict(Neo4jError):
    """A uniqueness constraint refused a write: another load wrote the same key first."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where to connect. The password is never shown in a repr, log or message."""

    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None) -> "Neo4jSettings":
        """Options first, then NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE."""
        env = os.environ
        return cls(uri or env.get("NEO4J_URI") or cls.uri, user or env.get("NEO4J_USER") or cls.user,
                   password if password is not None else env.get("NEO4J_PASSWORD", ""),
                   database or env.get("NEO4J_DATABASE") or None)


def _explain(exc: Exception, settings: Neo4jSettings) -> Neo4jError:
    from neo4j import exceptions as nx4

    where = settings.uri
    if isinstance(exc, nx4.AuthError):
        return Neo4jError(f"Neo4j at {where} refused user '{settings.user}': wrong user name or password; "
                          "check NEO4J_USER and NEO4J_PASSWORD")
    if isinstance(exc, (nx4.ServiceUnavailable, nx4.SessionExpired, OSError)):
        return Neo4jError(f"cannot reach Neo4j at {where}: is the server running? Start the local one with "
                          "`graphkit neo4j start`, or point NEO4J_URI at yours")
    code = getattr(exc, "code", "") or ""
    if isinstance(exc, nx4.ConstraintError):
        return _Conflict(f"Neo4j at {where} refused the request: {code}: {getattr(exc, 'message', exc)}")
    if code.endswith("DatabaseNotFound"):
        return Neo4jError(f"Neo4j at {where} has no database '{settings.database}'; set NEO4J_DATABASE to an "
                          "existing one (Neo4j Community has only 'neo4j')")
    if isinstance(exc, (nx4.ConfigurationError, ValueError)):
        return Neo4jError(f"NEO4J_URI '{where}' is not a Neo4j address; use bolt://HOST:7687, or "
                          "neo4j://HOST:7687 for a cluster")
    message = getattr(exc, "message", None) or str(exc)
    return Neo4jError(f"Neo4j at {where} refused the request: {code or type(exc).__name__}: {message}")
