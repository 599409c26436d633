"""The rows every graph export writes, read from the columnar core: one per entity and one per kept
link (:func:`export_tables`), and the same as a flat networkx multigraph (:func:`export_graph`).

>>> g = load_graph("data")
>>> graph = export_graph(g)
>>> graph.number_of_nodes(), graph.number_of_edges()
(88, 125)
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..claims.model import EvidenceFilter
from ..core.engine import ClaimIndex
from ..core.graph import ClaimGraph, core, load_graph  # noqa: F401  (load_graph for doctests)
from ..core.rows import edge_table, text_column, touching

__all__ = ["export_graph", "export_tables", "edge_id", "target", "LIST_SEPARATOR",
           "NODE_ATTRIBUTES", "EDGE_ATTRIBUTES"]

# GraphML and GEXF cells hold no lists; aliases already use "|" in entities.csv.
LIST_SEPARATOR = "|"
# attribute name -> type, in the order written
NODE_ATTRIBUTES = {"label": "string", "name": "string", "type": "string", "type_label": "string",
                   "aliases": "string", "description": "string", "wikidata": "string", "start_date": "string",
                   "end_date": "string", "claims": "long", "colour": "string"}
EDGE_ATTRIBUTES = {"label": "string", "relation": "string", "status": "string", "status_rank": "long",
                   "disputed": "boolean", "disputed_by": "string", "parties": "long", "attributed_to": "string",
                   "claims": "string", "claim_count": "long", "disputes": "string", "sources": "string",
                   "source_titles": "string", "start_date": "string", "end_date": "string", "weight": "double"}


def export_tables(g: ClaimGraph | ClaimIndex, evidence: EvidenceFilter | None = None) -> tuple[pa.Table, pa.Table]:
    """The rows every graph export writes: entities (``id`` and :data:`NODE_ATTRIBUTES`, by id) and
    the kept links (``from_id``, ``to_id`` and :data:`EDGE_ATTRIBUTES`, by from, to and relation).

    A node's ``claims`` counts the kept claims at either end; a link's ``weight`` is its evidence
    strength (1 for one established party, less for weaker statuses, more for several parties).

    >>> nodes, links = export_tables(load_graph("data"), EvidenceFilter(min_status="reported"))
    >>> nodes.num_rows, links.num_rows, links.column_names[:4]
    (88, 73, ['from_id', 'to_id', 'label', 'relation'])
    """
    ix = core(g)
    vocab = ix.vocab
    evidence = (evidence or EvidenceFilter()).check(vocab)
    view = ix.view(evidence)
    kept = view.claim_keep & view.edge_keep[ix.c_edge]
    kinds = [vocab.entity_types[t] for t in vocab.entity_types]
    of_type = pa.array(ix.n_type.astype(np.int64))
    names = text_column(ix.entities, "name")
    nodes = pa.table({
        "id": text_column(ix.entities, "id"), "label": names, "name": names, "type": text_column(ix.entities, "type"),
        "type_label": pa.array([k.label for k in kinds], pa.large_string()).take(of_type),
        "aliases": text_column(ix.entities, "aliases"), "description": text_column(ix.entities, "description"),
        "wikidata": text_column(ix.entities, "wikidata"), "start_date": text_column(ix.entities, "start"),
        "end_date": text_column(ix.entities, "end"), "claims": pa.array(touching(ix, kept)),
        "colour": pa.array([k.colour for k in kinds], pa.large_string()).take(of_type),
    })
    links = edge_table(ix, evidence, by_ends=True)

    def joined(name: str) -> pa.Array:
        return pc.binary_join(links.column(name), pa.scalar(LIST_SEPARATOR, pa.large_string()))

    edges = pa.table({
        "from_id": links.column("from_id"), "to_id": links.column("to_id"), "label": links.column("label"),
        "relation": links.column("type"), "status": links.column("status"),
        "status_rank": links.column("status_rank"), "disputed": links.column("disputed"),
        "disputed_by": joined("disputed_by"), "parties": links.column("parties"),
        "attributed_to": joined("attributed_to"), "claims": joined("claims"),
        "claim_count": pc.list_value_length(links.column("claims")).cast(pa.int64()),
        "disputes": joined("disputes"), "sources": joined("sources"), "source_titles": joined("source_titles"),
        "start_date": links.column("start"), "end_date": links.column("end"), "weight": links.column("weight"),
    })
    return nodes, edges


def export_graph(g: ClaimGraph | ClaimIndex, evidence: EvidenceFilter | None = None) -> nx.MultiDiGraph:
    """:func:`export_tables` as a flat networkx multigraph: only text, numbers and booleans as
    attributes, each edge keyed by its relation type (for networkx's own writers and algorithms).

    >>> g = load_graph("data")
    >>> data = export_graph(g).edges["putin", "kumarin", "cooperated_with"]
    >>> data["status"], data["claims"], data["disputed"]
    ('unverified', 'r101', False)
    """
    evidence = evidence or EvidenceFilter()
    nodes, edges = export_tables(g, evidence)
    out = nx.MultiDiGraph(name="graphkit", filter=evidence.describe())
    node_rows = nodes.to_pylist()
    out.add_nodes_from((row.pop("id"), row) for row in node_rows)
    for row in edges.to_pylist():
        u, v = row.pop("from_id"), row.pop("to_id")
        out.add_edge(u, v, key=row["relation"], **row)
    return out


def edge_id(from_id: str, relation: str, to_id: str) -> str:
    """A link's id in GraphML and GEXF: one per (from, relation, to).

    Slugs never hold ``--`` and relation types are letters and ``_``, so the
    id is unique and an XML name token, as both schemas want.

    >>> edge_id("putin", "cooperated_with", "kumarin")
    'putin--cooperated_with--kumarin'
    """
    return f"{from_id}--{relation}--{to_id}"


def target(path: str | Path) -> Path:
    """``path``, its folder made."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
