"""The reference answers graphkit's core is tested against: the evidence filter applied claim by
claim in Python to the claim multigraph (``ClaimGraph.graph``), and networkx's own algorithms on
the simple graph it leaves.

Nothing in graphkit answers from here. The paths come from ``nx.all_shortest_paths`` and
``nx.shortest_simple_paths`` (Yen), the scores from networkx's centrality functions, the
communities from igraph's Leiden on the view's pairs, the sizes from the claim records; the
descriptions and the no-path message use graphkit's shared wording (``graphkit.core.describe``),
so what is compared is which paths, scores and groups are found.
"""
from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.core import describe
from graphkit.ftm import export as fe
from graphkit.ftm.schemata import shape_of
from graphkit.claims.dates import claim_holds_on
from graphkit.core.describe import DEFAULT_K, MAX_CANDIDATE_PATHS, check_path_query, describe_path, select_paths
from graphkit.errors import GraphkitError, NoPathError
from graphkit.outputs.frames import CLAIM_COLUMNS, EDGE_COLUMNS, ENTITY_COLUMNS, SOURCE_COLUMNS
from graphkit.core.graph import link_graph
from graphkit.claims.model import Claim, Edge, EvidenceFilter


def keeps_claim(evidence: EvidenceFilter, claim: Claim, vocab) -> bool:
    """The filter's rule for one claim, as README states it."""
    if evidence.types is not None and claim.type not in evidence.types:
        return False
    if claim.stance != "asserts":  # a denial stands beside what it denies, whatever its date or status,
        return claim.status != "contradicted" or evidence.min_status == "contradicted"  # unless shown wrong
    if evidence.as_of is not None and not claim_holds_on(claim.start, claim.end, evidence.as_of):
        return False
    return vocab.status_rank(claim.status) <= vocab.status_rank(evidence.min_status)


def keeps_edge(evidence: EvidenceFilter, edge: Edge) -> bool:
    """The filter's rule for one edge, on the claims it kept."""
    if not edge.asserting:
        return False
    if evidence.exclude_disputed and edge.disputed:
        return False
    return not (evidence.exclude_single_source and edge.independent_parties < 2)


def edges(g, evidence: EvidenceFilter) -> list[Edge]:
    """The multigraph's edges that survive ``evidence``, each holding the claims that pass."""
    kept = []
    for u, v, _key, data in g.graph.edges(keys=True, data=True):
        edge: Edge = data["edge"]
        view = Edge(u, edge.type, v, [c for c in edge.asserting if keeps_claim(evidence, c, g.vocab)],
                    [c for c in edge.disputing if keeps_claim(evidence, c, g.vocab)], party_of=edge.party_of)
        if keeps_edge(evidence, view):
            kept.append(view)
    return kept


def connections(g, evidence: EvidenceFilter) -> nx.Graph:
    """Every entity, joined where a kept edge joins them; ``edges`` and ``cost`` on each link."""
    return link_graph(g.graph.nodes(data=True), edges(g, evidence), g.vocab)


def _cost(view, nodes) -> float:
    return sum(view[a][b]["cost"] for a, b in itertools.pairwise(nodes))


def _measure(view, nodes, order: str) -> float:
    """What paths are ranked by: hops, or evidence cost (rounded so that ties are ties)."""
    return round(_cost(view, nodes), 9) if order == "evidence" else len(nodes) - 1


def candidate_paths(view: nx.Graph, s: str, t: str, k: int | None, max_hops: int | None, order: str) -> list:
    """Every path that could be among the answers. networkx breaks ties in no stated order, so
    the paths tied with the k-th are all kept, and :func:`select_paths` picks among them."""
    if order == "hops" and k is None:
        found = list(itertools.islice(nx.all_shortest_paths(view, s, t), MAX_CANDIDATE_PATHS))
        return [p for p in found if max_hops is None or len(p) - 1 <= max_hops]
    found, kth = [], None
    for i, path in enumerate(nx.shortest_simple_paths(view, s, t, weight="cost" if order == "evidence" else None)):
        if i >= MAX_CANDIDATE_PATHS or (kth is not None and _measure(view, path, order) > kth):
            break
        if max_hops is not None and len(path) - 1 > max_hops:
            if order == "hops":
                break
            continue
        found.append(path)
        if len(found) == (k or DEFAULT_K):
            kth = _measure(view, path, order)
    return found


def shortest_paths(g, source: str, target: str, evidence: EvidenceFilter | None = None,
                   k: int | None = None, max_hops: int | None = None, order: str = "hops") -> list[dict]:
    """:func:`graphkit.core.analysis.shortest_paths`, searched by networkx on ``g.connections``."""
    evidence = check_path_query(evidence, k, order, g.vocab)
    s, t = g.resolve(source), g.resolve(target)
    if s == t:
        raise GraphkitError(f"{g.label(s)} is both ends; give two different entities")
    view = connections(g, evidence)
    try:
        found = candidate_paths(view, s, t, k, max_hops, order)
    except nx.NetworkXNoPath:
        found = []
    if not found:
        def distance(f):
            try:
                return nx.shortest_path_length(connections(g, f), s, t)
            except nx.NetworkXNoPath:
                return None

        names = (g.entities[s]["name"], g.entities[t]["name"])
        unlinked = {g.entities[e]["name"]: sum(c.attributed_to == e for c in g.claims)
                    for e in (s, t) if g.graph.degree(e) == 0}
        raise NoPathError(describe.explain_no_path(names, distance, evidence, max_hops, g.vocab, unlinked))
    return select_paths([describe_path(g, view, p) for p in found], k, order)


def largest_component(view: nx.Graph) -> set:
    """The biggest connected component (ties: the one holding the smallest id)."""
    return min(nx.connected_components(view), key=lambda c: (-len(c), min(c)), default=set())


def _eigenvector(view: nx.Graph) -> dict:
    scores = dict.fromkeys(view, 0.0)
    core = largest_component(view)
    if len(core) == 2:
        scores.update(dict.fromkeys(core, 2 ** -0.5))
    elif len(core) > 2:
        scores.update(nx.eigenvector_centrality_numpy(view.subgraph(core)))
    return scores


METRICS = {
    "degree": nx.degree_centrality,
    "betweenness": nx.betweenness_centrality,
    "closeness": nx.closeness_centrality,
    "eigenvector": _eigenvector,
    "pagerank": lambda view: nx.pagerank(view, tol=1e-12, max_iter=10_000),
}


def rank_rows(g, metric: str, evidence: EvidenceFilter | None = None) -> list[dict]:
    """Every entity ranked by networkx's score, rounded as graphkit shows it, ties by id."""
    scores = METRICS[metric](connections(g, (evidence or EvidenceFilter()).check(g.vocab)))
    ordered = sorted(((eid, round(score, describe.SCORE_DIGITS)) for eid, score in scores.items()),
                     key=lambda kv: (-kv[1], kv[0]))
    return [{"rank": i, "id": eid, "name": g.entities[eid]["name"], "type": g.entities[eid]["type"], "score": score}
            for i, (eid, score) in enumerate(ordered, 1)]


def communities(g, evidence: EvidenceFilter | None = None, seed: int = 42) -> list[dict]:
    """Communities grouped from the NetworkX view's pairs (numbered by sorted id)."""
    from graphkit.core.communities import community_groups, label_communities

    view = connections(g, (evidence or EvidenceFilter()).check(g.vocab))
    ids = sorted(view)
    number = {eid: i for i, eid in enumerate(ids)}
    pairs = sorted(tuple(sorted((number[u], number[v]))) for u, v in view.edges())
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    column = lambda nodes, c: [g.entities[ids[i]][c] for i in nodes.tolist()]  # noqa: E731
    members, sizes = community_groups(len(ids), a, b, lambda nodes: column(nodes, "name"), seed)
    return label_communities(members, sizes, column)


def summary(g) -> dict:
    """Sizes counted from the claim records and the multigraph."""
    by_type = Counter(row["type"] for row in g.entities.values())
    by_status = Counter(c.status for c in g.claims if c.stance == "asserts")
    return {
        "entities": len(g.entities),
        "sources": len(g.sources),
        "claims": len(g.claims),
        "edges": g.graph.number_of_edges(),
        "entities_by_type": {t: by_type[t] for t in g.vocab.entity_types if by_type[t]},
        "asserting_claims_by_status": {s: by_status[s] for s in g.vocab.status_ids},
        "disputing_claims": sum(1 for c in g.claims if c.stance == "disputes"),
    }


def unsupported_seed_claims(g) -> list[dict]:
    """The seed claims a row read in the seed document leaves unverified or worse, from the records."""
    seeded = [c for c in g.claims if c.seed_claim]
    cited = Counter(c.source_id for c in seeded)
    seed = min(cited, key=lambda sid: (-cited[sid], sid)) if cited else None
    by_seed: dict[str, list[Claim]] = defaultdict(list)
    for c in seeded:
        for sid in (s.strip() for s in c.seed_claim.split("|")):
            if sid:
                by_seed[sid].append(c)

    def brief(c: Claim) -> dict:
        name = lambda eid: g.entities[eid]["name"]  # noqa: E731
        return {"claim_id": c.id, "from_id": c.from_id, "type": c.type, "to_id": c.to_id,
                "from_name": name(c.from_id), "label": g.vocab.relation_types[c.type].label,
                "to_name": name(c.to_id), "status": c.status, "stance": c.stance,
                "attributed_to": c.attributed_to, "attributed_to_name": name(c.attributed_to),
                "source_id": c.source_id, "note": c.note}

    out = []
    for sid in sorted(by_seed, key=lambda s: (len(s), s)):
        weak = [c for c in by_seed[sid] if c.source_id == seed
                and g.vocab.status_rank(c.status) >= g.vocab.status_rank("unverified")]
        if not weak:
            continue
        best = min((c.status for c in weak), key=g.vocab.status_rank)
        out.append({"seed_claim": sid, "best_status": best, "claims": [brief(c) for c in weak],
                    "found_instead": [brief(c) for c in by_seed[sid] if c not in weak]})
    return out


def page_data(g, evidence: EvidenceFilter | None = None, *, focus: str | None = None, hops: int = 2,
              size_by: str = "degree", max_nodes: int = 1500, parties: bool = False) -> dict:
    """The reader page's data with the entities chosen here: networkx's distances from the focus,
    networkx's scores, the budget cut by (distance, -score, id), entities that are in no claim's
    link and only make claims left out unless asked for; assembled by graphkit's writer."""
    from graphkit.outputs.page_data import _check, _Selection, assemble

    evidence = _check(g.vocab, evidence, size_by, hops, max_nodes)
    scores = {row["id"]: row["score"] for row in rank_rows(g, size_by, evidence)}
    kept_edges = edges(g, evidence)
    centre = g.resolve(focus) if focus else None
    if centre is not None:
        distance = nx.single_source_shortest_path_length(connections(g, evidence), centre, cutoff=hops)
    else:
        distance = dict.fromkeys(g.entities, 0)
    linked = {c.from_id for c in g.claims} | {c.to_id for c in g.claims}
    made = Counter(c.attributed_to for c in g.claims if c.attributed_to not in linked) if not parties else Counter()
    distance = {e: d for e, d in distance.items() if e == centre or not made[e]}
    order = sorted(distance, key=lambda e: (distance[e], -scores[e], e))
    kept = set(order[:max_nodes])
    chosen = _Selection(sorted(kept), [e for e in kept_edges if e.from_id in kept and e.to_id in kept], centre,
                        len(order) > max_nodes)
    left_out = [[e, g.entities[e]["name"], g.entities[e].get("aliases", ""), made[e]]
                for e in sorted(set(g.entities) - kept)]
    from graphkit.claims.rules import AUTHORED, one_party

    party_of = one_party([(c.from_id, c.to_id) for c in g.claims  # a document and its authors are one party
                          if c.type == AUTHORED and c.stance == "asserts" and c.status != "contradicted"])
    return assemble(g, evidence, chosen, scores, left_out, len(g.entities), len(kept_edges),
                    size_by=size_by, hops=hops, max_nodes=max_nodes,
                    parties_left_out=sum(1 for row in left_out if row[3]) if centre is None else 0,
                    party_of=party_of)


# -- the analysts' frames, from the claim records ------------------------------------------

def entities_frame(g) -> pd.DataFrame:
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


def sources_frame(g) -> pd.DataFrame:
    cited: dict[str, list[Claim]] = defaultdict(list)
    for c in g.claims:
        cited[c.source_id].append(c)
    rows = [{**{k: g.sources[sid].get(k, "") for k in SOURCE_COLUMNS[:8]},
             "claims": len(cited[sid]), "parties": len({c.attributed_to for c in cited[sid]})}
            for sid in sorted(g.sources)]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


def _kept_claims(g, evidence: EvidenceFilter | None) -> list[Claim]:
    if evidence is None:
        return list(g.claims)
    kept = {c.id for e in edges(g, evidence.check(g.vocab)) for c in e.asserting + e.disputing}
    return [c for c in g.claims if c.id in kept]


def claims_frame(g, evidence: EvidenceFilter | None = None) -> pd.DataFrame:
    counted = evidence or EvidenceFilter()
    disputed = {(c.from_id, c.type, c.to_id) for c in g.claims
                if c.stance == "disputes" and keeps_claim(counted, c, g.vocab)}
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


def edge_record(g, edge: Edge) -> dict:
    """One link as a flat record, from its Edge: strongest status, who asserts and disputes it, its claims."""
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


def edges_frame(g, evidence: EvidenceFilter | None = None) -> pd.DataFrame:
    evidence = (evidence or EvidenceFilter()).check(g.vocab)
    rows = [edge_record(g, e) for e in edges(g, evidence)]
    rows.sort(key=lambda r: (r["status_rank"], r["from_id"], r["type"], r["to_id"]))
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def export_graph(g, evidence: EvidenceFilter) -> nx.MultiDiGraph:
    """What GraphML and GEXF must hold, from the claim records link by link: each entity with the
    kept claims at either end, each kept link with its record, lists joined by "|"."""
    kept = edges(g, evidence)
    counts: Counter = Counter()
    for edge in kept:
        for _ in edge.asserting + edge.disputing:
            counts[edge.from_id] += 1
            if edge.to_id != edge.from_id:
                counts[edge.to_id] += 1
    out = nx.MultiDiGraph()
    for eid in sorted(g.entities):
        row, kind = g.entities[eid], g.vocab.entity_types[g.entities[eid]["type"]]
        out.add_node(eid, label=row["name"], name=row["name"], type=row["type"], type_label=kind.label,
                     aliases=row.get("aliases", ""), description=row.get("description", ""),
                     wikidata=row.get("wikidata", ""), start_date=row.get("start", ""),
                     end_date=row.get("end", ""), claims=counts[eid], colour=kind.colour)
    for edge in kept:
        rec = edge_record(g, edge)
        titles = sorted({g.sources[s]["title"] for s in rec["sources"]})
        out.add_edge(edge.from_id, edge.to_id, key=edge.type, label=rec["label"], relation=edge.type,
                     status=rec["status"], status_rank=rec["status_rank"], disputed=rec["disputed"],
                     disputed_by="|".join(rec["disputed_by"]), parties=rec["parties"],
                     attributed_to="|".join(rec["attributed_to"]), claims="|".join(rec["claims"]),
                     claim_count=len(rec["claims"]), disputes="|".join(rec["disputes"]),
                     sources="|".join(rec["sources"]), source_titles="|".join(titles),
                     start_date=rec["start"], end_date=rec["end"], weight=round(1 / edge.cost(g.vocab), 6))
    return out


def node_link(g, evidence: EvidenceFilter) -> dict:
    """What node-link JSON must hold: every kept link with its claims and denials, each a claim's
    citation and row, strongest first; the sources cited and those they were read in."""
    order = lambda c: (g.vocab.status_rank(c.status), c.id)  # noqa: E731
    kept = sorted(edges(g, evidence), key=lambda e: (e.from_id, e.to_id, list(g.vocab.relation_types).index(e.type)))
    cited = {c.source_id for e in kept for c in e.asserting + e.disputing}
    cited |= {g.sources[s]["via"] for s in cited if g.sources[s].get("via")}
    links = []
    for edge in kept:
        rec = edge_record(g, edge)
        links.append({"relation": edge.type, "label": rec["label"], "status": rec["status"],
                      "disputed": rec["disputed"], "disputed_by": rec["disputed_by"], "parties": rec["parties"],
                      "claims": [{**describe.cite(g, c), **c.to_dict()} for c in sorted(edge.asserting, key=order)],
                      "disputes": [{**describe.cite(g, c), **c.to_dict()} for c in sorted(edge.disputing, key=order)],
                      "source": edge.from_id, "target": edge.to_id, "key": edge.type})
    return {"directed": True, "multigraph": True,
            "graph": {"name": "graphkit", "filter": evidence.describe(), "sources": [g.sources[s] for s in sorted(cited)]},
            "nodes": [g.entities[e] for e in sorted(g.entities)], "edges": links}


# -- FollowTheMoney, claim by claim --------------------------------------------------------
def _ftm_summary(vocab: Vocabulary, claim: dict, names: dict[str, str]) -> str:
    status = vocab.status_by_id[claim["status"]]
    return (f"{status.label} claim (graphkit status '{claim['status']}': {status.definition}) made by "
            f"{claim['attributed_to_name']} [{claim['attributed_to']}], read in \"{claim['source_title']}\" "
            f"[{claim['source_id']}]: {names[claim['from_id']]} {vocab.relation_types[claim['type']].label} "
            f"{names[claim['to_id']]}.")


def _ftm_description(claim: dict, denials: list[dict]) -> str:
    parts = []
    if claim["quote"]:
        parts.append(f"Quote: \"{claim['quote']}\"" + (f" ({claim['locator']})" if claim["locator"] else ""))
    elif claim["locator"]:
        parts.append(f"Where: {claim['locator']}")
    if claim["note"]:
        parts.append(f"Note: {claim['note']}")
    if claim["seed_claim"]:
        parts.append(f"Seed claims: {claim['seed_claim']}")
    for denial in denials:
        parts.append(f"Disputed by {denial['attributed_to_name']} (claim {denial['claim_id']}, {denial['status']}, "
                     f"in \"{denial['source_title']}\"" + (f", {denial['locator']}" if denial["locator"] else "") + ")"
                     + (f": \"{denial['quote']}\"" if denial["quote"] else ""))
    return "\n".join(parts)


def _ftm_claim_entity(vocab: Vocabulary, claim: dict, denials: list[dict], shape,
                  names: dict[str, str], publisher: str) -> dict:
    from_prop, to_prop, role_prop, share_prop, amount_prop, currency_prop = shape.props
    role = claim["role"] if shape.own else vocab.relation_types[claim["type"]].label
    props = {
        from_prop: [fe.ftm_id(claim["from_id"])],
        to_prop: [names[claim["to_id"]] if shape.named_to else fe.ftm_id(claim["to_id"])],
        **{prop: [claim[key]] for prop, key in ((role_prop, "role"), (share_prop, "share"), (amount_prop, "amount"),
                                                  (currency_prop, "currency")) if prop and claim[key]},
        **({role_prop: [role]} if role_prop and role else {}),
        "startDate": fe._ftm_date(claim["start"]), "endDate": fe._ftm_date(claim["end"]),
        "sourceUrl": [claim["source_url"]] if claim["source_url"] else [],
        "publisher": [publisher] if publisher else [],
        "recordId": [claim["claim_id"]],
        "summary": [_ftm_summary(vocab, claim, names)],
        "description": [text] if (text := _ftm_description(claim, denials)) else [],
    }
    return {"id": fe.ftm_id(claim["claim_id"], "claim"), "schema": shape.schema,
            "properties": {k: v for k, v in props.items() if v}}


def _ftm_thing(vocab: Vocabulary, row: dict[str, str]) -> dict | None:
    """An entity as an FtM thing, from its row (None for a type FtM has no schema for)."""
    schema = fe.ENTITY_SCHEMATA.get(row["type"])
    if schema is None:
        return None
    props: dict[str, list[str]] = {
        "name": [row["name"]],
        "alias": [a.strip() for a in row.get("aliases", "").split("|") if a.strip()],
        "description": [row["description"]] if row.get("description") else [],
        "wikidataId": [row["wikidata"]] if row.get("wikidata") else [],
        "notes": [f"graphkit {vocab.entity_types[row['type']].label.lower()} '{row['id']}'; dates as recorded: "
                  f"{row.get('start') or '?'} to {row.get('end') or '?'}"],
        "topics": fe.TOPICS.get(row["type"], []),
    }
    if schema == "Document":
        props["title"] = props["fileName"] = [row["name"]]
    born, died = fe.DATE_PROPERTIES[schema]
    if born:
        props[born] = fe._ftm_date(row.get("start", ""))
    if died:
        props[died] = fe._ftm_date(row.get("end", ""))
    return {"id": fe.ftm_id(row["id"]), "schema": schema, "properties": {k: v for k, v in props.items() if v}}


def ftm_entities(g, evidence: EvidenceFilter) -> list[dict]:
    """What the FtM export must hold: each entity FtM has a schema for, then one relationship per
    kept asserting claim between two of them, built record by record from the claim graph."""
    things = {eid: t for eid in sorted(g.entities) if (t := _ftm_thing(g.vocab, g.entities[eid]))}
    names = {eid: row["name"] for eid, row in g.entities.items()}
    record = lambda c: {**describe.cite(g, c), **c.to_dict()}  # noqa: E731
    links = []
    for edge in edges(g, evidence):
        if edge.from_id in things and edge.to_id in things:
            schema = shape_of(edge.type, things[edge.from_id]["schema"], things[edge.to_id]["schema"])
            denials = [record(c) for c in sorted(edge.disputing, key=lambda c: c.id)]
            links += [_ftm_claim_entity(g.vocab, record(c), denials, schema, names,
                                        g.sources[c.source_id].get("publisher", "")) for c in edge.asserting]
    return list(things.values()) + sorted(links, key=lambda e: e["id"])


def neo4j_import_rows(g, evidence: EvidenceFilter, dataset: str) -> dict[str, list[list[str]]]:
    """The rows of each file ``write_neo4j_import`` writes, claim by claim from the claim records,
    as a CSV reader reads them back (every cell text), in a fixed order."""
    from graphkit.claims.dates import date_bounds
    from graphkit.exports.neo4j_import import NEO4J_ARRAY_DELIMITER as SEP, NEO4J_IMPORT_LOAD

    def day(text: str, end: bool) -> str:
        bounds = date_bounds(text) if text else None
        return bounds[1 if end else 0].isoformat() if bounds else ""

    def denied_rank(c: Claim) -> str:  # the strongest denial of the claim's link, whatever the filter
        denials = g.graph[c.from_id][c.to_id][c.type]["edge"].disputing if c.stance == "asserts" else []
        return str(min(g.vocab.status_rank(d.status) for d in denials)) if denials else ""

    stamp = [dataset, NEO4J_IMPORT_LOAD]
    out: dict[str, list[list[str]]] = defaultdict(list)
    for eid in sorted(g.entities):
        row = g.entities[eid]
        aliases = SEP.join(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
        out["entities.csv"].append([eid, row["name"], row["type"], aliases,
                                    *(row.get(k, "") for k in ("description", "wikidata", "start", "end")), *stamp,
                                    f"GraphkitEntity{SEP}{g.vocab.entity_types[row['type']].neo4j_label}"])
    for sid in sorted(g.sources):
        row = g.sources[sid]
        out["sources.csv"].append([sid, *(row.get(k, "") for k in ("title", "author", "publisher", "published",
                                                                     "url", "kind", "via")), *stamp, "GraphkitSource"])
        if row.get("via"):
            out["read_via.csv"].append([sid, row["via"], "READ_VIA", *stamp])
    names = {e: r["name"] for e, r in g.entities.items()}
    for edge in edges(g, evidence):
        for c in edge.asserting + edge.disputing:
            kind = g.vocab.relation_types[c.type].neo4j_type
            out[f"claims_{kind}.csv"].append([
                c.from_id, c.to_id, kind, c.id, c.type, c.status, str(g.vocab.status_rank(c.status)), c.stance,
                c.attributed_to, names.get(c.attributed_to, ""), edge.party_of.get(c.attributed_to, c.attributed_to),
                c.source_id,
                g.sources.get(c.source_id, {}).get("title", ""), c.locator, c.quote, c.start, c.end,
                day(c.start, end=False), day(c.end, end=True), c.seed_claim, c.note,
                c.role, c.share, c.amount, c.currency, str(c.line),
                str(c.stance == "asserts" and edge.disputed).lower(), denied_rank(c), *stamp])
    out.setdefault("read_via.csv", [])
    return {name: sorted(rows) for name, rows in out.items()}
