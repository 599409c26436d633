"""The core's claims and links as pyarrow tables, their text never decoded into Python objects:
what the DataFrames (:mod:`graphkit.outputs.frames`), the exports and the Neo4j files are written from.

One row per claim (:func:`claim_table`: a row of relations.csv with its provenance spelled out) or
per link the filter keeps (:func:`edge_table`: the group of claims on one from/type/to, as a reader
sees it, with its strongest asserting status, who disputes it, its parties, sources and dates).

>>> from graphkit.core.graph import load_graph
>>> links = edge_table(load_graph("data"))
>>> links.num_rows, links.column("status").to_pylist()[0]
(125, 'established')
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import distinct
from ..claims.model import Claim, EvidenceFilter
from ..reading.fastread import WHITESPACE
from .engine import ClaimIndex
from .graph import ClaimGraph, core

__all__ = ["claim_table", "edge_table", "edge_statuses", "text_column", "touching", "split_aliases",
           "ENTITY_COLUMNS", "CLAIM_COLUMNS", "EDGE_COLUMNS"]

ENTITY_COLUMNS = ["id", "name", "type", "aliases", "description", "wikidata", "start", "end",
                  "claims", "asserting", "disputing"]
CLAIM_COLUMNS = ["id", "from_id", "from_name", "type", "label", "to_id", "to_name", "status",
                 "status_rank", "stance", "attributed_to", "attributed_to_name", "source_id",
                 "source_title", "source_kind", "source_published", "source_url", "locator", "quote",
                 "start", "end", "seed_claim", "note", "role", "share", "amount", "currency", "disputed", "line"]
EDGE_COLUMNS = ["from_id", "from_name", "type", "label", "to_id", "to_name", "status", "status_rank",
                "disputed", "disputed_by", "parties", "attributed_to", "claims", "disputes", "sources",
                "start", "end"]


def text_column(table, name: str, rows=None) -> pa.Array:
    """A text column (the rows ``rows``, in that order) as pyarrow; '' where the file has no such column."""
    column = table.columns.get(name)
    if column is None:
        return pa.array([""] * (len(table) if rows is None else len(rows)), pa.large_string())
    return column.arrow(rows)


def _lists(groups: np.ndarray, values: pa.Array, count: int, sort: bool = False) -> pa.Array:
    """``values`` as one list per group 0..count-1; ``groups`` ascending unless ``sort``, which
    orders them by group and then by value."""
    if sort:
        order = pc.sort_indices(pa.table({"g": groups, "v": values}), sort_keys=[("g", "ascending"),
                                                                                ("v", "ascending")])
        groups, values = groups[order.to_numpy()], values.take(order)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(groups, minlength=count), out=offsets[1:])
    return pa.LargeListArray.from_arrays(pa.array(offsets), values)


def _runs(*keys: np.ndarray) -> np.ndarray:
    """Where a run of equal key tuples starts, in arrays sorted by those keys."""
    change = np.zeros(len(keys[0]), dtype=bool)
    change[:1] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return change


def touching(ix: ClaimIndex, mask: np.ndarray) -> np.ndarray:
    """Per entity, how many of the claims ``mask`` picks stand at either end (a claim about an
    entity and itself counts once)."""
    ends_from, ends_to = ix.e_from[ix.c_edge], ix.e_to[ix.c_edge]
    return (np.bincount(ends_from[mask], minlength=ix.n)
            + np.bincount(ends_to[mask & (ends_from != ends_to)], minlength=ix.n)).astype(np.int64)


def split_aliases(texts: pa.Array) -> pa.Array:
    """Each "|"-separated list of aliases, trimmed, empty ones left out."""
    parts = pc.split_pattern(texts, "|")
    flat = pc.utf8_trim(pc.list_flatten(parts), characters=WHITESPACE)
    named = pc.greater(pc.binary_length(flat), 0)
    owner = pc.list_parent_indices(parts).filter(named).to_numpy()
    return _lists(owner, flat.filter(named), len(texts))


def _in_file_order(ix: ClaimIndex, values: np.ndarray) -> np.ndarray:
    """A per-claim array of the core (claims by pair, edge, party) in relations.csv's row order."""
    out = np.empty_like(values)
    out[ix.c_row] = values
    return out


def claim_table(g: ClaimGraph | ClaimIndex, evidence: EvidenceFilter | None = None,
                with_party: bool = False) -> pa.Table:
    """The claims as a pyarrow table (:func:`graphkit.outputs.frames.claims_frame` reads it), its text never decoded into Python objects (for writers);
    ``with_party`` adds each claim's independent party (``party``: the id its document and authors share)
    and, on an asserting claim, the status rank of the strongest denial of its link (``denied_rank``)."""
    ix = core(g)
    vocab = ix.vocab
    if evidence is None:
        kept = np.ones(len(ix.c_edge), dtype=bool)
    else:
        view = ix.view(evidence.check(vocab))
        kept = view.claim_keep & view.edge_keep[ix.c_edge]
    # each link's strongest denial (a status rank; ``weakest`` where none): it counts if the filter says so
    weakest = len(vocab.status_ids)
    strongest = np.full(len(ix.e_from), weakest, dtype=np.int64)
    np.minimum.at(strongest, ix.c_edge[~ix.c_asserts], ix.c_status[~ix.c_asserts].astype(np.int64))
    denied = strongest <= (evidence or EvidenceFilter()).denial_rank(vocab)
    rows = np.flatnonzero(_in_file_order(ix, kept))
    at = {name: _in_file_order(ix, values)[rows] for name, values in [
        ("from", ix.e_from[ix.c_edge]), ("to", ix.e_to[ix.c_edge]), ("party", ix.c_party),
        ("source", ix.c_source), ("type", ix.c_type), ("status", ix.c_status), ("line", ix.c_line),
        ("disputed", ix.c_asserts & denied[ix.c_edge])]}
    names = ix.entities.columns["name"]
    labels = pa.array([vocab.relation_types[t].label for t in ix.types], pa.large_string())
    data = {name: text_column(ix.claims, name, rows) for name in CLAIM_COLUMNS if name in Claim.__dataclass_fields__}
    data.update({
        "from_name": names.arrow(at["from"]), "to_name": names.arrow(at["to"]),
        "attributed_to_name": names.arrow(at["party"]),
        "label": labels.take(pa.array(at["type"].astype(np.int64))),
        "status_rank": pa.array(at["status"].astype(np.int64)),
        "disputed": pa.array(at["disputed"].astype(bool)), "line": pa.array(at["line"].astype(np.int64)),
        **{f"source_{name}": text_column(ix.sources, name, at["source"]) for name in ("title", "kind", "published", "url")},
    })
    extra = []
    if with_party:  # for Neo4j: the independent party, and the strongest denial of the link (if any)
        data["party"] = ix.entities.columns["id"].arrow(ix.n_party[at["party"]])
        rank = _in_file_order(ix, np.where(ix.c_asserts, strongest[ix.c_edge], weakest))[rows]
        data["denied_rank"] = pa.array(rank, mask=rank == weakest)
        extra = ["party", "denied_rank"]
    return pa.table({name: data[name] for name in CLAIM_COLUMNS + extra})


def edge_statuses(ix: ClaimIndex, evidence: EvidenceFilter | None = None) -> tuple:
    """What a filter keeps of an index: its view, the claims kept (a mask), the asserting and the disputing
    ones (rows), and each link's status as a rank (the strongest asserting claim kept; past the weakest
    status when none is)."""
    view = ix.view((evidence or EvidenceFilter()).check(ix.vocab))
    kept = view.claim_keep & view.edge_keep[ix.c_edge]
    asserting, disputing = np.flatnonzero(kept & ix.c_asserts), np.flatnonzero(kept & ~ix.c_asserts)
    status = np.full(len(ix.e_from), len(ix.vocab.status_ids), dtype=np.int64)
    np.minimum.at(status, ix.c_edge[asserting].astype(np.int64), ix.c_status[asserting].astype(np.int64))
    return view, kept, asserting, disputing, status


def edge_table(g: ClaimGraph | ClaimIndex, evidence: EvidenceFilter | None = None, by_ends: bool = False) -> pa.Table:
    """The kept links as a pyarrow table (:func:`graphkit.outputs.frames.edges_frame` reads it) (for writers), with two more columns: ``weight``
    (the evidence strength, 1 / the link's cost in paths) and ``source_titles`` (the titles of
    ``sources``, sorted). ``by_ends`` orders the links by from, to and relation (the vocabulary's
    order) rather than strongest first."""
    ix = core(g)
    vocab = ix.vocab
    view, kept, asserting, disputing, status = edge_statuses(ix, evidence)
    count, edge = len(ix.e_from), ix.c_edge.astype(np.int64)
    ids, claim_ids, source_ids = ix.entities.columns["id"], ix.claims.columns["id"], ix.sources.columns["id"]

    def parties(rows: np.ndarray) -> pa.Array:  # claims are sorted by edge, then party (whose order is the id's)
        first = rows[_runs(edge[rows], ix.c_party[rows])]
        return _lists(edge[first], ids.arrow(ix.c_party[first]), count)

    both = np.flatnonzero(kept)
    width = max(len(ix.sources), 1)
    cited = distinct(edge[both] * width + ix.c_source[both])
    cited_edge, cited_source = cited // width, cited % width
    lists = {
        "attributed_to": parties(asserting), "disputed_by": parties(disputing),
        "claims": _lists(edge[asserting], claim_ids.arrow(ix.c_row[asserting]), count, sort=True),
        "disputes": _lists(edge[disputing], claim_ids.arrow(ix.c_row[disputing]), count, sort=True),
        "sources": _lists(cited_edge, source_ids.arrow(cited_source), count),
        "source_titles": _lists(cited_edge, text_column(ix.sources, "title", cited_source), count, sort=True),
    }
    chosen = np.flatnonzero(view.edge_keep)
    type_order = np.argsort(np.argsort(np.array(ix.types)))
    if by_ends:
        chosen = chosen[np.lexsort((ix.e_type[chosen], ix.e_to[chosen], ix.e_from[chosen]))]
    else:
        chosen = chosen[np.lexsort((ix.e_to[chosen], type_order[ix.e_type[chosen]], ix.e_from[chosen],
                                    status[chosen]))]
    at = pa.array(chosen.astype(np.int64))
    names = ix.entities.columns["name"]
    types = pa.array(list(ix.types), pa.large_string()).take(pa.array(ix.e_type[chosen].astype(np.int64)))
    labels = pa.array([vocab.relation_types[t].label for t in ix.types], pa.large_string())
    statuses = pa.array(list(vocab.status_ids), pa.large_string())
    data = {
        "from_id": ids.arrow(ix.e_from[chosen]), "from_name": names.arrow(ix.e_from[chosen]),
        "type": types, "label": labels.take(pa.array(ix.e_type[chosen].astype(np.int64))),
        "to_id": ids.arrow(ix.e_to[chosen]), "to_name": names.arrow(ix.e_to[chosen]),
        "status": statuses.take(pa.array(status[chosen])),
        "status_rank": pa.array(status[chosen]),
        "disputed": pa.array(np.bincount(edge[disputing], minlength=count)[chosen] > 0),
        "parties": pa.array(ix.parties(asserting, count)[chosen].astype(np.int64)),
        **{name: values.take(at) for name, values in lists.items()},
        "start": pa.array(_edge_span(ix, asserting, "start", count, last=False)[chosen], pa.large_string()),
        "end": pa.array(_edge_span(ix, asserting, "end", count, last=True)[chosen], pa.large_string()),
        "weight": pa.array(_rounded(1 / view.edge_cost[chosen])),
    }
    return pa.table({name: data[name] for name in [*EDGE_COLUMNS, "weight", "source_titles"]})


def _rounded(values: np.ndarray, digits: int = 6) -> np.ndarray:
    """Python's ``round`` of each value (numpy's differs in the last digit at times), done once per
    distinct value: a link's strength takes a few values only."""
    values_seen = distinct(values)
    rounded = np.array([round(float(v), digits) for v in values_seen], dtype=np.float64)
    return rounded[np.searchsorted(values_seen, values)]


def _edge_span(ix: ClaimIndex, rows: np.ndarray, name: str, count: int, last: bool) -> np.ndarray:
    """Per edge, the earliest (or, ``last``, the latest) of the claims' dates as written; '' if none."""
    out = np.full(count, "", dtype=object)
    column = ix.claims.columns.get(name)
    if column is None or not len(rows):
        return out
    values = column.arrow(ix.c_row[rows])
    dated = pc.greater(pc.binary_length(values), 0).to_numpy(zero_copy_only=False)
    edges, values = ix.c_edge[rows][dated].astype(np.int64), values.filter(pa.array(dated))
    order = pc.sort_indices(pa.table({"e": edges, "v": values}), sort_keys=[("e", "ascending"), ("v", "ascending")])
    edges, values = edges[order.to_numpy()], values.take(order)
    ends = np.flatnonzero(_runs(edges)) if not last else np.append(np.flatnonzero(_runs(edges))[1:] - 1, len(edges) - 1)
    if len(edges):
        out[edges[ends]] = values.take(pa.array(ends)).to_numpy(zero_copy_only=False)
    return out
