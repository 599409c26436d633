"""FollowTheMoney entities in (:func:`import_ftm`): FtM entities as exported by Aleph or
OpenSanctions become graphkit's three CSV files. Each FtM id becomes a slug (stable: the same
file gives the same ids); each relationship becomes one claim, ``reported``
unless told otherwise, attributed to an entity standing for the publishing
dataset, and read in a source made from its ``sourceUrl``/``publisher`` (or the
dataset itself). Schemata with no counterpart are skipped and counted.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from ..claims.dates import date_bounds
from ..claims.rules import URL as _URL
from ..claims.rules import WIKIDATA
from ..claims.vocab import Vocabulary, load_vocabulary
from ..core.graph import load_graph  # noqa: F401  (load_graph for doctests)
from ..errors import GraphkitError
from .export import write_ftm  # noqa: F401  (write_ftm for doctests)
from .reading import attributes_of, first_date, first_values, read_lines
from .reading import slug as slug_of
from .import_files import Ids, graphkit_origin, write_import
from .schemata import SCHEMATA, import_candidates

__all__ = ["IMPORT_ENTITY_TYPES", "IMPORT_RELATIONS", "import_ftm"]

# -- in -------------------------------------------------------------------------------
# FtM thing schema -> graphkit entity type; refined by FtM topics (TOPIC_TYPES).
IMPORT_ENTITY_TYPES = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "PublicBody": "agency",
    "Event": "event",
    "Document": "document",
    **{schema: "asset" for schema in ("Asset", "RealEstate", "Vessel", "Airplane", "Vehicle", "BankAccount",
                                      "Security")},
}
TOPIC_TYPES = [("crime", "Organization", "criminal_group"), ("gov.igo", "Organization", "international_body")]
# FtM relationship schema -> (property of the from end, of the to end, relation types
# to try in order), from the one table the export reads too (graphkit.ftm.schemata). A
# `role` or `relationship` that is a relation type's id or label wins (that is how graphkit's
# own FtM export comes back whole for the types it writes as a borrowed schema).
IMPORT_RELATIONS = {name: (*rel.ends, import_candidates(name)) for name, rel in SCHEMATA.items()}
# graphkit's own export states each claim's status in its summary: it comes back as it was.
_GRAPHKIT_STATUS = re.compile(r"\(graphkit status '([a-z_]+)':")
_NAME_PROPS = ("name", "title", "alias", "weakAlias", "previousName", "abbreviation")
_START_PROPS = ("birthDate", "incorporationDate", "foundingDate", "startDate", "date")
_END_PROPS = ("deathDate", "dissolutionDate", "endDate")


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
        self.slugs: dict[str, str] = {}  # FtM id -> slug
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
        return "-".join(p for p in (slug_of(self.prefix), "dataset", slug_of(dataset)) if p)

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
        about = first_values(props, ("description", "summary", "notes"))
        origin = f"[FtM {entity['schema']} {entity['id']}, dataset {', '.join(self.datasets_of(entity))}]"
        start, end = first_date(first_values(props, _START_PROPS)), first_date(first_values(props, _END_PROPS))
        if start and end and date_bounds(end)[1] < date_bounds(start)[0]:
            start = end = ""  # the file contradicts itself; keep neither
        self.entities[slug] = {
            "id": slug, "name": names[0], "type": kind, "aliases": "|".join(names[1:]),
            "description": " ".join(about[:1] + [origin]),
            "wikidata": next((q for q in props.get("wikidataId", []) if WIKIDATA.match(q)), ""),
            "start": start, "end": end,
        }

    def authority(self, name: str) -> str:
        """The entity a Sanction's ``authority`` names: an imported body of that name, else a new agency."""
        name = name.replace("|", "/").strip()
        bodies = self.vocab.relation_types["sanctioned_by"].to_types
        for slug, row in self.entities.items():
            if row["name"] == name and row["type"] in bodies:
                return slug
        slug = "-".join(p for p in (slug_of(self.prefix), "authority", slug_of(name)[:60]) if p)
        if slug not in self.entities:
            self.entities[slug] = {
                "id": slug, "name": name, "type": "agency", "aliases": "", "wikidata": "", "start": "", "end": "",
                "description": f"A sanctioning authority, named as such in FtM Sanction entities ({self.fallback})."}
        return slug

    def source_for(self, props: dict, dataset: str) -> str:
        """The source a claim is read in: its sourceUrl/publisher, read via the dataset; else the dataset."""
        url = next((u for u in props.get("sourceUrl", []) if _URL.match(u)), "")
        publisher = (props.get("publisher") or [""])[0]
        via = self.party(dataset)
        if not url and not publisher:
            return via
        key = f"{url}|{publisher}|{dataset}"
        sid = "-".join(p for p in (slug_of(self.prefix), "source", slug_of(publisher)[:40],
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
        """One claim per dataset that publishes the FtM relationship ``entity``, with the role, share,
        amount and currency its relation type takes (a value in no form graphkit reads goes to the note)."""
        props = entity.get("properties", {})
        values, unread = attributes_of(SCHEMATA[entity["schema"]], props, self.vocab.relation_types[rel])
        start, end = first_date(props.get("startDate", [])), first_date(props.get("endDate", []))
        if not start and not end:  # a payment's or a debt's one day
            start = end = first_date(props.get("date", []))
        if start and end and date_bounds(end)[1] < date_bounds(start)[0]:
            start = end = ""
        notes = [f"FtM {entity['schema']}"] + [f"{p}: {v}" for p in ("role", "relationship", "status", "summary", "description")
                                               for v in props.get(p, []) if isinstance(v, str) and v.strip()
                                               and v.strip() not in values.values()] + unread
        locator = f"FtM {entity['schema']} {entity['id']}"
        datasets = self.datasets_of(entity)
        origin = graphkit_origin(self, props, datasets[0])
        if origin:
            notes = [n for n in notes if not n.startswith(("summary: ", "description: "))]
        for dataset in datasets:
            if origin:  # graphkit's own export: the party it names (if it came in) and its source
                source, party = origin["source_id"], origin.get("attributed_to", self.party(dataset))
            else:
                source, party = self.source_for(props, dataset), self.party(dataset)
            key = (from_id, rel, to_id, source, party)
            if key in self.claims:  # one party, one source, one link: one claim row
                self.claims[key]["locator"] += f"; {locator}"
                continue
            self.credited[dataset] += 1
            self.claims[key] = {
                "id": cid + (f"-{slug_of(dataset)}" if len(datasets) > 1 else ""), "from_id": from_id, "type": rel,
                "to_id": to_id, "status": self.status_of(props), "stance": "asserts", "attributed_to": party,
                "source_id": source, "locator": locator, "quote": "", "start": start, "end": end,
                "seed_claim": "", "note": "; ".join(notes), **values,
            }
            if origin:
                self.claims[key].update({k: v for k, v in origin.items() if k in ("quote", "locator", "note",
                                                                                   "seed_claim", "attributed_to")})


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
    (55, 100, {})
    >>> from graphkit import validate
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
    entities = read_lines(path)
    imp = _Importer(vocab, status, dataset, path.name.split(".")[0], prefix, source_kind, mapping)
    named = {d for e in entities for d in imp.datasets_of(e)}
    ids = Ids(prefix, [e["id"] for e in entities], {imp.party(d) for d in sorted(named)})
    imp.slugs = ids.slugs
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
        named = SCHEMATA[schema].named_to  # a Sanction's authority is a name, not an entity
        tos = [imp.authority(b) if named else ids.slugs.get(b) for b in props.get(to_prop, [])
               if isinstance(b, str) and b.strip()]
        if named and not tos:
            imp.skipped[f"schema {schema}: no {to_prop} named"] += 1
            continue
        pairs = [(ids.slugs.get(a), b) for a in props.get(from_prop, []) for b in tos]
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
    return write_import(imp, Path(output), path)
