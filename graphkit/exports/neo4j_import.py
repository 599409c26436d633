"""CSV files for ``neo4j-admin database import full``, laid out as ``graphkit neo4j load`` writes.

Labels, relationship types, properties and the dataset marker are those of
the transactional loader, for graphs too big for it. ``import.sh`` holds the
command; it takes the database's name and never replaces a database unless
asked to by name.
"""
from __future__ import annotations

import shlex
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..claims.dates import date_bounds
from ..claims.model import EvidenceFilter
from ..core.graph import ClaimGraph, core, load_graph  # noqa: F401  (load_graph for doctests)
from ..core.index import ClaimIndex, Table
from ..core.rows import ENTITY_COLUMNS, claim_table, split_aliases, text_column

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
                "status_rank:int", "stance", "attributed_to", "attributed_to_name", "party", "source_id",
                "source_title", "locator", "quote", "start", "end", "start_day:date", "end_day:date", "seed_claim", "note",
                "role", "share", "amount", "currency",
                "line:int", "disputed:boolean", "denied_rank:int", "graphkit_dataset", "graphkit_load"]


def _cells(values) -> pa.Array:
    """A column as neo4j-admin reads it: an empty text is no value (no property), as `neo4j load` leaves it."""
    array = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values)
    if pa.types.is_large_string(array.type) or pa.types.is_string(array.type):
        return pc.if_else(pc.equal(array, ""), pa.scalar(None, array.type), array)
    return array


def _table(columns: list, release: bool = False) -> pa.Table:
    """The columns as :func:`_cells` has them; with ``release``, each given column is dropped from the
    list once converted, so that a large table is never held twice."""
    cells = {}
    for i in range(len(columns)):
        cells[str(i)] = _cells(columns[i])
        if release:
            columns[i] = None
    return pa.table(cells)


def _write_csv(path: Path, header: list[str], columns: list | pa.Table) -> int:
    """``header`` and the ``columns`` as CSV (quoted where needed, one line end per row); the rows written."""
    table = columns if isinstance(columns, pa.Table) else _table(columns)
    with open(path, "wb") as fh:
        fh.write((",".join(header) + "\n").encode())  # the headers hold no comma or quote
        pacsv.write_csv(table, fh, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
    return table.num_rows


def _days(texts: pa.Array, end: bool) -> pa.Array:
    """Each date as written (``1998``, ``1998-05``, ``1990s`` …) as the first or last day it may mean."""
    uniques = pc.unique(texts)
    days = [("" if not t else (b[1 if end else 0].isoformat() if (b := date_bounds(t)) else ""))
            for t in uniques.to_pylist()]
    return pa.array(days, pa.large_string()).take(pc.index_in(texts, uniques))


def _constant(value: str, count: int) -> pa.Array:
    return pa.array([value], pa.large_string()).take(pa.array(np.zeros(count, dtype=np.int64)))


def _sorted_by_id(table: Table) -> np.ndarray:
    return pc.sort_indices(table.columns["id"].arrow()).to_numpy()


def write_neo4j_import(g: ClaimGraph | ClaimIndex, directory: str | Path, evidence: EvidenceFilter | None = None,
                       dataset: str = "data") -> dict:
    """CSV files and the command line for ``neo4j-admin database import full``.

    ``entities.csv`` and ``sources.csv`` (nodes, labels in ``:LABEL``),
    ``read_via.csv`` and one ``claims_<TYPE>.csv`` per relationship type, with
    the properties ``graphkit neo4j load`` writes, marked with ``dataset``;
    ``import.sh`` holds the command. Read from the columnar core (a
    :class:`ClaimGraph`'s or a :class:`ClaimIndex`), written by pyarrow.
    Returns the files and their row counts.

    >>> g = load_graph("data")
    >>> written = write_neo4j_import(g, "out/doctest-neo4j")
    >>> written["rows"]["entities.csv"], written["rows"]["sources.csv"], written["claims"]
    (88, 34, 185)
    """
    ix = core(g)
    vocab = ix.vocab
    evidence = (evidence or EvidenceFilter()).check(vocab)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("claims_*.csv"):
        stale.unlink()  # a type the filter no longer keeps must not linger from an earlier export
    rows: dict[str, int] = {}

    def stamp(count: int) -> list[pa.Array]:
        return [_constant(dataset, count), _constant(NEO4J_IMPORT_LOAD, count)]

    order = _sorted_by_id(ix.entities)
    text = {name: text_column(ix.entities, name, order) for name in ENTITY_COLUMNS[:8]}
    aliases = pc.binary_join(split_aliases(text["aliases"]), pa.scalar(NEO4J_ARRAY_DELIMITER, pa.large_string()))
    types = pc.unique(text["type"])
    labels = pa.array([f"GraphkitEntity{NEO4J_ARRAY_DELIMITER}{vocab.entity_types[t].neo4j_label}"
                       for t in types.to_pylist()], pa.large_string()).take(pc.index_in(text["type"], types))
    rows["entities.csv"] = _write_csv(folder / "entities.csv", ENTITY_HEADER, [
        text["id"], text["name"], text["type"], aliases, *(text[k] for k in ("description", "wikidata", "start", "end")),
        *stamp(len(order)), labels])

    order = _sorted_by_id(ix.sources)
    text = {name: text_column(ix.sources, name, order) for name in ["id", *SOURCE_HEADER[1:8]]}
    rows["sources.csv"] = _write_csv(folder / "sources.csv", SOURCE_HEADER, [
        *text.values(), *stamp(len(order)), _constant("GraphkitSource", len(order))])
    via = pc.not_equal(text["via"], "")
    count = pc.sum(via).as_py() or 0
    rows["read_via.csv"] = _write_csv(folder / "read_via.csv", VIA_HEADER, [
        text["id"].filter(via), text["via"].filter(via), _constant("READ_VIA", count), *stamp(count)])

    claims = claim_table(ix, evidence, with_party=True)
    relation = claims.column("type").combine_chunks()
    kinds = pc.unique(relation)
    neo4j_types = pa.array([vocab.relation_types[t].neo4j_type for t in kinds.to_pylist()], pa.large_string())
    neo4j_type = neo4j_types.take(pc.index_in(relation, kinds))
    asserts = pc.equal(claims.column("stance"), "asserts")
    disputed = pc.if_else(pc.and_(asserts, claims.column("disputed")), "true", "false")
    columns = [claims.column("from_id"), claims.column("to_id"), neo4j_type, claims.column("id"), relation,
               *(claims.column(k) for k in ("status", "status_rank", "stance", "attributed_to",
                                            "attributed_to_name", "party", "source_id", "source_title", "locator",
                                            "quote", "start", "end")),
               _days(claims.column("start").combine_chunks(), end=False),
               _days(claims.column("end").combine_chunks(), end=True),
               claims.column("seed_claim"), claims.column("note"),
               *(claims.column(k) for k in ("role", "share", "amount", "currency")), claims.column("line"), disputed,
               claims.column("denied_rank"),
               *stamp(claims.num_rows)]
    del claims  # the columns list is now the one owner of the text, so each column goes as it is converted
    # one file per relationship type, in file order within it: the row numbers are sorted by type once,
    # and each file takes only its own rows, so no second copy of the whole table is ever made
    table = _table(columns, release=True)
    names = pc.unique(neo4j_type)
    code = pc.index_in(neo4j_type, names).to_numpy()
    order = np.argsort(code, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(code, minlength=len(names)))])
    for i in np.argsort(names.to_pylist(), kind="stable").tolist():
        file = f"claims_{names[i].as_py()}.csv"
        rows[file] = _write_csv(folder / file, CLAIM_HEADER, table.take(pa.array(order[bounds[i]:bounds[i + 1]])))
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
