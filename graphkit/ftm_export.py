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

>>> from graphkit.graph import load_graph
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

from .dates import date_bounds
from .export_json import link_claims
from .frames import _core
from .model import EvidenceFilter
from .vocab import Vocabulary

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


def _summary(vocab: Vocabulary, claim: dict, names: dict[str, str]) -> str:
    status = vocab.status_by_id[claim["status"]]
    return (f"{status.label} claim (graphkit status '{claim['status']}': {status.definition}) made by "
            f"{claim['attributed_to_name']} [{claim['attributed_to']}], read in \"{claim['source_title']}\" "
            f"[{claim['source_id']}]: {names[claim['from_id']]} {vocab.relation_types[claim['type']].label} "
            f"{names[claim['to_id']]}.")


def _description(claim: dict, denials: list[dict]) -> str:
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


def _claim_entity(vocab: Vocabulary, claim: dict, denials: list[dict], schema: tuple[str, str, str, str],
                  names: dict[str, str], publisher: str) -> dict:
    kind, from_prop, to_prop, role_prop = schema
    props = {
        from_prop: [ftm_id(claim["from_id"])], to_prop: [ftm_id(claim["to_id"])],
        role_prop: [vocab.relation_types[claim["type"]].label],
        "startDate": _ftm_date(claim["start"]), "endDate": _ftm_date(claim["end"]),
        "sourceUrl": [claim["source_url"]] if claim["source_url"] else [],
        "publisher": [publisher] if publisher else [],
        "recordId": [claim["claim_id"]],
        "summary": [_summary(vocab, claim, names)],
        "description": [text] if (text := _description(claim, denials)) else [],
    }
    return {"id": ftm_id(claim["claim_id"], "claim"), "schema": kind, "properties": {k: v for k, v in props.items() if v}}


def _entities_and_claims(g, evidence: EvidenceFilter | None) -> tuple[list[dict], int, Counter]:
    """The FtM entities, how many asserting claims the filter keeps, and the types left out."""
    ix = _core(g)
    vocab = ix.vocab
    evidence = (evidence or EvidenceFilter()).check(vocab)
    rows = ix.entities.rows(np.arange(ix.n))
    things = {row["id"]: thing for row in rows if (thing := _entity(vocab, row))}
    names = {row["id"]: row["name"] for row in rows}
    view = ix.view(evidence)
    chosen = np.flatnonzero(view.edge_keep)
    asserting, disputing, _ = link_claims(ix, view, chosen)
    publishers = dict(zip(ix.sources.columns["id"].take(), ix.sources.columns["publisher"].take())) \
        if "publisher" in ix.sources.columns else {}
    links = []
    for edge, claims, denials in zip(chosen.tolist(), asserting, disputing):
        a, b = ix.entity_id(int(ix.e_from[edge])), ix.entity_id(int(ix.e_to[edge]))
        if a in things and b in things and claims:
            schema = _relation_schema(claims[0]["type"], things[a]["schema"], things[b]["schema"])
            denials = sorted(denials, key=lambda c: c["claim_id"])
            links.extend(_claim_entity(vocab, c, denials, schema, names, publishers.get(c["source_id"], ""))
                         for c in claims)
    skipped = Counter(row["type"] for row in rows if row["type"] not in ENTITY_SCHEMATA)
    return list(things.values()) + sorted(links, key=lambda e: e["id"]), sum(map(len, asserting)), skipped


def ftm_entities(g, evidence: EvidenceFilter | None = None) -> list[dict]:
    """The FtM entities for ``g`` (a ClaimIndex or a ClaimGraph): things first, then one relationship
    per kept asserting claim.

    >>> from graphkit.graph import load_graph
    >>> link = next(e for e in ftm_entities(load_graph("data")) if e["id"] == "graphkit-claim--r101")
    >>> link["schema"], link["properties"]["subject"], link["properties"]["object"]
    ('UnknownLink', ['graphkit--putin'], ['graphkit--kumarin'])
    >>> link["properties"]["summary"][0][:60]
    "Unverified claim (graphkit status 'unverified': Known only f"
    """
    return _entities_and_claims(g, evidence)[0]


def write_ftm(g, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write FtM entities as line-delimited JSON; return counts (and what was left out).

    >>> from graphkit.graph import load_graph
    >>> written = write_ftm(load_graph("data"), "out/doctest.ftm.json")
    >>> written["entities"], written["relationships"], written["skipped_types"]["place"]
    (50, 92, 11)
    """
    entities, claims, skipped_types = _entities_and_claims(g, evidence)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    with open(path, "w", encoding="utf-8") as fh:
        for entity in entities:
            fh.write(dump(entity) + "\n")
    schemata = Counter(e["schema"] for e in entities)
    links = sum(1 for e in entities if e["id"].startswith(ftm_id("", "claim")))
    return {"format": "ftm", "path": str(path), "entities": len(entities) - links, "relationships": links,
            "schemata": dict(sorted(schemata.items())), "skipped_entities": sum(skipped_types.values()),
            "skipped_types": dict(sorted(skipped_types.items())), "skipped_claims": claims - links}
