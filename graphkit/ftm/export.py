"""FollowTheMoney (FtM) out: graphkit's claims as the entities of Aleph and OpenSanctions.

:func:`write_ftm` writes line-delimited JSON entities, one per line, as Aleph's
``ftm``/``alephclient write-entities`` and OpenSanctions take them, read from the columnar core.
Entities become FtM things by type (:data:`ENTITY_SCHEMATA`); every *claim*
becomes one FtM relationship entity (a link in Aleph's network view), so each
keeps its own source: ``sourceUrl`` and ``publisher`` from the source, dates,
``recordId`` (the claim id), and the claim's standing in ``summary`` (status,
who makes it, where we read it) and ``description`` (the quote, locator, note
and who disputes it). A denial is not exported as a link of its own, since
Aleph would draw it as one: it is named in the description of every claim
it disputes. Types FtM has no entity for (activity, substance, place, group of
people) are left out, and so are the claims that touch them; the result says how many.

>>> from graphkit.core.graph import load_graph
>>> entities = ftm_entities(load_graph("data"))
>>> sorted({e["schema"] for e in entities})[:4]
['Associate', 'Directorship', 'Document', 'Event']
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..claims.dates import date_bounds
from ..claims.model import EvidenceFilter
from ..claims.vocab import Vocabulary
from ..core.columns import join_text as _text
from ..core.columns import write_rows
from ..core.graph import core
from ..exports.node_link import claim_rows, json_strings
from ..outputs.frames import _arrow

__all__ = ["ENTITY_SCHEMATA", "RELATION_SCHEMATA", "ftm_entities", "write_ftm", "ftm_id"]

# graphkit entity type -> FtM schema. PublicBody is FtM's state body; a government
# acting as a whole is one too. Criminal groups and intergovernmental bodies are
# Organizations, told apart by FtM's own topics (TOPICS). FtM has no entity for an
# activity, a substance or an unnamed group of people, and keeps places as
# country/address *values*, not entities: those types are left out.
ENTITY_SCHEMATA = {
    "person": "Person",
    "agency": "PublicBody",
    "government": "PublicBody",
    "criminal_group": "Organization",
    "organization": "Organization",
    "international_body": "Organization",
    "document": "Document",
    "event": "Event",
}
TOPICS = {"criminal_group": ["crime"], "international_body": ["gov.igo"]}
# Born/founded and died/dissolved, by FtM schema.
DATE_PROPERTIES = {
    "Person": ("birthDate", "deathDate"),
    "PublicBody": ("incorporationDate", "dissolutionDate"),
    "Organization": ("incorporationDate", "dissolutionDate"),
    "Document": ("date", None),
    "Event": ("startDate", "endDate"),
}
# graphkit relation -> (FtM schema, property of the from end, property of the to end,
# property naming the role). Every other relation is an UnknownLink (subject -> object),
# its role the relation's label. FtM's Succession runs predecessor -> successor,
# the reverse of successor_of.
RELATION_SCHEMATA = {
    "member_of": ("Membership", "member", "organization", "role"),
    "head_of": ("Directorship", "director", "organization", "role"),
    "leader_of": ("Directorship", "director", "organization", "role"),
    "ally_of": ("Associate", "person", "associate", "relationship"),
    "successor_of": ("Succession", "successor", "predecessor", "role"),
}
UNKNOWN_LINK = ("UnknownLink", "subject", "object", "role")
# What each end of those schemata may be (FtM's ranges, for the schemata we write).
_LEGAL = {"Person", "Organization", "PublicBody"}
_ORGS = {"Organization", "PublicBody"}
RANGES = {"Membership": (_LEGAL, _ORGS), "Directorship": (_LEGAL, _ORGS), "Associate": ({"Person"}, {"Person"}),
          "Succession": (_LEGAL, _LEGAL)}
_FTM_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID_PREFIX = "graphkit"


def ftm_id(slug: str, kind: str = "") -> str:
    """The FtM id of a graphkit id (an entity's, or a claim's with ``kind="claim"``).

    FtM ids hold letters, digits, ``-`` and ``.``, and ``.`` is FtM's namespace
    separator: Aleph's bulk loader and ``ftm aggregate`` read what follows the
    last ``.`` as a signature, and would fold ``graphkit.a`` and ``graphkit.b``
    into one entity. So ids hold no ``.``: the kind ends with ``--``, which no
    slug holds, and a slug's ``_`` becomes ``--`` too.

    >>> ftm_id("putin"), ftm_id("r001", "claim"), ftm_id("st_petersburg")
    ('graphkit--putin', 'graphkit-claim--r001', 'graphkit--st--petersburg')
    """
    head = "-".join(p for p in (ID_PREFIX, kind) if p)
    return f"{head}--{slug.replace('_', '--')}"


def _ftm_date(text: str) -> list[str]:
    """A graphkit date as FtM takes it (a decade such as 1990s has no FtM form)."""
    return [text] if text and _FTM_DATE.match(text) and date_bounds(text) else []


def _entity(vocab: Vocabulary, row: dict[str, str]) -> dict | None:
    schema = ENTITY_SCHEMATA.get(row["type"])
    if schema is None:
        return None
    kind = vocab.entity_types[row["type"]]
    props: dict[str, list[str]] = {
        "name": [row["name"]],
        "alias": [a.strip() for a in row.get("aliases", "").split("|") if a.strip()],
        "description": [row["description"]] if row.get("description") else [],
        "wikidataId": [row["wikidata"]] if row.get("wikidata") else [],
        "notes": [f"graphkit {kind.label.lower()} '{row['id']}'; dates as recorded: "
                  f"{row.get('start') or '?'} to {row.get('end') or '?'}"],
        "topics": TOPICS.get(row["type"], []),
    }
    if schema == "Document":
        props["title"] = [row["name"]]
        props["fileName"] = [row["name"]]  # FtM requires one; graphkit holds no file, so the title stands for it
    born, died = DATE_PROPERTIES[schema]
    props[born] = _ftm_date(row.get("start", ""))
    if died:
        props[died] = _ftm_date(row.get("end", ""))
    return {"id": ftm_id(row["id"]), "schema": schema, "properties": {k: v for k, v in props.items() if v}}


def _relation_schema(relation: str, from_schema: str, to_schema: str) -> tuple[str, str, str, str]:
    schema = RELATION_SCHEMATA.get(relation, UNKNOWN_LINK)
    allowed = RANGES.get(schema[0])
    if allowed and not (from_schema in allowed[0] and to_schema in allowed[1]):
        return UNKNOWN_LINK
    return schema


_LARGE = pa.large_string()


def _when(mask, *parts) -> pa.Array:
    """The joined pieces where ``mask`` holds, null elsewhere."""
    return pc.if_else(mask, _text(*parts), pa.scalar(None, _LARGE))


def _filled(values: pa.Array) -> pa.Array:
    return pc.greater(pc.binary_length(values), 0)


def _ids(slugs: pa.Array, kind: str = "") -> pa.Array:
    """:func:`ftm_id` of each slug."""
    return _text(ftm_id("", kind), pc.replace_substring(slugs, "_", "--"))


def _ftm_dates(values: pa.Array) -> pa.Array:
    """:func:`_ftm_date` of each cell: the date, or null where FtM has no form for it."""
    shaped = pc.match_substring_regex(values, _FTM_DATE.pattern)
    distinct = pc.unique(values.filter(shaped))
    good = pa.array([bool(date_bounds(v)) for v in distinct.to_pylist()], pa.bool_())
    ok = pc.fill_null(good.take(pc.index_in(values, value_set=distinct)), False)
    return pc.if_else(ok, values, pa.scalar(None, _LARGE))


def _lines(keys: dict[str, pa.Array]) -> pa.Array:
    """JSON objects, keys sorted; each value a JSON text already, a null value's key left out."""
    items = [_text(json.dumps(name) + ": ", values) for name, values in sorted(keys.items())]
    return _text("{", pc.binary_join_element_wise(*items, pa.scalar(", ", _LARGE), null_handling="skip"), "}")


def _one(values: pa.Array) -> pa.Array:
    """A property holding one text value (null stays null)."""
    return _text("[", json_strings(values), "]")


def _link_lines(ix, view, chosen: np.ndarray, schema_codes: np.ndarray,
                schemata: list[str]) -> tuple[pa.Array, int, Counter]:
    """One FtM relationship per kept asserting claim whose ends both have an FtM schema, as JSON lines
    sorted by id (``chosen``: the kept links, ascending); how many asserting claims the filter keeps;
    how many relationships of each schema."""
    vocab = ix.vocab
    rows, group, _, kept = claim_rows(ix, view, chosen)
    edge = chosen[group // 2]
    a, b = ix.e_from[edge], ix.e_to[edge]
    asserting = group % 2 == 0
    # the denials of each link, as the description names them, sorted by claim id
    denial = np.flatnonzero(~asserting)
    denial = denial[pc.sort_indices(pa.table({"g": group[denial], "id": rows.column("claim_id").take(pa.array(denial))}),
                                    sort_keys=[("g", "ascending"), ("id", "ascending")]).to_numpy()]
    d = rows.take(pa.array(denial))
    denial_text = _text("Disputed by ", d.column("attributed_to_name"), " (claim ", d.column("claim_id"), ", ",
                        d.column("status"), ", in \"", d.column("source_title"), "\"",
                        pc.if_else(_filled(d.column("locator")), _text(", ", d.column("locator")), ""), ")",
                        pc.if_else(_filled(d.column("quote")), _text(": \"", d.column("quote"), "\""), ""))
    offsets = np.zeros(len(chosen) + 1, dtype=np.int64)
    np.cumsum(np.bincount(group[denial] // 2, minlength=len(chosen)), out=offsets[1:])
    denials = pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), denial_text), pa.scalar("\n", _LARGE))
    # the claims written: asserting, both ends things
    both = asserting & (schema_codes[a] >= 0) & (schema_codes[b] >= 0)
    pick = np.flatnonzero(both)
    r, edge, a, b = rows.take(pa.array(pick)), edge[both], a[both], b[both]
    relation = ix.e_type[edge].astype(np.int64)
    # each link's schema and the properties of its ends, worked out once per combination
    width = len(schemata) + 1
    combos, which = np.unique((relation * width + schema_codes[a]) * width + schema_codes[b], return_inverse=True)
    found = [_relation_schema(ix.types[c // width // width], schemata[c // width % width], schemata[c % width])
             for c in combos.tolist()]
    shapes = sorted(set(found))
    which = np.array([shapes.index(f) for f in found], dtype=np.int64)[np.asarray(which).reshape(-1)]
    names = ix.entities.columns["name"]
    status = [vocab.status_by_id[sid] for sid in vocab.status_ids]
    status_code = ix.c_status[kept[pick]].astype(np.int64)
    labels = pa.array([vocab.relation_types[t].label for t in ix.types], _LARGE).take(pa.array(relation))
    summary = _text(pa.array([f"{st.label} claim (graphkit status '{st.id}': {st.definition}) made by " for st in status],
                             _LARGE).take(pa.array(status_code)),
                    r.column("attributed_to_name"), " [", r.column("attributed_to"), "], read in \"",
                    r.column("source_title"), "\" [", r.column("source_id"), "]: ", names.arrow(a), " ", labels, " ",
                    names.arrow(b), ".")
    quote, locator = r.column("quote"), r.column("locator")
    where = pc.if_else(_filled(quote), _text("Quote: \"", quote, "\"", pc.if_else(_filled(locator), _text(" (", locator, ")"), "")),
                       _when(_filled(locator), "Where: ", locator))
    disputes = denials.take(pa.array(np.searchsorted(chosen, edge)))  # chosen is ascending
    description = pc.binary_join_element_wise(
        where, _when(_filled(r.column("note")), "Note: ", r.column("note")),
        _when(_filled(r.column("seed_claim")), "Seed claims: ", r.column("seed_claim")),
        pc.if_else(_filled(disputes), disputes, pa.scalar(None, _LARGE)), pa.scalar("\n", _LARGE), null_handling="skip")
    publisher = _arrow(ix.sources, "publisher", ix.c_source[kept[pick]])
    url = r.column("source_url")
    given = {"startDate": _one(_ftm_dates(r.column("start"))), "endDate": _one(_ftm_dates(r.column("end"))),
             "sourceUrl": _one(pc.if_else(_filled(url), url, pa.scalar(None, _LARGE))),
             "publisher": _one(pc.if_else(_filled(publisher), publisher, pa.scalar(None, _LARGE))),
             "recordId": _one(r.column("claim_id")), "summary": _one(summary),
             "description": _one(pc.if_else(_filled(pc.fill_null(description, "")), description,
                                            pa.scalar(None, _LARGE)))}
    ends = (_one(_ids(r.column("from_id"))), _one(_ids(r.column("to_id"))), _one(labels))
    ids = _ids(r.column("claim_id"), "claim")
    lines = pa.array([], _LARGE)
    parts, counts = [], Counter()
    for k, (kind, from_prop, to_prop, role_prop) in enumerate(shapes):
        at = pa.array(np.flatnonzero(which == k))
        counts[kind] += len(at)
        properties = _lines({**{name: values.take(at) for name, values in given.items()},
                             **{prop: values.take(at) for prop, values in zip((from_prop, to_prop, role_prop), ends)}})
        parts.append(pa.table({"id": ids.take(at), "line": _lines({
            "id": json_strings(ids.take(at)), "schema": json_strings(pa.array([kind] * len(at), _LARGE)),
            "properties": properties})}))
    if parts:
        table = pa.concat_tables(parts).combine_chunks()
        lines = table.column("line").take(pc.sort_indices(table, sort_keys=[("id", "ascending")])).combine_chunks()
    return lines, int(asserting.sum()), counts


def _entities_and_claims(g, evidence: EvidenceFilter | None) -> tuple[list[dict], pa.Array, int, Counter, Counter]:
    """The FtM things, the relationship lines, how many asserting claims the filter keeps, how many
    relationships of each schema, and the entity types left out."""
    ix = core(g)
    vocab = ix.vocab
    evidence = (evidence or EvidenceFilter()).check(vocab)
    rows = ix.entities.rows(np.arange(ix.n))
    made = [_entity(vocab, row) for row in rows]
    schemata = sorted({t["schema"] for t in made if t})
    codes = np.array([schemata.index(t["schema"]) if t else -1 for t in made], dtype=np.int64)
    view = ix.view(evidence)
    lines, claims, counts = _link_lines(ix, view, np.flatnonzero(view.edge_keep), codes, schemata)
    skipped = Counter(row["type"] for row in rows if row["type"] not in ENTITY_SCHEMATA)
    return [t for t in made if t], lines, claims, counts, skipped


def ftm_entities(g, evidence: EvidenceFilter | None = None) -> list[dict]:
    """The FtM entities for ``g`` (a ClaimIndex or a ClaimGraph): things first, then one relationship
    per kept asserting claim.

    >>> from graphkit.core.graph import load_graph
    >>> link = next(e for e in ftm_entities(load_graph("data")) if e["id"] == "graphkit-claim--r101")
    >>> link["schema"], link["properties"]["subject"], link["properties"]["object"]
    ('UnknownLink', ['graphkit--putin'], ['graphkit--kumarin'])
    >>> link["properties"]["summary"][0][:60]
    "Unverified claim (graphkit status 'unverified': Known only f"
    """
    things, lines, *_ = _entities_and_claims(g, evidence)
    return things + [json.loads(line) for line in lines.to_pylist()]


def write_ftm(g, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write FtM entities as line-delimited JSON; return counts (and what was left out).

    >>> from graphkit.core.graph import load_graph
    >>> written = write_ftm(load_graph("data"), "out/doctest.ftm.json")
    >>> written["entities"], written["relationships"], written["skipped_types"]["place"]
    (50, 92, 11)
    """
    things, lines, claims, counts, skipped_types = _entities_and_claims(g, evidence)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    with open(path, "wb") as fh:
        fh.write("".join(dump(thing) + "\n" for thing in things).encode("utf-8"))
        write_rows(fh, _text(lines, "\n") if len(lines) else lines)
    schemata = Counter(t["schema"] for t in things) + counts
    links = sum(counts.values())
    return {"format": "ftm", "path": str(path), "entities": len(things), "relationships": links,
            "schemata": dict(sorted(schemata.items())), "skipped_entities": sum(skipped_types.values()),
            "skipped_types": dict(sorted(skipped_types.items())), "skipped_claims": claims - links}
