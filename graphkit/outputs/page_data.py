"""What the reader page shows, as JSON-ready data: the entities drawn (within the node budget, nearest
a focus first), their links with every claim and its citation, the vocabulary's legend, and what was
left out. Read from the columnar core: only the drawn entities' links and claims are read.

>>> from graphkit.core.graph import load_graph
>>> data = page_data(load_graph("data"), max_nodes=5)
>>> len(data["entities"]), data["meta"]["trimmed"]
(5, True)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..claims.dates import date_bounds
from ..claims.model import ATTRIBUTES, COST_STEPS, MAX_INDEPENDENT, Edge, EvidenceFilter, attribute_words
from ..claims.rules import WIKIDATA as _WIKIDATA
from ..core.analysis import METRICS, cite
from ..core.engine import ClaimIndex
from ..core.graph import ClaimGraph, core
from ..errors import GraphkitError
from .layout import layout_positions

__all__ = ["page_data", "index_page_data", "assemble", "DEFAULT_MAX_NODES", "DEFAULT_HOPS", "DEFAULT_SIZE_BY",
           "LAYOUT_IN_ADVANCE", "EDGE_LABELS_UP_TO"]

DEFAULT_MAX_NODES = 1500
DEFAULT_HOPS = 2
DEFAULT_SIZE_BY = "degree"
# Above this many entities positions are computed here and the page draws at
# once with physics off: vis-network's in-browser physics needs ~2 s for 1,000
# nodes and 10-20 s for 5,000 on a 2-core machine, during which the reader sees nothing.
LAYOUT_IN_ADVANCE = 300
# Edge labels cost drawing time and turn a large graph into a smear of text.
EDGE_LABELS_UP_TO = 400
# -- what is drawn -------------------------------------------------------------


@dataclass
class _Selection:
    entities: list[str]
    edges: list[Edge]
    focus: str | None
    trimmed: bool  # the node budget cut what the filter (and focus) would draw


# -- the page's data ----------------------------------------------------------------


def _claim(g: ClaimGraph, claim) -> dict:
    """A citation plus what the page filters and shows it by."""
    source = g.sources.get(claim.source_id, {})
    via = g.sources.get(source.get("via", ""), {})
    lo = date_bounds(claim.start) if claim.start else None
    hi = date_bounds(claim.end) if claim.end else None
    cited = cite(g, claim)
    terms = attribute_words(cited)
    for name in ATTRIBUTES:  # shown in words (role: spouse; share: 51%), once
        del cited[name]
    return {**cited, "terms": terms,
            "source_author": source.get("author", ""), "source_publisher": source.get("publisher", ""),
            "source_via_title": via.get("title", ""),
            # The widest days the claim's partial dates allow, for the page's date filter.
            "first_day": lo[0].isoformat() if lo else "", "last_day": hi[1].isoformat() if hi else ""}


def _edges(g: ClaimGraph, edges: list[Edge]) -> list[dict]:
    order = lambda c: (g.vocab.status_rank(c.status), c.id)  # noqa: E731
    seen_pairs: dict[frozenset, int] = {}
    out = []
    for number, edge in enumerate(sorted(edges, key=lambda e: (e.from_id, e.to_id, e.type))):
        pair = frozenset((edge.from_id, edge.to_id))
        seen_pairs[pair] = seen_pairs.get(pair, -1) + 1  # parallel edges curve apart
        out.append({"id": f"e{number}", "from": edge.from_id, "to": edge.to_id, "type": edge.type,
                    "curve": seen_pairs[pair],
                    "claims": [_claim(g, c) for c in sorted(edge.asserting, key=order)]
                    + [_claim(g, c) for c in sorted(edge.disputing, key=order)]})
    return out


def _entities(g: ClaimGraph, ids: list[str], scores: dict[str, float],
              positions: dict[str, tuple[float, float]]) -> list[dict]:
    top = max((scores.get(e, 0.0) for e in ids), default=0.0) or 1.0
    out = []
    for eid in ids:
        row = g.entities[eid]
        score = scores.get(eid, 0.0)
        entity = {"id": eid, "name": row["name"], "type": row["type"],
                  "aliases": [a.strip() for a in row.get("aliases", "").split("|") if a.strip()],
                  "description": row.get("description", ""),
                  "wikidata": row.get("wikidata", "") if _WIKIDATA.match(row.get("wikidata", "")) else "",
                  "start": row.get("start", ""), "end": row.get("end", ""),
                  "score": round(score, 6), "size": round(9 + 21 * (max(score, 0.0) / top) ** 0.5, 1)}
        if eid in positions:
            entity["x"], entity["y"] = (round(v * 70, 1) for v in positions[eid])
        out.append(entity)
    return out


def _vocabulary(g: ClaimGraph, entity_ids: list[str], edges: list[Edge]) -> dict:
    present = {g.entities[e]["type"] for e in entity_ids}
    used = {e.type for e in edges}
    v = g.vocab
    return {
        "entity_types": [{"id": t.id, "label": t.label, "definition": t.definition, "shape": t.shape,
                          "colour": t.colour} for t in v.entity_types.values() if t.id in present],
        "statuses": [{"id": s.id, "label": s.label, "definition": s.definition, "line": s.line,
                      "colour": s.colour, "rank": s.rank, "cost": s.cost} for s in v.statuses],
        "stances": {s.id: s.label for s in v.stances.values()},
        "relation_types": {r.id: {"label": r.label, "symmetric": r.symmetric}
                           for r in v.relation_types.values() if r.id in used},
    }


def page_data(g: ClaimGraph | ClaimIndex, evidence: EvidenceFilter | None = None, *, focus: str | None = None,
              hops: int = DEFAULT_HOPS, size_by: str = DEFAULT_SIZE_BY,
              max_nodes: int = DEFAULT_MAX_NODES, parties: bool = False) -> dict:
    """Everything the page shows, as JSON-ready data, from the graph's core (:func:`index_page_data`).

    ``focus`` (an id, name or alias) draws only the entities within ``hops`` of
    it; past ``max_nodes`` the highest-ranked by ``size_by`` (nearest the focus
    first) are drawn and ``meta`` says what was left out. Entities in no link
    that only make claims (a newspaper, a court) are named in the citations but
    not drawn as lone nodes, unless ``parties`` is true (or one is the focus).

    >>> from graphkit.core.graph import load_graph
    >>> data = page_data(load_graph("data"), max_nodes=5)
    >>> len(data["entities"]), data["meta"]["trimmed"]
    (5, True)
    """
    return index_page_data(core(g), evidence, focus=focus, hops=hops, size_by=size_by, max_nodes=max_nodes,
                           parties=parties)


def _check(vocab, evidence: EvidenceFilter | None, size_by: str, hops: int, max_nodes: int) -> EvidenceFilter:
    evidence = (evidence or EvidenceFilter()).check(vocab)
    if size_by not in METRICS:
        raise GraphkitError(f"--size-by: unknown metric '{size_by}'; use one of: {', '.join(METRICS)}")
    if max_nodes < 1 or hops < 0:
        raise GraphkitError("--max-nodes must be at least 1 and --hops at least 0")
    return evidence


def _parties(edges: list[Edge], party_of: dict[str, str]) -> dict[str, str]:
    """Who counts as one party with another, for the claims on the page: the path finder counts a
    link's independent parties as ``graphkit paths`` does (a document and its authors are one)."""
    makers = {c.attributed_to for e in edges for c in e.asserting}
    return {m: party_of[m] for m in sorted(makers) if m in party_of}


def assemble(g, evidence: EvidenceFilter, chosen: _Selection, scores: dict[str, float], left_out: list[list],
             total_entities: int, total_edges: int, *, size_by: str, hops: int, max_nodes: int,
             parties_left_out: int = 0, party_of: dict[str, str] | None = None) -> dict:
    """The page's data from a selection; ``g`` needs ``vocab``, and ``entities`` and ``sources``
    holding at least what is drawn and cited (a ClaimGraph, or the engine's few rows).

    ``left_out`` rows are ``[id, name, aliases, claims made]``, the count above zero for
    an entity in no link that only makes claims; ``parties_left_out`` counts those;
    ``party_of`` maps an entity to the party it counts as one with (``ClaimIndex.party_of``)."""
    positions: dict[str, tuple[float, float]] = {}
    if len(chosen.entities) > LAYOUT_IN_ADVANCE:
        pairs = sorted({tuple(sorted((e.from_id, e.to_id))) for e in chosen.edges if e.from_id != e.to_id})
        positions = layout_positions(chosen.entities, pairs)
    return {
        "vocab": _vocabulary(g, chosen.entities, chosen.edges),
        "entities": _entities(g, chosen.entities, scores, positions),
        "edges": _edges(g, chosen.edges),
        # Names of entities not drawn, so that search can say how to see them.
        "left_out": left_out,
        "meta": {
            "filters": evidence.describe(),
            "min_status": evidence.min_status,
            "statuses_kept": g.vocab.at_least(evidence.min_status),
            "size_by": size_by,
            "focus": {"id": chosen.focus, "name": g.entities[chosen.focus]["name"]} if chosen.focus else None,
            "hops": hops, "max_nodes": max_nodes, "trimmed": chosen.trimmed,
            "parties_left_out": parties_left_out,
            "total_entities": total_entities, "total_edges": total_edges,
            "layout": "fixed" if positions else "physics",
            "edge_labels": len(chosen.edges) <= EDGE_LABELS_UP_TO,
            # what the path finder needs to rank paths as `graphkit paths` does
            "cost_steps": COST_STEPS, "max_independent": MAX_INDEPENDENT,
            "party_of": _parties(chosen.edges, party_of or {}),
        },
    }


def index_page_data(index, evidence: EvidenceFilter | None = None, *, focus: str | None = None,
                    hops: int = DEFAULT_HOPS, size_by: str = DEFAULT_SIZE_BY,
                    max_nodes: int = DEFAULT_MAX_NODES, parties: bool = False) -> dict:
    """:func:`page_data` from a :class:`graphkit.core.engine.ClaimIndex`, at any size.

    Only the drawn entities' links and claims are read; the rest of the graph stays in arrays.
    """
    evidence = _check(index.vocab, evidence, size_by, hops, max_nodes)
    scores = np.round(index.scores(size_by, evidence), 6)
    view = index.view(evidence)
    centre = index.resolve(focus) if focus else None
    if centre is not None:
        nodes, distance = index.within(index.node(centre), hops, view)
    else:
        nodes, distance = np.arange(index.n), np.zeros(index.n, dtype=np.int64)
    made = index.claims_made_unlinked()
    if not parties:
        keep = made[nodes] <= 0
        keep[nodes == (index.node(centre) if centre is not None else -1)] = True
        nodes, distance = nodes[keep], distance[keep]
    order = np.lexsort((nodes, -scores[nodes], distance))
    kept = np.sort(nodes[order[:max_nodes]])
    cited: tuple[set, set] = (set(kept.tolist()), set())
    edges = index.edges_among(kept, view, cited)
    ids = index.entities.columns["id"]
    chosen = _Selection([ids[int(n)] for n in kept], edges, centre, len(nodes) > max_nodes)
    facts = index.facts(cited, with_via=True)
    drawn = np.zeros(index.n, dtype=bool)
    drawn[kept] = True
    rest = np.flatnonzero(~drawn)
    columns = [index.entities.columns[c].take(rest) for c in ("id", "name", "aliases")]
    made = np.zeros(len(rest), dtype=np.int64) if parties else np.maximum(made[rest], 0)
    left_out = [list(row) for row in zip(*columns, made.tolist())]
    # Outside a focus they would have been drawn; within one they are beyond its reach anyway.
    parties_left_out = int(np.count_nonzero(made)) if centre is None else 0
    return assemble(facts, evidence, chosen, {ids[int(n)]: float(scores[n]) for n in kept}, left_out,
                    index.n, view.edges, size_by=size_by, hops=hops, max_nodes=max_nodes,
                    parties_left_out=parties_left_out, party_of=index.party_of)
