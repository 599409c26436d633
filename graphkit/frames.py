"""The claim graph as pandas DataFrames, for notebooks and scripts.

Every frame is built from a :class:`~graphkit.graph.ClaimGraph`: one row per
entity, source, claim (a row of relations.csv with its provenance spelled
out) or link (the group of claims on one from/type/to, as a reader sees it).

>>> g = load_graph("data")
>>> claims_frame(g).shape[0], entities_frame(g).shape[0], sources_frame(g).shape[0]
(182, 84, 31)
"""
from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from .graph import ClaimGraph, load_graph  # noqa: F401  (load_graph for doctests)
from .model import Claim, Edge, EvidenceFilter

__all__ = ["entities_frame", "sources_frame", "claims_frame", "edges_frame", "communities_frame",
           "ENTITY_COLUMNS", "SOURCE_COLUMNS", "CLAIM_COLUMNS", "EDGE_COLUMNS"]

ENTITY_COLUMNS = ["id", "name", "type", "aliases", "description", "wikidata", "start", "end",
                  "claims", "asserting", "disputing"]
SOURCE_COLUMNS = ["id", "title", "author", "publisher", "published", "url", "kind", "via",
                  "claims", "parties"]
CLAIM_COLUMNS = ["id", "from_id", "from_name", "type", "label", "to_id", "to_name", "status",
                 "status_rank", "stance", "attributed_to", "attributed_to_name", "source_id",
                 "source_title", "source_kind", "source_published", "source_url", "locator", "quote",
                 "start", "end", "seed_claim", "note", "disputed", "line"]
EDGE_COLUMNS = ["from_id", "from_name", "type", "label", "to_id", "to_name", "status", "status_rank",
                "disputed", "disputed_by", "parties", "attributed_to", "claims", "disputes", "sources",
                "start", "end"]


def entities_frame(g: ClaimGraph) -> pd.DataFrame:
    """One row per entity: its CSV columns, aliases as a list, and how many claims touch it.

    ``claims`` counts the rows of relations.csv in which the entity stands at
    either end (``asserting`` and ``disputing`` split them by stance).

    >>> g = load_graph("data")
    >>> row = entities_frame(g).set_index("id").loc["kumarin"]
    >>> row["type"], "Кумарин" in row["aliases"]
    ('person', True)
    """
    stance = defaultdict(Counter)
    for c in g.claims:
        for end in {c.from_id, c.to_id}:
            stance[end][c.stance] += 1
    rows = []
    for eid in sorted(g.entities):
        row = g.entities[eid]
        rows.append({
            **{k: row.get(k, "") for k in ENTITY_COLUMNS[:8]},
            "aliases": [a.strip() for a in row.get("aliases", "").split("|") if a.strip()],
            "claims": sum(stance[eid].values()),
            "asserting": stance[eid]["asserts"],
            "disputing": stance[eid]["disputes"],
        })
    return pd.DataFrame(rows, columns=ENTITY_COLUMNS)


def sources_frame(g: ClaimGraph) -> pd.DataFrame:
    """One row per source: its CSV columns, how many claims cite it and by how many parties.

    >>> g = load_graph("data")
    >>> top = sources_frame(g).sort_values("claims", ascending=False).iloc[0]
    >>> top["id"], top["kind"]
    ('baghai-2023', 'blog')
    """
    cited: dict[str, list[Claim]] = defaultdict(list)
    for c in g.claims:
        cited[c.source_id].append(c)
    rows = [{**{k: g.sources[sid].get(k, "") for k in SOURCE_COLUMNS[:8]},
             "claims": len(cited[sid]), "parties": len({c.attributed_to for c in cited[sid]})}
            for sid in sorted(g.sources)]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


def _kept_claims(g: ClaimGraph, evidence: EvidenceFilter | None) -> list[Claim]:
    """All claims (no filter), or those on the links the filter keeps."""
    if evidence is None:
        return list(g.claims)
    kept = {c.id for e in g.edges(evidence.check(g.vocab)) for c in e.asserting + e.disputing}
    return [c for c in g.claims if c.id in kept]


def claims_frame(g: ClaimGraph, evidence: EvidenceFilter | None = None) -> pd.DataFrame:
    """One row per claim with its provenance spelled out (names, source title, kind, date, url).

    Without ``evidence`` every row of relations.csv is there; with it, the
    claims on the links the filter keeps (a kept link's denials included).
    ``disputed`` says whether a disputing row exists for the same link.

    >>> g = load_graph("data")
    >>> frame = claims_frame(g)
    >>> frame.set_index("id").loc["r101", ["from_id", "to_id", "source_kind"]].tolist()
    ['putin', 'kumarin', 'blog']
    >>> kept = claims_frame(g, EvidenceFilter(min_status="established"))
    >>> kept["stance"].value_counts().to_dict()
    {'asserts': 31, 'disputes': 1}
    """
    disputed = {(c.from_id, c.type, c.to_id) for c in g.claims if c.stance == "disputes"}
    rows = []
    for c in _kept_claims(g, evidence):
        source = g.sources.get(c.source_id, {})
        rows.append({
            **c.to_dict(),
            "from_name": g.entities[c.from_id]["name"], "to_name": g.entities[c.to_id]["name"],
            "label": g.vocab.relation_types[c.type].label, "status_rank": g.vocab.status_rank(c.status),
            "attributed_to_name": g.entities.get(c.attributed_to, {}).get("name", c.attributed_to),
            "source_title": source.get("title", ""), "source_kind": source.get("kind", ""),
            "source_published": source.get("published", ""), "source_url": source.get("url", ""),
            "disputed": c.stance == "asserts" and (c.from_id, c.type, c.to_id) in disputed,
        })
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def _span(claims: list[Claim], field: str, pick) -> str:
    """The earliest start or latest end among the claims' dates (as written), '' if none."""
    values = [getattr(c, field) for c in claims if getattr(c, field)]
    return pick(values) if values else ""


def edge_record(g: ClaimGraph, edge: Edge) -> dict:
    """One link as a flat record: strongest status, who asserts and disputes it, its claims."""
    status = edge.status(g.vocab)
    return {
        "from_id": edge.from_id, "from_name": g.entities[edge.from_id]["name"],
        "type": edge.type, "label": g.vocab.relation_types[edge.type].label,
        "to_id": edge.to_id, "to_name": g.entities[edge.to_id]["name"],
        "status": status, "status_rank": g.vocab.status_rank(status) if status else None,
        "disputed": edge.disputed, "disputed_by": edge.disputed_by,
        "parties": edge.independent_parties,
        "attributed_to": sorted({c.attributed_to for c in edge.asserting}),
        "claims": sorted(c.id for c in edge.asserting),
        "disputes": sorted(c.id for c in edge.disputing),
        "sources": sorted({c.source_id for c in edge.asserting + edge.disputing}),
        "start": _span(edge.asserting, "start", min), "end": _span(edge.asserting, "end", max),
    }


def edges_frame(g: ClaimGraph, evidence: EvidenceFilter | None = None) -> pd.DataFrame:
    """One row per link the filter keeps, as a reader sees it.

    ``status`` is the strongest status among the asserting claims that pass
    the filter; ``disputed``/``disputed_by`` say who denies it; ``parties`` is
    the number of independent parties asserting it (1: a single-source link);
    ``claims``, ``disputes`` and ``sources`` list ids. The default filter is
    the CLI's (contradicted claims left out).

    >>> g = load_graph("data")
    >>> links = edges_frame(g)
    >>> len(links), len(edges_frame(g, EvidenceFilter(min_status="reported")))
    (119, 67)
    >>> links.set_index(["from_id", "to_id"]).loc[("putin", "kumarin"), "claims"]
    ['r101']
    """
    evidence = (evidence or EvidenceFilter()).check(g.vocab)
    rows = [edge_record(g, e) for e in g.edges(evidence)]
    rows.sort(key=lambda r: (r["status_rank"], r["from_id"], r["type"], r["to_id"]))
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def communities_frame(communities: list[dict]) -> pd.DataFrame:
    """One row per member of each community from :func:`graphkit.analysis.communities`.

    >>> from graphkit.analysis import communities
    >>> frame = communities_frame(communities(load_graph("data")))
    >>> list(frame.columns), int(frame["community"].min())
    (['community', 'label', 'size', 'id', 'name', 'type'], 1)
    """
    rows = [{"community": c["community"], "label": c["label"], "size": c["size"], **member}
            for c in communities for member in c["members"]]
    return pd.DataFrame(rows, columns=["community", "label", "size", "id", "name", "type"])
