"""Passwords never appear in output, logs, exceptions, generated files or the arguments and environment
of the processes graphkit starts.

Each test uses a long random password (so that a match cannot be chance) and searches for it, and
for the wrong password a test types, everywhere it could leak.
"""
from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI, ROOT
from graphkit.neo4j import server as local_server
from graphkit.neo4j.backend import Neo4jError, Neo4jGraph, Neo4jSettings
from graphkit.cli.commands import cli


def everything_about(exc: BaseException) -> str:
    """An exception's message, repr, formatted traceback and every exception chained to it."""
    seen, texts = set(), []
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc)), repr(vars(exc))]
        exc = exc.__cause__ or exc.__context__
    return "\n".join(texts)


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_settings_never_show_the_password():
    password = secrets.token_urlsafe(24)
    settings = Neo4jSettings("bolt://127.0.0.1:1", "neo4j", password)
    assert password not in repr(settings) and password not in str(settings)
    assert password not in f"{settings!r} {settings}"


def test_a_wrong_password_is_refused_without_either_password_anywhere(neo4j_server, caplog):
    wrong = "wrong-" + secrets.token_urlsafe(24)
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.user, wrong, neo4j_server.database)
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        with pytest.raises(Neo4jError) as caught:
            Neo4jGraph(settings)
    assert "wrong user name or password" in str(caught.value)
    text = everything_about(caught.value) + caplog.text
    assert "HELLO" in caplog.text or "LOGON" in caplog.text  # the driver's debug log was captured
    assert wrong not in text and neo4j_server.password not in text


def test_the_right_password_stays_out_of_logs_output_and_exceptions(neo4j_server, caplog, tmp_path):
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password,
           "NEO4J_DATABASE": neo4j_server.database}
    runner = CliRunner()
    outputs = []
    bad_query = tmp_path / "bad.cypher"
    bad_query.write_text("MATCH (n {graphkit_dataset: $dataset}) RETURN n.id AS id ORDER BY", encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        for args in (["neo4j", "load", str(MINI), "--dataset", "secrets", "--json"],
                     ["neo4j", "load", str(MINI), "--dataset", "secrets"],
                     ["paths", "alice", "carol", "--backend", "neo4j", "--dataset", "secrets", "--data", str(MINI)],
                     ["rank", "--backend", "neo4j", "--dataset", "secrets", "--data", str(MINI), "--json"],
                     ["query", str(ROOT / "cypher" / "query" / "claims_about.cypher"), "--dataset", "secrets",
                      "--param", "entity=alice"],
                     ["query", str(bad_query), "--dataset", "secrets"],  # the server refuses it
                     ["neo4j", "wipe", "--dataset", "secrets", "--yes"]):
            result = runner.invoke(cli, args, env=env)
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
            outputs.append(result.output)
            if result.exception and not isinstance(result.exception, SystemExit):
                outputs.append(everything_about(result.exception))
    assert "loaded dataset 'secrets'" in outputs[1] and "removed" in outputs[-1]
    assert "refused the request: Neo.ClientError.Statement.SyntaxError" in outputs[-2]
    text = "\n".join(outputs) + caplog.text
    assert caplog.records, "the driver's debug log was not captured"
    assert neo4j_server.password not in text


def test_there_is_no_password_option():
    result = CliRunner().invoke(cli, ["neo4j", "load", str(MINI), "--password", "given-on-the-command-line"])
    assert result.exit_code == 2 and "No such option '--password'" in result.output


def test_generated_files_hold_no_password(neo4j_server, tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    runner = CliRunner()
    commands = [["render", "-o", tmp_path / "page.html"], ["report", "-o", tmp_path / "report.html", "--json"]]
    commands += [["export", "--format", fmt, "-o", tmp_path / f"export.{fmt}"]
                 for fmt in ("graphml", "gexf", "json", "ftm", "neo4j-import")]
    for args in commands:
        result = runner.invoke(cli, [*map(str, args), "--data", str(MINI)])
        assert result.exit_code == 0, result.output
        assert neo4j_server.password not in result.output
    written = files_under(tmp_path)
    assert len(written) >= 3
    assert [name for name, data in written.items() if neo4j_server.password.encode() in data] == []


def test_a_server_started_from_the_cli_keeps_the_password_out_of_its_process_files_and_output(neo4j_server):
    """The java process's command line and environment, every file of its home (configuration, logs,
    the databases themselves), the state file and what `graphkit neo4j start|status|stop` print."""
    if neo4j_server.server is None:
        pytest.skip("NEO4J_URI names an external server; this test starts a local one")
    password = secrets.token_urlsafe(24)
    port = local_server.free_port()
    env = {**os.environ, "NEO4J_PASSWORD": password}
    graphkit = [sys.executable, "-m", "graphkit"]
    started = subprocess.run([*graphkit, "neo4j", "start", "--port", str(port), "--heap", "512m"], env=env,
                             capture_output=True, text=True, timeout=240)
    try:
        assert started.returncode == 0, started.stderr
        info = local_server.status(port)
        assert info is not None
        places = {"java argv": Path(f"/proc/{info.pid}/cmdline").read_bytes(),
                  "java environment": Path(f"/proc/{info.pid}/environ").read_bytes(),
                  "state file": (local_server.cache_root() / f"run-{port}.json").read_bytes(),
                  "start output": (started.stdout + started.stderr).encode()}
        status = subprocess.run([*graphkit, "neo4j", "status", "--port", str(port), "--json"], env=env,
                                capture_output=True, text=True, timeout=60)
        places["status output"] = (status.stdout + status.stderr).encode()
        with Neo4jGraph(Neo4jSettings(info.uri, "neo4j", password)) as db:  # the password works
            db.run("CREATE (:Probe {value: 1})", write=True)
        home = files_under(Path(info.home))
        assert any("logs/" in name for name in home) and any("databases/system" in name for name in home)
        places.update(home)
    finally:
        stopped = subprocess.run([*graphkit, "neo4j", "stop", "--port", str(port)], env=env, capture_output=True,
                                 text=True, timeout=120)
    places["stop output"] = (stopped.stdout + stopped.stderr).encode()
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert [where for where, data in places.items() if password.encode() in data] == []


def test_a_refused_password_is_not_repeated_in_the_error():
    too_short = "Sh0rt!"
    with pytest.raises(local_server.Neo4jServerError) as caught:
        local_server.start(port=local_server.free_port(), password=too_short)
    assert too_short not in everything_about(caught.value)
    result = CliRunner().invoke(cli, ["neo4j", "start", "--port", str(local_server.free_port())],
                                env={"NEO4J_PASSWORD": too_short})
    assert result.exit_code == 1 and too_short not in result.output
    assert result.stderr == "Error: NEO4J_PASSWORD must have at least 8 characters and not be 'neo4j'\n"
