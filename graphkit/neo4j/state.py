"""What graphkit knows of the local servers it started: one JSON state file per server (pid, port,
home; never the password), so that :func:`status` and :func:`stop` find a detached server later,
and never touch a process that is not one of ours.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .fetch import (
    MAIN_CLASS,
    _say,
    cache_root,
)

__all__ = ["ServerInfo", "status", "stop"]


@dataclass(frozen=True)
class ServerInfo:
    """A running local server. Holds no password, so it is safe to print or save."""

    uri: str
    user: str
    pid: int
    home: str
    port: int
    version: str
    log_file: str
    gds: bool = False
    http_port: int | None = None
    detached: bool = True


def _state_file(port: int) -> Path:
    return cache_root() / f"run-{port}.json"


def _write_state(info: ServerInfo) -> None:
    path = _state_file(info.port)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(info), indent=1))
    os.chmod(tmp, 0o600)
    tmp.rename(path)


def _alive(pid: int) -> bool:
    """True while pid exists and is not a zombie (an exited child of ours is reaped here)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    if state == "Z":
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return False
    return True


def _is_our_server(info: ServerInfo) -> bool:
    """True if info.pid is alive and is the java we started in info.home (not a reused pid)."""
    try:
        cmdline = Path(f"/proc/{info.pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return (_alive(info.pid) and MAIN_CLASS.encode() in cmdline
            and f"--home-dir={info.home}".encode() in cmdline)


def _recorded() -> list[ServerInfo]:
    servers = []
    for path in sorted(cache_root().glob("run-*.json")):
        with contextlib.suppress(OSError, ValueError, TypeError):
            servers.append(ServerInfo(**json.loads(path.read_text())))
    return servers


def _chosen(info: ServerInfo, port: int | None) -> bool:
    """Without a port, only detached servers: a test session's server is not the user's to stop."""
    return info.port == port if port is not None else info.detached


def status(port: int | None = None) -> ServerInfo | None:
    """The running server on ``port`` (or the first detached one), else None.

    What servers that are gone left behind (state file, home) is removed on the way.
    """
    running = None
    for info in _recorded():
        if not _is_our_server(info):
            _forget(info)
        elif running is None and _chosen(info, port):
            running = info
    return running


def _forget(info: ServerInfo) -> None:
    """Remove what a server that is gone leaves behind: its home and its state file."""
    shutil.rmtree(info.home, ignore_errors=True)
    _state_file(info.port).unlink(missing_ok=True)


def stop(port: int | None = None, timeout: float = 30.0) -> bool:
    """Stop the server on ``port`` (every detached one if None); True if one was running.

    SIGTERM first (Neo4j shuts down cleanly in about a second), SIGKILL after
    ``timeout`` seconds; then the run's home folder and state file are removed.
    """
    stopped = False
    for info in _recorded():
        if not _chosen(info, port):
            continue
        if _is_our_server(info):
            began = time.monotonic()
            os.kill(info.pid, signal.SIGTERM)
            # _alive, not _is_our_server: an exiting process's cmdline reads empty before it is gone
            while _alive(info.pid) and time.monotonic() - began < timeout:
                time.sleep(0.1)
            if _alive(info.pid):
                _say(f"Neo4j pid {info.pid} ignored SIGTERM for {timeout:.0f} s; killing it")
                os.kill(info.pid, signal.SIGKILL)
                while _alive(info.pid) and time.monotonic() - began < timeout + 10:
                    time.sleep(0.1)
            _say(f"stopped Neo4j on {info.uri} in {time.monotonic() - began:.1f} s")
            stopped = True
        _forget(info)
    return stopped
