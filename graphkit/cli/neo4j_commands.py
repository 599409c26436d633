"""``graphkit neo4j …`` and ``graphkit query``: Neo4j from the command line.

Connection settings come from options or NEO4J_URI, NEO4J_USER,
NEO4J_PASSWORD and NEO4J_DATABASE; the password only from the environment or
a hidden prompt, never from an option (it would show in the process list).
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from ..outputs.textout import safe
from .options import _password, connection_options, handle_errors, open_neo4j

__all__ = ["neo4j_group", "query_command", "connection_options", "open_neo4j"]


@click.group("neo4j")
def neo4j_group():
    """Run a local Neo4j server, and load graphkit's data into any Neo4j.

    Example: graphkit neo4j start && graphkit neo4j load data/
    """


@neo4j_group.command("start")
@click.option("--port", type=int, default=7687, show_default=True, help="Bolt port on 127.0.0.1.")
@click.option("--http-port", type=int, default=None, help="Also serve Neo4j Browser on this port (127.0.0.1).")
@click.option("--gds", is_flag=True, help="Load the open Graph Data Science plugin.")
@click.option("--heap", default=None, help="JVM heap [env GRAPHKIT_NEO4J_HEAP; default 2g]; page cache: env GRAPHKIT_NEO4J_PAGECACHE [default 1g].")
@handle_errors
def start(port, http_port, gds, heap):
    """Fetch Neo4j Community (once, from Maven Central) and start it on 127.0.0.1.

    The password is NEO4J_PASSWORD (at least 8 characters), or asked for.

    Example: NEO4J_PASSWORD=… graphkit neo4j start --port 7687 --http-port 7474
    """
    from ..neo4j import server as neo4j_server

    info = neo4j_server.start(port=port, detach=True, password=_password(), gds=gds, http_port=http_port,
                              heap=heap)
    click.echo(f"Neo4j {info.version} running: {info.uri} (user {info.user}, pid {info.pid})")
    if info.http_port:
        click.echo(f"Neo4j Browser: http://127.0.0.1:{info.http_port}/browser/")
    click.echo(f"export NEO4J_URI={info.uri}")


@neo4j_group.command("stop")
@click.option("--port", type=int, default=None, help="The server's Bolt port [default: every one started].")
@handle_errors
def stop(port):
    """Stop the local server(s) started with `graphkit neo4j start`.

    Example: graphkit neo4j stop
    """
    from ..neo4j import server as neo4j_server

    click.echo("stopped" if neo4j_server.stop(port) else "no local Neo4j server was running")


@neo4j_group.command("status")
@click.option("--port", type=int, default=None)
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def status(port, as_json):
    """Say whether a local server runs, and where (exit 3 when none).

    Example: graphkit neo4j status
    """
    from ..neo4j import server as neo4j_server

    info = neo4j_server.status(port)
    if info is None:
        click.echo("no local Neo4j server is running", err=True)
        sys.exit(3)
    click.echo(json.dumps(asdict(info)) if as_json else f"running: {info.uri} (pid {info.pid}, Neo4j {info.version})")


@neo4j_group.command("load")
@click.argument("directory", default="data", type=click.Path(file_okay=False, path_type=Path))
@connection_options
# the defaults are the backend's BATCH_SIZE and WRITERS, not imported here to keep start-up light (a test checks)
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True)
@click.option("--writers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Transactions written at once, on disjoint entities (Neo4j runs each on one core).")
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def load(directory, uri, user, database, dataset, batch_size, writers, as_json):
    """Validate DIRECTORY, then load it into Neo4j (idempotent; rerun after a failure).

    Example: graphkit neo4j load data/ --dataset seed
    """
    with open_neo4j(uri, user, database, dataset, directory) as db:
        counts = db.load(directory, batch_size=batch_size, writers=writers)
    if as_json:
        click.echo(json.dumps(counts))
        return
    click.echo(safe(f"loaded dataset '{counts['dataset']}' into {db.settings.uri}: {counts['entities']} entities, "
                    f"{counts['sources']} sources, {counts['claims']} claims"
                    + (f"; removed {counts['removed_relationships']} stale claims and {counts['removed_nodes']} "
                       "stale nodes" if counts["removed_relationships"] or counts["removed_nodes"] else "")))


@neo4j_group.command("wipe")
@connection_options
@click.option("--data", "data_dir", default="data", type=click.Path(file_okay=False, path_type=Path),
              help="Folder whose name is the default dataset name.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@handle_errors
def wipe(uri, user, database, dataset, data_dir, yes):
    """Remove graphkit's data of one dataset from Neo4j; nothing else is touched.

    Example: graphkit neo4j wipe --dataset seed --yes
    """
    with open_neo4j(uri, user, database, dataset, data_dir) as db:
        counts = db.counts()
        if not yes:
            click.confirm(safe(f"Remove dataset '{db.dataset}' ({counts['entities']} entities, {counts['sources']} "
                               f"sources, {counts['claims']} claims) from {db.settings.uri}?"), abort=True, err=True)
        result = db.wipe()
    kept = f"; kept {result['kept_nodes']} nodes that other relationships still use" if result["kept_nodes"] else ""
    click.echo(safe(f"removed {result['removed_nodes']} nodes and {result['removed_relationships']} relationships "
                    f"of dataset '{result['dataset']}'{kept}"))


def _parse_params(pairs: tuple[str, ...]) -> dict:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            raise click.BadParameter(safe(f"'{pair}' is not NAME=VALUE"), param_hint="--param")
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


@click.command("query")
@click.argument("file")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter (repeatable); VALUE is read as JSON when it is JSON, else as text.")
@click.option("--data", "data_dir", default="data", type=click.Path(file_okay=False, path_type=Path),
              help="Dataset folder (its name is the default dataset name).")
@click.option("--backend", type=click.Choice(["neo4j", "networkx"]), default="neo4j", show_default=True,
              help="Neo4j, or the embedded graph through grand-cypher (a subset of Cypher).")
@connection_options
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def query_command(file, params, data_dir, backend, uri, user, database, dataset, as_json):
    """Run one Cypher file: your own, or a query of the library by name.

    $dataset is filled in unless given. Examples:
    graphkit query connection --param from=putin --param to=kumarin;
    graphkit query cypher/query/claims_about.cypher --param entity=kumarin --backend networkx
    """
    import pandas as pd

    from ..neo4j.cypher import find_query, read_query
    from ..outputs.textout import format_table

    text = read_query(find_query(file))
    values = _parse_params(params)
    if backend == "networkx":
        from ..core.graph import load_graph
        from ..neo4j.embedded import run_embedded

        name = dataset or Path(data_dir).resolve().name
        rows = run_embedded(load_graph(data_dir), text, values, values.pop("dataset", name))
    else:
        with open_neo4j(uri, user, database, dataset, data_dir) as db:
            values.setdefault("dataset", db.dataset)
            rows = db.run(text, values)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(format_table(pd.DataFrame(rows)))
    click.echo(safe(f"({len(rows)} row(s))"))
