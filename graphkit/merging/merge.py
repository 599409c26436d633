"""``graphkit merge``: several datasets joined into one, an entity that two of them name becoming one
entity only where the decision file says ``same``.

The merged entity keeps the first input's id, name and description; every other name and alias it
has anywhere, and every other input's id for it, become its aliases. Every claim keeps who makes it
and where it is read; ids that two inputs both use for different things get the input's name in
front; a claim that two inputs both hold (the same party, link and source) is kept once.
``merge-ids.csv`` in the output records where each entity, claim and source came from.
The merged folder is validated before it replaces the output: a failed merge leaves nothing behind.
"""
from __future__ import annotations

import csv
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from ..claims.vocab import Vocabulary, load_vocabulary
from ..errors import GraphkitError, Issue
from ..reading.dataset import read_dataset
from ..reading.validate import validate
from .candidates import find_candidates, kind, ref
from .decisions import add_candidates, read_decisions
from .names import key

__all__ = ["merge_datasets", "MergeError", "IDS_FILE"]

IDS_FILE = "merge-ids.csv"


class MergeError(GraphkitError):
    """The inputs or the decision file stop a merge; ``issues`` says where."""

    def __init__(self, message: str, issues: list[Issue] | None = None):
        self.issues = issues or []
        super().__init__("\n".join([message, *(i.format() for i in self.issues)]))


class _Clusters:
    """Entities judged the same, joined (union-find)."""

    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        while self.parent.get(x, x) != x:
            self.parent[x] = self.parent.get(self.parent[x], self.parent[x])
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(b)] = self.find(a)


def _inputs(folders: list[Path], output: Path, vocab: Vocabulary) -> list[tuple[str, object]]:
    labels = [f.resolve().name for f in folders]
    twice = sorted({name for name in labels if labels.count(name) > 1})
    if twice:
        raise MergeError(f"two inputs are both named '{twice[0]}'; the decision file names each input by its "
                         "folder's name, so give each its own")
    if output.resolve() in {f.resolve() for f in folders}:
        raise MergeError(f"{output}: the output is one of the inputs; write the merge to a new folder")
    out = []
    for label, folder in zip(labels, folders):
        report = validate(folder, vocab=vocab)
        if not report.valid:
            raise MergeError(f"{folder}: {len(report.errors)} error(s); fix them first "
                             f"(graphkit validate {folder})", report.errors[:5])
        out.append((label, read_dataset(folder, vocab)))
    return out


def _join_same(decisions, clusters: _Clusters) -> None:
    """Join the ``same`` pairs; a ``not_same`` pair joined through others is an error."""
    same = [d for d in decisions if d.judgement == "same"]
    for d in same:
        clusters.join(d.left, d.right)
    for d in decisions:
        if d.judgement == "not_same" and clusters.find(d.left) == clusters.find(d.right):
            lines = ", ".join(str(s.line) for s in same if clusters.find(s.left) == clusters.find(d.left))
            raise MergeError(f"line {d.line} judges {d.left} and {d.right} not the same, but the 'same' rows on "
                             f"line(s) {lines} join them; change one of those rows")


def _unique(wanted: str, label: str, taken: set[str]) -> str:
    """``wanted`` if free, else with the input's name in front (and a number if need be)."""
    base = wanted if wanted not in taken else f"{key(label).replace(' ', '-') or 'input'}-{wanted}"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def _entities(inputs, clusters: _Clusters) -> tuple[dict[str, str], dict[str, dict], list[list[str]]]:
    """Each input entity's merged id, the merged rows (the first input's type), and the id records."""
    members: dict[str, list[tuple[str, dict]]] = {}
    for label, dataset in inputs:
        for row in dataset.entities.rows:
            members.setdefault(clusters.find(ref(label, row["id"])), []).append((label, row))
    new_id, rows, taken, records = {}, {}, set(), []
    for group in members.values():
        label, first = group[0]
        eid = _unique(first["id"], label, taken)
        row = dict(first, id=eid)
        names = [n for _, r in group for n in [r["name"], *r.get("aliases", "").split("|")]] + [
            r["id"] for _, r in group if r["id"] != eid]
        seen = {first["name"].casefold()}
        aliases = [a for a in (n.strip() for n in names) if a and not (a.casefold() in seen or seen.add(a.casefold()))]
        row["aliases"] = "|".join(aliases)
        types = sorted({r["type"] for _, r in group})
        if len({kind(t) for t in types}) > 1:  # a body may be an agency in one input, a government in another
            raise MergeError(f"{', '.join(ref(lb, r['id']) for lb, r in group)} were judged the same but are of "
                             f"different kinds ({', '.join(types)}); check the decision, or give them one type")
        wikidata = sorted({r["wikidata"] for _, r in group if r.get("wikidata")})
        if len(wikidata) > 1:
            raise MergeError(f"{', '.join(ref(lb, r['id']) for lb, r in group)} were judged the same but have "
                             f"different Wikidata ids ({', '.join(wikidata)}); check the decision")
        for field in ("description", "wikidata", "start", "end"):
            row[field] = next((r[field] for _, r in group if r.get(field)), "")
        rows[eid] = row
        for lb, r in group:
            new_id[ref(lb, r["id"])] = eid
            records.append(["entity", lb, r["id"], eid])
    return new_id, rows, records


def _document(row: dict) -> tuple:
    """What makes two source rows one document: the same address and title, else the same row."""
    if row.get("url"):
        return "url", row["url"], row["title"].casefold()
    return "row", *sorted((k, v) for k, v in row.items() if k != "via")


def _sources(inputs) -> tuple[dict[str, str], dict[str, dict], list[list[str]]]:
    """Sources by input: one source for the same document in two inputs (its first row), else unique ids."""
    new_id, rows, taken, records, documents, first = {}, {}, set(), [], {}, {}
    for label, dataset in inputs:
        for row in dataset.sources.rows:
            sid = documents.get(_document(row))
            if sid is None:
                sid = documents[_document(row)] = _unique(row["id"], label, taken)
                rows[sid], first[sid] = dict(row, id=sid), label
            new_id[ref(label, row["id"])] = sid
            records.append(["source", label, row["id"], sid])
    for sid, row in rows.items():  # the first row's via, once every source has its id
        if row.get("via"):
            row["via"] = new_id[ref(first[sid], row["via"])]
    return new_id, rows, records


def _claims(inputs, entity_id, source_id) -> tuple[list[dict], list[list[str]], int]:
    out, taken, seen, records, dropped = [], set(), {}, [], 0
    for label, dataset in inputs:
        for row in dataset.relations.rows:
            claim = dict(row, from_id=entity_id[ref(label, row["from_id"])], to_id=entity_id[ref(label, row["to_id"])],
                         attributed_to=entity_id[ref(label, row["attributed_to"])],
                         source_id=source_id[ref(label, row["source_id"])])
            if claim["from_id"] == claim["to_id"]:
                raise MergeError(f"claim {label}:{row['id']} joins {ref(label, row['from_id'])} and "
                                 f"{ref(label, row['to_id'])}, which the decisions judge the same; a claim "
                                 "cannot join an entity to itself, so check that judgement")
            same = tuple(claim[k] for k in ("from_id", "type", "to_id", "stance", "attributed_to", "source_id"))
            if same in seen:  # the same party's same claim in the same source, held by two inputs
                records.append(["claim", label, row["id"], seen[same]])
                dropped += 1
                continue
            claim["id"] = seen[same] = _unique(row["id"], label, taken)
            out.append(claim)
            records.append(["claim", label, row["id"], claim["id"]])
    return out, records, dropped


def _write(folder: Path, vocab: Vocabulary, tables: dict[str, list[dict]], records: list[list[str]]) -> None:
    for name, rows in tables.items():
        columns = [c.name for c in vocab.columns[name]]
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="ignore", restval="")
            writer.writeheader()
            writer.writerows(rows)
    with open(folder / IDS_FILE, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["kind", "dataset", "id", "merged_id"])
        writer.writerows(records)


def merge_datasets(folders: list[str | Path], output: str | Path, decisions: str | Path,
                   vocab: Vocabulary | None = None) -> dict:
    """Merge dataset folders into ``output`` as the decision file says; add the candidate pairs no
    one has judged yet to the decision file, for review. Returns what was found and done."""
    vocab = vocab or load_vocabulary()
    folders, output, decisions = [Path(f) for f in folders], Path(output), Path(decisions)
    if len(folders) < 2:
        raise MergeError("give at least two dataset folders to merge")
    inputs = _inputs(folders, output, vocab)
    if output.exists() and any(output.iterdir()) and not (output / IDS_FILE).exists():
        raise MergeError(f"{output}: a folder that holds files graphkit merge did not write; give a new or "
                         "empty folder (an earlier merge's output is replaced)")
    known = {ref(label, row["id"]) for label, ds in inputs for row in ds.entities.rows}
    judged, issues = read_decisions(decisions, known)
    if issues:
        raise MergeError(f"{decisions}: {len(issues)} problem(s); nothing was merged", issues)
    clusters = _Clusters()
    _join_same(judged, clusters)
    entity_id, entities, records = _entities(inputs, clusters)
    source_id, sources, source_records = _sources(inputs)
    claims, claim_records, dropped = _claims(inputs, entity_id, source_id)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    try:
        _write(staging, vocab, {"entities.csv": list(entities.values()), "relations.csv": claims,
                                "sources.csv": list(sources.values())}, records + source_records + claim_records)
        report = validate(staging, vocab=vocab)
        if not report.valid:  # its issues name the files as the output would hold them
            raise MergeError("the merged dataset does not validate; nothing was written", [
                replace(i, path=str(output / Path(i.path).name)) for i in report.errors[:5]])
        candidates = find_candidates([(label, {r["id"]: r for r in ds.entities.rows}) for label, ds in inputs])
        added = add_candidates(decisions, judged, candidates)
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    counts = {j: sum(d.judgement == j for d in judged) for j in ("same", "not_same", "unsure")}
    return {"output": str(output), "decisions": str(decisions),
            "inputs": {label: {"entities": len(ds.entities.rows), "claims": len(ds.relations.rows)}
                       for label, ds in inputs},
            "entities": len(entities), "claims": len(claims), "sources": len(sources),
            "merged_entities": len(known) - len(entities), "duplicate_claims": dropped,
            "judged": counts, "candidates": len(candidates), "added_for_review": len(added),
            "awaiting": sum(1 for d in judged if not d.judgement) + len(added),
            "warnings": len(report.issues)}
