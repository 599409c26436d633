"""Questions asked of the claim graph: paths with citations, centrality,
robustness of a ranking, communities, and the seed claims research could not
support.

Every answer comes from the columnar core (:class:`graphkit.core.engine.ClaimIndex`): a
:class:`~graphkit.core.graph.ClaimGraph` passes its questions to ``g.index``, so the API, the CLI
and the page share one implementation of each rule. The functions take either.

>>> g = load_graph("data")
>>> paths = shortest_paths(g, "putin", "kumarin")
>>> paths[0]["entities"][0], paths[0]["entities"][-1]
('putin', 'kumarin')
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

import numpy as np
import pandas as pd

from ..claims.model import Claim, EvidenceFilter
from .describe import DEFAULT_K, DEFAULT_SHORTEST_CAP, MAX_CANDIDATE_PATHS, SCORE_DIGITS, cite  # noqa: F401
from .engine import METRIC_NAMES, ClaimIndex
from .graph import ClaimGraph, claim_records, core, load_graph  # noqa: F401  (load_graph for doctests)

__all__ = [
    "METRICS", "shortest_paths", "explain_no_path", "rank", "robustness", "communities",
    "summary", "unsupported_seed_claims", "cite", "hops_frame", "SCORE_DIGITS",
]

METRICS = METRIC_NAMES
RANK_COLUMNS = ["rank", "id", "name", "type", "score"]


def shortest_paths(g: ClaimGraph | ClaimIndex, source: str, target: str, evidence: EvidenceFilter | None = None,
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
    return core(g).shortest_paths(source, target, evidence, k=k, max_hops=max_hops, order=order)


def explain_no_path(g: ClaimGraph | ClaimIndex, s: str, t: str, evidence: EvidenceFilter,
                    max_hops: int | None) -> str:
    """Say which filter cut the connection between the entities ``s`` and ``t`` (ids)."""
    return core(g).explain_no_path(s, t, evidence, max_hops)


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


def rank(g: ClaimGraph | ClaimIndex, metric: str = "betweenness", evidence: EvidenceFilter | None = None,
         top: int | None = 10, exact: bool | None = None) -> pd.DataFrame:
    """Entities ranked by a centrality metric on the connections ``evidence`` keeps.

    Ties are broken by id so that the order is stable. Scores follow networkx's definitions.
    On a large graph (nodes × links over 2e8) betweenness and closeness are estimated from
    sampled sources unless ``exact`` is True; the frame then has a ``stderr`` column and
    ``frame.attrs["samples"]``.

    >>> g = load_graph("data")
    >>> list(rank(g, "degree", top=3).columns)
    ['rank', 'id', 'name', 'type', 'score']
    """
    found = core(g).rank(metric, evidence, top, exact=exact)
    frame = pd.DataFrame(found["rows"], columns=RANK_COLUMNS)
    if found["stderr"] is not None:
        frame["stderr"] = found["stderr"]
        frame.attrs["samples"] = found["samples"]
    return frame


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


def robustness(g: ClaimGraph | ClaimIndex, metric: str = "betweenness", evidence: EvidenceFilter | None = None,
               top: int = 10, exact: bool | None = None) -> pd.DataFrame:
    """How the top of a ranking moves when weaker claims are left out.

    One row per entity in the baseline top ``top``; for each variant its rank
    there (``None`` when it drops to a score of zero) and its score.
    """
    g = core(g)
    evidence = (evidence or EvidenceFilter()).check(g.vocab)
    baseline = rank(g, metric, evidence, top=None, exact=exact)
    table = baseline.head(top)[RANK_COLUMNS].copy()
    for name, variant in robustness_variants(evidence, g.vocab).items():
        full = rank(g, metric, variant, top=None, exact=exact)
        positions = {row.id: (row.rank if row.score > 0 else None) for row in full.itertuples()}
        scores = dict(zip(full["id"], full["score"]))
        table[f"{name}_rank"] = pd.array([positions.get(e) for e in table["id"]], dtype="Int64")
        table[f"{name}_score"] = [scores.get(e, 0.0) for e in table["id"]]
    return table


def communities(g: ClaimGraph | ClaimIndex, evidence: EvidenceFilter | None = None, seed: int = 42) -> list[dict]:
    """Leiden communities (modularity) of the connected entities, largest first.

    Each community is labelled by its member of highest degree.
    """
    return core(g).communities(evidence, seed)


# -- summaries ---------------------------------------------------------------


def summary(g: ClaimGraph | ClaimIndex) -> dict:
    """Sizes of the dataset: entities by type, claims by status and stance, edges."""
    return core(g).summary()


def _seeded(ix: ClaimIndex) -> np.ndarray:
    """The rows of relations.csv that name a seed claim."""
    offsets = ix.claims.columns["seed_claim"].offsets
    return np.flatnonzero(offsets[1:] > offsets[:-1])


def _seed_rows(ix: ClaimIndex) -> list[Claim]:
    """The claims that name a seed claim, in file order."""
    return claim_records(ix, _seeded(ix))


def seed_source(g: ClaimGraph | ClaimIndex) -> str | None:
    """The source most rows carrying a seed-claim id cite: the seed document itself."""
    return _most_cited(_seed_rows(core(g)))


def _most_cited(claims: list[Claim]) -> str | None:
    cited = Counter(c.source_id for c in claims)
    return min(cited, key=lambda sid: (-cited[sid], sid)) if cited else None


def unsupported_seed_claims(g: ClaimGraph | ClaimIndex) -> list[dict]:
    """Seed-document claims that research could not support.

    A seed claim is unsupported when a row recording it *as read in the seed
    document* is unverified or contradicted: research could not support that
    part of it, even where another part stands. Those rows are its ``claims``
    (``best_status``: the strongest of them); every other row under the same seed
    id (the parts that stand, corrections, the primary record) is listed beside
    it as what research found instead.
    """
    ix = core(g)
    seeded = _seed_rows(ix)
    seed = _most_cited(seeded)
    rows_by_seed: dict[str, list[Claim]] = defaultdict(list)
    for c in seeded:
        for sid in filter(None, (s.strip() for s in c.seed_claim.split("|"))):
            rows_by_seed[sid].append(c)
    vocab = ix.vocab
    weak = vocab.status_rank("unverified")
    names: dict[str, str] = {}

    def name(eid: str) -> str:
        if eid not in names:
            names[eid] = ix.entities.columns["name"][ix.node(eid)]
        return names[eid]

    def brief(c: Claim) -> dict:
        return {"claim_id": c.id, "from_id": c.from_id, "type": c.type, "to_id": c.to_id,
                "from_name": name(c.from_id), "label": vocab.relation_types[c.type].label,
                "to_name": name(c.to_id), "status": c.status, "stance": c.stance,
                "attributed_to": c.attributed_to, "attributed_to_name": name(c.attributed_to),
                "source_id": c.source_id, "note": c.note}

    out = []
    for sid in sorted(rows_by_seed, key=lambda s: (len(s), s)):
        unsupported = [c for c in rows_by_seed[sid] if c.source_id == seed and vocab.status_rank(c.status) >= weak]
        if not unsupported:
            continue
        out.append({
            "seed_claim": sid,
            "best_status": min((c.status for c in unsupported), key=vocab.status_rank),
            "claims": [brief(c) for c in unsupported],
            "found_instead": [brief(c) for c in rows_by_seed[sid] if c not in unsupported],
        })
    return out


def has_seed_claims(g: ClaimGraph | ClaimIndex) -> bool:
    """Whether any claim names a seed-document claim."""
    return bool(len(_seeded(core(g))))
