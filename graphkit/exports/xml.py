"""GraphML and GEXF 1.2draft, written from the export's tables column by column.

Each element is put together by pyarrow for a whole column at once (escaping, numbers as text,
the XML around them), and the lines are written as they come, a block of rows at a time: no
Python object per entity or link, and memory bounded by the block. The files follow the published
schemas (the tests check them with ``xmlschema``) and read back into networkx and igraph with
every attribute.

>>> from graphkit.core.graph import load_graph
>>> write_graphml(load_graph("data"), "out/doctest.graphml")["edges"]
125
>>> import networkx as nx
>>> back = nx.read_graphml("out/doctest.graphml")
>>> back.nodes["putin"]["name"], list(back["putin"]["kumarin"])
('Vladimir Putin', ['putin--cooperated_with--kumarin'])
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .. import __version__
from ..claims.model import EvidenceFilter
from ..core.columns import join_text as _join
from ..core.columns import rows_holding
from ..core.columns import write_rows as _write_lines
from .tables import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, export_tables, target

__all__ = ["write_graphml", "write_gexf", "xml_text"]

BLOCK = 65_536  # rows put together at a time
# XML 1.0 forbids these characters outright, escaped or not: written as \xNN text instead.
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_FORBIDDEN_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"
_TEXT_ESCAPES = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")]
_ATTRIBUTE_ESCAPES = _TEXT_ESCAPES + [('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#09;")]
# the bytes of a row that may need escaping (0xEF leads U+FFFE and U+FFFF, and some other letters)
_FORBIDDEN_BYTES = bytes([*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0xef])
_ANY_ESCAPE = {False: _FORBIDDEN_BYTES + b"&<>\r", True: _FORBIDDEN_BYTES + b"&<>\r\n\t\""}


def xml_text(values: pa.Array, attribute: bool = False) -> pa.Array:
    """Text cells as XML character data (``attribute``: as a double-quoted attribute value):
    markup characters escaped, characters XML 1.0 forbids written as ``\\xNN``.

    >>> xml_text(pa.array(['a < b & "c"', "bell\\x07"]), attribute=True).to_pylist()
    ['a &lt; b &amp; &quot;c&quot;', 'bell\\\\x07']
    """
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    values = values.cast(pa.large_string()) if values.type != pa.large_string() else values
    escapes = _ATTRIBUTE_ESCAPES if attribute else _TEXT_ESCAPES
    needs = rows_holding(values, _ANY_ESCAPE[attribute])
    if not needs.any():
        return values  # most columns (ids, types, dates) hold nothing to escape: one pass tells
    needs = pa.array(needs)
    some = values.filter(needs)  # only the rows that may need it are rewritten
    if pc.any(pc.match_substring_regex(some, _XML_FORBIDDEN_RE2)).as_py():  # rare: mended in Python, row by row
        some = pa.array([_XML_FORBIDDEN.sub(lambda m: f"\\x{ord(m.group()):02x}", v) for v in some.to_pylist()],
                        pa.large_string())
    for plain, escaped in escapes:
        some = pc.replace_substring(some, plain, escaped)
    return pc.replace_with_mask(values, needs, some)


def _cells(column: pa.Array, kind: str, attribute: bool = False) -> pa.Array:
    """A column as the text XML holds: numbers as Python writes them, booleans as the schema's."""
    if kind == "string":
        return xml_text(column, attribute)
    if kind == "boolean":
        return pc.if_else(column, "true", "false").cast(pa.large_string())
    if kind == "double":  # a few distinct values: Python's repr of each
        distinct = pc.unique(column)
        return pa.array([repr(v) for v in distinct.to_pylist()], pa.large_string()).take(
            pc.index_in(column, value_set=distinct))
    return column.cast(pa.large_string())


def _blocks(table: pa.Table):
    for start in range(0, table.num_rows, BLOCK):
        yield table.slice(start, BLOCK).combine_chunks()


def _ids(u, relation, v) -> pa.Array:
    return _join(u, "--", relation, "--", v)


# -- GraphML ---------------------------------------------------------------------------
_GRAPHML_HEAD = ('<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
                 '"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def write_graphml(g, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write GraphML (Gephi, yEd, Cytoscape); return what was written.

    Each edge's id is :func:`~graphkit.exports.edge_id`, so that tools which key links on it (Gephi)
    keep every link; networkx reads it back as the edge key. Integers are ``long``, the weight
    ``double``, ``disputed`` a ``boolean``; the graph carries its name and the filter.
    """
    evidence = evidence or EvidenceFilter()
    nodes, edges = export_tables(g, evidence)
    keys = {("graph", "name"): "d0", ("graph", "filter"): "d1"}
    for kind, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        for name in attributes:
            keys[(kind, name)] = f"d{len(keys)}"
    path = target(path)
    with open(path, "wb") as fh:
        head = [_GRAPHML_HEAD]
        for (kind, name), key in keys.items():
            kind_type = "string" if kind == "graph" else (NODE_ATTRIBUTES if kind == "node" else EDGE_ATTRIBUTES)[name]
            head.append(f'<key id="{key}" for="{kind}" attr.name="{name}" attr.type="{kind_type}"/>\n')
        filter_text = xml_text(pa.array([evidence.describe()]))[0].as_py()
        head.append(f'<graph edgedefault="directed"><data key="d0">graphkit</data>\n'
                    f'<data key="d1">{filter_text}</data>\n')
        fh.write("".join(head).encode("utf-8"))
        for block in _blocks(nodes):
            parts = ['<node id="', xml_text(block.column("id"), attribute=True), '">\n']
            for name, kind in NODE_ATTRIBUTES.items():
                parts += [f'  <data key="{keys[("node", name)]}">', _cells(block.column(name), kind), "</data>\n"]
            _write_lines(fh, _join(*parts, "</node>\n"))
        for block in _blocks(edges):
            u, v = xml_text(block.column("from_id"), True), xml_text(block.column("to_id"), True)
            parts = ['<edge source="', u, '" target="', v, '" id="', _ids(u, block.column("relation"), v), '">\n']
            for name, kind in EDGE_ATTRIBUTES.items():
                parts += [f'  <data key="{keys[("edge", name)]}">', _cells(block.column(name), kind), "</data>\n"]
            _write_lines(fh, _join(*parts, "</edge>\n"))
        fh.write(b"</graph></graphml>\n")
    return {"format": "graphml", "path": str(path), "nodes": nodes.num_rows, "edges": edges.num_rows}


# -- GEXF 1.2draft ----------------------------------------------------------------------
_GEXF_HEAD = ('<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<gexf xmlns="http://www.gexf.net/1.2draft" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
              '"http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n')
# the node's label and the edge's label and weight are the schema's own XML attributes
_GEXF_NODE = [name for name in NODE_ATTRIBUTES if name != "label"]
_GEXF_EDGE = [name for name in EDGE_ATTRIBUTES if name not in ("label", "weight")]


def write_gexf(g, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write GEXF 1.2draft (Gephi); return what was written.

    The file follows the GEXF schema: edge ids are :func:`~graphkit.exports.edge_id`, each node's
    colour (the vocabulary's) is the schema's ``<color>`` element, the edge's evidence strength its
    ``weight``, and the filter is the file's description.

    >>> from graphkit.core.graph import load_graph
    >>> write_gexf(load_graph("data"), "out/doctest.gexf")["nodes"]
    88
    """
    evidence = evidence or EvidenceFilter()
    nodes, edges = export_tables(g, evidence)
    node_ids = {name: str(i) for i, name in enumerate(_GEXF_NODE)}
    edge_ids = {name: str(len(node_ids) + i) for i, name in enumerate(_GEXF_EDGE)}
    path = target(path)
    with open(path, "wb") as fh:
        described = xml_text(pa.array([f"filters: {evidence.describe()}"]))[0].as_py()
        head = [_GEXF_HEAD, f'  <meta lastmodifieddate="{dt.date.today().isoformat()}">\n',
                f"    <creator>graphkit {__version__}</creator>\n    <description>{described}</description>\n",
                "  </meta>\n", '  <graph defaultedgetype="directed" mode="static">\n']
        for kind, ids, attributes in (("node", node_ids, NODE_ATTRIBUTES), ("edge", edge_ids, EDGE_ATTRIBUTES)):
            head.append(f'    <attributes mode="static" class="{kind}">\n')
            head += [f'      <attribute id="{i}" title="{name}" type="{attributes[name]}" />\n' for name, i in ids.items()]
            head.append("    </attributes>\n")
        fh.write("".join(head + ["    <nodes>\n"]).encode("utf-8"))
        for block in _blocks(nodes):
            parts = ['      <node id="', xml_text(block.column("id"), True), '" label="',
                     xml_text(block.column("label"), True), '">\n        <color ', _rgb(block.column("colour")),
                     ' />\n        <attvalues>\n']
            parts += _attvalues(block, node_ids, NODE_ATTRIBUTES)
            _write_lines(fh, _join(*parts, "        </attvalues>\n      </node>\n"))
        fh.write(b"    </nodes>\n    <edges>\n")
        for block in _blocks(edges):
            u, v = xml_text(block.column("from_id"), True), xml_text(block.column("to_id"), True)
            parts = ['      <edge source="', u, '" target="', v, '" id="', _ids(u, block.column("relation"), v),
                     '" label="', xml_text(block.column("label"), True), '" weight="',
                     _cells(block.column("weight"), "double"), '">\n        <attvalues>\n']
            parts += _attvalues(block, edge_ids, EDGE_ATTRIBUTES)
            _write_lines(fh, _join(*parts, "        </attvalues>\n      </edge>\n"))
        fh.write(b"    </edges>\n  </graph>\n</gexf>\n")
    return {"format": "gexf", "path": str(path), "nodes": nodes.num_rows, "edges": edges.num_rows}


def _rgb(colours: pa.Array) -> pa.Array:
    """``#rrggbb`` colours as the schema's ``r g b a`` attributes (worked out once per colour)."""
    distinct = pc.unique(colours)
    text = [f'r="{int(c[1:3], 16)}" g="{int(c[3:5], 16)}" b="{int(c[5:7], 16)}" a="1.0"' for c in distinct.to_pylist()]
    return pa.array(text, pa.large_string()).take(pc.index_in(colours, value_set=distinct))


def _attvalues(block: pa.Table, ids: dict[str, str], attributes: dict[str, str]) -> list:
    parts = []
    for name, i in ids.items():
        parts += [f'          <attvalue for="{i}" value="', _cells(block.column(name), attributes[name], True),
                  '" />\n']
    return parts
