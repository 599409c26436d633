"""``graphkit export`` and ``graphkit import-ftm``: carry the data to other tools and back."""
from __future__ import annotations

import functools
import json
from pathlib import Path

import click

from ..exports import FORMATS
from ..outputs.textout import safe

__all__ = ["export_command", "import_ftm_command"]


def _summary(fmt: str, output: Path, result: dict) -> list[str]:
    """What an export wrote, in words."""
    if fmt == "ftm":
        lines = [f"wrote {output}: {result['entities']} entities and {result['relationships']} claims as FtM "
                 f"relationships; filters: {result['filter']}"]
        if result["skipped_entities"]:
            left = ", ".join(f"{n} {t}" for t, n in result["skipped_types"].items())
            lines.append(f"left out {result['skipped_entities']} entities FtM has no schema for ({left}) and "
                         f"the {result['skipped_claims']} claims that touch them")
        return lines
    if fmt == "neo4j-import":
        return [f"wrote {len(result['rows'])} CSV files to {output}: {result['nodes']} nodes, {result['claims']} "
                f"claims; filters: {result['filter']}",
                f"import them with Neo4j stopped: sh {result['command']} DATABASE (a database that does not "
                "exist yet; --replace deletes one that does, once you confirm its name)"]
    return [f"wrote {output}: {result['nodes']} entities, {result['edges']} links; filters: {result['filter']}"]


@functools.lru_cache(maxsize=1)
def export_command() -> click.Command:
    """``export``, built on first use from the shared options."""
    from .options import data_option, evidence_options, handle_errors, make_filter

    @click.command("export")
    @data_option
    @evidence_options
    @click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True,
                  help="graphml/gexf: Gephi, yEd, Cytoscape; json: node-link with every claim; ftm: "
                  "FollowTheMoney entities (Aleph, OpenSanctions); neo4j-import: CSVs for neo4j-admin.")
    @click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
                  help="File to write (a folder for neo4j-import).")
    @click.option("--dataset", default=None,
                  help="neo4j-import: name marking the data in Neo4j [default: the data folder's name].")
    @click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
    @handle_errors
    def export_command(data_dir, min_status, types, exclude_disputed, exclude_single_source, as_of, fmt, output,
                       dataset, as_json):
        """Write the graph for Gephi, yEd, Aleph/FollowTheMoney or neo4j-admin import.

        The evidence filters choose the claims written (by default contradicted
        ones are left out; --min-status contradicted keeps everything).

        Example: graphkit export --format gexf -o out/graph.gexf --min-status reported
        """
        from ..core.engine import load_index
        from ..exports import export

        evidence = make_filter(min_status, types, exclude_disputed, exclude_single_source, as_of)
        name = dataset or Path(data_dir).resolve().name
        # every format is written from the stored columnar index, with no claim graph built
        result = export(load_index(data_dir), fmt, output, evidence, dataset=name)
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for line in _summary(fmt, output, result):
            click.echo(safe(line))

    return export_command


def _parse_map(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        schema, sep, target = pair.partition("=")
        if not sep or not schema.strip() or not target.strip():
            raise click.BadParameter(safe(f"'{pair}' is not SCHEMA=TYPE (e.g. Associate=cooperated_with)"),
                                     param_hint="--map")
        mapping[schema.strip()] = target.strip()
    return mapping


@click.command("import-ftm")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write entities.csv, relations.csv and sources.csv into.")
@click.option("--status", default=None,
              help="Status of the claims that state none (established, reported, alleged, unverified, "
              "contradicted) [default: reported]; claims from graphkit's own export keep theirs.")
@click.option("--dataset", default=None,
              help="Name of the publishing dataset, for every claim [default: each entity's own 'datasets', "
              "else the file name].")
@click.option("--prefix", default="ftm", show_default=True, help="Put before every id made from an FtM id.")
@click.option("--source-kind", default="reference", show_default=True,
              help="Source kind of the dataset and of the sources made from sourceUrl/publisher.")
@click.option("--map", "maps", multiple=True, metavar="SCHEMA=TYPE",
              help="Map an FtM schema to an entity or relation type (repeatable), e.g. "
              "--map Associate=cooperated_with --map LegalEntity=organization.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_ftm_command(file, output, status, dataset, prefix, source_kind, maps, as_json):
    """Turn FollowTheMoney entities (Aleph, OpenSanctions) into graphkit CSVs, then validate them.

    FILE holds one FtM entity per line. Every relationship becomes a claim with
    its source; schemata with no graphkit counterpart are skipped and counted.
    Exits 1 when the result does not validate.

    Example: graphkit import-ftm entities.ftm.json -o imported/ --status alleged
    """
    from .options import handle_errors

    handle_errors(_import)(file, output, status, dataset, prefix, source_kind, maps, as_json)


def _statuses(result: dict) -> str:
    kept = result["kept_status"]
    if not kept:
        return result["status"]
    given = result["claims"] - kept
    return (f"{kept} with the status graphkit exported them with" + (f", {given} {result['status']}" if given else ""))


def _import(file, output, status, dataset, prefix, source_kind, maps, as_json):
    from ..ftm.importer import import_ftm
    from ..outputs.textout import format_issue_summary
    from ..reading.validate import validate

    result = import_ftm(file, output, status=status, dataset=dataset, prefix=prefix, source_kind=source_kind,
                        mapping=_parse_map(maps))
    report = validate(output)
    result["validation"] = {"valid": report.valid, "errors": len(report.errors), "warnings": len(report.warnings)}
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        credited = ", ".join(f"'{name}' ({n})" for name, n in result["datasets"].items()) or "none"
        click.echo(safe(f"wrote {output}: {result['entities']} entities, {result['claims']} claims "
                        f"({_statuses(result)}), {result['sources']} sources"))
        click.echo(safe(f"claims attributed to the datasets publishing them: {credited}"))
        if result["skipped_total"]:
            click.echo(f"skipped {result['skipped_total']} FtM entities:", err=True)
            for reason, count in result["skipped"].items():
                click.echo(safe(f"  {count} x {reason}"), err=True)
        for issue in report.errors:
            click.echo(safe(issue.format()), err=True)
        click.echo(format_issue_summary(len(report.errors), len(report.warnings), report.checked),
                   err=not report.valid)
    if not report.valid:
        raise SystemExit(1)
