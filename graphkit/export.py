"""Exports for the tools analysts and investigators already use.

- GraphML and GEXF (Gephi, yEd, Cytoscape): one node per entity, one edge per
  link with its strongest status, who disputes it and the ids of its claims
  and sources. Both formats hold only text, numbers and booleans, so lists
  are joined with ``|`` (the separator of the ``aliases`` column) and missing
  values are empty strings.
- node-link JSON (networkx's ``node_link_data``): every claim with its full
  provenance on the edges and the sources in the graph attributes, so that
  :func:`read_node_link` gives the same claims back.
- CSV files for ``neo4j-admin database import``: see :mod:`graphkit.export_neo4j`.
- FollowTheMoney entities: see :mod:`graphkit.ftm`.

Every export takes the evidence filter of the CLI: what is written is the
claims the filter keeps (by default, contradicted claims are left out).

>>> g = load_graph("data")
>>> graph = export_graph(g)
>>> graph.number_of_nodes(), graph.number_of_edges()
(84, 119)
"""
from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from .analysis import cite
from .errors import GraphkitError
from .frames import edge_record
from .graph import ClaimGraph, load_graph  # noqa: F401  (load_graph for doctests)
from .model import Claim, EvidenceFilter

__all__ = ["FORMATS", "export", "export_graph", "edge_id", "node_link", "read_node_link", "write_graphml",
           "write_gexf", "write_json", "LIST_SEPARATOR"]

FORMATS = ("graphml", "gexf", "json", "ftm", "neo4j-import")
# GraphML and GEXF cells hold no lists; aliases already use "|" in entities.csv.
LIST_SEPARATOR = "|"


def _join(values) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values)


# -- GraphML and GEXF ---------------------------------------------------------------
# XML 1.0 forbids these characters outright, escaped or not: written as \xNN text instead.
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Make every text attribute writable as XML 1.0, in place."""
    def clean(value):
        if isinstance(value, str):
            return _XML_FORBIDDEN.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
        return value

    for _, data in graph.nodes(data=True):
        data.update({k: clean(v) for k, v in data.items()})
    for _, _, data in graph.edges(data=True):
        data.update({k: clean(v) for k, v in data.items()})
    return graph


def _node_attributes(g: ClaimGraph, eid: str, claim_counts: dict[str, int]) -> dict:
    row = g.entities[eid]
    kind = g.vocab.entity_types[row["type"]]
    return {
        "label": row["name"], "name": row["name"], "type": row["type"], "type_label": kind.label,
        "aliases": row.get("aliases", ""), "description": row.get("description", ""),
        "wikidata": row.get("wikidata", ""), "start_date": row.get("start", ""), "end_date": row.get("end", ""),
        "claims": claim_counts.get(eid, 0), "colour": kind.colour,
    }


def export_graph(g: ClaimGraph, evidence: EvidenceFilter | None = None) -> nx.MultiDiGraph:
    """The kept links as a flat multigraph: only text, numbers and booleans as attributes.

    Nodes are every entity (``label`` is the name); each edge is one link
    (from, relation, to), keyed by the relation type, with ``status``,
    ``status_rank``, ``disputed``, ``disputed_by``, ``parties``,
    ``attributed_to``, ``claims``, ``disputes``, ``sources`` and
    ``source_titles`` (lists joined with ``|``), ``start_date``/``end_date`` and
    ``weight`` (evidence strength: 1 for one established party, less for
    weaker statuses, more for several parties).

    >>> g = load_graph("data")
    >>> data = export_graph(g).edges["putin", "kumarin", "cooperated_with"]
    >>> data["status"], data["claims"], data["disputed"]
    ('unverified', 'r101', False)
    """
    evidence = (evidence or EvidenceFilter()).check(g.vocab)
    edges = g.edges(evidence)
    counts: dict[str, int] = defaultdict(int)
    for edge in edges:
        for c in edge.asserting + edge.disputing:
            counts[edge.from_id] += 1
            if edge.to_id != edge.from_id:
                counts[edge.to_id] += 1
    out = nx.MultiDiGraph(name="graphkit", filter=evidence.describe())
    for eid in sorted(g.entities):
        out.add_node(eid, **_node_attributes(g, eid, counts))
    for edge in edges:
        rec = edge_record(g, edge)
        titles = sorted({g.sources.get(s, {}).get("title", s) for s in rec["sources"]})
        out.add_edge(edge.from_id, edge.to_id, key=edge.type, label=rec["label"], relation=edge.type,
                     status=rec["status"], status_rank=rec["status_rank"], disputed=rec["disputed"],
                     disputed_by=_join(rec["disputed_by"]), parties=rec["parties"],
                     attributed_to=_join(rec["attributed_to"]), claims=_join(rec["claims"]),
                     claim_count=len(rec["claims"]), disputes=_join(rec["disputes"]),
                     sources=_join(rec["sources"]), source_titles=_join(titles),
                     start_date=rec["start"], end_date=rec["end"], weight=round(1 / edge.cost(g.vocab), 6))
    return out


def edge_id(from_id: str, relation: str, to_id: str) -> str:
    """A link's id in GraphML and GEXF: one per (from, relation, to).

    Slugs never hold ``--`` and relation types are letters and ``_``, so the
    id is unique and an XML name token, as both schemas want.

    >>> edge_id("putin", "cooperated_with", "kumarin")
    'putin--cooperated_with--kumarin'
    """
    return f"{from_id}--{relation}--{to_id}"


def write_graphml(g: ClaimGraph, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write GraphML (Gephi, yEd, Cytoscape); return what was written.

    Each edge's id is :func:`edge_id`, so that tools which key links on it
    (Gephi) keep every link; networkx reads it back as the edge key.

    >>> g = load_graph("data")
    >>> write_graphml(g, "out/doctest.graphml")["edges"]
    119
    >>> back = nx.read_graphml("out/doctest.graphml")
    >>> back.nodes["putin"]["name"], list(back["putin"]["kumarin"])
    ('Vladimir Putin', ['putin--cooperated_with--kumarin'])
    """
    graph = _xml_safe(export_graph(g, evidence))
    keyed = nx.MultiDiGraph(**graph.graph)
    keyed.add_nodes_from(graph.nodes(data=True))
    keyed.add_edges_from((u, v, edge_id(u, key, v), data) for u, v, key, data in graph.edges(keys=True, data=True))
    path = _target(path)
    nx.write_graphml(keyed, path, encoding="utf-8", prettyprint=True)
    return _written("graphml", path, keyed)


def write_gexf(g: ClaimGraph, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write GEXF 1.2draft (Gephi); return what was written.

    The file follows the GEXF schema: edge ids are :func:`edge_id`, the graph
    element has no ``name``, no ``networkx_key`` column is written, and each
    node's colour (the vocabulary's) is the schema's ``<color>`` element, in
    the GEXF namespace where the schema declares it.

    >>> g = load_graph("data")
    >>> write_gexf(g, "out/doctest.gexf")["nodes"]
    84
    """
    graph = _xml_safe(export_graph(g, evidence))
    for _, data in graph.nodes(data=True):
        red, green, blue = (int(data["colour"][i:i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
    for u, v, key, data in graph.edges(keys=True, data=True):
        data["id"] = edge_id(u, key, v)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(graph)
    _as_the_schema_says(writer)
    path = _target(path)
    with open(path, "wb") as fh:
        writer.write(fh)
    return _written("gexf", path, graph)


def _as_the_schema_says(writer: GEXFWriter) -> None:
    """Mend what networkx writes beyond the GEXF 1.2draft schema, in the tree before it is written."""
    writer.graph_element.attrib.pop("name", None)  # <graph> has no name attribute in 1.2draft
    dropped = set()
    for attributes in writer.graph_element.iter("attributes"):
        for attribute in list(attributes):
            if attribute.get("title") == "networkx_key":  # the relation, already in its own column
                dropped.add((attributes.get("class"), attribute.get("id")))
                attributes.remove(attribute)
    for kind in ("node", "edge"):
        for element in writer.graph_element.iter(kind):
            for values in element.iter("attvalues"):
                for value in list(values):
                    if (kind, value.get("for")) in dropped:
                        values.remove(value)
    for colour in writer.graph_element.iter(f"{{{writer.NS_VIZ}}}color"):
        colour.tag = "color"


# -- node-link JSON -----------------------------------------------------------------
def _claim_record(g: ClaimGraph, claim: Claim) -> dict:
    """A claim's own fields (as in relations.csv) and its citation."""
    return {**cite(g, claim), **claim.to_dict()}


def node_link(g: ClaimGraph, evidence: EvidenceFilter | None = None) -> dict:
    """The kept links as node-link data, every claim with its provenance.

    Nodes carry the entity columns; each link carries its strongest status,
    ``claims`` (asserting) and ``disputes`` (denials), each a full claim with
    its citation; ``graph`` holds the filter and the sources cited.

    >>> g = load_graph("data")
    >>> data = node_link(g)
    >>> sorted(data), len(data["edges"])
    (['directed', 'edges', 'graph', 'multigraph', 'nodes'], 119)
    >>> putin_kumarin = [e for e in data["edges"] if (e["source"], e["target"]) == ("putin", "kumarin")]
    >>> [(c["claim_id"], c["attributed_to_name"], c["source_id"]) for c in putin_kumarin[0]["claims"]]
    [('r101', 'Mikhail Trepashkin', 'baghai-2023')]
    """
    evidence = (evidence or EvidenceFilter()).check(g.vocab)
    graph = nx.MultiDiGraph()
    for eid in sorted(g.entities):
        graph.add_node(eid, **g.entities[eid])
    cited: set[str] = set()
    order = lambda c: (g.vocab.status_rank(c.status), c.id)  # noqa: E731
    for edge in g.edges(evidence):
        rec = edge_record(g, edge)
        cited.update(rec["sources"])
        graph.add_edge(edge.from_id, edge.to_id, key=edge.type, relation=edge.type, label=rec["label"],
                       status=rec["status"], disputed=rec["disputed"], disputed_by=rec["disputed_by"],
                       parties=rec["parties"],
                       claims=[_claim_record(g, c) for c in sorted(edge.asserting, key=order)],
                       disputes=[_claim_record(g, c) for c in sorted(edge.disputing, key=order)])
    via = {g.sources[s].get("via", "") for s in cited if s in g.sources} - {""}
    graph.graph.update({"name": "graphkit", "filter": evidence.describe(),
                        "sources": [g.sources[s] for s in sorted(cited | via) if s in g.sources]})
    return nx.node_link_data(graph, edges="edges")


def write_json(g: ClaimGraph, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write node-link JSON (UTF-8, Cyrillic as is); return what was written."""
    data = node_link(g, evidence)
    path = _target(path)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"format": "json", "path": str(path), "nodes": len(data["nodes"]), "edges": len(data["edges"]),
            "claims": sum(len(e["claims"]) + len(e["disputes"]) for e in data["edges"])}


def read_node_link(path: str | Path) -> ClaimGraph:
    """A node-link JSON file written by :func:`write_json`, back as a :class:`ClaimGraph`.

    >>> g = load_graph("data")
    >>> _ = write_json(g, "out/doctest.json")
    >>> back = read_node_link("out/doctest.json")
    >>> len(back.claims), len(back.entities)
    (179, 84)
    """
    from .vocab import load_vocabulary

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    fields = set(Claim.__dataclass_fields__)
    entities = {n["id"]: {k: v for k, v in n.items()} for n in data["nodes"]}
    sources = {s["id"]: s for s in data["graph"].get("sources", [])}
    claims = [Claim(**{k: v for k, v in c.items() if k in fields})
              for e in data["edges"] for c in e["claims"] + e["disputes"]]
    claims.sort(key=lambda c: (c.line, c.id))
    return ClaimGraph.from_records(load_vocabulary(), entities, sources, claims)


# -- one entry point ------------------------------------------------------------------
def _target(path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _written(fmt: str, path: Path, graph: nx.MultiDiGraph) -> dict:
    return {"format": fmt, "path": str(path), "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}


def export(g: ClaimGraph, fmt: str, output: str | Path, evidence: EvidenceFilter | None = None,
           dataset: str = "data") -> dict:
    """Write ``g`` in one of :data:`FORMATS` to ``output`` (a folder for neo4j-import).

    For neo4j-import, ``g`` may also be a :class:`~graphkit.engine.ClaimIndex`.

    Returns what was written (counts, path) and the seconds it took; this is
    what ``graphkit export --json`` prints.

    >>> g = load_graph("data")
    >>> export(g, "gexf", "out/doctest-export.gexf", EvidenceFilter(min_status="reported"))["edges"]
    67
    """
    started = time.perf_counter()
    if fmt == "graphml":
        result = write_graphml(g, output, evidence)
    elif fmt == "gexf":
        result = write_gexf(g, output, evidence)
    elif fmt == "json":
        result = write_json(g, output, evidence)
    elif fmt == "ftm":
        from .ftm import write_ftm

        result = write_ftm(g, output, evidence)
    elif fmt == "neo4j-import":
        from .export_neo4j import write_neo4j_import

        result = write_neo4j_import(g, output, evidence, dataset)
    else:
        raise GraphkitError(f"--format: unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    evidence = evidence or EvidenceFilter()
    return {**result, "filter": evidence.describe(), "seconds": round(time.perf_counter() - started, 3)}
