"""How a local Neo4j server is run: its port, memory, Java, JVM flags and configuration file."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

from .fetch import Neo4jServerError, _say, cache_root

__all__ = ["DEFAULT_PORT", "DEFAULT_HEAP", "DEFAULT_PAGECACHE", "JVM_FLAGS", "QUICK_START_JVM", "default_heap",
           "default_pagecache", "free_port"]


DEFAULT_PORT = 7687
# Enough for graphkit's batched loads of a million claims (a batch's transaction stays under
# 200 MB; the store of 1M claims is about 700 MB on disk, cached whole); a larger dataset
# wants more. GRAPHKIT_NEO4J_HEAP and GRAPHKIT_NEO4J_PAGECACHE override them.
DEFAULT_HEAP = "2g"
DEFAULT_PAGECACHE = "1g"

# From the server.jvm.additional lines of Neo4j 5.26's own neo4j.conf, which
# only bin/neo4j reads; we call java directly, so they go on the command line.
# -XX:+AlwaysPreTouch is left out: it makes every start touch the whole heap. The
# throughput collector replaces G1: on the 2-core machines graphkit is built for, a
# million-claim load ran about 10% faster with it (G1's concurrent work competes with
# the one writing thread), and a 2 GB heap keeps its pauses short.
JVM_FLAGS = (
    "-XX:+UseParallelGC", "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions", "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048", "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256", "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true", "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
)
# For short-lived test servers: the C1 compiler only starts Neo4j ~30% sooner on 2
# cores, at the cost of slower long-running queries.
QUICK_START_JVM = ("-XX:TieredStopAtLevel=1",)


def default_heap() -> str:
    """The JVM heap of a server started without ``heap``: $GRAPHKIT_NEO4J_HEAP, else 2g."""
    return os.environ.get("GRAPHKIT_NEO4J_HEAP") or DEFAULT_HEAP


def default_pagecache() -> str:
    """The page cache of a server started without ``pagecache``: $GRAPHKIT_NEO4J_PAGECACHE, else 1g."""
    return os.environ.get("GRAPHKIT_NEO4J_PAGECACHE") or DEFAULT_PAGECACHE


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        # as a server binds: a port whose last connections linger in TIME_WAIT (a server just
        # stopped) is free; one that something listens on is not
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _java_major(java: str) -> int:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return 0
    found = re.search(r'version "(?:1\.)?(\d+)', out)
    return int(found.group(1)) if found else 0


def _java(java: str | None) -> str:
    """``java`` if given, else the first of $JAVA_HOME, PATH and /usr/lib/jvm that is 17 or 21.

    Neo4j 5.26 supports Java 17 and 21; a newer Java (25 starts it too) is used
    only when neither is found, with a warning.
    """
    if java is not None:
        candidates = [java]
    else:
        home = os.environ.get("JAVA_HOME")
        candidates = [str(Path(home) / "bin" / "java")] if home else []
        candidates += [shutil.which("java") or "", *map(str, sorted(Path("/usr/lib/jvm").glob("*/bin/java")))]
    majors = {c: _java_major(c) for c in dict.fromkeys(c for c in candidates if c and Path(c).exists())}
    for candidate, major in majors.items():
        if major in (17, 21):
            return candidate
    for candidate, major in majors.items():
        if major > 21:
            _say(f"warning: Neo4j 5.26 supports Java 17 and 21; trying {candidate} (Java {major})")
            return candidate
    found = ", ".join(f"{path} (Java {major or '?'})" for path, major in majors.items()) or "none"
    raise Neo4jServerError(f"Neo4j 5.26 needs Java 17 or 21; found {found}. "
                           "Install one (apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME")


def _config(port: int, pagecache: str, http_port: int | None, plugins: Path | None,
            extra: dict[str, str] | None) -> str:
    lines = {
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        # advertised in routing tables (neo4j:// URIs) and HTTP discovery; default would say 7687
        "server.bolt.advertised_address": f"127.0.0.1:{port}",
        "server.http.enabled": "true" if http_port else "false",
        "server.https.enabled": "false",
        "server.memory.pagecache.size": pagecache,
        "dbms.security.auth_enabled": "true",
        "dbms.usage_report.enabled": "false",
        # A throwaway home need not reserve 2 x 256 MB of transaction log up front.
        "db.tx_log.preallocate": "false",
        # Bolt waits 5 s + 5 s for idle connections on shutdown by default; stop in ~1 s.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
        "internal.server.bolt.connection_shutdown_wait_time": "0s",
    }
    if http_port:
        lines["server.http.listen_address"] = f"127.0.0.1:{http_port}"
        lines["server.http.advertised_address"] = f"127.0.0.1:{http_port}"
    if plugins is not None:
        lines["server.directories.plugins"] = str(plugins)
        lines["dbms.security.procedures.unrestricted"] = "gds.*"
    lines.update(extra or {})
    return "".join(f"{key}={value}\n" for key, value in lines.items())


def _run_home(port: int) -> Path:
    return cache_root() / f"run-{port}"
