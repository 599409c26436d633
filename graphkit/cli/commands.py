"""The ``graphkit`` command line: each command is a thin call into the Python API."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..core.engine import DEFAULT_SAMPLES, METRIC_NAMES
from ..outputs.textout import format_issue_summary, format_path, format_rows, safe
from .options import (  # noqa: F401
    VOCAB,
    backend_options,
    data_option,
    evidence_options,
    handle_errors,
    json_option,
    make_filter,
    open_backend,
)

# Heavy modules (pandas, networkx, the Neo4j driver) are imported inside the commands that
# need them: a question answered from a stored index starts in a fraction of a second.


def _dump(obj, per_line: bool = False) -> None:
    """JSON, indented; with ``per_line`` a list one item a line, unindented, for answers too long to
    read whole (written by json's C encoder, several times faster than its indenting one)."""
    if per_line and obj:
        click.echo("[\n" + ",\n".join(json.dumps(item, ensure_ascii=False, default=str) for item in obj) + "\n]")
    else:
        click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


class _Commands(click.Group):
    """The command group; the Neo4j and export commands are imported when first named."""

    _elsewhere = {"neo4j": ("neo4j_commands", "neo4j_group"), "query": ("neo4j_commands", "query_command"),
                  "export": ("export_command", "export_command"),
                  "import-ftm": ("export_command", "import_ftm_command")}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self._elsewhere))

    def get_command(self, ctx, name):
        if name in self._elsewhere and name not in self.commands:
            import importlib

            module, attribute = self._elsewhere[name]
            found = getattr(importlib.import_module(f".{module}", __package__), attribute)
            self.add_command(found() if attribute == "export_command" else found, name)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
    from ..reading.validate import validate as validate_dataset

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
@click.option("--metric", type=click.Choice(list(METRIC_NAMES)), default="betweenness", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--exact", "exact", flag_value=True, default=None,
              help="Compute betweenness or closeness exactly, however large the graph.")
@click.option("--sampled", "exact", flag_value=False,
              help="Estimate betweenness or closeness from sampled sources, however small the graph.")
@click.option("--samples", type=click.IntRange(min=2), default=DEFAULT_SAMPLES, show_default=True,
              help="Sources sampled when betweenness or closeness is estimated.")
@click.option("--robustness", is_flag=True,
              help="Show how the ranking moves without unverified, alleged, disputed or single-source claims.")
@backend_options
@json_option
@handle_errors
def rank(data_dir, min_status, types, exclude_disputed, exclude_single_source, as_of, metric, top,
         exact, samples, robustness, backend, uri, user, database, dataset, as_json):
    """Rank entities by a centrality metric on the claims the filters keep.

    On large graphs (nodes × links over 2e8) betweenness and closeness are estimated from
    sampled sources, with their standard error; --exact computes them exactly.

    Example: graphkit rank --metric pagerank --top 5 --min-status reported
    """
    evidence = make_filter(min_status, types, exclude_disputed, exclude_single_source, as_of)
    note = None
    if robustness:
        if backend != "networkx":
            raise click.UsageError("--robustness runs on the embedded graph; leave out --backend neo4j")
        from ..core import analysis

        with open_backend(backend, data_dir, uri, user, database, dataset) as index:
            frame = analysis.robustness(index, metric, evidence, top, exact=exact)
        rows = json.loads(frame.to_json(orient="records", force_ascii=False))
    elif backend == "neo4j":
        with open_backend(backend, data_dir, uri, user, database, dataset) as answers:
            frame = answers.rank(metric, evidence, top)
        rows = json.loads(frame.to_json(orient="records", force_ascii=False))
    else:
        with open_backend(backend, data_dir, uri, user, database, dataset) as index:
            found = index.rank(metric, evidence, top, exact=exact, samples=samples)
        rows = found["rows"]
        if found["stderr"] is not None:
            for row, err in zip(rows, found["stderr"]):
                row["stderr"] = round(err, 6)
            note = (f"estimated from {found['samples']} sampled sources (seed 42); stderr is each score's "
                    "standard error; --exact computes it exactly")
    if as_json:
        _dump(rows)
        return
    if robustness:
        click.echo(f"robustness of the {metric} ranking; filters: {evidence.describe()}; "
                   "its rank without each kind of claim (—: its score drops to zero)")
        columns = ["rank", "id", "name"] + [c for c in frame.columns if c.endswith("_rank") and c != "rank"]
        shown = [{c.removesuffix("_rank").replace("_", " "): r[c] for c in columns} for r in rows]
        click.echo(format_rows([c.removesuffix("_rank").replace("_", " ") for c in columns], shown))
        return
    click.echo(f"{metric} ranking; filters: {evidence.describe()}" + (f"; {note}" if note else ""))
    click.echo(format_rows(list(rows[0]) if rows else ["rank", "id", "name", "type", "score"], rows))


@cli.command()
@data_option
@evidence_options
@json_option
@handle_errors
def communities(data_dir, min_status, types, exclude_disputed, exclude_single_source, as_of, as_json):
    """Groups of closely connected entities (Leiden, modularity), largest first.

    With --json, one community a line (every member, as the Python API gives them).

    Example: graphkit communities --min-status alleged
    """
    from ..core.engine import load_index

    evidence = make_filter(min_status, types, exclude_disputed, exclude_single_source, as_of)
    index = load_index(data_dir)
    found = index.communities(evidence)
    if as_json:
        _dump(found, per_line=True)
        return
    click.echo(f"{len(found)} communities (Leiden), modularity {index.modularity(found, evidence):.3f}; "
               f"filters: {evidence.describe()}")
    click.echo("A community is a group the links draw closely together, not an affiliation: read its "
               "members' claims before calling them allies.")
    for c in found:
        names = ", ".join(m["name"] for m in c["members"])
        click.echo(safe(f"{c['community']}. {c['label']} ({c['size']}): {names}"))


@cli.command()
@data_option
@json_option
@handle_errors
def summary(data_dir, as_json):
    """Validate and index a dataset (stored for later questions); print its sizes.

    Example: graphkit summary --data data
    """
    from ..core.engine import load_index

    found = load_index(data_dir).summary()
    if as_json:
        _dump(found)
        return
    click.echo(f"{found['entities']} entities, {found['claims']} claims on {found['edges']} links "
               f"({found['disputing_claims']} disputing), {found['sources']} sources")
    click.echo("asserting claims by status: " + ", ".join(
        f"{k} {v}" for k, v in found["asserting_claims_by_status"].items()))
    click.echo("entities by type: " + ", ".join(f"{k} {v}" for k, v in found["entities_by_type"].items()))


@cli.command()
@data_option
@evidence_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="HTML file to write.")
@click.option("--focus", default=None, metavar="ENTITY",
              help="Draw only this entity's neighbourhood (an id, name or alias).")
@click.option("--hops", type=click.IntRange(min=0), default=2, show_default=True,
              help="How many steps from --focus to draw.")
@click.option("--size-by", type=click.Choice(list(METRIC_NAMES)), default="degree", show_default=True,
              help="Centrality that sizes the nodes (betweenness and closeness are slow on large graphs).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=1500, show_default=True,
              help="Node budget: past it, draw the highest-ranked entities and say on the page what was left out.")
@click.option("--parties", is_flag=True,
              help="Also draw entities in no link that only make claims (a newspaper, a court) as lone nodes; "
              "by default they are named in the citations only.")
@click.option("--title", default="graphkit: sourced network", show_default=True, help="Page title.")
@handle_errors
def render(data_dir, min_status, types, exclude_disputed, exclude_single_source, as_of, output,
           focus, hops, size_by, max_nodes, parties, title):
    """Write the graph as one self-contained HTML page for readers (works offline).

    Example: graphkit render -o out/graph.html --focus Kumarin --hops 2 --min-status alleged
    """
    from ..core.engine import load_index
    from ..outputs.render import index_page_data, write_page

    evidence = make_filter(min_status, types, exclude_disputed, exclude_single_source, as_of)
    data = index_page_data(load_index(data_dir), evidence, focus=focus, hops=hops, size_by=size_by,
                           max_nodes=max_nodes, parties=parties)
    write_page(data, output, title)
    shown, meta = len(data["entities"]), data["meta"]
    click.echo(safe(f"wrote {output}: {shown} of {meta['total_entities']} entities, "
                    f"{len(data['edges'])} of {meta['total_edges']} links; filters: {evidence.describe()}"))
    if meta["parties_left_out"]:
        click.echo(f"not drawn: {meta['parties_left_out']} entities in no link that only make claims "
                   "(named in the citations); --parties draws them")
    if meta["trimmed"]:
        click.echo(f"left out {meta['total_entities'] - shown - meta['parties_left_out']} entities past "
                   f"--max-nodes {max_nodes}; "
                   "use --focus ENTITY or a larger --max-nodes to see them", err=True)


@cli.command()
@data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/graph.html"), show_default=True, help="HTML page to write.")
@click.option("--archive", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Check quotes against this archive folder too (default: DATA/archive if present).")
@click.option("--from", "from_name", default=None, metavar="NAME",
              help="Ask how this entity connects to --to [default: the pair DATA/report.yaml names, "
              "else the two most central entities a path joins].")
@click.option("--to", "to_name", default=None, metavar="NAME", help="The other end of --from.")
@json_option
@handle_errors
def report(data_dir, output, archive, from_name, to_name, as_json):
    """The main job: validate, build, print the key findings with sources, write the page.

    Example: graphkit report --data data -o out/graph.html --from Putin --to Kumarin
    """
    from ..outputs import report as report_mod

    if (from_name is None) != (to_name is None):
        raise click.UsageError("give --from and --to together")
    question = (from_name, to_name) if from_name else None
    result = report_mod.build_report(data_dir, output, archive, question)
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
    from ..core.engine import load_index

    columns = load_index(data_dir).entities.columns
    names = ("id", "name", "type", "aliases")
    rows = sorted((dict(zip(names, row)) for row in zip(*(columns[c].take() for c in names))
                   if entity_type in (None, row[2])), key=lambda r: r["id"])
    if as_json:
        _dump(rows)
        return
    click.echo(format_rows(["id", "name", "type", "aliases"], rows))


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
    every = set(v.entity_types)
    for section, terms in data.items():
        click.echo(f"{section}:")
        for t in terms:
            click.echo(f"  {t['id']}: {t['definition']}")
            if section == "relation_types":  # the endpoints the validator allows, in a line each
                for end in ("from", "to"):
                    allowed = "any entity type" if set(t[end]) == every else ", ".join(t[end])
                    click.echo(f"      {end}: {allowed}")


def main() -> None:
    # igraph loads matplotlib for its plotting when it is installed (half a second or more);
    # the command line never plots, so it tells the import system matplotlib is absent.
    sys.modules.setdefault("matplotlib", None)
    cli(prog_name="graphkit")


if __name__ == "__main__":
    main()
