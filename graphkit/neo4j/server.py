"""Fetch, start, check and stop a local Neo4j Community server without Docker.

Neo4j's tarball is not on Maven Central, but its jars are: :func:`fetch` asks
Maven for ``org.neo4j:neo4j`` and its runtime dependencies and keeps them in a
cache outside the repository (``$GRAPHKIT_CACHE`` or ``~/.cache/graphkit``).
:func:`start` runs ``java`` on those jars with a fresh home folder, Bolt on
127.0.0.1 only, HTTP off unless asked for, auth on; the password comes from
``NEO4J_PASSWORD`` and is set over Bolt after start, so it never appears in a
command line, a config file or a log. A small JSON state file per server (pid,
port, home; never the password) lets :func:`status` and :func:`stop` find a
detached server later.

>>> info = start(port=7687)                      # doctest: +SKIP
>>> info.uri                                     # doctest: +SKIP
'bolt://127.0.0.1:7687'
>>> stop()                                       # doctest: +SKIP
True

From a shell: ``python -m graphkit.neo4j.server fetch|start|status|stop``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict

from .fetch import (
    GDS_VERSION,
    MAIN_CLASS,
    NEO4J_VERSION,
    Neo4jServerError,
    _say,
    _tail,
    cache_root,
    fetch,
    fetch_gds,
)
from .settings import (
    DEFAULT_PORT,
    JVM_FLAGS,
    QUICK_START_JVM,
    _config,
    _java,
    _port_free,
    _run_home,
    default_heap,
    default_pagecache,
    free_port,
)
from .state import (
    ServerInfo,
    _write_state,
    status,
    stop,
)

__all__ = [
    "NEO4J_VERSION", "GDS_VERSION", "QUICK_START_JVM", "Neo4jServerError", "ServerInfo",
    "cache_root", "fetch", "fetch_gds", "start", "stop", "status", "free_port", "default_heap",
    "default_pagecache",
]

START_TIMEOUT = 120.0
_INITIAL_PASSWORD = "neo4j"  # Neo4j's built-in, already-expired password


def start(port: int = DEFAULT_PORT, detach: bool = True, *, password: str | None = None,
          version: str | None = None, heap: str | None = None, pagecache: str | None = None,
          gds: bool = False, http_port: int | None = None, java: str | None = None,
          timeout: float = START_TIMEOUT, extra_config: dict[str, str] | None = None,
          jvm_options: tuple[str, ...] = ()) -> ServerInfo:
    """Start Neo4j on 127.0.0.1:``port`` and return once Bolt accepts the password.

    ``password`` defaults to ``$NEO4J_PASSWORD`` (at least 8 characters). With
    ``detach=True`` the server outlives this process; otherwise it is killed
    when this process dies. The home folder ``<cache>/run-<port>`` is made
    fresh, holds ``logs/console.log``, and is removed by :func:`stop`.
    ``http_port`` turns on HTTP on 127.0.0.1 with Neo4j Browser at ``/browser/``.
    ``extra_config`` adds neo4j.conf lines; ``jvm_options`` adds java flags
    (e.g. :data:`QUICK_START_JVM`). ``heap`` and ``pagecache`` default to
    :func:`default_heap` and :func:`default_pagecache`.
    """
    try:
        from neo4j import GraphDatabase  # the driver is needed only from here on
    except ImportError:
        raise Neo4jServerError("the neo4j driver is missing: pip install neo4j") from None

    password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
    if not password:
        raise Neo4jServerError("set NEO4J_PASSWORD (at least 8 characters) before starting Neo4j")
    if len(password) < 8 or password == _INITIAL_PASSWORD:
        raise Neo4jServerError("NEO4J_PASSWORD must have at least 8 characters and not be 'neo4j'")
    if status(port) is not None:
        raise Neo4jServerError(f"a graphkit Neo4j server already runs on port {port}; stop it first")
    for wanted in (port, http_port):
        if wanted and not _port_free(wanted):
            raise Neo4jServerError(f"port {wanted} on 127.0.0.1 is already in use")
    version = version or NEO4J_VERSION
    heap, pagecache = heap or default_heap(), pagecache or default_pagecache()
    lib = fetch(version)
    plugins = fetch_gds(version) if gds else None
    java = _java(java)

    home = _run_home(port)
    shutil.rmtree(home, ignore_errors=True)
    (home / "conf").mkdir(parents=True, mode=0o700)
    (home / "logs").mkdir()
    (home / "conf" / "neo4j.conf").write_text(_config(port, pagecache, http_port, plugins, extra_config))
    classpath = f"{lib}/*" + (f":{plugins}/*" if plugins else "")
    cmd = [java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS, *jvm_options, "-cp", classpath, MAIN_CLASS,
           f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode"]
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    log_file = home / "logs" / "console.log"
    began = time.monotonic()
    with open(log_file, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=home, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=None if detach else _die_with(os.getpid()))
    info = ServerInfo(uri=f"bolt://127.0.0.1:{port}", user="neo4j", pid=proc.pid, home=str(home), port=port,
                      version=version, log_file=str(log_file), gds=gds, http_port=http_port, detached=detach)
    _write_state(info)
    _say(f"starting Neo4j {version} on {info.uri} (pid {proc.pid}, home {home})")
    try:
        _set_password(GraphDatabase, info, password, proc, began + timeout)
    except BaseException as err:
        tail = _tail(log_file)
        stop(port)
        proc.wait()
        if isinstance(err, Neo4jServerError):
            raise Neo4jServerError(f"{err}\n--- last lines of the server log ---\n{tail}") from None
        raise
    _say(f"Neo4j ready on {info.uri} after {time.monotonic() - began:.1f} s")
    return info


def _die_with(parent: int):
    """A preexec_fn: the child gets SIGTERM when ``parent`` (this thread) dies (Linux prctl)."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)

    def arm() -> None:
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    return arm


def _set_password(GraphDatabase, info: ServerInfo, password: str, proc, deadline: float) -> None:
    """Wait for Bolt, then replace the expired initial password over it, then check it."""
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

    def poll(auth, action):
        while True:
            if proc.poll() is not None:
                raise Neo4jServerError(f"Neo4j exited with code {proc.returncode} while starting")
            try:
                with GraphDatabase.driver(info.uri, auth=auth) as driver:
                    driver.verify_connectivity()
                    return action(driver)
            except (ServiceUnavailable, SessionExpired, TransientError, OSError):
                # not listening yet, or a database still starting
                if time.monotonic() > deadline:
                    raise Neo4jServerError(f"Neo4j not ready on {info.uri} within the timeout") from None
                time.sleep(0.25)
            except AuthError:
                raise
            except Neo4jError as err:
                raise Neo4jServerError(f"Neo4j refused the setup query: {err.code}: {err.message}") from None

    try:
        poll((info.user, _INITIAL_PASSWORD), lambda driver: driver.execute_query(
            "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
            old=_INITIAL_PASSWORD, new=password, database_="system"))
    except AuthError:
        raise Neo4jServerError("the initial password was already changed by someone else; "
                               "refusing to use this server") from None
    poll((info.user, password), lambda driver: driver.execute_query("RETURN 1", database_="neo4j"))


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graphkit.neo4j.server",
                                     description="Local Neo4j Community server (password from $NEO4J_PASSWORD).")
    sub = parser.add_subparsers(dest="command", required=True)
    fetch_cmd = sub.add_parser("fetch", help="download the jars once into the cache")
    fetch_cmd.add_argument("--gds", action="store_true", help="also open Graph Data Science")
    start_cmd = sub.add_parser("start", help="start a server and print its details as JSON")
    start_cmd.add_argument("--port", type=int, default=DEFAULT_PORT)
    start_cmd.add_argument("--heap", default=None, help="JVM heap [env GRAPHKIT_NEO4J_HEAP; default 2g]")
    start_cmd.add_argument("--pagecache", default=None,
                           help="page cache [env GRAPHKIT_NEO4J_PAGECACHE; default 1g]")
    start_cmd.add_argument("--http-port", type=int, default=None,
                           help="also serve HTTP (API and Neo4j Browser at /browser/) on this port")
    start_cmd.add_argument("--gds", action="store_true", help="load open Graph Data Science")
    start_cmd.add_argument("--foreground", action="store_true", help="run until Ctrl-C, then stop")
    for name, text in (("status", "print the running server as JSON (exit 3 if none)"),
                       ("stop", "stop the server (without --port: every detached one)")):
        sub.add_parser(name, help=text).add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            print(fetch_gds() if args.gds else fetch())
        elif args.command == "start":
            info = start(args.port, detach=not args.foreground, heap=args.heap, pagecache=args.pagecache,
                         http_port=args.http_port, gds=args.gds)
            print(json.dumps(asdict(info), indent=1), flush=True)
            if args.foreground:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
                signal.sigwait({signal.SIGINT, signal.SIGTERM})
                stop(info.port)
        elif args.command == "status":
            info = status(args.port)
            print(json.dumps(asdict(info), indent=1) if info else "not running")
            return 0 if info else 3
        else:
            print("stopped" if stop(args.port) else "not running")
    except Neo4jServerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
