"""FollowTheMoney (FtM): the data model of Aleph and OpenSanctions, out and in.

**Out** (:func:`write_ftm`): line-delimited JSON entities, one per line, as
Aleph's ``ftm``/``alephclient write-entities`` and OpenSanctions take them.
Entities become FtM things by type (:data:`ENTITY_SCHEMATA`); every *claim*
becomes one FtM relationship entity (a link in Aleph's network view), so each
keeps its own source: ``sourceUrl`` and ``publisher`` from the source, dates,
``recordId`` (the claim id), and the claim's standing in ``summary`` (status,
who makes it, where we read it) and ``description`` (the quote, locator, note
and who disputes it). A denial is not exported as a link of its own, since
Aleph would draw it as one: it is named in the description of every claim
it disputes. Types FtM has no entity for (activity, substance, place, group of
people) are left out, and so are the claims that touch them; the result says how many.

**In** (:func:`import_ftm`): FtM entities as exported by Aleph or OpenSanctions
become graphkit's three CSV files. Each FtM id becomes a slug (stable: the same
file gives the same ids); each relationship becomes one claim, ``reported``
unless told otherwise, attributed to an entity standing for the publishing
dataset, and read in a source made from its ``sourceUrl``/``publisher`` (or the
dataset itself). Schemata with no counterpart are skipped and counted.

>>> g = load_graph("data")
>>> entities = ftm_entities(g)
>>> sorted({e["schema"] for e in entities})[:4]
['Associate', 'Directorship', 'Document', 'Event']
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from .dates import date_bounds
from .errors import DatasetError, GraphkitError
from .graph import ClaimGraph, load_graph  # noqa: F401  (load_graph for doctests)
from .model import Claim, Edge, EvidenceFilter
from .rules import URL as _URL, WIKIDATA
from .vocab import Vocabulary, load_vocabulary

__all__ = ["ENTITY_SCHEMATA", "RELATION_SCHEMATA", "IMPORT_ENTITY_TYPES", "IMPORT_RELATIONS",
           "ftm_entities", "write_ftm", "import_ftm", "ftm_id"]

# -- out ------------------------------------------------------------------------------
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


def _entity(g: ClaimGraph, eid: str) -> dict | None:
    row = g.entities[eid]
    schema = ENTITY_SCHEMATA.get(row["type"])
    if schema is None:
        return None
    kind = g.vocab.entity_types[row["type"]]
    props: dict[str, list[str]] = {
        "name": [row["name"]],
        "alias": [a.strip() for a in row.get("aliases", "").split("|") if a.strip()],
        "description": [row["description"]] if row.get("description") else [],
        "wikidataId": [row["wikidata"]] if row.get("wikidata") else [],
        "notes": [f"graphkit {kind.label.lower()} '{eid}'; dates as recorded: "
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
    return {"id": ftm_id(eid), "schema": schema, "properties": {k: v for k, v in props.items() if v}}


def _relation_schema(g: ClaimGraph, edge: Edge, schemata: dict[str, str]) -> tuple[str, str, str, str]:
    schema = RELATION_SCHEMATA.get(edge.type, UNKNOWN_LINK)
    allowed = RANGES.get(schema[0])
    if allowed and not (schemata[edge.from_id] in allowed[0] and schemata[edge.to_id] in allowed[1]):
        return UNKNOWN_LINK
    return schema


def _summary(g: ClaimGraph, claim: Claim) -> str:
    who = g.entities.get(claim.attributed_to, {}).get("name", claim.attributed_to)
    title = g.sources.get(claim.source_id, {}).get("title", claim.source_id)
    status = g.vocab.status_by_id[claim.status]
    return (f"{status.label} claim (graphkit status '{claim.status}': {status.definition}) made by {who} "
            f"[{claim.attributed_to}], read in \"{title}\" [{claim.source_id}]: "
            f"{g.entities[claim.from_id]['name']} {g.vocab.relation_types[claim.type].label} "
            f"{g.entities[claim.to_id]['name']}.")


def _description(g: ClaimGraph, claim: Claim, edge: Edge) -> str:
    parts = []
    if claim.quote:
        parts.append(f"Quote: \"{claim.quote}\"" + (f" ({claim.locator})" if claim.locator else ""))
    elif claim.locator:
        parts.append(f"Where: {claim.locator}")
    if claim.note:
        parts.append(f"Note: {claim.note}")
    if claim.seed_claim:
        parts.append(f"Seed claims: {claim.seed_claim}")
    for denial in sorted(edge.disputing, key=lambda c: c.id):
        who = g.entities.get(denial.attributed_to, {}).get("name", denial.attributed_to)
        title = g.sources.get(denial.source_id, {}).get("title", denial.source_id)
        parts.append(f"Disputed by {who} (claim {denial.id}, {denial.status}, in \"{title}\""
                     + (f", {denial.locator}" if denial.locator else "") + ")"
                     + (f": \"{denial.quote}\"" if denial.quote else ""))
    return "\n".join(parts)


def _claim_entity(g: ClaimGraph, claim: Claim, edge: Edge, schemata: dict[str, str]) -> dict:
    schema, from_prop, to_prop, role_prop = _relation_schema(g, edge, schemata)
    source = g.sources.get(claim.source_id, {})
    ends = {from_prop: [ftm_id(claim.from_id)], to_prop: [ftm_id(claim.to_id)]}
    props = {
        **ends,
        role_prop: [g.vocab.relation_types[claim.type].label],
        "startDate": _ftm_date(claim.start), "endDate": _ftm_date(claim.end),
        "sourceUrl": [source["url"]] if source.get("url") else [],
        "publisher": [source["publisher"]] if source.get("publisher") else [],
        "recordId": [claim.id],
        "summary": [_summary(g, claim)],
        "description": [text] if (text := _description(g, claim, edge)) else [],
    }
    return {"id": ftm_id(claim.id, "claim"), "schema": schema, "properties": {k: v for k, v in props.items() if v}}


def ftm_entities(g: ClaimGraph, evidence: EvidenceFilter | None = None) -> list[dict]:
    """The FtM entities for ``g``: things first, then one relationship per kept asserting claim.

    >>> g = load_graph("data")
    >>> link = next(e for e in ftm_entities(g) if e["id"] == "graphkit-claim--r101")
    >>> link["schema"], link["properties"]["subject"], link["properties"]["object"]
    ('UnknownLink', ['graphkit--putin'], ['graphkit--kumarin'])
    >>> link["properties"]["summary"][0][:60]
    "Unverified claim (graphkit status 'unverified': Known only f"
    """
    evidence = (evidence or EvidenceFilter()).check(g.vocab)
    things = {eid: thing for eid in sorted(g.entities) if (thing := _entity(g, eid))}
    schemata = {eid: thing["schema"] for eid, thing in things.items()}
    links = []
    for edge in g.edges(evidence):
        if edge.from_id in things and edge.to_id in things:
            links.extend(_claim_entity(g, c, edge, schemata) for c in sorted(edge.asserting, key=lambda c: c.id))
    return list(things.values()) + sorted(links, key=lambda e: e["id"])


def write_ftm(g: ClaimGraph, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write FtM entities as line-delimited JSON; return counts (and what was left out).

    >>> g = load_graph("data")
    >>> written = write_ftm(g, "out/doctest.ftm.json")
    >>> written["entities"], written["relationships"], written["skipped_types"]["place"]
    (50, 92, 11)
    """
    evidence = (evidence or EvidenceFilter()).check(g.vocab)
    entities = ftm_entities(g, evidence)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for entity in entities:
            fh.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    claims = sum(len(e.asserting) for e in g.edges(evidence))
    schemata = Counter(e["schema"] for e in entities)
    links = sum(1 for e in entities if e["id"].startswith(ftm_id("", "claim")))
    skipped_types = Counter(r["type"] for r in g.entities.values() if r["type"] not in ENTITY_SCHEMATA)
    return {"format": "ftm", "path": str(path), "entities": len(entities) - links, "relationships": links,
            "schemata": dict(sorted(schemata.items())), "skipped_entities": sum(skipped_types.values()),
            "skipped_types": dict(sorted(skipped_types.items())), "skipped_claims": claims - links}


# -- in -------------------------------------------------------------------------------
# FtM thing schema -> graphkit entity type; refined by FtM topics (TOPIC_TYPES).
IMPORT_ENTITY_TYPES = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "PublicBody": "agency",
    "Event": "event",
    "Document": "document",
}
TOPIC_TYPES = [("crime", "Organization", "criminal_group"), ("gov.igo", "Organization", "international_body")]
# FtM relationship schema -> (property of the from end, of the to end, relation types
# to try in order). Only relation types the vocabulary defines are used; a schema
# none of whose candidates exist (owner_of, family_of … are not in the vocabulary yet)
# is skipped and counted unless `mapping` names a type for it. A `role` or
# `relationship` that is a relation type's id or label wins (that is how graphkit's
# own FtM export comes back whole).
IMPORT_RELATIONS = {
    "Membership": ("member", "organization", ["member_of"]),
    "Employment": ("employee", "employer", ["member_of"]),
    "Directorship": ("director", "organization", ["member_of"]),
    "Ownership": ("owner", "asset", ["owner_of", "owns"]),
    "Family": ("person", "relative", ["family_of", "relative_of"]),
    "Associate": ("person", "associate", ["associate_of"]),
    "UnknownLink": ("subject", "object", ["linked_to"]),
    "Succession": ("successor", "predecessor", ["successor_of"]),
    "Representation": ("agent", "client", ["represents"]),
    "Documentation": ("document", "entity", ["concerns"]),
    "Payment": ("payer", "beneficiary", ["paid"]),
    "Debt": ("debtor", "creditor", ["owes"]),
    "Control": ("controller", "controlled", ["controls"]),
}
# graphkit's own export states each claim's status in its summary: it comes back as it was.
_GRAPHKIT_STATUS = re.compile(r"\(graphkit status '([a-z_]+)':")
_NAME_PROPS = ("name", "title", "alias", "weakAlias", "previousName", "abbreviation")
_START_PROPS = ("birthDate", "incorporationDate", "foundingDate", "startDate", "date")
_END_PROPS = ("deathDate", "dissolutionDate", "endDate")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _date(values: list[str]) -> str:
    for value in values:
        text = value.strip()[:10]
        for cut in (text, text[:7], text[:4]):  # FtM dates may carry a time, or a bad day
            if date_bounds(cut) and _FTM_DATE.match(cut):
                return cut
    return ""


def _first(props: dict, names) -> list[str]:
    for name in names:
        values = [v for v in props.get(name, []) if isinstance(v, str) and v.strip()]
        if values:
            return values
    return []


def _whole_document(path: Path, text: str) -> None:
    """Name a file that is one JSON document (an array, or an object holding the entities)."""
    try:
        document = json.loads(text)
    except ValueError:
        return
    if isinstance(document, list):
        raise DatasetError(f"{path}: a JSON array of {len(document)} items, not line-delimited FtM; FtM files hold "
                           f"one entity per line: write it out as such, e.g. jq -c '.[]' {path.name}")
    if isinstance(document, dict) and not (document.get("id") and document.get("schema")):
        lists = [k for k, v in document.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
        held = f" holding a list under {', '.join(repr(k) for k in lists)}" if lists else ""
        hint = f", e.g. jq -c '.{lists[0]}[]' {path.name}" if lists else ""
        raise DatasetError(f"{path}: one JSON object{held}, not an FtM entity per line; FtM files hold one "
                           f"entity per line: write them out as such{hint}")


def _read_lines(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file; give a line-delimited FollowTheMoney JSON file") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    entities = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except ValueError as exc:
            if not entities:
                _whole_document(path, text)
            raise DatasetError(f"{path}:{number}: not a JSON object ({exc}); FtM files hold one entity "
                               "per line") from None
        if not isinstance(entity, dict) or not entity.get("id") or not entity.get("schema"):
            if not entities:
                _whole_document(path, text)
            raise DatasetError(f"{path}:{number}: an FtM entity needs an 'id' and a 'schema'")
        entity["_line"] = number
        entities.append(entity)
    return entities


class _Ids:
    """FtM id -> slug: lower-cased and dashed, with a short hash where two ids would meet."""

    def __init__(self, prefix: str, ftm_ids: list[str], reserved: set[str]):
        plain = {i: "-".join(p for p in (_slug(prefix), _slug(i)) if p) for i in ftm_ids}
        clash = Counter(plain.values())
        self.slugs = {i: (s if clash[s] == 1 and s not in reserved and _slug(i) else
                          f"{s}-{hashlib.sha1(i.encode()).hexdigest()[:8]}").strip("-")
                      for i, s in plain.items()}


class _Importer:
    def __init__(self, vocab: Vocabulary, status: str | None, dataset: str | None, fallback: str, prefix: str,
                 source_kind: str, mapping: dict[str, str]):
        self.vocab, self.status, self.prefix, self.kind = vocab, status, prefix, source_kind
        self.dataset, self.fallback, self.mapping = dataset, fallback, mapping
        self.skipped: Counter = Counter()
        self.entities: dict[str, dict] = {}
        self.sources: dict[str, dict] = {}
        self.claims: dict[tuple, dict] = {}
        self.credited: Counter = Counter()  # dataset name -> claims attributed to it
        self.kept_status = 0  # claims whose status graphkit's own export stated
        # A role or relationship reading as a relation type's id or label names that type.
        self.relation_names = {t.id: t.id for t in vocab.relation_types.values()}
        self.relation_names.update({t.label.casefold(): t.id for t in vocab.relation_types.values()})

    def datasets_of(self, entity: dict) -> list[str]:
        """Who publishes this FtM entity: ``--dataset`` if given, else its own ``datasets``, else the file."""
        if self.dataset:
            return [self.dataset]
        named = [d.strip() for d in entity.get("datasets", []) if isinstance(d, str) and d.strip()]
        return list(dict.fromkeys(named)) or [self.fallback]

    def party(self, dataset: str) -> str:
        """The id of the organisation entity (and of the source) standing for ``dataset``."""
        return "-".join(p for p in (_slug(self.prefix), "dataset", _slug(dataset)) if p)

    def entity_type(self, entity: dict) -> str | None:
        schema = entity["schema"]
        if schema in self.mapping:
            return self.mapping[schema]
        kind = IMPORT_ENTITY_TYPES.get(schema)
        topics = entity.get("properties", {}).get("topics", [])
        for topic, on, refined in TOPIC_TYPES:
            if schema == on and any(t == topic or t.startswith(topic + ".") for t in topics):
                return refined
        return kind

    def add_entity(self, slug: str, entity: dict, kind: str) -> None:
        props = entity.get("properties", {})
        # a person's or a body's `title` is an honorific ("Colonel"), not a name
        kinds = [n for n in _NAME_PROPS if n != "title" or entity["schema"] == "Document"]
        names = [n.replace("|", "/").strip() for name in kinds for n in props.get(name, [])
                 if isinstance(n, str) and n.strip()]
        caption = entity.get("caption")
        if isinstance(caption, str) and caption.replace("|", "/").strip() in names:
            names.insert(0, caption.replace("|", "/").strip())  # the name FtM shows it by comes first
        names = list(dict.fromkeys(names)) or [entity.get("caption") or entity["id"]]
        about = _first(props, ("description", "summary", "notes"))
        origin = f"[FtM {entity['schema']} {entity['id']}, dataset {', '.join(self.datasets_of(entity))}]"
        start, end = _date(_first(props, _START_PROPS)), _date(_first(props, _END_PROPS))
        if start and end and date_bounds(end)[1] < date_bounds(start)[0]:
            start = end = ""  # the file contradicts itself; keep neither
        self.entities[slug] = {
            "id": slug, "name": names[0], "type": kind, "aliases": "|".join(names[1:]),
            "description": " ".join(about[:1] + [origin]),
            "wikidata": next((q for q in props.get("wikidataId", []) if WIKIDATA.match(q)), ""),
            "start": start, "end": end,
        }

    def source_for(self, props: dict, dataset: str) -> str:
        """The source a claim is read in: its sourceUrl/publisher, read via the dataset; else the dataset."""
        url = next((u for u in props.get("sourceUrl", []) if _URL.match(u)), "")
        publisher = (props.get("publisher") or [""])[0]
        via = self.party(dataset)
        if not url and not publisher:
            return via
        key = f"{url}|{publisher}|{dataset}"
        sid = "-".join(p for p in (_slug(self.prefix), "source", _slug(publisher)[:40],
                                   hashlib.sha1(key.encode()).hexdigest()[:8]) if p)
        self.sources.setdefault(sid, {"id": sid, "title": publisher or url, "author": "", "publisher": publisher,
                                      "published": "", "url": url, "kind": self.kind, "via": via})
        return sid

    def relation_type(self, schema: str, props: dict, from_type: str, to_type: str) -> str | None:
        """The first relation type that fits both ends: named by the role, mapped, or the schema's own."""
        labels = self.relation_names
        named = [labels[r.strip().casefold()] for r in props.get("role", []) + props.get("relationship", [])
                 if isinstance(r, str) and r.strip().casefold() in labels]
        chosen = [self.mapping[schema]] if schema in self.mapping else []
        for rel in named + chosen + IMPORT_RELATIONS[schema][2]:
            kind = self.vocab.relation_types.get(rel)
            if kind and from_type in kind.from_types and to_type in kind.to_types:
                return rel
        return None

    def status_of(self, props: dict) -> str:
        """The status graphkit's own export states in the summary, else ``status`` (default: reported)."""
        for summary in props.get("summary", []):
            found = _GRAPHKIT_STATUS.search(summary) if isinstance(summary, str) else None
            if found and found.group(1) in self.vocab.status_by_id:
                self.kept_status += 1
                return found.group(1)
        return self.status or "reported"

    def add_claim(self, cid: str, entity: dict, rel: str, from_id: str, to_id: str) -> None:
        """One claim per dataset that publishes the FtM relationship ``entity``."""
        props = entity.get("properties", {})
        start, end = _date(props.get("startDate", [])), _date(props.get("endDate", []))
        if start and end and date_bounds(end)[1] < date_bounds(start)[0]:
            start = end = ""
        notes = [f"FtM {entity['schema']}"] + [f"{p}: {v}" for p in ("role", "relationship", "status", "summary", "description")
                                               for v in props.get(p, []) if isinstance(v, str) and v.strip()]
        locator = f"FtM {entity['schema']} {entity['id']}"
        datasets = self.datasets_of(entity)
        for dataset in datasets:
            source, party = self.source_for(props, dataset), self.party(dataset)
            key = (from_id, rel, to_id, source, party)
            if key in self.claims:  # one party, one source, one link: one claim row
                self.claims[key]["locator"] += f"; {locator}"
                continue
            self.credited[dataset] += 1
            self.claims[key] = {
                "id": cid + (f"-{_slug(dataset)}" if len(datasets) > 1 else ""), "from_id": from_id, "type": rel,
                "to_id": to_id, "status": self.status_of(props), "stance": "asserts", "attributed_to": party,
                "source_id": source, "locator": locator, "quote": "", "start": start, "end": end,
                "seed_claim": "", "note": "; ".join(notes),
            }


def import_ftm(path: str | Path, output: str | Path, *, status: str | None = None, dataset: str | None = None,
               prefix: str = "ftm", source_kind: str = "reference", mapping: dict[str, str] | None = None,
               vocab: Vocabulary | None = None) -> dict:
    """Turn a line-delimited FtM file into entities.csv, relations.csv and sources.csv in ``output``.

    Each claim is attributed to the dataset that publishes it: ``dataset`` if
    given, else each FtM entity's own ``datasets`` (a link two datasets publish
    is two claims), else the file's name. A dataset becomes an organisation
    entity that its claims are attributed to, and the source they are read via.
    ``status`` is the status of claims that state none (default: reported);
    claims from graphkit's own export keep the status they were exported with.
    ``mapping`` maps an FtM schema to a graphkit entity or relation type
    (``{"Associate": "cooperated_with", "LegalEntity": "organization"}``); an
    FtM relationship schema maps only to a relation type, a thing only to an
    entity type. Returns counts, the claims per dataset, the skipped entities
    by reason and the output folder.

    >>> g = load_graph("data")
    >>> _ = write_ftm(g, "out/doctest-roundtrip.ftm.json")
    >>> result = import_ftm("out/doctest-roundtrip.ftm.json", "out/doctest-ftm-import", dataset="graphkit seed")
    >>> result["entities"], result["claims"], result["skipped"]
    (50, 92, {})
    >>> from graphkit.validate import validate
    >>> validate("out/doctest-ftm-import").valid
    True
    """
    vocab = vocab or load_vocabulary()
    mapping = dict(mapping or {})
    if status is not None and status not in vocab.status_by_id:
        raise GraphkitError(f"--status: unknown status '{status}'; use one of: {', '.join(vocab.status_ids)}")
    if source_kind not in vocab.source_kinds:
        raise GraphkitError(f"--source-kind: unknown kind '{source_kind}'; use one of: "
                            f"{', '.join(vocab.source_kinds)}")
    for schema, target in mapping.items():
        if target not in vocab.entity_types and target not in vocab.relation_types:
            raise GraphkitError(f"--map {schema}={target}: '{target}' is neither an entity type nor a relation "
                                "type of the vocabulary; see `graphkit vocab`")
        if schema in IMPORT_RELATIONS and target not in vocab.relation_types:
            raise GraphkitError(f"--map {schema}={target}: {schema} is an FtM relationship, so it maps to a "
                                "relation type, not an entity type; see `graphkit vocab`")
        if schema not in IMPORT_RELATIONS and target in vocab.relation_types:
            raise GraphkitError(f"--map {schema}={target}: '{target}' is a relation type, and {schema} is not an "
                                f"FtM relationship schema graphkit reads ({', '.join(sorted(IMPORT_RELATIONS))})")
    path = Path(path)
    entities = _read_lines(path)
    imp = _Importer(vocab, status, dataset, path.name.split(".")[0], prefix, source_kind, mapping)
    named = {d for e in entities for d in imp.datasets_of(e)}
    ids = _Ids(prefix, [e["id"] for e in entities], {imp.party(d) for d in sorted(named)})
    relationships = []
    for entity in entities:
        schema = entity["schema"]
        kind = None if schema in IMPORT_RELATIONS else imp.entity_type(entity)
        if schema in IMPORT_RELATIONS:
            relationships.append(entity)
        elif kind in vocab.entity_types:
            imp.add_entity(ids.slugs[entity["id"]], entity, kind)
        else:
            imp.skipped[f"schema {schema}: no entity type (map one with --map {schema}=TYPE)"] += 1
    for entity in relationships:
        schema, props = entity["schema"], entity.get("properties", {})
        from_prop, to_prop, _ = IMPORT_RELATIONS[schema]
        pairs = [(ids.slugs.get(a), ids.slugs.get(b)) for a in props.get(from_prop, []) for b in props.get(to_prop, [])]
        pairs = [(a, b) for a, b in pairs if a in imp.entities and b in imp.entities]
        if not pairs:
            imp.skipped[f"schema {schema}: an end is not among the imported entities"] += 1
            continue
        for number, (a, b) in enumerate(pairs, 1):
            rel = imp.relation_type(schema, props, imp.entities[a]["type"], imp.entities[b]["type"])
            if rel is None:
                imp.skipped[f"schema {schema}: no relation type of the vocabulary fits "
                            f"{imp.entities[a]['type']} -> {imp.entities[b]['type']} "
                            f"(map one with --map {schema}=TYPE)"] += 1
                continue
            cid = ids.slugs[entity["id"]] + (f"-{number}" if len(pairs) > 1 else "")
            imp.add_claim(cid, entity, rel, a, b)
    return _write_import(imp, Path(output), path)


def _write_import(imp: _Importer, folder: Path, path: Path) -> dict:
    things = len(imp.entities)
    for dataset in sorted(imp.credited):
        party = imp.party(dataset)
        imp.entities[party] = {
            "id": party, "name": dataset, "type": "organization", "aliases": "",
            "description": f"The publisher of the FollowTheMoney dataset '{dataset}' ({path.name}), "
                           "to which the claims imported from it are attributed.",
            "wikidata": "", "start": "", "end": ""}
        imp.sources[party] = {
            "id": party, "title": f"FollowTheMoney entities: {dataset} ({path.name})", "author": "",
            "publisher": dataset, "published": "", "url": "", "kind": imp.kind, "via": ""}
    folder.mkdir(parents=True, exist_ok=True)
    claims = sorted(imp.claims.values(), key=lambda c: c["id"])
    tables = {"entities.csv": sorted(imp.entities.values(), key=lambda r: r["id"]),
              "relations.csv": claims, "sources.csv": sorted(imp.sources.values(), key=lambda r: r["id"])}
    for name, rows in tables.items():
        columns = [c.name for c in imp.vocab.columns[name]]
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return {"directory": str(folder), "datasets": dict(sorted(imp.credited.items())), "entities": things,
            "claims": len(claims), "sources": len(imp.sources), "status": imp.status or "reported",
            "kept_status": imp.kept_status, "skipped": dict(sorted(imp.skipped.items())), "skipped_total": sum(imp.skipped.values())}
