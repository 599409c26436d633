"""Cypher without a server: the query library's simpler questions on the embedded graph.

grand-cypher runs a subset of Cypher (MATCH patterns with labels and types,
WHERE comparisons, RETURN … AS, ORDER BY, LIMIT, DISTINCT) over a NetworkX
graph. graphkit builds that graph in the same shape as its Neo4j load (labels,
relationship types and claim properties), binds ``$parameters`` as quoted
literals (the graph is in memory, so no database sees the text), and refuses
a query using anything outside the subset with a message naming the feature.

>>> from graphkit.core.graph import load_graph
>>> rows = run_embedded(load_graph("data"), 'MATCH (a:Person)-[r:LEADER_OF]->(b) '
...                     'WHERE r.stance = "disputes" RETURN a.name AS leader, r.claim_id AS claim', {})
>>> rows
[{'leader': 'Vladimir Kumarin', 'claim': 'r062'}]
"""
from __future__ import annotations

import json
import re

import networkx as nx

from ..claims.dates import date_bounds
from ..claims.model import ATTRIBUTES, EvidenceFilter
from ..core.graph import ClaimGraph
from ..errors import GraphkitError

__all__ = ["property_graph", "bind_parameters", "unsupported_feature", "run_embedded"]

# Features of the library's queries that grand-cypher does not run, checked in order.
_UNSUPPORTED = [
    (r"\bOPTIONAL\s+MATCH\b", "OPTIONAL MATCH"),
    (r"\bUNWIND\b", "UNWIND"),
    (r"\bWITH\b", "WITH"),
    (r"\bCALL\b", "CALL subqueries and procedures"),
    (r"\b(?:all)?shortestPath\s*\(", "shortestPath / allShortestPaths"),
    (r"\[[^\]]*\*[^\]]*\]", "variable-length relationships (*)"),
    (r"\bEXISTS\s*\{", "EXISTS subqueries"),
    (r"\bCASE\b", "CASE expressions"),
    (r"\b(?:count|collect|size|reduce|sum|min|max|avg|coalesce|toLower|toUpper|split|range|labels|type"
     r"|properties|startNode|endNode|nodes|relationships|length|any|all|none|single)\s*\(", "functions"),
    (r"\bIS\s+(?:NOT\s+)?NULL\b", "IS NULL / IS NOT NULL"),
    (r"\b(?:CONTAINS|STARTS\s+WITH|ENDS\s+WITH)\b", "string predicates (CONTAINS, STARTS WITH)"),
    (r"\b(?:CREATE|MERGE|SET|DELETE|REMOVE)\b", "writing clauses"),
    (r"\bRETURN\s+DISTINCT\b.*\bAS\b", "RETURN DISTINCT with AS names"),
]
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def unsupported_feature(text: str) -> str | None:
    """The first feature of ``text`` that grand-cypher cannot run, or None.

    >>> unsupported_feature("MATCH (a) WITH a RETURN a.name")
    'WITH'
    >>> unsupported_feature('MATCH (a)-[r]->(b) WHERE a.id = $id RETURN b.name') is None
    True
    """
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    without_double = re.sub(r'"(?:[^"\\]|\\.)*"', '""', body)
    if "'" in without_double:
        return "single-quoted strings"
    code = _STRING.sub('""', body)
    for pattern, feature in _UNSUPPORTED:
        m = re.search(pattern, code, flags=re.IGNORECASE | re.DOTALL)
        if m:
            return f"the function {m.group().rstrip('( ')}()" if feature == "functions" else feature
    return None


def _literal(name: str, value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list) and all(isinstance(v, (str, int, float, bool)) or v is None for v in value):
        return "[" + ", ".join(_literal(name, v) for v in value) + "]"
    raise GraphkitError(f"--param {name}: the embedded engine takes text, numbers, booleans or lists of them")


def bind_parameters(text: str, params: dict) -> str:
    """Replace each ``$name`` outside string literals by its value as a literal."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    out, last = [], 0
    for m in _STRING.finditer(body):
        out.append(_bind_segment(body[last:m.start()], params))
        out.append(m.group())
        last = m.end()
    out.append(_bind_segment(body[last:], params))
    return "".join(out)


def _bind_segment(segment: str, params: dict) -> str:
    def replace(m: re.Match) -> str:
        name = m.group(1)
        if name not in params:
            raise GraphkitError(f"the query needs the parameter ${name}; pass --param {name}=VALUE")
        return _literal(name, params[name])
    return _PARAM.sub(replace, segment)


def property_graph(g: ClaimGraph, dataset: str) -> nx.MultiDiGraph:
    """The claim graph shaped as graphkit loads it into Neo4j (labels, types, claim properties)."""
    vocab = g.vocab
    denied = EvidenceFilter.strongest_denials([(c.from_id, c.type, c.to_id) for c in g.claims],
                                              [c.stance for c in g.claims], [c.status for c in g.claims], vocab)
    counts = EvidenceFilter().denial_rank(vocab)  # what the default filter counts
    party_of = g.index.party_of
    graph = nx.MultiDiGraph()
    for eid, row in g.entities.items():
        graph.add_node(eid, **{k: row.get(k, "") for k in ("id", "name", "type", "description", "wikidata",
                                                           "start", "end")},
                       aliases=[a.strip() for a in row.get("aliases", "").split("|") if a.strip()],
                       graphkit_dataset=dataset,
                       __labels__={"GraphkitEntity", vocab.entity_types[row["type"]].neo4j_label})
    for c in g.claims:
        start, end = date_bounds(c.start) if c.start else None, date_bounds(c.end) if c.end else None
        graph.add_edge(c.from_id, c.to_id, __labels__={vocab.relation_types[c.type].neo4j_type},
                       graphkit_dataset=dataset, claim_id=c.id, relation=c.type, status=c.status,
                       status_rank=vocab.status_rank(c.status), stance=c.stance, attributed_to=c.attributed_to,
                       attributed_to_name=g.entities[c.attributed_to]["name"],
                       party=party_of.get(c.attributed_to, c.attributed_to), source_id=c.source_id,
                       source_title=g.sources[c.source_id]["title"], locator=c.locator, quote=c.quote,
                       start=c.start, end=c.end, start_day=start[0] if start else None,
                       end_day=end[1] if end else None, seed_claim=c.seed_claim, note=c.note, line=c.line,
                       **{a: c_value for a in ATTRIBUTES if (c_value := getattr(c, a))},
                       disputed=c.stance == "asserts" and denied.get((c.from_id, c.type, c.to_id), counts + 1) <= counts,
                       denied_rank=denied.get((c.from_id, c.type, c.to_id)) if c.stance == "asserts" else None)
    return graph


def run_embedded(g: ClaimGraph, text: str, params: dict, dataset: str = "data") -> list[dict]:
    """Run a Cypher query on the embedded graph; rows as dicts, like the Neo4j backend."""
    from grandcypher import GrandCypher

    feature = unsupported_feature(text)
    if feature:
        raise GraphkitError(f"the embedded engine (grand-cypher) cannot run {feature}; run this query on Neo4j: "
                            "load the data with `graphkit neo4j load` and use --backend neo4j")
    query = bind_parameters(text, {"dataset": dataset, **params})
    try:
        columns = GrandCypher(property_graph(g, dataset)).run(query)
    except Exception as exc:  # grand-cypher's parser errors: name where it stopped
        where = str(exc).strip().splitlines()[0][:160]
        raise GraphkitError(f"the embedded engine (grand-cypher) cannot run this query ({where}); "
                            "run it on Neo4j with --backend neo4j") from None
    names = list(columns)
    length = len(columns[names[0]]) if names else 0
    return [{name: columns[name][i] for name in names} for i in range(length)]
