"""FtM relationships column by column: one JSON line per kept asserting claim whose ends both have
an FtM schema, sorted by id, the same bytes as ``json.dumps(entity, ensure_ascii=False,
sort_keys=True)`` of the entity :func:`graphkit.ftm.export.ftm_entities` describes.

Each line is put together in one pass over its pieces. Text is escaped for JSON where it is
smallest (an entity's name once per entity, a source's title once per source, a claim's quote
once per claim), never after the pieces are joined; the keys of each relationship schema are
written in sorted order by slots that each schema fills with its own property names.
"""
from __future__ import annotations

import bisect
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..core.columns import join_present
from ..core.columns import join_text as _text
from ..exports.node_link import json_escaped
from ..core.rows import text_column
from .things import escape, filled, item

__all__ = ["relationship_lines"]

_LARGE = pa.large_string()
_NULL = pa.scalar(None, _LARGE)
# the properties every relationship may carry, in sorted order; the ends' properties fall between
FIXED = ("description", "endDate", "publisher", "recordId", "sourceUrl", "startDate", "summary")
_ENDS = ("from", "to", "role", "share", "amount", "currency")


def _taken(values: pa.Array, rows: np.ndarray) -> pa.Array:
    return values.take(pa.array(rows.astype(np.int64)))


def relationship_lines(ix, view, codes: np.ndarray, schemata: list[str], shape_of,
                       ftm_dates) -> tuple[pa.Array, int, Counter]:
    """The relationship lines, sorted by id, each ending in a newline; how many asserting claims the
    filter keeps; how many relationships of each schema. ``codes``: each entity's index in ``schemata`` (-1: no schema);
    ``shape_of(relation, from_schema, to_schema)``: a :class:`graphkit.ftm.schemata.Shape`;
    ``ftm_dates``: a column's dates as FtM takes them (null where it has no form for one)."""
    vocab = ix.vocab
    kept = np.flatnonzero(view.claim_keep & view.edge_keep[ix.c_edge])
    asserting = ix.c_asserts[kept]
    edge = ix.c_edge[kept].astype(np.int64)
    a, b = ix.e_from[edge], ix.e_to[edge]
    claim_ids, names = ix.claims.columns["id"], json_escaped(ix.entities.columns["name"].arrow())
    entity_ids = json_escaped(ix.entities.columns["id"].arrow())
    titles, source_ids = json_escaped(text_column(ix.sources, "title")), json_escaped(text_column(ix.sources, "id"))
    denials = _denials(ix, kept[~asserting], names, titles)
    pick = kept[asserting & (codes[a] >= 0) & (codes[b] >= 0)]
    # by FtM id, whose '_' is '--' (which sorts differently)
    pick = pick[pc.sort_indices(pc.replace_substring(claim_ids.arrow(ix.c_row[pick]), "_", "--")).to_numpy()]
    edge, rows = ix.c_edge[pick].astype(np.int64), ix.c_row[pick]
    a, b, relation = ix.e_from[edge], ix.e_to[edge], ix.e_type[edge].astype(np.int64)
    # each claim's schema and the properties of its ends, worked out once per combination
    width = len(schemata) + 1
    combos, which = np.unique((relation * width + codes[a]) * width + codes[b], return_inverse=True)
    found = [shape_of(ix.types[c // width // width], schemata[c // width % width], schemata[c % width])
             for c in combos.tolist()]
    shapes = sorted(set(found))
    which = np.array([shapes.index(f) for f in found], dtype=np.int64)[np.asarray(which).reshape(-1)]

    def column(name: str) -> pa.Array:
        return json_escaped(text_column(ix.claims, name, rows))

    def per_shape(values: list[bool]) -> np.ndarray:
        return np.array(values, dtype=bool)[which]

    def given(values: pa.Array) -> pa.Array:
        return pc.if_else(filled(values), values, _NULL)

    ids = column("id")
    labels = json_escaped(pa.array([vocab.relation_types[t].label for t in ix.types], _LARGE))
    label = _taken(labels, relation)
    slug = _text("graphkit--", pc.replace_substring(entity_ids, "_", "--"))
    # the to end is named by its name where the schema holds it as text (a Sanction's authority);
    # the role is the claim's own where the schema is its relation's own, else the relation's label
    by_name = pa.array(per_shape([s.named_to for s in shapes]))
    own = pa.array(per_shape([s.own for s in shapes]))
    ends = {"from": _taken(slug, a), "to": pc.if_else(by_name, _taken(names, b), _taken(slug, b)),
            "role": pc.if_else(own, given(column("role")), label),
            **{k: given(column(k)) for k in ("share", "amount", "currency")}}
    # the ends' properties, slot by slot between the fixed ones: (gap, place) -> end per schema
    slots: dict[tuple[int, int], list[str | None]] = {}
    for k, shape in enumerate(shapes):
        props = [p for p in shape.props if p]
        for prop, end in zip(shape.props, _ENDS):
            if not prop:
                continue
            gap = bisect.bisect(FIXED, prop)
            if gap == len(FIXED):
                raise ValueError(f"FtM property {prop!r} sorts after 'summary'; give it a slot")
            before = sum(1 for p in props if bisect.bisect(FIXED, p) == gap and p < prop)
            slots.setdefault((gap, before), [None] * len(shapes))[k] = end
    keys = {end: pa.array([f'"{shape.props[i]}": ["' if shape.props[i] else "" for shape in shapes], _LARGE).take(
        pa.array(which)) for i, end in enumerate(_ENDS)}
    items = {end: _text(keys[end], ends[end], '"], ') for end in _ENDS}

    def slot(gap: int) -> list[pa.Array]:
        out = []
        for (g, _), by_shape in sorted(slots.items()):
            if g != gap:
                continue
            chosen = pa.nulls(len(pick), _LARGE)
            for end in _ENDS:
                mask = pa.array(np.array([e == end for e in by_shape])[which])
                chosen = pc.if_else(mask, items[end], chosen)
            out.append(chosen)
        return out

    source = ix.c_source[pick]
    url = json_escaped(text_column(ix.sources, "url", source))
    publisher = json_escaped(text_column(ix.sources, "publisher", source))
    start, end = ftm_dates(text_column(ix.claims, "start", rows)), ftm_dates(text_column(ix.claims, "end", rows))
    description = _description(column("quote"), column("locator"), column("note"), column("seed_claim"),
                               denials, edge)
    status = [vocab.status_by_id[sid] for sid in vocab.status_ids]
    lead = pa.array([escape(f"{st.label} claim (graphkit status '{st.id}': {st.definition}) made by ")
                     for st in status], _LARGE)
    party = _text(names, " [", entity_ids)
    read_in = _text(titles, escape('" ['), source_ids, "]: ")
    fixed = {
        "description": [item("description", description, filled(description))],
        "endDate": [item("endDate", end, end.is_valid())],
        "publisher": [item("publisher", publisher, filled(publisher))],
        "recordId": ['"recordId": ["', ids, '"], '],
        "sourceUrl": [item("sourceUrl", url, filled(url))],
        "startDate": [item("startDate", start, start.is_valid())],
        "summary": ['"summary": ["', _taken(lead, ix.c_status[pick]), _taken(party, ix.c_party[pick]),
                    "], read in " + escape('"'), _taken(read_in, source), _taken(names, a), " ", label, " ",
                    _taken(names, b), '."]'],
    }
    kinds = pa.array([shape.schema for shape in shapes], _LARGE).take(pa.array(which))
    pieces: list = ['{"id": "graphkit-claim--', pc.replace_substring(ids, "_", "--"), '", "properties": {']
    for gap, key in enumerate(FIXED):
        pieces += slot(gap) + fixed[key]
    pieces += ['}, "schema": "', kinds, '"}\n']
    lines = pc.binary_join_element_wise(*[p if isinstance(p, (pa.Array, pa.ChunkedArray)) else pa.scalar(p, _LARGE)
                                          for p in pieces], pa.scalar("", _LARGE), null_handling="replace")
    counts = Counter({shape.schema: 0 for shape in shapes})
    for k, n in zip(*np.unique(which, return_counts=True)):
        counts[shapes[int(k)].schema] += int(n)
    return lines, int(asserting.sum()), +counts


def _denials(ix, rows: np.ndarray, names: pa.Array, titles: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """The links that kept denials dispute (ascending) and, for each, its denials as the description
    names them, sorted by claim id, one a line (escaped)."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64), pa.array([], _LARGE)
    ids = text_column(ix.claims, "id", ix.c_row[rows])
    order = pc.sort_indices(pa.table({"e": ix.c_edge[rows].astype(np.int64), "id": ids}),
                            sort_keys=[("e", "ascending"), ("id", "ascending")]).to_numpy()
    rows = rows[order]
    claim = ix.c_row[rows]
    locator = json_escaped(text_column(ix.claims, "locator", claim))
    quote = json_escaped(text_column(ix.claims, "quote", claim))
    text = _text("Disputed by ", _taken(names, ix.c_party[rows]), " (claim ", json_escaped(ids.take(pa.array(order))),
                 ", ", json_escaped(text_column(ix.claims, "status", claim)), ", in " + escape('"'),
                 _taken(titles, ix.c_source[rows]), escape('"'),
                 pc.if_else(filled(locator), _text(", ", locator), ""), ")",
                 pc.if_else(filled(quote), _text(": " + escape('"'), quote, escape('"')), ""))
    edges = ix.c_edge[rows].astype(np.int64)
    starts = np.flatnonzero(np.r_[True, edges[1:] != edges[:-1]])
    offsets = np.append(starts, len(edges)).astype(np.int64)
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), text)
    return edges[starts], pc.binary_join(lists, pa.scalar(escape("\n"), _LARGE))


def _description(quote, locator, note, seed, denials: tuple[np.ndarray, pa.Array], edge: np.ndarray) -> pa.Array:
    """Per claim: the quote (with its locator) or where it is read, the note, the seed claims and the
    denials of its link, one a line; '' where there is none."""
    where = pc.if_else(filled(quote),
                       _text("Quote: " + escape('"'), quote, escape('"'),
                             pc.if_else(filled(locator), _text(" (", locator, ")"), "")),
                       pc.if_else(filled(locator), _text("Where: ", locator), _NULL))
    denied, texts = denials
    disputes = pa.nulls(len(edge), _LARGE)
    if len(denied):
        at = np.minimum(np.searchsorted(denied, edge), len(denied) - 1)
        hit = denied[at] == edge
        disputes = texts.take(pa.array(np.where(hit, at, 0), mask=~hit))
    return join_present([where, pc.if_else(filled(note), _text("Note: ", note), _NULL),
                         pc.if_else(filled(seed), _text("Seed claims: ", seed), _NULL), disputes], escape("\n"))
