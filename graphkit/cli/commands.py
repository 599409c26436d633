"""The ``graphkit`` command group and its questions (validate, paths, rank, communities); the
commands about a dataset as a whole are in :mod:`~graphkit.cli.dataset_commands`. Each is a thin
call into the Python API."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..core.engine import DEFAULT_SAMPLES, METRIC_NAMES
from ..outputs.textout import format_issue_summary, format_path, format_rows, safe
from . import dataset_commands
from .options import (  # noqa: F401
    VOCAB,
    backend_options,
    data_option,
    dump,
    evidence_options,
    handle_errors,
    json_option,
    make_filter,
    open_backend,
)

# Heavy modules (pandas, networkx, the Neo4j driver) are imported inside the commands that
# need them: a question answered from a stored index starts in a fraction of a second.


class _Commands(click.Group):
    """The command group; the Neo4j and export commands are imported when first named."""

    _elsewhere = {"neo4j": ("neo4j_commands", "neo4j_group"), "query": ("neo4j_commands", "query_command"),
                  "export": ("export_command", "export_command"),
                  "import-ftm": ("export_command", "import_ftm_command"),
                  "merge": ("merge_command", "merge_command")}

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
        dump(result.to_dict())
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
        dump(found)
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
        dump(rows)
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
        dump(found, per_line=True)
        return
    click.echo(f"{len(found)} communities (Leiden), modularity {index.modularity(found, evidence):.3f}; "
               f"filters: {evidence.describe()}")
    click.echo("A community is a group the links draw closely together, not an affiliation: read its "
               "members' claims before calling them allies.")
    for c in found:
        names = ", ".join(m["name"] for m in c["members"])
        click.echo(safe(f"{c['community']}. {c['label']} ({c['size']}): {names}"))


for _command in (dataset_commands.summary, dataset_commands.render, dataset_commands.report,
                 dataset_commands.entities, dataset_commands.vocab):
    cli.add_command(_command)


def main() -> None:
    # igraph loads matplotlib for its plotting when it is installed (half a second or more);
    # the command line never plots, so it tells the import system matplotlib is absent.
    sys.modules.setdefault("matplotlib", None)
    cli(prog_name="graphkit")


if __name__ == "__main__":
    main()
