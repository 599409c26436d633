"""Questions asked of the claim graph: paths with citations, centrality,
robustness of a ranking, communities, and the seed claims research could not
support. Algorithms come from networkx; what is ours is the claim model around them.

>>> g = load_graph("data")
>>> paths = shortest_paths(g, "putin", "kumarin")
>>> paths[0]["entities"][0], paths[0]["entities"][-1]
('putin', 'kumarin')
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

import networkx as nx
import pandas as pd

from . import describe
from .describe import (DEFAULT_K, DEFAULT_SHORTEST_CAP, MAX_CANDIDATE_PATHS, SCORE_DIGITS,  # noqa: F401
                       candidate_paths, check_path_query, cite, describe_path, select_paths)
from .errors import GraphkitError, NoPathError
from .graph import ClaimGraph, load_graph  # noqa: F401  (load_graph for doctests)
from .model import Claim, EvidenceFilter

__all__ = [
    "METRICS", "shortest_paths", "explain_no_path", "rank", "robustness", "communities",
    "summary", "unsupported_seed_claims", "cite", "hops_frame", "describe_path", "select_paths",
    "candidate_paths", "largest_component", "SCORE_DIGITS",
]


def shortest_paths(g: ClaimGraph, source: str, target: str, evidence: EvidenceFilter | None = None,
                   k: int | None = None, max_hops: int | None = None, order: str = "hops") -> list[dict]:
    """Connections between two entities, every hop with its claims and citations.

    ``source`` and ``target`` are ids, names or aliases. With ``k`` None and
    ``order="hops"``, all shortest paths (at most 20); with ``k``, the k
    shortest simple paths; ``order="evidence"`` prefers hops resting on
    stronger statuses and more independent parties. Raises :class:`NoPathError`
    naming the filter that cut the connection when none is left.

    >>> g = load_graph("data")
    >>> p = shortest_paths(g, "Putin", "Kumarin")[0]
    >>> p["length"] == len(p["hops"])
    True
    """
    evidence = check_path_query(evidence, k, order, g.vocab)
    s, t = g.resolve(source), g.resolve(target)
    if s == t:
        raise GraphkitError(f"{g.label(s)} is both ends; give two different entities")
    view = g.connections(evidence)
    try:
        found = candidate_paths(view, s, t, k, max_hops, order)
    except nx.NetworkXNoPath:
        found = []
    if not found:
        raise NoPathError(explain_no_path(g, s, t, evidence, max_hops))
    return select_paths([describe_path(g, view, p) for p in found], k, order)


def explain_no_path(g: ClaimGraph, s: str, t: str, evidence: EvidenceFilter, max_hops: int | None) -> str:
    """Say which filter cut the connection between ``s`` and ``t``."""
    def distance(f: EvidenceFilter) -> int | None:
        try:
            return nx.shortest_path_length(g.connections(f), s, t)
        except nx.NetworkXNoPath:
            return None

    names = (g.entities[s]["name"], g.entities[t]["name"])
    return describe.explain_no_path(names, distance, evidence, max_hops, g.vocab)


def hops_frame(paths: list[dict]) -> pd.DataFrame:
    """One row per claim on each hop of each path, for notebooks."""
    rows = []
    for number, path in enumerate(paths, 1):
        for step, hop in enumerate(path["hops"], 1):
            for rel in hop["relations"]:
                for c in rel["claims"] + rel["disputes"]:
                    rows.append({"path": number, "hop": step, "from": hop["from"], "to": hop["to"],
                                 "relation": rel["type"], "direction": rel["direction"], **c})
    return pd.DataFrame(rows)


# -- metrics -----------------------------------------------------------------
def largest_component(view: nx.Graph) -> set[str]:
    """The biggest connected component (ties: the one holding the smallest id)."""
    return min(nx.connected_components(view), key=lambda c: (-len(c), min(c)), default=set())


def _eigenvector(view: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality within the largest connected component; 0 elsewhere.

    On a disconnected graph the leading eigenvector is not unique, so the
    score is defined on the largest component (unit length there).
    """
    scores = {n: 0.0 for n in view}
    core = largest_component(view)
    if len(core) == 2:  # scipy's sparse solver needs three nodes; one link's answer is (1/√2, 1/√2)
        scores.update(dict.fromkeys(core, 2 ** -0.5))
    elif len(core) > 2:
        scores.update(nx.eigenvector_centrality_numpy(view.subgraph(core)))
    return scores


METRICS = {
    "degree": nx.degree_centrality,
    "betweenness": nx.betweenness_centrality,
    "closeness": nx.closeness_centrality,
    "eigenvector": _eigenvector,
    # Run to a tight tolerance, so that every engine that converges agrees to the digits shown.
    "pagerank": lambda view: nx.pagerank(view, tol=1e-12, max_iter=10_000),
}


def _scores(g: ClaimGraph, metric: str, evidence: EvidenceFilter) -> dict[str, float]:
    if metric not in METRICS:
        raise GraphkitError(f"--metric: unknown metric '{metric}'; use one of: {', '.join(METRICS)}")
    return METRICS[metric](g.connections(evidence.check(g.vocab)))


def rank(g: ClaimGraph, metric: str = "betweenness", evidence: EvidenceFilter | None = None,
         top: int | None = 10) -> pd.DataFrame:
    """Entities ranked by a centrality metric on the connections ``evidence`` keeps.

    Ties are broken by id so that the order is stable.

    >>> g = load_graph("data")
    >>> list(rank(g, "degree", top=3).columns)
    ['rank', 'id', 'name', 'type', 'score']
    """
    scores = _scores(g, metric, evidence or EvidenceFilter())
    ordered = sorted(((eid, round(score, SCORE_DIGITS)) for eid, score in scores.items()),
                     key=lambda kv: (-kv[1], kv[0]))
    if top is not None:
        ordered = ordered[:top]
    return pd.DataFrame([
        {"rank": i, "id": eid, "name": g.entities[eid]["name"], "type": g.entities[eid]["type"],
         "score": score}
        for i, (eid, score) in enumerate(ordered, 1)
    ], columns=["rank", "id", "name", "type", "score"])


def robustness_variants(evidence: EvidenceFilter, vocab) -> dict[str, EvidenceFilter]:
    """The rankings a robustness view compares against the baseline (never looser than it)."""
    def at_least(status: str) -> str:
        return min(status, evidence.min_status, key=vocab.status_rank)

    return {
        "without_unverified": replace(evidence, min_status=at_least("alleged")),
        "without_alleged": replace(evidence, min_status=at_least("reported")),
        "without_disputed": replace(evidence, exclude_disputed=True),
        "without_single_source": replace(evidence, exclude_single_source=True),
    }


def robustness(g: ClaimGraph, metric: str = "betweenness", evidence: EvidenceFilter | None = None,
               top: int = 10) -> pd.DataFrame:
    """How the top of a ranking moves when weaker claims are left out.

    One row per entity in the baseline top ``top``; for each variant its rank
    there (``None`` when it drops to a score of zero) and its score.
    """
    evidence = (evidence or EvidenceFilter()).check(g.vocab)
    baseline = rank(g, metric, evidence, top=None)
    table = baseline.head(top)[["rank", "id", "name", "type", "score"]].copy()
    for name, variant in robustness_variants(evidence, g.vocab).items():
        full = rank(g, metric, variant, top=None)
        positions = {row.id: (row.rank if row.score > 0 else None) for row in full.itertuples()}
        scores = dict(zip(full["id"], full["score"]))
        table[f"{name}_rank"] = pd.array([positions.get(e) for e in table["id"]], dtype="Int64")
        table[f"{name}_score"] = [scores.get(e, 0.0) for e in table["id"]]
    return table


def communities(g: ClaimGraph, evidence: EvidenceFilter | None = None, seed: int = 42) -> list[dict]:
    """Leiden communities (modularity) of the connected entities, largest first.

    Each community is labelled by its member of highest degree.
    """
    import numpy as np

    from .metrics import community_groups, label_communities

    view = g.connections((evidence or EvidenceFilter()).check(g.vocab))
    ids = sorted(view)
    number = {eid: i for i, eid in enumerate(ids)}
    pairs = sorted(tuple(sorted((number[u], number[v]))) for u, v in view.edges())
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    column = lambda nodes, c: [g.entities[ids[i]][c] for i in nodes.tolist()]  # noqa: E731
    members, sizes = community_groups(len(ids), a, b, lambda nodes: column(nodes, "name"), seed)
    return label_communities(members, sizes, column)


# -- summaries ---------------------------------------------------------------
def summary(g: ClaimGraph) -> dict:
    """Sizes of the dataset: entities by type, claims by status and stance, edges."""
    by_type = Counter(row["type"] for row in g.entities.values())
    by_status = Counter(c.status for c in g.claims if c.stance == "asserts")
    disputes = sum(1 for c in g.claims if c.stance == "disputes")
    return {
        "entities": len(g.entities),
        "sources": len(g.sources),
        "claims": len(g.claims),
        "edges": g.graph.number_of_edges(),
        "entities_by_type": {t: by_type[t] for t in g.vocab.entity_types if by_type[t]},
        "asserting_claims_by_status": {s: by_status[s] for s in g.vocab.status_ids},
        "disputing_claims": disputes,
    }


def seed_source(g: ClaimGraph) -> str | None:
    """The source most rows carrying a seed-claim id cite: the seed document itself."""
    cited = Counter(c.source_id for c in g.claims if c.seed_claim)
    return min(cited, key=lambda sid: (-cited[sid], sid)) if cited else None


def unsupported_seed_claims(g: ClaimGraph) -> list[dict]:
    """Seed-document claims that research could not support.

    A seed claim is unsupported when every row recording it *as read in the
    seed document* is unverified or contradicted. Rows citing better sources
    under the same seed id (corrections, the primary record) are listed beside
    it as what research found instead.
    """
    seed = seed_source(g)
    rows_by_seed: dict[str, list[Claim]] = defaultdict(list)
    for c in g.claims:
        for sid in filter(None, (s.strip() for s in c.seed_claim.split("|"))):
            rows_by_seed[sid].append(c)
    weak = g.vocab.status_rank("unverified")
    out = []
    for sid in sorted(rows_by_seed, key=lambda s: (len(s), s)):
        as_read = [c for c in rows_by_seed[sid] if c.source_id == seed]
        if not as_read:
            continue
        best = min((c.status for c in as_read), key=g.vocab.status_rank)
        if g.vocab.status_rank(best) < weak:
            continue
        brief = lambda c: {"claim_id": c.id, "from_id": c.from_id, "type": c.type, "to_id": c.to_id,  # noqa: E731
                           "status": c.status, "stance": c.stance, "attributed_to": c.attributed_to,
                           "source_id": c.source_id, "note": c.note}
        out.append({
            "seed_claim": sid,
            "best_status": best,
            "claims": [brief(c) for c in as_read],
            "found_instead": [brief(c) for c in rows_by_seed[sid] if c.source_id != seed],
        })
    return out
