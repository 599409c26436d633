"""The ``graphkit`` command line: each command is a thin call into the Python API."""
from __future__ import annotations

import contextlib
import functools
import json
import sys
from pathlib import Path

import click

from . import analysis, report as report_mod
from .errors import GraphkitError, InvalidDatasetError
from .graph import load_graph
from .model import DEFAULT_MIN_STATUS, EvidenceFilter, parse_as_of
from .textout import format_issue_summary, format_path, format_table, safe
from .validate import validate as validate_dataset
from .vocab import load_vocabulary

VOCAB = load_vocabulary()


def _dump(obj) -> None:
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


def data_option(func):
    return click.option("--data", "data_dir", default="data", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Dataset folder holding entities.csv, relations.csv, sources.csv.")(func)


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (what the Python API returns).")(func)


def backend_options(func):
    """--backend and, for Neo4j, where to connect."""
    from .cli_neo4j import connection_options

    func = connection_options(func)
    return click.option("--backend", type=click.Choice(["networkx", "neo4j"]), default="networkx",
                        show_default=True, help="Answer from the embedded graph or from Neo4j "
                        "(load it first with `graphkit neo4j load`).")(func)


@contextlib.contextmanager
def open_backend(backend, data_dir, uri, user, database, dataset):
    """The backend a command asked for, closed afterwards."""
    if backend == "neo4j":
        from .cli_neo4j import open_neo4j

        with open_neo4j(uri, user, database, dataset, data_dir) as db:
            yield db
    else:
        from .backends.networkx_backend import NetworkXBackend

        yield NetworkXBackend(load_graph(data_dir))


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="graphkit")
def cli():
    """graphkit: a sourced graph of people, agencies and criminal groups.

    Every link is a claim: who makes it, where we read it, and how well it
    stands (established > reported > alleged > unverified > contradicted).
    """


@cli.command()
@click.argument("directory", default="data", type=click.Path(file_okay=False, path_type=Path))
@click.option("--archive", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of <source_id>.txt texts; check every quote appears verbatim in its source.")
@json_option
@handle_errors
def validate(directory, archive, as_json):
    """Check a dataset folder; list every problem as FILE:LINE:COLUMN: code: message.

    Exits 1 when there is any error, 0 when the dataset is valid (warnings allowed).

    Example: graphkit validate data/ --archive data/archive
    """
    result = validate_dataset(directory, archive=archive)
    if as_json:
        _dump(result.to_dict())
    else:
        for issue in result.issues:
            click.echo(safe(issue.format()))
        click.echo(format_issue_summary(len(result.errors), len(result.warnings), result.checked),
                   err=bool(result.issues))
    sys.exit(0 if result.valid else 1)


@cli.command()
@click.argument("source")
@click.argument("target")
@data_option
@evidence_options
@click.option("--k", type=click.IntRange(min=1), default=None, help="The k shortest simple paths.")
@click.option("--max-hops", type=click.IntRange(min=1), default=None, help="Longest path to show.")
@click.option("--order", type=click.Choice(["hops", "evidence"]), default="hops", show_default=True,
              help="hops: fewest hops first; evidence: prefer stronger statuses and more independent parties.")
@backend_options
@json_option
@handle_errors
def paths(source, target, data_dir, min_status, types, exclude_disputed, exclude_single_source, as_of,
          k, max_hops, order, backend, uri, user, database, dataset, as_json):
    """How SOURCE connects to TARGET, every hop with its claims and citations.

    SOURCE and TARGET are ids, names or aliases (any case, Cyrillic too).

    Example: graphkit paths Putin Kumarin --min-status alleged --k 3
    """
    evidence = make_filter(min_status, types, exclude_disputed, exclude_single_source, as_of)
    with open_backend(backend, data_dir, uri, user, database, dataset) as answers:
        found = answers.shortest_paths(source, target, evidence, k, max_hops, order)
    if as_json:
        _dump(found)
        return
    click.echo(f"{len(found)} path(s); filters: {evidence.describe()}")
    for number, path in enumerate(found, 1):
        click.echo("\n".join(format_path(number, path)))


@cli.command()
@data_option
@evidence_options
@click.option("--metric", type=click.Choice(list(analysis.METRICS)), default="betweenness",
              show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--robustness", is_flag=True,
              help="Show how the ranking moves without unverified, alleged, disputed or single-source claims.")
@backend_options
@json_option
@handle_errors
def rank(data_dir, min_status, types, exclude_disputed, exclude_single_source, as_of, metric, top,
         robustness, backend, uri, user, database, dataset, as_json):
    """Rank entities by a centrality metric on the claims the filters keep.

    Example: graphkit rank --metric pagerank --top 5 --min-status reported
    """
    evidence = make_filter(min_status, types, exclude_disputed, exclude_single_source, as_of)
    if robustness:
        if backend != "networkx":
            raise click.UsageError("--robustness runs on the embedded graph; leave out --backend neo4j")
        frame = analysis.robustness(load_graph(data_dir), metric, evidence, top)
    else:
        with open_backend(backend, data_dir, uri, user, database, dataset) as answers:
            frame = answers.rank(metric, evidence, top)
    if as_json:
        _dump(json.loads(frame.to_json(orient="records", force_ascii=False)))
        return
    if robustness:
        click.echo(f"robustness of the {metric} ranking; filters: {evidence.describe()}; "
                   "rank without each kind of claim (blank: drops to zero)")
        frame = frame[["rank", "id", "name"] + [c for c in frame.columns if c.endswith("_rank") and c != "rank"]]
        frame.columns = [c.removesuffix("_rank").replace("_", " ") for c in frame.columns]
    else:
        click.echo(f"{metric} ranking; filters: {evidence.describe()}")
    click.echo(format_table(frame))


@cli.command()
@data_option
@evidence_options
@json_option
@handle_errors
def communities(data_dir, min_status, types, exclude_disputed, exclude_single_source, as_of, as_json):
    """Groups of closely connected entities (Louvain), largest first.

    Example: graphkit communities --min-status alleged
    """
    evidence = make_filter(min_status, types, exclude_disputed, exclude_single_source, as_of)
    found = analysis.communities(load_graph(data_dir), evidence)
    if as_json:
        _dump(found)
        return
    for c in found:
        names = ", ".join(m["name"] for m in c["members"])
        click.echo(safe(f"{c['community']}. {c['label']} ({c['size']}): {names}"))


@cli.command()
@data_option
@evidence_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="HTML file to write.")
@click.option("--focus", default=None, metavar="ENTITY",
              help="Draw only this entity's neighbourhood (an id, name or alias).")
@click.option("--hops", type=click.IntRange(min=0), default=2, show_default=True,
              help="How many steps from --focus to draw.")
@click.option("--size-by", type=click.Choice(list(analysis.METRICS)), default="degree", show_default=True,
              help="Centrality that sizes the nodes (betweenness and closeness are slow on large graphs).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=1500, show_default=True,
              help="Node budget: past it, draw the highest-ranked entities and say on the page what was left out.")
@click.option("--title", default="graphkit: sourced network", show_default=True, help="Page title.")
@handle_errors
def render(data_dir, min_status, types, exclude_disputed, exclude_single_source, as_of, output,
           focus, hops, size_by, max_nodes, title):
    """Write the graph as one self-contained HTML page for readers (works offline).

    Example: graphkit render -o out/graph.html --focus Kumarin --hops 2 --min-status alleged
    """
    from .render import page_data, write_page

    evidence = make_filter(min_status, types, exclude_disputed, exclude_single_source, as_of)
    data = page_data(load_graph(data_dir), evidence, focus=focus, hops=hops, size_by=size_by,
                     max_nodes=max_nodes)
    write_page(data, output, title)
    shown, meta = len(data["entities"]), data["meta"]
    click.echo(safe(f"wrote {output}: {shown} of {meta['total_entities']} entities, "
                    f"{len(data['edges'])} of {meta['total_edges']} links; filters: {evidence.describe()}"))
    if meta["trimmed"]:
        click.echo(f"left out {meta['total_entities'] - shown} entities past --max-nodes {max_nodes}; "
                   "use --focus ENTITY or a larger --max-nodes to see them", err=True)


@cli.command()
@data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/graph.html"), show_default=True, help="HTML page to write.")
@click.option("--archive", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Check quotes against this archive folder too (default: DATA/archive if present).")
@json_option
@handle_errors
def report(data_dir, output, archive, as_json):
    """The main job: validate, build, print the key findings with sources, write the page.

    Example: graphkit report --data data -o out/graph.html
    """
    result = report_mod.build_report(data_dir, output, archive)
    if as_json:
        _dump(result)
    else:
        click.echo(report_mod.format_report(result))
    if not result["validation"]["valid"]:
        sys.exit(1)


@cli.command()
@data_option
@click.option("--type", "entity_type", type=click.Choice(list(VOCAB.entity_types)), default=None)
@json_option
@handle_errors
def entities(data_dir, entity_type, as_json):
    """List entities with their ids, types and aliases (to find the name to ask for).

    Example: graphkit entities --type person
    """
    g = load_graph(data_dir)
    rows = [{"id": e, "name": r["name"], "type": r["type"], "aliases": r.get("aliases", "")}
            for e, r in sorted(g.entities.items()) if entity_type in (None, r["type"])]
    if as_json:
        _dump(rows)
        return
    import pandas as pd

    click.echo(format_table(pd.DataFrame(rows, columns=["id", "name", "type", "aliases"])))


@cli.command()
@json_option
def vocab(as_json):
    """Print the vocabularies: statuses, entity types, relation types, source kinds.

    Example: graphkit vocab
    """
    v = VOCAB
    data = {
        "statuses": [{"id": s.id, "definition": s.definition} for s in v.statuses],
        "stances": [{"id": s.id, "definition": s.definition} for s in v.stances.values()],
        "entity_types": [{"id": t.id, "definition": t.definition} for t in v.entity_types.values()],
        "relation_types": [{"id": r.id, "label": r.label, "definition": r.definition,
                            "from": sorted(r.from_types), "to": sorted(r.to_types)}
                           for r in v.relation_types.values()],
        "source_kinds": [{"id": k.id, "definition": k.definition} for k in v.source_kinds.values()],
    }
    if as_json:
        _dump(data)
        return
    for section, terms in data.items():
        click.echo(f"{section}:")
        for t in terms:
            click.echo(f"  {t['id']}: {t['definition']}")


def _register_neo4j() -> None:
    from .cli_neo4j import neo4j_group, query_command

    cli.add_command(neo4j_group)
    cli.add_command(query_command)


_register_neo4j()


def _register_export() -> None:
    from .cli_export import export_commands

    for command in export_commands():
        cli.add_command(command)


_register_export()


def main() -> None:
    cli(prog_name="graphkit")


if __name__ == "__main__":
    main()
