"""``graphkit merge``: several datasets into one, an entity two of them name becoming one only where
the decision file says so."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..outputs.textout import safe

__all__ = ["merge_command"]


@click.command("merge")
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the merged dataset into (a new one, or an earlier merge's).")
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The decision file: one row per judged pair (same, not_same, unsure), who decided and why; "
              "pairs not judged yet are added to it for review [default: OUTPUT's name + '-decisions.csv', "
              "beside OUTPUT].")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def merge_command(folders, output, decisions, as_json):
    """Merge dataset FOLDERS into one, joining the entities the decision file judges the same.

    Candidate matches (the same Wikidata id; names or aliases alike once transliterated,
    Cyrillic and Latin; dates that agree) are added to the decision file with an empty
    judgement. Write same, not_same or unsure and your name in a row, then merge again:
    nothing is merged without a 'same' row, and editing a row undoes it on the next merge.
    Every claim keeps who makes it and its source; merge-ids.csv in the output says where
    each entity, claim and source came from.

    Example: graphkit merge data imported -o merged --decisions decisions.csv
    """
    from .options import handle_errors

    handle_errors(_merge)(folders, output, decisions, as_json)


def _merge(folders, output, decisions, as_json):
    from ..merging.merge import merge_datasets

    decisions = decisions or output.parent / f"{output.name}-decisions.csv"
    result = merge_datasets(list(folders), output, decisions)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    inputs = ", ".join(f"{name} ({n['entities']} entities, {n['claims']} claims)" for name, n in result["inputs"].items())
    click.echo(safe(f"merged {inputs}"))
    judged = result["judged"]
    click.echo(safe(f"into {output}: {result['entities']} entities ({result['merged_entities']} joined as the decisions "
                    f"say), {result['claims']} claims ({result['duplicate_claims']} held twice, kept once), "
                    f"{result['sources']} sources"))
    click.echo(safe(f"decisions in {decisions}: {judged['same']} same, {judged['not_same']} not same, "
                    f"{judged['unsure']} unsure; {result['candidates']} candidate match(es) found, "
                    f"{result['added_for_review']} new"))
    if result["awaiting"]:
        click.echo(safe(f"{result['awaiting']} pair(s) await a judgement: write same, not_same or unsure and "
                        f"decided_by in {decisions}, then run this command again"))
