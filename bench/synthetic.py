"""Synthetic graphkit datasets of any size, valid against the vocabulary, for benchmarks and tests.

The network grows by preferential attachment (a few hubs, many small entities, as in the real
data); each link carries one or two asserting claims of mixed status, some carry a denial, some
are dated; names have Cyrillic aliases.

>>> import tempfile
>>> from graphkit.graph import load_graph
>>> folder = write_dataset(tempfile.mkdtemp(), 200)
>>> len(load_graph(folder).entities)
200
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

from graphkit.vocab import load_vocabulary

__all__ = ["write_dataset"]

# Entity types and how common they are among the drawn entities.
_TYPES = [("person", 0.55), ("organization", 0.12), ("agency", 0.1), ("criminal_group", 0.08),
          ("activity", 0.05), ("place", 0.05), ("document", 0.05)]
_STATUSES = [("established", 0.15), ("reported", 0.35), ("alleged", 0.3), ("unverified", 0.15),
             ("contradicted", 0.05)]
_TRANSLIT = str.maketrans("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопярстуввхыз")


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_dataset(folder: str | Path, entities: int, seed: int = 1, links_per_entity: int = 2) -> Path:
    """Write entities.csv, relations.csv and sources.csv for ``entities`` entities into ``folder``."""
    rng = random.Random(seed)
    vocab = load_vocabulary()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    syllables = ["ka", "ro", "vin", "mar", "tel", "zov", "lin", "dar", "sev", "gor", "nik", "ol"]
    ents = []
    for i in range(entities):
        etype = _pick(rng, _TYPES)
        word = "".join(rng.choice(syllables) for _ in range(3)).capitalize()
        ents.append({"id": f"e{i}", "name": f"{word} {i}", "type": etype,
                     "aliases": f"{word.lower().translate(_TRANSLIT).capitalize()} {i}",
                     "description": f"A synthetic {etype.replace('_', ' ')}.", "wikidata": f"Q{1000 + i}",
                     "start": str(rng.randint(1950, 2000)) if rng.random() < 0.5 else "", "end": ""})
    types = {e["id"]: e["type"] for e in ents}
    parties = [e["id"] for e in ents if e["type"] in ("document", "organization")] or [ents[0]["id"]]
    kinds = list(vocab.source_kinds)
    sources = [{"id": f"s{i}", "title": f"Report number {i}", "author": "", "publisher": f"Outlet {i % 17}",
                "published": f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}",
                "url": f"https://example.org/s{i}", "kind": rng.choice(kinds), "via": ""}
               for i in range(max(5, entities // 20))]
    relations, seen, ends = [], set(), [ents[0]["id"]]

    def relation_type(a: str, b: str) -> str | None:
        fitting = sorted(r.id for r in vocab.relation_types.values()
                         if types[a] in r.from_types and types[b] in r.to_types)
        return rng.choice(fitting) if fitting else None

    def claim(a: str, rtype: str, b: str, status: str, stance: str) -> None:
        year = rng.randint(1990, 2020)
        dated = rng.random() < 0.3
        end = str(year + rng.randint(0, 10)) if dated and rng.random() < 0.5 else ""
        relations.append({
            "id": f"r{len(relations)}", "from_id": a, "type": rtype, "to_id": b, "status": status,
            "stance": stance, "attributed_to": rng.choice(parties),
            "source_id": sources[len(relations) % len(sources)]["id"], "locator": f"p. {rng.randint(1, 300)}",
            "quote": "", "start": str(year) if dated else "", "end": end, "seed_claim": "", "note": ""})

    for i in range(1, entities):
        me = ents[i]["id"]
        for _ in range(rng.randint(1, links_per_entity)):
            other = rng.choice(ends)
            pair = (me, other) if rng.random() < 0.5 else (other, me)
            rtype = relation_type(*pair)
            if rtype is None:  # the vocabulary allows it the other way round, or not at all
                pair = pair[::-1]
                rtype = relation_type(*pair)
            if rtype is None or (pair, rtype) in seen or pair[0] == pair[1]:
                continue
            seen.add((pair, rtype))
            for _ in range(1 if rng.random() < 0.7 else 2):
                claim(pair[0], rtype, pair[1], _pick(rng, _STATUSES), "asserts")
            if rng.random() < 0.05:
                claim(pair[0], rtype, pair[1], "reported", "disputes")
            ends.extend(pair)
        ends.append(me)
    columns = {name: [c.name for c in cols] for name, cols in vocab.columns.items()}
    _write(folder / "entities.csv", columns["entities.csv"], ents)
    _write(folder / "sources.csv", columns["sources.csv"], sources)
    _write(folder / "relations.csv", columns["relations.csv"], relations)
    return folder
