"""FtM things column by column: one JSON line per entity that has an FtM schema, in the index's
entity order, the same bytes as ``json.dumps(thing, ensure_ascii=False, sort_keys=True)``.

Entities become FtM things by type (:data:`ENTITY_SCHEMATA`); FtM has no entity for an activity, a
substance or an unnamed group of people, and keeps places as country/address *values*, not
entities: those types are left out. Each schema's properties are written in sorted order, every
one followed by ``", "`` and the last cut off; an empty property is left out.
"""
from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..core.columns import join_text as _text
from ..exports.node_link import json_escaped
from ..core.rows import text_column
from ..reading.fastread import WHITESPACE

__all__ = ["ENTITY_SCHEMATA", "TOPICS", "DATE_PROPERTIES", "thing_lines", "escape", "filled", "item"]

# graphkit entity type -> FtM schema. PublicBody is FtM's state body; a government
# acting as a whole is one too. Criminal groups and intergovernmental bodies are
# Organizations, told apart by FtM's own topics (TOPICS).
ENTITY_SCHEMATA = {
    "person": "Person",
    "agency": "PublicBody",
    "government": "PublicBody",
    "criminal_group": "Organization",
    "organization": "Organization",
    "international_body": "Organization",
    "document": "Document",
    "event": "Event",
    "asset": "Asset",
}
TOPICS = {"criminal_group": ["crime"], "international_body": ["gov.igo"]}
# Born/founded and died/dissolved, by FtM schema.
DATE_PROPERTIES = {
    "Person": ("birthDate", "deathDate"),
    "PublicBody": ("incorporationDate", "dissolutionDate"),
    "Organization": ("incorporationDate", "dissolutionDate"),
    "Document": ("date", None),
    "Event": ("startDate", "endDate"),
    "Asset": (None, None),
}
_LARGE = pa.large_string()
_NULL = pa.scalar(None, _LARGE)


def escape(text: str) -> str:
    """A literal piece of text as it stands inside a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def filled(values: pa.Array) -> pa.Array:
    """Which cells hold text (false for null)."""
    return pc.fill_null(pc.greater(pc.binary_length(values), 0), False)


def item(key: str, values: pa.Array, present: pa.Array | None = None) -> pa.Array:
    """``"key": ["value"], `` per row (values already escaped); null where ``present`` is false."""
    text = _text(f'"{key}": ["', values, '"], ')
    return text if present is None else pc.if_else(present, text, _NULL)


def _aliases(values: pa.Array) -> pa.Array:
    """``"alias": [...], `` of each cell of ``aliases`` (split on '|', each stripped, empty ones
    left out); null where none is left."""
    lists = pc.split_pattern(values, "|")
    parts = pc.utf8_trim(pc.list_flatten(lists), WHITESPACE)
    parent = pc.list_parent_indices(lists).to_numpy()
    keep = filled(parts)
    parent = parent[keep.to_numpy(zero_copy_only=False)]
    parts = json_escaped(parts.filter(keep))
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.bincount(parent, minlength=len(values)), out=offsets[1:])
    joined = pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), parts), pa.scalar('", "', _LARGE))
    return pc.if_else(pa.array(offsets[1:] > offsets[:-1]), _text('"alias": ["', joined, '"], '), _NULL)


def thing_lines(ix, ftm_dates) -> tuple[pa.Array, np.ndarray, list[str], Counter]:
    """The things' lines (each ending in a newline); each entity's index in the schemata (-1: none);
    the schemata, sorted; how many entities of each type were left out. ``ftm_dates``: a column's
    dates as FtM takes them (null where it has no form for one)."""
    vocab = ix.vocab
    types = list(vocab.entity_types)
    of_type = ix.n_type.astype(np.int64)
    schemata = sorted({ENTITY_SCHEMATA[t] for t in np.array(types)[np.unique(of_type)] if t in ENTITY_SCHEMATA})
    type_schema = np.array([schemata.index(ENTITY_SCHEMATA[t]) if t in ENTITY_SCHEMATA and ENTITY_SCHEMATA[t] in
                            schemata else -1 for t in types], dtype=np.int64)
    codes = type_schema[of_type] if len(of_type) else np.zeros(0, dtype=np.int64)
    skipped = Counter({t: int(n) for t, n in zip(types, np.bincount(of_type, minlength=len(types)))
                       if n and t not in ENTITY_SCHEMATA})
    kinds = pa.array([escape(f"graphkit {vocab.entity_types[t].label.lower()} '") for t in types], _LARGE)
    topics = pa.array([f'"topics": {json.dumps(TOPICS[t])}, ' if t in TOPICS else None for t in types], _LARGE)
    parts, order = [], []
    for k, schema in enumerate(schemata):
        rows = np.flatnonzero(codes == k)
        order.append(rows)

        def column(name: str) -> pa.Array:
            return json_escaped(text_column(ix.entities, name, rows))

        name, start, end = column("name"), column("start"), column("end")
        wikidata, description = column("wikidata"), column("description")
        of = pa.array(of_type[rows])
        notes = _text(kinds.take(of), column("id"), "'; dates as recorded: ",
                      pc.if_else(filled(start), start, "?"), " to ", pc.if_else(filled(end), end, "?"))
        born, died = DATE_PROPERTIES[schema]
        items = {"name": item("name", name), "alias": _aliases(text_column(ix.entities, "aliases", rows)),
                 "description": item("description", description, filled(description)),
                 "wikidataId": item("wikidataId", wikidata, filled(wikidata)), "notes": item("notes", notes),
                 "topics": topics.take(of)}
        if schema == "Document":  # FtM requires a file name; graphkit holds no file, so the title stands for it
            items["title"], items["fileName"] = item("title", name), item("fileName", name)
        for prop, name in ((born, "start"), (died, "end")):
            if prop:
                dates = ftm_dates(text_column(ix.entities, name, rows))
                items[prop] = item(prop, dates, dates.is_valid())
        properties = pc.binary_join_element_wise(*[items[key] for key in sorted(items)], pa.scalar("", _LARGE),
                                                 null_handling="replace")
        ids = json_escaped(pc.replace_substring(text_column(ix.entities, "id", rows), "_", "--"))
        parts.append(_text('{"id": "graphkit--', ids, '", "properties": {',
                           pc.utf8_slice_codeunits(properties, 0, -2), f'}}, "schema": "{schema}"}}\n'))
    if not parts:
        return pa.array([], _LARGE), codes, schemata, skipped
    lines = pa.concat_arrays(parts)
    return lines.take(pa.array(np.argsort(np.concatenate(order), kind="stable"))), codes, schemata, skipped
