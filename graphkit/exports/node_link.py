"""node-link JSON (networkx's ``node_link_data`` layout) with every claim and its provenance,
read from the columnar core, and read back.

The file is one JSON document: the graph's attributes (the filter, the sources cited), then one
line per entity and one per link, so that it streams and diffs well. Each link carries its
strongest status, who disputes it, and its claims and denials in full, each with its citation.

>>> from graphkit.core.graph import load_graph
>>> data = node_link(load_graph("data"))
>>> sorted(data), len(data["edges"])
(['directed', 'edges', 'graph', 'multigraph', 'nodes'], 125)
>>> putin_kumarin = [e for e in data["edges"] if (e["source"], e["target"]) == ("putin", "kumarin")]
>>> [(c["claim_id"], c["attributed_to_name"], c["source_id"]) for c in putin_kumarin[0]["claims"]]
[('r101', 'Christian Baghai', 'baghai-2023')]
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import distinct
from ..claims.model import Claim, EvidenceFilter
from ..core.columns import join_text as _join
from ..core.columns import rows_holding, write_rows
from ..core.graph import core
from ..core.rows import edge_table, text_column

__all__ = ["node_link", "write_json", "read_node_link", "CITATION_FIELDS", "json_strings", "json_escaped"]

# a claim in the file: its citation, then the rest of its row of relations.csv
CITATION_FIELDS = ["claim_id", "status", "stance", "attributed_to", "attributed_to_name", "source_id",
                   "source_title", "source_published", "source_url", "source_via", "locator", "quote", "start",
                   "end", "note", "role", "share", "amount", "currency"]
_ROW_FIELDS = [f for f in Claim.__dataclass_fields__ if f not in CITATION_FIELDS]


def claim_rows(ix, view, chosen: np.ndarray) -> tuple[pa.Table, np.ndarray, np.ndarray, np.ndarray]:
    """The kept claims as the file holds them (:data:`CITATION_FIELDS`, then the rest of the row),
    grouped by chosen link (in ``chosen``'s order), asserting before disputing, each group strongest
    first, then by id; each row's group (``2 * link + 1`` for a denial); the sources cited; and
    each row's claim in the core (for its other columns)."""
    kept = np.flatnonzero(view.claim_keep & view.edge_keep[ix.c_edge])
    position = np.full(len(ix.e_from), -1, dtype=np.int64)
    position[chosen] = np.arange(len(chosen))
    group = position[ix.c_edge[kept]] * 2 + ~ix.c_asserts[kept]
    rows = ix.c_row[kept]
    order = pc.sort_indices(pa.table({"group": group, "status": ix.c_status[kept], "id": text_column(ix.claims, "id", rows)}),
                            sort_keys=[("group", "ascending"), ("status", "ascending"), ("id", "ascending")]).to_numpy()
    kept, rows, group = kept[order], rows[order], group[order]
    source, party = ix.c_source[kept], ix.c_party[kept]
    columns = {name: text_column(ix.claims, name, rows) for name in Claim.__dataclass_fields__ if name != "line"}
    columns.update(claim_id=columns["id"], attributed_to_name=text_column(ix.entities, "name", party),
                   line=pa.array(ix.c_line[kept].astype(np.int64)),
                   **{f"source_{name}": text_column(ix.sources, name, source)
                      for name in ("title", "published", "url", "via")})
    return pa.table({name: columns[name] for name in CITATION_FIELDS + _ROW_FIELDS}), group, distinct(source), kept


def link_claims(ix, view, chosen: np.ndarray) -> tuple[list[list[dict]], list[list[dict]], np.ndarray]:
    """:func:`claim_rows` as records: per chosen link its asserting and its disputing claims."""
    table, group, cited, _ = claim_rows(ix, view, chosen)
    lists: list[list[dict]] = [[] for _ in range(2 * len(chosen))]
    for at, record in zip(group.tolist(), table.to_pylist()):
        lists[at].append(record)
    return lists[0::2], lists[1::2], cited


def _chosen(ix, view) -> np.ndarray:
    """The kept links by from, to and relation (as :func:`graphkit.core.rows.edge_table` with ``by_ends``)."""
    chosen = np.flatnonzero(view.edge_keep)
    return chosen[np.lexsort((ix.e_type[chosen], ix.e_to[chosen], ix.e_from[chosen]))]


def _cited_sources(ix, cited: np.ndarray) -> list[dict]:
    """The sources cited and those they were read in, by id."""
    source_ids = ix.sources.columns["id"]
    via = {v for v in text_column(ix.sources, "via", cited).to_pylist() if v}
    return ix.sources.rows(sorted(set(cited.tolist()) | {source_ids.lower_bound(v) for v in via}))


def node_link(g, evidence: EvidenceFilter | None = None) -> dict:
    """The kept links as node-link data, every claim with its provenance.

    Nodes carry the entity columns; each link carries its strongest status,
    ``claims`` (asserting) and ``disputes`` (denials), each a full claim with
    its citation; ``graph`` holds the filter and the sources cited (and those they were read in).
    """
    ix = core(g)
    evidence = (evidence or EvidenceFilter()).check(ix.vocab)
    view = ix.view(evidence)
    chosen = _chosen(ix, view)
    links = edge_table(ix, evidence, by_ends=True)
    asserting, disputing, cited = link_claims(ix, view, chosen)
    edges = [{"relation": row["type"], "label": row["label"], "status": row["status"], "disputed": row["disputed"],
              "disputed_by": row["disputed_by"], "parties": row["parties"], "claims": claims,
              "disputes": denials, "source": row["from_id"], "target": row["to_id"], "key": row["type"]}
             for row, claims, denials in zip(
                 links.select(["type", "label", "status", "disputed", "disputed_by", "parties", "from_id",
                               "to_id"]).to_pylist(), asserting, disputing)]
    return {"directed": True, "multigraph": True,
            "graph": {"name": "graphkit", "filter": evidence.describe(), "sources": _cited_sources(ix, cited)},
            "nodes": ix.entities.rows(np.arange(ix.n)), "edges": edges}


# -- JSON text, a column at a time ------------------------------------------------------
_NEEDS_ESCAPE = bytes(range(0x20)) + b'"\\'
_RARE_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
_ESCAPES = [("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")]
_LARGE = pa.large_string()


def json_escaped(values: pa.Array) -> pa.Array:
    """Text cells escaped as inside a JSON string, as Python's ``json`` does (non-ASCII as is):
    only the rows that hold something to escape are rewritten.

    >>> json_escaped(pa.array(['plain', 'say "no"', 'bell\\x07', None])).to_pylist()
    ['plain', 'say \\\\"no\\\\"', 'bell\\\\u0007', None]
    """
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    values = values.cast(_LARGE) if values.type != _LARGE else values
    needs = rows_holding(values, _NEEDS_ESCAPE)
    if not needs.any():
        return values
    needs = pa.array(needs)
    some = values.filter(needs)
    if pc.any(pc.match_substring_regex(some, _RARE_CONTROL)).as_py():  # rare: Python's encoder, row by row
        dump = json.JSONEncoder(ensure_ascii=False).encode
        some = pa.array([dump(v)[1:-1] for v in some.to_pylist()], _LARGE)
    else:
        for plain, escaped in _ESCAPES:
            some = pc.replace_substring(some, plain, escaped)
    return pc.replace_with_mask(values, needs, some)


def json_strings(values: pa.Array) -> pa.Array:
    """Text cells as JSON strings (quoted, escaped as Python's ``json`` does, non-ASCII as is).

    >>> json_strings(pa.array(['plain', 'say "no"', 'two\\nlines', 'bell\\x07'])).to_pylist()
    ['"plain"', '"say \\\\"no\\\\""', '"two\\\\nlines"', '"bell\\\\u0007"']
    """
    return _join('"', json_escaped(values), '"')


def _json_lists(offsets: np.ndarray, items: pa.Array) -> pa.Array:
    """JSON arrays of items already written as JSON, ``offsets`` saying where each list starts."""
    lists = pa.LargeListArray.from_arrays(pa.array(offsets.astype(np.int64)), items)
    return _join("[", pc.binary_join(lists, pa.scalar(", ", _LARGE)), "]")


def _string_lists(values: pa.Array) -> pa.Array:
    """A list<string> column as JSON arrays of strings."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    offsets = values.offsets.to_numpy() - values.offsets[0].as_py()
    return _json_lists(offsets, json_strings(pc.list_flatten(values)))


class Text:
    """A column of text for :func:`_objects`, escaped but not yet quoted (the quotes go into the
    literal pieces around it, so that each object is one join)."""

    def __init__(self, values: pa.Array):
        self.values = json_escaped(values)


def _objects(columns: dict) -> pa.Array:
    """Each row as a JSON object of the given columns, keys in that order: each column a
    :class:`Text`, or JSON text already."""
    parts: list = []
    literal = "{"
    for i, (name, values) in enumerate(columns.items()):
        quote = '"' if isinstance(values, Text) else ""
        parts += [literal + ("" if i == 0 else ", ") + json.dumps(name) + ": " + quote,
                  values.values if quote else values]
        literal = quote
    return _join(*parts, literal + "}")


def _claim_objects(table: pa.Table) -> pa.Array:
    return _objects({name: (table.column(name).cast(_LARGE) if name == "line" else Text(table.column(name)))
                     for name in table.column_names})


def _write_lines(fh, lines: pa.Array, separator: str = ",\n") -> None:
    """Rows of JSON text written with ``separator`` between them (none after the last)."""
    write_rows(fh, _join(lines, separator), drop_last=len(separator.encode()))


BLOCK = 65_536  # links (with their claims) put together at a time


def write_json(g, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write node-link JSON (UTF-8, Cyrillic as is); return what was written.

    Put together column by column with pyarrow, a block of links at a time: the same document
    :func:`node_link` returns, one line per entity and per link.
    """
    from .tables import target

    ix = core(g)
    evidence = (evidence or EvidenceFilter()).check(ix.vocab)
    view = ix.view(evidence)
    chosen = _chosen(ix, view)
    links = edge_table(ix, evidence, by_ends=True)
    claims, group, cited, _ = claim_rows(ix, view, chosen)
    dump = json.JSONEncoder(ensure_ascii=False).encode
    graph = {"name": "graphkit", "filter": evidence.describe(), "sources": _cited_sources(ix, cited)}
    path = target(path)
    with open(path, "wb") as fh:
        fh.write(('{"directed": true, "multigraph": true,\n"graph": ' + dump(graph) + ',\n"nodes": [\n').encode())
        for start in range(0, ix.n, BLOCK):
            rows = np.arange(start, min(start + BLOCK, ix.n))
            if start:
                fh.write(b",\n")
            _write_lines(fh, _objects({name: Text(column.arrow(rows))
                                       for name, column in ix.entities.columns.items()}))
        fh.write(b'\n],\n"edges": [\n')
        bounds = np.searchsorted(group, np.arange(0, 2 * len(chosen) + 1, 2 * BLOCK).tolist() + [2 * len(chosen)])
        for block, start in enumerate(range(0, len(chosen), BLOCK)):
            part = links.slice(start, BLOCK).combine_chunks()
            count = part.num_rows
            lo, hi = bounds[block], bounds[block + 1]
            in_block = group[lo:hi] - 2 * start
            offsets = np.zeros(2 * count + 1, dtype=np.int64)
            np.cumsum(np.bincount(in_block, minlength=2 * count), out=offsets[1:])
            texts = _json_lists(offsets, _claim_objects(claims.slice(lo, hi - lo).combine_chunks()))
            both = np.arange(count, dtype=np.int64) * 2
            relation = Text(part.column("type"))
            objects = _objects({
                "relation": relation, "label": Text(part.column("label")), "status": Text(part.column("status")),
                "disputed": pc.if_else(part.column("disputed"), "true", "false").cast(_LARGE),
                "disputed_by": _string_lists(part.column("disputed_by")),
                "parties": part.column("parties").cast(_LARGE),
                "claims": texts.take(pa.array(both)), "disputes": texts.take(pa.array(both + 1)),
                "source": Text(part.column("from_id")), "target": Text(part.column("to_id")), "key": relation})
            if start:
                fh.write(b",\n")
            _write_lines(fh, objects)
        fh.write(b"\n]}\n")
    return {"format": "json", "path": str(path), "nodes": ix.n, "edges": len(chosen), "claims": claims.num_rows}


def read_node_link(path: str | Path):
    """A node-link JSON file written by :func:`write_json`, back as a :class:`~graphkit.core.graph.ClaimGraph`.

    >>> from graphkit.core.graph import load_graph
    >>> _ = write_json(load_graph("data"), "out/doctest.json")
    >>> back = read_node_link("out/doctest.json")
    >>> len(back.claims), len(back.entities)
    (185, 88)
    """
    from ..claims.vocab import load_vocabulary
    from ..core.graph import ClaimGraph

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    fields = set(Claim.__dataclass_fields__)
    entities = {n["id"]: dict(n) for n in data["nodes"]}
    sources = {s["id"]: s for s in data["graph"].get("sources", [])}
    claims = [Claim(**{k: v for k, v in c.items() if k in fields})
              for e in data["edges"] for c in e["claims"] + e["disputes"]]
    claims.sort(key=lambda c: (c.line, c.id))
    return ClaimGraph.from_records(load_vocabulary(), entities, sources, claims)
