"""Fetch a Neo4j Community server (and the open Graph Data Science plugin) from Maven Central.

Neo4j's tarball is not on Maven Central, but its jars are: :func:`fetch` asks Maven for
``org.neo4j:neo4j`` and its runtime dependencies and keeps them in a cache outside the repository
(``$GRAPHKIT_CACHE`` or ``~/.cache/graphkit``), once, under a lock, marked complete only when whole.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..errors import GraphkitError

__all__ = [
    "MAIN_CLASS", "BROWSER_VERSION", "DEPENDENCY_PLUGIN", "GDS_VERSION", "NEO4J_VERSION", "Neo4jServerError",
    "cache_root", "fetch", "fetch_gds",
]

# Newest 5.26 LTS patch on Maven Central that runs on Java 17 (2025.x needs 21).
NEO4J_VERSION = "5.26.30"
# Open GDS modules are on Maven Central unshaded; 2.13.9 is the newest with all of them.
GDS_VERSION = "2.13.9"
# Served at /browser/ when the HTTP connector is on; the newest Browser on Maven Central.
BROWSER_VERSION = "5.24.0"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
_MARKER = ".complete"


class Neo4jServerError(GraphkitError):
    """The local Neo4j server could not be fetched, started or reached."""


def _say(message: str) -> None:
    print(f"graphkit neo4j: {message}", file=sys.stderr, flush=True)


def cache_root() -> Path:
    """``$GRAPHKIT_CACHE`` if set, else ``~/.cache/graphkit``."""
    root = os.environ.get("GRAPHKIT_CACHE") or Path.home() / ".cache" / "graphkit"
    return Path(root).expanduser().resolve()


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} not written)"


def _pom(dependencies: list[tuple[str, str, str]]) -> str:
    deps = "".join(f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
                   f"<version>{v}</version></dependency>" for g, a, v in dependencies)
    return ('<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
            '<groupId>graphkit.throwaway</groupId><artifactId>neo4j-fetch</artifactId><version>0</version>'
            f'<packaging>pom</packaging><dependencies>{deps}</dependencies></project>')


def _run_maven(pom_dir: Path, out_dir: Path) -> None:
    """Copy the runtime closure of pom_dir/pom.xml into out_dir in repository layout."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jServerError("`mvn` not found: install Maven (e.g. `apt-get install -y maven`)")
    cmd = [mvn, "-B", "-ntp", "-f", str(pom_dir / "pom.xml"),
           f"-Dmaven.repo.local={pom_dir / 'm2'}",  # throwaway: the jars we keep are copied out
           f"{DEPENDENCY_PLUGIN}:copy-dependencies", "-DincludeScope=runtime",
           "-Dmdep.useRepositoryLayout=true", f"-DoutputDirectory={out_dir}"]
    log = pom_dir / "mvn.log"
    with open(log, "wb") as fh:
        code = subprocess.call(cmd, cwd=pom_dir, stdin=subprocess.DEVNULL, stdout=fh, stderr=subprocess.STDOUT)
    if code != 0:
        raise Neo4jServerError(f"Maven failed (exit {code}):\n{_tail(log)}")


def _flatten(repo_dir: Path, lib: Path, skip: set[str] = frozenset()) -> list[str]:
    """Move jars from Maven's repository layout into one flat folder.

    Returns the ``group:artifact`` keys kept; those in ``skip`` are dropped.
    """
    lib.mkdir(parents=True)
    keys = []
    for jar in sorted(repo_dir.rglob("*.jar")):
        parts = jar.relative_to(repo_dir).parts  # group/.../artifact/version/file.jar
        key = ".".join(parts[:-3]) + ":" + parts[-3]
        if key in skip:
            continue
        target = lib / jar.name
        if target.exists():  # same file name from two groups
            target = lib / f"{'.'.join(parts[:-3])}.{jar.name}"
        jar.rename(target)
        keys.append(key)
    return keys


@contextlib.contextmanager
def _locked(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def _complete(target: Path, requested: list[str]) -> bool:
    try:
        marker = json.loads((target / _MARKER).read_text())
    except (OSError, ValueError):
        return False
    return marker.get("requested") == requested and (target / "lib").is_dir()


def _fetch_into(target: Path, what: str, dependencies, skip=frozenset()) -> Path:
    """Fill ``target/lib`` once; a marker written last makes later calls free."""
    lib, requested = target / "lib", [":".join(d) for d in dependencies]
    if _complete(target, requested):
        return lib
    with _locked(target):
        if _complete(target, requested):  # another process finished it meanwhile
            return lib
        _say(f"fetching {what} from Maven Central into {target} ...")
        began = time.monotonic()
        with tempfile.TemporaryDirectory(prefix=".staging-", dir=target) as staging:
            staging = Path(staging)
            (staging / "pom.xml").write_text(_pom(dependencies))
            _run_maven(staging, staging / "repo")
            (target / _MARKER).unlink(missing_ok=True)
            shutil.rmtree(lib, ignore_errors=True)
            keys = _flatten(staging / "repo", staging / "lib", set(skip))
            (staging / "lib").rename(lib)
        size = sum(p.stat().st_size for p in lib.iterdir()) / 1e6
        marker = {"requested": requested, "artifacts": keys, "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        (target / (_MARKER + ".tmp")).write_text(json.dumps(marker, indent=1))
        (target / (_MARKER + ".tmp")).rename(target / _MARKER)
        _say(f"fetched {len(keys)} jars ({size:.0f} MB) in {time.monotonic() - began:.0f} s")
    return lib


def fetch(version: str | None = None) -> Path:
    """Return the folder of Neo4j Community jars, downloading them only the first time.

    >>> fetch()                                  # doctest: +SKIP
    PosixPath('/root/.cache/graphkit/neo4j-5.26.30/lib')
    """
    version = version or NEO4J_VERSION
    return _fetch_into(cache_root() / f"neo4j-{version}", f"Neo4j Community {version}",
                       [("org.neo4j", "neo4j", version), ("org.neo4j.client", "neo4j-browser", BROWSER_VERSION)])


def fetch_gds(version: str | None = None, gds_version: str | None = None) -> Path:
    """Return a plugins folder with open Graph Data Science for that Neo4j version.

    The modules that OpenGDS's own plugin jar shades are assembled unshaded;
    jars Neo4j already ships (Jackson, Caffeine, ...) are left out so that one
    copy of each class is on the class path.
    """
    version, gds_version = version or NEO4J_VERSION, gds_version or GDS_VERSION
    fetch(version)
    neo4j_dir = cache_root() / f"neo4j-{version}"
    shipped = set(json.loads((neo4j_dir / _MARKER).read_text())["artifacts"])
    modules = ["proc", "proc-sysinfo", "open-write-services", "opengds-extension"]
    return _fetch_into(neo4j_dir / f"gds-{gds_version}", f"open GDS {gds_version}",
                       [("org.neo4j.gds", m, gds_version) for m in modules], skip=shipped)
