"""CSV files for ``neo4j-admin database import full``, laid out as ``graphkit neo4j load`` writes.

Labels, relationship types, properties and the dataset marker are those of
the transactional loader, for graphs too big for it. ``import.sh`` holds the
command; it takes the database's name and never replaces a database unless
asked to by name.
"""
from __future__ import annotations

import csv
import shlex
from collections import defaultdict
from pathlib import Path

from .dates import date_bounds
from .graph import ClaimGraph, load_graph  # noqa: F401  (load_graph for doctests)
from .model import EvidenceFilter

__all__ = ["write_neo4j_import", "neo4j_admin_arguments", "NEO4J_ARRAY_DELIMITER", "ENTITY_HEADER",
           "SOURCE_HEADER", "VIA_HEADER", "CLAIM_HEADER"]

# Between aliases, as in entities.csv: no alias can hold it, so any alias reads back whole
# (neo4j-admin's default, ';', can be part of a name).
NEO4J_ARRAY_DELIMITER = "|"
# Stamped on everything written for neo4j-admin, where `graphkit neo4j load` stamps its load id.
NEO4J_IMPORT_LOAD = "neo4j-admin-import"


ENTITY_HEADER = ["id:ID(Entity)", "name", "type", "aliases:string[]", "description", "wikidata", "start", "end",
                 "graphkit_dataset", "graphkit_load", ":LABEL"]
SOURCE_HEADER = ["id:ID(Source)", "title", "author", "publisher", "published", "url", "kind", "via",
                 "graphkit_dataset", "graphkit_load", ":LABEL"]
VIA_HEADER = [":START_ID(Source)", ":END_ID(Source)", ":TYPE", "graphkit_dataset", "graphkit_load"]
CLAIM_HEADER = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "claim_id", "relation", "status",
                "status_rank:int", "stance", "attributed_to", "attributed_to_name", "source_id", "source_title",
                "locator", "quote", "start", "end", "start_day:date", "end_day:date", "seed_claim", "note",
                "line:int", "disputed:boolean", "graphkit_dataset", "graphkit_load"]


def _aliases(g: ClaimGraph, eid: str) -> str:
    return NEO4J_ARRAY_DELIMITER.join(a.strip() for a in g.entities[eid].get("aliases", "").split("|") if a.strip())


def _day(text: str, end: bool) -> str:
    bounds = date_bounds(text) if text else None
    return bounds[1 if end else 0].isoformat() if bounds else ""


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_neo4j_import(g: ClaimGraph, directory: str | Path, evidence: EvidenceFilter | None = None,
                       dataset: str = "data") -> dict:
    """CSV files and the command line for ``neo4j-admin database import full``.

    ``entities.csv`` and ``sources.csv`` (nodes, labels in ``:LABEL``),
    ``read_via.csv`` and one ``claims_<TYPE>.csv`` per relationship type, with
    the properties ``graphkit neo4j load`` writes, marked with ``dataset``;
    ``import.sh`` holds the command. Returns the files and their row counts.

    >>> g = load_graph("data")
    >>> written = write_neo4j_import(g, "out/doctest-neo4j")
    >>> written["rows"]["entities.csv"], written["rows"]["sources.csv"], written["claims"]
    (84, 31, 179)
    """
    evidence = (evidence or EvidenceFilter()).check(g.vocab)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("claims_*.csv"):
        stale.unlink()  # a type the filter no longer keeps must not linger from an earlier export
    stamp = [dataset, NEO4J_IMPORT_LOAD]
    rows: dict[str, int] = {}
    entities = [[eid, *(g.entities[eid].get(k, "") for k in ("name", "type")), _aliases(g, eid),
                 *(g.entities[eid].get(k, "") for k in ("description", "wikidata", "start", "end")), *stamp,
                 f"GraphkitEntity{NEO4J_ARRAY_DELIMITER}{g.vocab.entity_types[g.entities[eid]['type']].neo4j_label}"]
                for eid in sorted(g.entities)]
    _write_csv(folder / "entities.csv", ENTITY_HEADER, entities)
    rows["entities.csv"] = len(entities)
    sources = [[sid, *(g.sources[sid].get(k, "") for k in SOURCE_HEADER[1:8]), *stamp, "GraphkitSource"]
               for sid in sorted(g.sources)]
    _write_csv(folder / "sources.csv", SOURCE_HEADER, sources)
    rows["sources.csv"] = len(sources)
    via = [[sid, g.sources[sid]["via"], "READ_VIA", *stamp] for sid in sorted(g.sources) if g.sources[sid].get("via")]
    _write_csv(folder / "read_via.csv", VIA_HEADER, via)
    rows["read_via.csv"] = len(via)
    names = {e: r["name"] for e, r in g.entities.items()}
    by_type: dict[str, list[list]] = defaultdict(list)
    for edge in g.edges(evidence):
        for c in sorted(edge.asserting + edge.disputing, key=lambda c: c.id):
            neo4j_type = g.vocab.relation_types[c.type].neo4j_type
            by_type[neo4j_type].append([
                c.from_id, c.to_id, neo4j_type, c.id, c.type, c.status, g.vocab.status_rank(c.status), c.stance,
                c.attributed_to, names.get(c.attributed_to, ""), c.source_id,
                g.sources.get(c.source_id, {}).get("title", ""), c.locator, c.quote, c.start, c.end,
                _day(c.start, end=False), _day(c.end, end=True), c.seed_claim, c.note, c.line,
                str(c.stance == "asserts" and edge.disputed).lower(), *stamp])
    for neo4j_type in sorted(by_type):
        name = f"claims_{neo4j_type}.csv"
        _write_csv(folder / name, CLAIM_HEADER, by_type[neo4j_type])
        rows[name] = len(by_type[neo4j_type])
    script = folder / "import.sh"
    script.write_text(_import_script(sorted(rows)), encoding="utf-8")
    script.chmod(0o755)
    return {"format": "neo4j-import", "path": str(folder), "rows": rows, "dataset": dataset,
            "nodes": rows["entities.csv"] + rows["sources.csv"],
            "claims": sum(n for f, n in rows.items() if f.startswith("claims_")),
            "command": str(script), "arguments": neo4j_admin_arguments(sorted(rows))}


def neo4j_admin_arguments(files: list[str]) -> list[str]:
    """The options of ``neo4j-admin database import full`` for the files written.

    None of them replaces an existing database: neo4j-admin then refuses to
    import (``import.sh DATABASE --replace`` adds that, once confirmed).

    >>> neo4j_admin_arguments(["entities.csv", "claims_ALLY_OF.csv"])[:2]
    ['--nodes=entities.csv', '--relationships=claims_ALLY_OF.csv']
    """
    nodes = [f for f in files if f in ("entities.csv", "sources.csv")]
    rels = [f for f in files if f not in nodes]
    return ([f"--nodes={f}" for f in nodes] + [f"--relationships={f}" for f in rels]
            + [f"--array-delimiter={NEO4J_ARRAY_DELIMITER}", "--multiline-fields=true"])


def _import_script(files: list[str]) -> str:
    args = " \\\n  ".join(shlex.quote(a) for a in neo4j_admin_arguments(files))
    return f"""#!/bin/sh
# Written by `graphkit export --format neo4j-import`. Run with Neo4j stopped:
#   sh import.sh DATABASE             import into DATABASE, a database that does not exist yet
#                                     (neo4j-admin refuses one that exists, and nothing is changed)
#   sh import.sh DATABASE --replace   delete DATABASE and everything in it, then import; asks you to
#                                     type its name (or reads it from GRAPHKIT_REPLACE_DATABASE)
# Afterwards `graphkit neo4j load` (or the statements in cypher/schema/) adds graphkit's constraints
# and indexes. NEO4J_ADMIN names the neo4j-admin command [default: neo4j-admin].
set -eu
usage() {{
  echo "usage: sh import.sh DATABASE [--replace]" >&2
  echo "  DATABASE must not exist yet; --replace deletes it first, once you confirm its name" >&2
  exit 2
}}
[ $# -ge 1 ] || usage
database=$1
shift
case $database in ''|-*) usage ;; esac
replace=
if [ $# -gt 0 ]; then
  [ "$1" = --replace ] && [ $# -eq 1 ] || usage
  replace=--overwrite-destination=true
  if [ "${{GRAPHKIT_REPLACE_DATABASE:-}}" != "$database" ]; then
    answer=
    if [ -t 0 ]; then
      printf 'This deletes database "%s" and everything in it, loaded by graphkit or not.\\nType its name to go on: ' "$database" >&2
      read -r answer || answer=
    else
      echo "no terminal to confirm on: set GRAPHKIT_REPLACE_DATABASE=$database to replace it" >&2
    fi
    if [ "$answer" != "$database" ]; then
      echo "database \\"$database\\" not replaced: nothing was changed" >&2
      exit 1
    fi
  fi
fi
cd "$(dirname "$0")"
exec "${{NEO4J_ADMIN:-neo4j-admin}}" database import full "$database" \\
  {args} $replace
"""
