"""`graphkit neo4j start|status|stop` through the command line, on a real server of their own."""
import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from graphkit.neo4j import server as neo4j_server
from graphkit.cli.commands import cli


@pytest.fixture()
def password(monkeypatch, neo4j_server):
    if neo4j_server.server is None:
        pytest.skip("NEO4J_URI names an external server; these tests start a local one")
    value = "cli-test-password-42"
    monkeypatch.setenv("NEO4J_PASSWORD", value)
    return value


def test_start_status_stop_from_the_command_line(password):
    port = neo4j_server.free_port()
    runner = CliRunner()
    started = runner.invoke(cli, ["neo4j", "start", "--port", str(port), "--heap", "512m"])
    try:
        assert started.exit_code == 0, started.output
        lines = started.stdout.splitlines()
        assert lines[0].startswith(f"Neo4j {neo4j_server.NEO4J_VERSION} running: bolt://127.0.0.1:{port} (user neo4j")
        assert lines[-1] == f"export NEO4J_URI=bolt://127.0.0.1:{port}"
        assert password not in started.output
        with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", password)) as driver:
            assert driver.execute_query("RETURN 2 AS two").records[0]["two"] == 2
        status = runner.invoke(cli, ["neo4j", "status", "--port", str(port)])
        assert status.exit_code == 0 and status.stdout.startswith(f"running: bolt://127.0.0.1:{port} (pid ")
    finally:
        stopped = runner.invoke(cli, ["neo4j", "stop", "--port", str(port)])
    assert stopped.exit_code == 0 and stopped.stdout == "stopped\n"
    gone = runner.invoke(cli, ["neo4j", "status", "--port", str(port)])
    assert gone.exit_code == 3 and gone.stderr == "no local Neo4j server is running\n"


def test_start_refuses_a_short_password(monkeypatch, password):
    monkeypatch.setenv("NEO4J_PASSWORD", "short")
    result = CliRunner().invoke(cli, ["neo4j", "start", "--port", str(neo4j_server.free_port())])
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "8" in result.stderr
    assert "Traceback" not in result.output


def test_load_option_defaults_are_the_loader_s():
    """The command line keeps its own copy of the loader's defaults (importing the backend would
    slow every command's start); they must not drift apart."""
    from graphkit.neo4j.backend import BATCH_SIZE, WRITERS
    from graphkit.cli.neo4j_commands import neo4j_group

    options = {p.name: p.default for p in neo4j_group.commands["load"].params}
    assert (options["batch_size"], options["writers"]) == (BATCH_SIZE, WRITERS)
