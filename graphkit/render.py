"""The reader page: one self-contained, offline HTML file.

PyVis holds the nodes and edges (filled directly: its ``add_node`` checks a
list and grows quadratically); the page itself comes from graphkit's own
template, with vis-network's script and style (shipped inside the pyvis
package) inlined so that no request leaves the page. All text from the CSVs
reaches the browser inside a JSON data block with ``<`` escaped, and
vis-network shows string tooltips as text, so no CSV text is ever parsed as HTML.

>>> from graphkit.graph import load_graph
>>> path = render_html(load_graph("data"), "out/doctest-page.html")
>>> path.read_text(encoding="utf-8").count("<script src=")
0
"""
from __future__ import annotations

import json
from pathlib import Path

import jinja2
import pyvis
from pyvis.network import Network

from .graph import ClaimGraph
from .model import EvidenceFilter

__all__ = ["render_html", "build_network", "page_html"]

_TEMPLATES = Path(__file__).parent / "templates"
_VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
DISPUTED_COLOUR = "#6a00a8"
_DASHES = {"solid": False, "dashed": [8, 6], "dotted": [2, 5]}


def _edge_title(g: ClaimGraph, edge) -> str:
    rel = g.vocab.relation_types[edge.type]
    lines = [f"{g.entities[edge.from_id]['name']} {rel.label} {g.entities[edge.to_id]['name']}"]
    for claim in edge.asserting + edge.disputing:
        source = g.sources.get(claim.source_id, {})
        who = g.entities.get(claim.attributed_to, {}).get("name", claim.attributed_to)
        verb = "claims" if claim.stance == "asserts" else "DISPUTES"
        lines.append(f"• {claim.status}: {who} {verb} — {source.get('title', claim.source_id)}"
                     f"{', ' + source['published'] if source.get('published') else ''}"
                     f"{' (' + claim.locator + ')' if claim.locator else ''}")
        if claim.quote:
            lines.append(f"  “{claim.quote}”")
        if claim.note:
            lines.append(f"  note: {claim.note}")
    return "\n".join(lines)


def build_network(g: ClaimGraph, evidence: EvidenceFilter | None = None) -> Network:
    """A PyVis network of the edges ``evidence`` keeps, styled by type and status."""
    evidence = evidence or EvidenceFilter()
    net = Network(directed=True, cdn_resources="in_line")
    for eid, row in g.entities.items():
        etype = g.vocab.entity_types[row["type"]]
        title = f"{row['name']} ({etype.label})"
        if row.get("aliases"):
            title += "\nalso: " + ", ".join(a for a in row["aliases"].split("|") if a)
        if row.get("description"):
            title += "\n" + row["description"]
        net.nodes.append({"id": eid, "label": row["name"], "title": title, "shape": etype.shape,
                          "color": etype.colour, "group": row["type"]})
        net.node_ids.append(eid)
        net.node_map[eid] = net.nodes[-1]
    for edge in g.edges(evidence):
        status = g.vocab.status_by_id[edge.status(g.vocab)]
        label = g.vocab.relation_types[edge.type].label + (" ⚠" if edge.disputed else "")
        net.edges.append({"from": edge.from_id, "to": edge.to_id, "label": label,
                          "title": _edge_title(g, edge), "dashes": _DASHES.get(status.line, False),
                          "color": DISPUTED_COLOUR if edge.disputed else status.colour,
                          "status": status.id, "arrows": "to", "font": {"size": 9}})
    return net


def page_html(g: ClaimGraph, net: Network, title: str, shown_note: str) -> str:
    """The self-contained page for a filled network."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True)
    options = {"physics": {"stabilization": {"iterations": 200}},
               "interaction": {"hover": True, "tooltipDelay": 150}}
    payload = json.dumps({"nodes": net.nodes, "edges": net.edges, "options": options}, ensure_ascii=False)
    # Inside <script> only "</" could end the block; escaping every "<" also keeps "<!--" inert.
    payload = payload.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return env.get_template("page.html").render(
        title=title, shown_note=shown_note,
        entity_types=list(g.vocab.entity_types.values()), statuses=g.vocab.statuses,
        graph_json=jinja2.utils.markupsafe.Markup(payload),
        vis_css=jinja2.utils.markupsafe.Markup((_VIS / "vis-network.css").read_text(encoding="utf-8")),
        vis_js=jinja2.utils.markupsafe.Markup((_VIS / "vis-network.min.js").read_text(encoding="utf-8")),
    )


def render_html(g: ClaimGraph, output: str | Path, evidence: EvidenceFilter | None = None,
                title: str = "graphkit: sourced network") -> Path:
    """Write the reader page as UTF-8 and return its path."""
    evidence = evidence or EvidenceFilter()
    net = build_network(g, evidence)
    note = f"{len(net.nodes)} entities, {len(net.edges)} links; filters: {evidence.describe()}."
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page_html(g, net, title, note), encoding="utf-8")
    return output
