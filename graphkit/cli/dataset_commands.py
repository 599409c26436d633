"""The commands about a dataset as a whole: summary, entities, vocab, render (the reader page) and
report (the main job)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.engine import METRIC_NAMES
from ..outputs.textout import format_rows, safe
from .options import VOCAB, data_option, dump, evidence_options, handle_errors, json_option, make_filter

__all__ = ["summary", "render", "report", "entities", "vocab"]


@click.command()
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
        dump(found)
        return
    click.echo(f"{found['entities']} entities, {found['claims']} claims on {found['edges']} links "
               f"({found['disputing_claims']} disputing), {found['sources']} sources")
    click.echo("asserting claims by status: " + ", ".join(
        f"{k} {v}" for k, v in found["asserting_claims_by_status"].items()))
    click.echo("entities by type: " + ", ".join(f"{k} {v}" for k, v in found["entities_by_type"].items()))


@click.command()
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
    from ..outputs.page_data import index_page_data
    from ..outputs.render import write_page

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


@click.command()
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
        dump(result)
    else:
        click.echo(report_mod.format_report(result))
    if not result["validation"]["valid"]:
        sys.exit(1)


@click.command()
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
        dump(rows)
        return
    click.echo(format_rows(["id", "name", "type", "aliases"], rows))


@click.command()
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
                            "from": sorted(r.from_types), "to": sorted(r.to_types),
                            "attributes": list(r.attributes), "roles": list(r.roles)}
                           for r in v.relation_types.values()],
        "source_kinds": [{"id": k.id, "definition": k.definition} for k in v.source_kinds.values()],
    }
    if as_json:
        dump(data)
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
                for key in ("attributes", "roles"):  # the optional columns it takes, the usual roles
                    if t[key]:
                        click.echo(f"      {key}: {', '.join(t[key])}")
