"""node-link JSON (networkx's ``node_link_data`` layout) with every claim and its provenance,
read from the columnar core, and read back.

The file is one JSON document: the graph's attributes (the filter, the sources cited), then one
line per entity and one per link, so that it streams and diffs well. Each link carries its
strongest status, who disputes it, and its claims and denials in full, each with its citation.

>>> from graphkit.graph import load_graph
>>> data = node_link(load_graph("data"))
>>> sorted(data), len(data["edges"])
(['directed', 'edges', 'graph', 'multigraph', 'nodes'], 119)
>>> putin_kumarin = [e for e in data["edges"] if (e["source"], e["target"]) == ("putin", "kumarin")]
>>> [(c["claim_id"], c["attributed_to_name"], c["source_id"]) for c in putin_kumarin[0]["claims"]]
[('r101', 'Mikhail Trepashkin', 'baghai-2023')]
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .frames import _arrow, _core, edge_table
from .model import Claim, EvidenceFilter

__all__ = ["node_link", "write_json", "read_node_link", "CITATION_FIELDS"]

# a claim in the file: its citation, then the rest of its row of relations.csv
CITATION_FIELDS = ["claim_id", "status", "stance", "attributed_to", "attributed_to_name", "source_id",
                   "source_title", "source_published", "source_url", "source_via", "locator", "quote", "start",
                   "end", "note"]
_ROW_FIELDS = [f for f in Claim.__dataclass_fields__ if f not in CITATION_FIELDS]


def claim_rows(ix, view, chosen: np.ndarray) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """The kept claims as the file holds them (:data:`CITATION_FIELDS`, then the rest of the row),
    grouped by chosen link (in ``chosen``'s order), asserting before disputing, each group strongest
    first, then by id; each row's group (``2 * link + 1`` for a denial); the sources cited."""
    kept = np.flatnonzero(view.claim_keep & view.edge_keep[ix.c_edge])
    position = np.full(len(ix.e_from), -1, dtype=np.int64)
    position[chosen] = np.arange(len(chosen))
    group = position[ix.c_edge[kept]] * 2 + ~ix.c_asserts[kept]
    rows = ix.c_row[kept]
    order = pc.sort_indices(pa.table({"group": group, "status": ix.c_status[kept], "id": _arrow(ix.claims, "id", rows)}),
                            sort_keys=[("group", "ascending"), ("status", "ascending"), ("id", "ascending")]).to_numpy()
    kept, rows, group = kept[order], rows[order], group[order]
    source, party = ix.c_source[kept], ix.c_party[kept]
    columns = {name: _arrow(ix.claims, name, rows) for name in Claim.__dataclass_fields__ if name != "line"}
    columns.update(claim_id=columns["id"], attributed_to_name=_arrow(ix.entities, "name", party),
                   line=pa.array(ix.c_line[kept].astype(np.int64)),
                   **{f"source_{name}": _arrow(ix.sources, name, source)
                      for name in ("title", "published", "url", "via")})
    return pa.table({name: columns[name] for name in CITATION_FIELDS + _ROW_FIELDS}), group, np.unique(source)


def link_claims(ix, view, chosen: np.ndarray) -> tuple[list[list[dict]], list[list[dict]], np.ndarray]:
    """:func:`claim_rows` as records: per chosen link its asserting and its disputing claims."""
    table, group, cited = claim_rows(ix, view, chosen)
    lists: list[list[dict]] = [[] for _ in range(2 * len(chosen))]
    for at, record in zip(group.tolist(), table.to_pylist()):
        lists[at].append(record)
    return lists[0::2], lists[1::2], cited


def _chosen(ix, view) -> np.ndarray:
    """The kept links by from, to and relation (as :func:`graphkit.frames.edge_table` with ``by_ends``)."""
    chosen = np.flatnonzero(view.edge_keep)
    return chosen[np.lexsort((ix.e_type[chosen], ix.e_to[chosen], ix.e_from[chosen]))]


def _cited_sources(ix, cited: np.ndarray) -> list[dict]:
    """The sources cited and those they were read in, by id."""
    source_ids = ix.sources.columns["id"]
    via = {v for v in _arrow(ix.sources, "via", cited).to_pylist() if v}
    return ix.sources.rows(sorted(set(cited.tolist()) | {source_ids.lower_bound(v) for v in via}))


def node_link(g, evidence: EvidenceFilter | None = None) -> dict:
    """The kept links as node-link data, every claim with its provenance.

    Nodes carry the entity columns; each link carries its strongest status,
    ``claims`` (asserting) and ``disputes`` (denials), each a full claim with
    its citation; ``graph`` holds the filter and the sources cited (and those they were read in).
    """
    ix = _core(g)
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


def write_json(g, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write node-link JSON (UTF-8, Cyrillic as is); return what was written."""
    from .export import target

    data = node_link(g, evidence)
    path = target(path)
    dump = json.JSONEncoder(ensure_ascii=False).encode
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"directed": true, "multigraph": true,\n"graph": ' + dump(data["graph"]) + ',\n"nodes": [\n')
        fh.write(",\n".join(map(dump, data["nodes"])))
        fh.write('\n],\n"edges": [\n')
        fh.write(",\n".join(map(dump, data["edges"])))
        fh.write("\n]}\n")
    return {"format": "json", "path": str(path), "nodes": len(data["nodes"]), "edges": len(data["edges"]),
            "claims": sum(len(e["claims"]) + len(e["disputes"]) for e in data["edges"])}


def read_node_link(path: str | Path):
    """A node-link JSON file written by :func:`write_json`, back as a :class:`~graphkit.graph.ClaimGraph`.

    >>> from graphkit.graph import load_graph
    >>> _ = write_json(load_graph("data"), "out/doctest.json")
    >>> back = read_node_link("out/doctest.json")
    >>> len(back.claims), len(back.entities)
    (179, 84)
    """
    from .graph import ClaimGraph
    from .vocab import load_vocabulary

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    fields = set(Claim.__dataclass_fields__)
    entities = {n["id"]: dict(n) for n in data["nodes"]}
    sources = {s["id"]: s for s in data["graph"].get("sources", [])}
    claims = [Claim(**{k: v for k, v in c.items() if k in fields})
              for e in data["edges"] for c in e["claims"] + e["disputes"]]
    claims.sort(key=lambda c: (c.line, c.id))
    return ClaimGraph.from_records(load_vocabulary(), entities, sources, claims)
