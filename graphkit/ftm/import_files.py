"""What :func:`graphkit.ftm.importer.import_ftm` writes: stable slugs for FtM ids, and the three CSV
files of the imported dataset with the entity and source that stand for each publishing dataset."""
from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from pathlib import Path

from ..claims.rules import URL as _URL
from .export import ftm_id
from .reading import slug as slug_of

__all__ = ["Ids", "write_import", "graphkit_origin"]

# ... and who makes it and where it is read: "made by NAME [id], read in "TITLE" [id]: ..."
_GRAPHKIT_ORIGIN = re.compile(r'made by .*? \[([a-z0-9_-]+)\], read in "(.*)" \[([a-z0-9_-]+)\]: ')
_GRAPHKIT_WHERE = re.compile(r'^(?:Quote: "(?P<quote>.*)"(?: \((?P<at>[^()]*)\))?|Where: (?P<where>.*))$')


class Ids:
    """FtM id -> slug: lower-cased and dashed, with a short hash where two ids would meet."""

    def __init__(self, prefix: str, ftm_ids: list[str], reserved: set[str]):
        plain = {i: "-".join(p for p in (slug_of(prefix), slug_of(i)) if p) for i in ftm_ids}
        clash = Counter(plain.values())
        self.slugs = {i: (s if clash[s] == 1 and s not in reserved and slug_of(i) else
                          f"{s}-{hashlib.sha1(i.encode()).hexdigest()[:8]}").strip("-")
                      for i, s in plain.items()}


def write_import(imp, folder: Path, path: Path) -> dict:
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


def graphkit_origin(imp, props: dict, dataset: str) -> dict | None:
    """For a relationship of graphkit's own export: who makes the claim (if that entity came in too),
    the source it is read in (its title, URL and publisher), and its quote, locator, note and seed
    claims, read back from the summary and description the export writes."""
    found = next((m for s in props.get("summary", []) if isinstance(s, str)
                  for m in [_GRAPHKIT_ORIGIN.search(s)] if m), None)
    if not found:
        return None
    party, title, source = found.groups()
    sid = "-".join(p for p in (slug_of(imp.prefix), slug_of(source)) if p)
    url = next((u for u in props.get("sourceUrl", []) if _URL.match(u)), "")
    imp.sources.setdefault(sid, {"id": sid, "title": title, "author": "", "publisher": (props.get("publisher") or [""])[0],
                                  "published": "", "url": url, "kind": imp.kind, "via": imp.party(dataset)})
    out = {"source_id": sid, "locator": "", "note": ""}
    attributed = imp.slugs.get(ftm_id(party))
    if attributed in imp.entities:
        out["attributed_to"] = attributed
    for line in "\n".join(props.get("description", [])[:1]).splitlines():
        where = _GRAPHKIT_WHERE.match(line)
        if where:
            out.update(quote=where["quote"] or "", locator=where["at"] or where["where"] or "")
        elif line.startswith("Note: "):
            out["note"] = line[len("Note: "):]
        elif line.startswith("Seed claims: "):
            out["seed_claim"] = line[len("Seed claims: "):]
    return out
