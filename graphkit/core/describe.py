"""Paths as readers see them: every hop with its claims and citations, the order
paths are shown in, and why no path is left. Shared by every engine, so that the
same path is described, sorted and explained the same way whichever engine found it.

Nothing here imports networkx or pandas at load time: the command line answers
a question about a stored index without them.
"""
from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Callable, Iterable

from ..claims.model import Claim, Edge, EvidenceFilter
from ..errors import GraphkitError

__all__ = ["cite", "describe_path", "gather_paths", "select_paths", "explain_no_path", "cheapest",
           "check_path_query", "MAX_CANDIDATE_PATHS", "DEFAULT_SHORTEST_CAP", "DEFAULT_K", "SCORE_DIGITS"]

# A safety bound on how many candidate paths a k-paths search inspects.
MAX_CANDIDATE_PATHS = 10_000
DEFAULT_SHORTEST_CAP = 20
DEFAULT_K = 3
# Scores are compared, shown and ranked at this many decimals; ties at it go by id.
SCORE_DIGITS = 6


def cheapest(edges: list[Edge], vocab) -> float:
    """The cost of a hop: the lowest evidence cost among the edges joining the pair."""
    return min(edge.cost(vocab) for edge in edges)


def check_path_query(evidence: EvidenceFilter | None, k: int | None, order: str, vocab) -> EvidenceFilter:
    """Refuse a path question that cannot be asked; the filter, checked."""
    evidence = (evidence or EvidenceFilter()).check(vocab)
    if order not in ("hops", "evidence"):
        raise GraphkitError(f"--order: '{order}' is not an ordering; use hops or evidence")
    if k is not None and k < 1:
        raise GraphkitError("--k: must be at least 1")
    return evidence


# -- citations ---------------------------------------------------------------


def cite(g, claim: Claim) -> dict:
    """One claim as a citation: who claims it, where we read it, the quote."""
    source = g.sources.get(claim.source_id, {})
    return {
        "claim_id": claim.id,
        "status": claim.status,
        "stance": claim.stance,
        "attributed_to": claim.attributed_to,
        "attributed_to_name": g.entities.get(claim.attributed_to, {}).get("name", claim.attributed_to),
        "source_id": claim.source_id,
        "source_title": source.get("title", ""),
        "source_published": source.get("published", ""),
        "source_url": source.get("url", ""),
        "source_via": source.get("via", ""),
        "locator": claim.locator,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "note": claim.note,
        "role": claim.role,
        "share": claim.share,
        "amount": claim.amount,
        "currency": claim.currency,
    }


def _describe_edge(g, edge: Edge, walk_from: str) -> dict:
    rel = g.vocab.relation_types[edge.type]
    strongest = edge.status(g.vocab)
    order = lambda c: (g.vocab.status_rank(c.status), c.id)  # noqa: E731
    return {
        "type": edge.type,
        "label": rel.label,
        "from_id": edge.from_id,
        "to_id": edge.to_id,
        "direction": "forward" if edge.from_id == walk_from else "backward",
        "status": strongest,
        "disputed": edge.disputed,
        "disputed_by": edge.disputed_by,
        "claims": [cite(g, c) for c in sorted(edge.asserting, key=order)],
        "disputes": [cite(g, c) for c in sorted(edge.disputing, key=order)],
    }


def describe_path(g, view, nodes: list[str]) -> dict:
    hops = []
    for a, b in itertools.pairwise(nodes):
        edges = sorted(view[a][b]["edges"], key=lambda e: (e.cost(g.vocab), e.type, e.from_id))
        hops.append({
            "from": a, "from_name": g.entities[a]["name"],
            "to": b, "to_name": g.entities[b]["name"],
            "relations": [_describe_edge(g, e, a) for e in edges],
        })
    return {
        "entities": nodes,
        "names": [g.entities[n]["name"] for n in nodes],
        "length": len(nodes) - 1,
        "cost": round(_path_cost(view, nodes), 6),
        "hops": hops,
    }


# -- paths -------------------------------------------------------------------


def _path_cost(view, nodes: list[str]) -> float:
    return sum(view[a][b]["cost"] for a, b in itertools.pairwise(nodes))


def gather_paths(paths: Iterable[list], k: int | None, max_hops: int | None, order: str) -> list[list]:
    """The first k of ``paths`` that fit ``max_hops``; ``paths`` come in :func:`select_paths` order,
    ties broken, so the first k that fit are the answer."""
    found = []
    for i, path in enumerate(paths):
        if i >= MAX_CANDIDATE_PATHS:
            break
        if max_hops is not None and len(path) - 1 > max_hops:
            if order == "hops":
                break  # paths come shortest first: none later will fit
            continue
        found.append(path)
        if len(found) == (k or DEFAULT_K):
            break
    return found


def select_paths(described: list[dict], k: int | None, order: str) -> list[dict]:
    """Sort described paths (fewest hops or lowest evidence cost first, then ids) and keep k."""
    if order == "evidence":
        described.sort(key=lambda p: (p["cost"], p["length"], p["entities"]))
    else:
        described.sort(key=lambda p: (p["length"], p["cost"], p["entities"]))
    return described[: (k or (DEFAULT_SHORTEST_CAP if order == "hops" else DEFAULT_K))]


def explain_no_path(names: tuple[str, str], distance: Callable[[EvidenceFilter], int | None],
                    evidence: EvidenceFilter, max_hops: int | None, vocab,
                    unlinked: dict[str, int] | None = None) -> str:
    """Say which filter cut the connection between two entities.

    ``distance(filter)`` gives the hops between them under a filter, or None.
    ``unlinked`` names the ends that are in no link at all, with how many claims each makes.

    >>> explain_no_path(("Daily Press", "Bob"), lambda f: None, EvidenceFilter(), None, None, {"Daily Press": 2})
    'no connection between Daily Press and Bob in the dataset, whatever the filters: Daily Press is in no link; it only appears as the party making 2 claims'
    """
    pair = f"{names[0]} and {names[1]}"
    if unlinked:
        why = "; ".join(f"{name} is in no link; " + (f"it only appears as the party making {n} claim{'s' * (n != 1)}"
                                                     if n else "no claim names it")
                        for name, n in unlinked.items())
        return f"no connection between {pair} in the dataset, whatever the filters: {why}"
    names = pair
    loosest = EvidenceFilter(min_status=vocab.status_ids[-1])
    if distance(loosest) is None:
        return f"no connection between {names} in the dataset, whatever the filters"
    current = distance(evidence)
    if current is not None and max_hops is not None and current > max_hops:
        return f"no connection between {names} within --max-hops {max_hops}; the shortest takes {current} hops"
    culprits = [opt for opt in evidence.active() if distance(evidence.without(opt)) is not None]
    if not culprits and evidence.min_status != loosest.min_status \
            and distance(replace(evidence, min_status=loosest.min_status)) is not None:
        if "min-status" not in evidence.active():
            set_ = f"with {evidence.describe()}" if evidence.active() else "with no filter set"
            return (f"no connection between {names} {set_}: only contradicted claims "
                    f"connect them, which paths leave out unless you pass --min-status {loosest.min_status}")
        culprits = ["min-status"]
    if culprits:
        cut = " or ".join(f"--{c}" for c in culprits)
        return f"no connection between {names} with {evidence.describe()}: {cut} cut it; loosen it to see one"
    return f"no connection between {names} with {evidence.describe()}: the filters together cut it"
