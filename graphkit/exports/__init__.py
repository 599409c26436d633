"""Exports for the tools analysts and investigators already use, read from the columnar core.

- GraphML and GEXF (Gephi, yEd, Cytoscape): one node per entity, one edge per
  link with its strongest status, who disputes it and the ids of its claims
  and sources (:mod:`graphkit.exports.xml`). Both formats hold only text, numbers
  and booleans, so lists are joined with ``|`` (the separator of the ``aliases``
  column) and missing values are empty strings.
- node-link JSON (networkx's ``node_link_data`` layout): every claim with its full
  provenance on the edges and the sources in the graph attributes, so that
  :func:`read_node_link` gives the same claims back (:mod:`graphkit.exports.node_link`).
- CSV files for ``neo4j-admin database import``: see :mod:`graphkit.exports.neo4j_import`.
- FollowTheMoney entities: see :mod:`graphkit.ftm`.

Every export takes the evidence filter of the CLI: what is written is the
claims the filter keeps (by default, contradicted claims are left out). Each takes a
:class:`~graphkit.core.engine.ClaimIndex` (``graphkit.load_index``) or a
:class:`~graphkit.core.graph.ClaimGraph` (whose core is used); the rows come from the core's
columns (:func:`~graphkit.exports.tables.export_tables`), so no Python object is made per claim for the XML formats.

>>> from graphkit import EvidenceFilter, load_graph
>>> export(load_graph("data"), "gexf", "out/doctest-export.gexf", EvidenceFilter(min_status="reported"))["edges"]
73
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..claims.model import EvidenceFilter
from ..errors import GraphkitError
from .tables import EDGE_ATTRIBUTES, LIST_SEPARATOR, NODE_ATTRIBUTES, edge_id, export_graph, export_tables

__all__ = ["FORMATS", "export", "export_graph", "export_tables", "edge_id", "LIST_SEPARATOR",
           "NODE_ATTRIBUTES", "EDGE_ATTRIBUTES"]

if TYPE_CHECKING:
    from ..core.engine import ClaimIndex
    from ..core.graph import ClaimGraph

FORMATS = ("graphml", "gexf", "json", "ftm", "neo4j-import")


def export(g: ClaimGraph | ClaimIndex, fmt: str, output: str | Path, evidence: EvidenceFilter | None = None,
           dataset: str = "data") -> dict:
    """Write ``g`` (a :class:`ClaimIndex` or a :class:`ClaimGraph`) in one of :data:`FORMATS` to
    ``output`` (a folder for neo4j-import).

    Returns what was written (counts, path) and the seconds it took; this is
    what ``graphkit export --json`` prints.
    """
    started = time.perf_counter()
    if fmt in ("graphml", "gexf"):
        from . import xml as export_xml

        result = getattr(export_xml, f"write_{fmt}")(g, output, evidence)
    elif fmt == "json":
        from .node_link import write_json

        result = write_json(g, output, evidence)
    elif fmt == "ftm":
        from ..ftm.export import write_ftm

        result = write_ftm(g, output, evidence)
    elif fmt == "neo4j-import":
        from .neo4j_import import write_neo4j_import

        result = write_neo4j_import(g, output, evidence, dataset)
    else:
        raise GraphkitError(f"--format: unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    evidence = evidence or EvidenceFilter()
    return {**result, "filter": evidence.describe(), "seconds": round(time.perf_counter() - started, 3)}
