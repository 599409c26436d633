"""The options, filters and error handling that every ``graphkit`` command shares.

Every command module of ``graphkit.cli`` imports from here, and this module from none of them. Connection settings come from options or NEO4J_URI, NEO4J_USER,
NEO4J_PASSWORD and NEO4J_DATABASE; the password only from the environment or a hidden prompt,
never from an option (it would show in the process list).
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from pathlib import Path

import click

from ..claims.model import DEFAULT_MIN_STATUS, EvidenceFilter, parse_as_of
from ..claims.vocab import load_vocabulary
from ..errors import GraphkitError, InvalidDatasetError
from ..outputs.textout import safe

__all__ = ["VOCAB", "handle_errors", "data_option", "json_option", "backend_options", "open_backend",
           "evidence_options", "make_filter", "connection_options", "open_neo4j", "dump"]

VOCAB = load_vocabulary()


def dump(obj, per_line: bool = False) -> None:
    """JSON, indented; with ``per_line`` a list one item a line, unindented, for answers too long to
    read whole (written by json's C encoder, several times faster than its indenting one)."""
    if per_line and obj:
        click.echo("[\n" + ",\n".join(json.dumps(item, ensure_ascii=False, default=str) for item in obj) + "\n]")
    else:
        click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def handle_errors(func):
    """Turn graphkit's own errors into a one-line message and exit status 1."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except InvalidDatasetError as exc:
            for issue in exc.report.errors[:20]:
                click.echo(safe(issue.format()), err=True)
            more = len(exc.report.errors) - 20
            if more > 0:
                click.echo(f"... and {more} more", err=True)
            raise click.ClickException("the dataset is invalid; fix the errors above "
                                       "(`graphkit validate` lists them all)") from None
        except GraphkitError as exc:
            # line by line: a few messages are several lines on purpose (a server log's tail)
            raise click.ClickException("\n".join(safe(line) for line in str(exc).split("\n"))) from None
    return wrapper


def _password(required: bool = True) -> str:
    password = os.environ.get("NEO4J_PASSWORD")
    if password is not None:
        return password
    if sys.stdin.isatty():
        return click.prompt("Neo4j password", hide_input=True, err=True)
    if required:
        raise click.ClickException("no Neo4j password: set NEO4J_PASSWORD (or run in a terminal to be asked)")
    return ""


def connection_options(func):
    """--uri, --user, --database and --dataset, shared by every command that talks to Neo4j."""
    options = [
        click.option("--uri", default=None, help="Bolt address [env NEO4J_URI; default bolt://127.0.0.1:7687]; "
                     "neo4j:// routes in a cluster."),
        click.option("--user", default=None, help="User name [env NEO4J_USER; default neo4j]."),
        click.option("--database", default=None, help="Database [env NEO4J_DATABASE; default the server's]."),
        click.option("--dataset", default=None,
                     help="Name marking graphkit's data in Neo4j [default: the data folder's name]."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def open_neo4j(uri, user, database, dataset, data_dir: Path | None = None):
    """A connected :class:`Neo4jGraph` for the options given."""
    from ..neo4j.backend import Neo4jGraph, Neo4jSettings

    settings = Neo4jSettings.from_env(uri, user, _password(), database)
    name = dataset or (Path(data_dir).resolve().name if data_dir else "data")
    return Neo4jGraph(settings, dataset=name)


def data_option(func):
    return click.option("--data", "data_dir", default="data", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Dataset folder holding entities.csv, relations.csv, sources.csv.")(func)


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (what the Python API returns).")(func)


def backend_options(func):
    """--backend and, for Neo4j, where to connect."""
    func = connection_options(func)
    return click.option("--backend", type=click.Choice(["networkx", "neo4j"]), default="networkx",
                        show_default=True, help="Answer from the embedded graph or from Neo4j "
                        "(load it first with `graphkit neo4j load`).")(func)


@contextlib.contextmanager
def open_backend(backend, data_dir, uri, user, database, dataset):
    """The backend a command asked for, closed afterwards.

    The embedded backend answers from the dataset's columnar index (built, validated
    and stored on first use; see :mod:`graphkit.core.engine`).
    """
    if backend == "neo4j":
        with open_neo4j(uri, user, database, dataset, data_dir) as db:
            yield db
    else:
        from ..core.engine import load_index

        yield load_index(data_dir)


def evidence_options(func):
    """The evidence filters shared by paths, rank, communities and render."""
    options = [
        click.option("--min-status", type=click.Choice(VOCAB.status_ids), default=DEFAULT_MIN_STATUS,
                     show_default=True, help="Keep claims this strong or stronger (order: "
                     + " > ".join(VOCAB.status_ids) + ")."),
        click.option("--types", default=None, metavar="TYPE[,TYPE…]",
                     help="Keep only these relation types (comma-separated)."),
        click.option("--exclude-disputed", is_flag=True, help="Drop links that any party disputes."),
        click.option("--exclude-single-source", is_flag=True,
                     help="Drop links asserted by only one party."),
        click.option("--as-of", default=None, metavar="DATE",
                     help="Keep claims that may hold on this date (YYYY, YYYY-MM, YYYY-MM-DD); "
                     "undated claims stay."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_filter(min_status, types, exclude_disputed, exclude_single_source, as_of) -> EvidenceFilter:
    chosen = tuple(t.strip() for t in types.split(",") if t.strip()) if types else None
    return EvidenceFilter(min_status, chosen, exclude_disputed, exclude_single_source,
                          parse_as_of(as_of)).check(VOCAB)
