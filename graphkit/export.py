"""Exports for the tools analysts and investigators already use.

- GraphML and GEXF (Gephi, yEd, Cytoscape): one node per entity, one edge per
  link with its strongest status, who disputes it and the ids of its claims
  and sources. Both formats hold only text, numbers and booleans, so lists
  are joined with ``|`` (the separator of the ``aliases`` column) and missing
  values are empty strings.
- node-link JSON (networkx's ``node_link_data``): every claim with its full
  provenance on the edges and the sources in the graph attributes, so that
  :func:`read_node_link` gives the same claims back.
- CSV files for ``neo4j-admin database import``, laid out like
  ``graphkit neo4j load`` writes (labels, relationship types, properties and
  the dataset marker), for graphs too big for transactional loading.
- FollowTheMoney entities: see :mod:`graphkit.ftm`.

Every export takes the evidence filter of the CLI: what is written is the
claims the filter keeps (by default, contradicted claims are left out).

>>> g = load_graph("data")
>>> graph = export_graph(g)
>>> graph.number_of_nodes(), graph.number_of_edges()
(84, 119)
"""
from __future__ import annotations

import csv
import json
import re
import shlex
import time
from collections import defaultdict
from pathlib import Path

import networkx as nx

from .analysis import cite
from .dates import date_bounds
from .errors import GraphkitError
from .frames import edge_record
from .graph import ClaimGraph, load_graph  # noqa: F401  (load_graph for doctests)
from .model import Claim, EvidenceFilter

__all__ = ["FORMATS", "export", "export_graph", "node_link", "read_node_link", "write_graphml",
           "write_gexf", "write_json", "write_neo4j_import", "neo4j_admin_arguments", "NEO4J_ARRAY_DELIMITER", "LIST_SEPARATOR"]

FORMATS = ("graphml", "gexf", "json", "ftm", "neo4j-import")
# GraphML and GEXF cells hold no lists; aliases already use "|" in entities.csv.
LIST_SEPARATOR = "|"
# neo4j-admin's default array delimiter, so that its plain command line reads the files.
NEO4J_ARRAY_DELIMITER = ";"
# Stamped on everything written for neo4j-admin, where `graphkit neo4j load` stamps its load id.
NEO4J_IMPORT_LOAD = "neo4j-admin-import"


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


def write_graphml(g: ClaimGraph, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write GraphML (Gephi, yEd, Cytoscape); return what was written.

    >>> g = load_graph("data")
    >>> write_graphml(g, "out/doctest.graphml")["edges"]
    119
    >>> nx.read_graphml("out/doctest.graphml").nodes["putin"]["name"]
    'Vladimir Putin'
    """
    graph = _xml_safe(export_graph(g, evidence))
    path = _target(path)
    nx.write_graphml(graph, path, encoding="utf-8", prettyprint=True)
    return _written("graphml", path, graph)


def write_gexf(g: ClaimGraph, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write GEXF 1.2 (Gephi); return what was written.

    >>> g = load_graph("data")
    >>> write_gexf(g, "out/doctest.gexf")["nodes"]
    84
    """
    graph = _xml_safe(export_graph(g, evidence))
    del graph.graph["filter"]  # GEXF has no place for graph attributes besides its name
    for _, data in graph.nodes(data=True):
        # Gephi colours nodes by the vocabulary's colour (GEXF's viz extension).
        red, green, blue = (int(data["colour"][i:i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
    path = _target(path)
    nx.write_gexf(graph, path, encoding="utf-8", prettyprint=True)
    return _written("gexf", path, graph)


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


# -- neo4j-admin database import ------------------------------------------------------
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
    aliases = [a.strip() for a in g.entities[eid].get("aliases", "").split("|") if a.strip()]
    for alias in aliases:
        if NEO4J_ARRAY_DELIMITER in alias:
            raise GraphkitError(f"entities.csv: {eid}: alias '{alias}' holds '{NEO4J_ARRAY_DELIMITER}', "
                                "neo4j-admin's array delimiter; remove it from the alias")
    return NEO4J_ARRAY_DELIMITER.join(aliases)


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
                 f"GraphkitEntity;{g.vocab.entity_types[g.entities[eid]['type']].neo4j_label}"]
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

    >>> neo4j_admin_arguments(["entities.csv", "claims_ALLY_OF.csv"])[:2]
    ['--nodes=entities.csv', '--relationships=claims_ALLY_OF.csv']
    """
    nodes = [f for f in files if f in ("entities.csv", "sources.csv")]
    rels = [f for f in files if f not in nodes]
    return ([f"--nodes={f}" for f in nodes] + [f"--relationships={f}" for f in rels]
            + [f"--array-delimiter={NEO4J_ARRAY_DELIMITER}", "--multiline-fields=true",
               "--overwrite-destination=true"])


def _import_script(files: list[str]) -> str:
    args = " \\\n  ".join(shlex.quote(a) for a in neo4j_admin_arguments(files))
    return ("#!/bin/sh\n"
            "# Written by `graphkit export --format neo4j-import`. Run from this folder with Neo4j stopped;\n"
            "# a full import needs an empty (new) database. Afterwards `graphkit neo4j load` (or the\n"
            "# statements in cypher/schema/) adds graphkit's constraints and indexes.\n"
            'cd "$(dirname "$0")"\n'
            f'exec "${{NEO4J_ADMIN:-neo4j-admin}}" database import full "${{1:-neo4j}}" \\\n  {args}\n')


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
        result = write_neo4j_import(g, output, evidence, dataset)
    else:
        raise GraphkitError(f"--format: unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    evidence = evidence or EvidenceFilter()
    return {**result, "filter": evidence.describe(), "seconds": round(time.perf_counter() - started, 3)}
