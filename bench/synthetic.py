"""Synthetic graphkit datasets of any size, valid against the vocabulary, for benchmarks and tests.

``write_dataset(folder, claims)`` writes about ``claims // 5`` entities and exactly ``claims`` rows of
relations.csv (``entities=`` fixes the entity count instead, as the page tests need). The network is
heavy-tailed: a growing tree where newcomers attach to old, well-linked entities, plus links drawn
with probability proportional to a power-law weight (Chung-Lu), so a few hubs carry thousands of
claims and most entities a handful. Every entity type, relation type (joining the entity types the
vocabulary allows), status and stance is used; links carry one to three claims from different
sources, some are disputed by another party; some claims and entities carry partial dates
(``2008``, ``2008-05``, ``2008-05-15``, ``1990s``); names have Cyrillic aliases; some sources
are known through another (``via``). Everything is drawn with numpy in whole arrays: a million
claims take a few seconds, most of it writing the CSV files.

>>> import tempfile
>>> from graphkit.core.graph import load_graph
>>> folder = write_dataset(tempfile.mkdtemp(), entities=200)
>>> len(load_graph(folder).entities)
200

Usage: python bench/synthetic.py [--sizes 10k,100k,1m] [--out /tmp/gk-bench] [--validate]
writes each size to OUT/<size>/ and then OUT/<size>/DONE; a size whose DONE exists is kept.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graphkit.claims.vocab import load_vocabulary  # noqa: E402

__all__ = ["write_dataset", "ensure_dataset", "parse_size", "size_label", "DEFAULT_OUT", "CLAIMS_PER_ENTITY"]

DEFAULT_OUT = Path("/tmp/gk-bench")
CLAIMS_PER_ENTITY = 5  # the graph: 1M edges on 200k nodes
GENERATOR_VERSION = 3  # written into DONE: a cached dataset from another generator is rebuilt

# How common each entity type is; every type is used at least once.
_TYPES = {"person": 0.49, "organization": 0.12, "agency": 0.08, "criminal_group": 0.05, "government": 0.01,
          "international_body": 0.01, "group": 0.04, "document": 0.06, "activity": 0.05, "event": 0.03,
          "place": 0.04, "substance": 0.01, "asset": 0.01}
_STATUSES = {"established": 0.15, "reported": 0.35, "alleged": 0.3, "unverified": 0.15, "contradicted": 0.05}
_PARTIES = ("document", "organization", "agency", "government", "international_body")  # who makes claims
_SYLLABLES = ["ka", "ro", "vin", "mar", "tel", "zov", "lin", "dar", "sev", "gor", "nik", "ol"]
_CYRILLIC = ["ка", "ро", "вин", "мар", "тел", "зов", "лин", "дар", "сев", "гор", "ник", "ол"]
_WEIGHT_EXPONENT = 2 / 3  # weight of the i-th entity ~ i^-2/3: degree tail ~ k^-2.5, as in real networks


def parse_size(text: str | int) -> int:
    """'10k' -> 10000, '1m' -> 1000000, '2500' -> 2500."""
    if isinstance(text, int):
        return text
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def size_label(claims: int) -> str:
    """10000 -> '10k', 1000000 -> '1m'."""
    for unit, scale in (("m", 1_000_000), ("k", 1_000)):
        if claims >= scale and claims % scale == 0:
            return f"{claims // scale}{unit}"
    return str(claims)


def _weighted(rng: np.random.Generator, table: dict[str, float], n: int) -> np.ndarray:
    """n indices into ``table``'s keys drawn by its weights."""
    p = np.fromiter(table.values(), float)
    return rng.choice(len(table), size=n, p=p / p.sum())


def _strings(prefix: str, numbers: np.ndarray) -> pd.Series:
    return prefix + pd.Series(numbers).astype(str)


def _partial_dates(rng: np.random.Generator, years: np.ndarray) -> pd.Series:
    """One partial date per year: a year, a month, a day or (for a year ending in 0) a decade."""
    n = len(years)
    form = rng.integers(0, 4, n)
    month = pd.Series(rng.integers(1, 13, n)).astype(str).str.zfill(2)
    day = pd.Series(rng.integers(1, 29, n)).astype(str).str.zfill(2)
    text = pd.Series(years).astype(str)
    out = text.copy()
    out[form == 1] = (text + "-" + month)[form == 1]
    out[form == 2] = (text + "-" + month + "-" + day)[form == 2]
    decade = (form == 3) & (years % 10 == 0)
    out[decade] = (text + "s")[decade]
    return out


def _fitting(vocab, type_ids: list[str], rel_ids: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each ordered pair of entity types (a, b): the options (relation type, reversed?) that can
    join them, as offsets/counts into one flat array of codes rel * 2 + reversed."""
    t = len(type_ids)
    counts, offsets, flat = np.zeros(t * t, int), np.zeros(t * t, int), []
    for a in range(t):
        for b in range(t):
            opts = []
            for r, rid in enumerate(rel_ids):
                rel = vocab.relation_types[rid]
                if type_ids[a] in rel.from_types and type_ids[b] in rel.to_types:
                    opts.append(r * 2)
                if type_ids[b] in rel.from_types and type_ids[a] in rel.to_types:
                    opts.append(r * 2 + 1)
            offsets[a * t + b], counts[a * t + b] = len(flat), len(opts)
            flat.extend(opts)
    return offsets, counts, np.array(flat, int)


def _links(rng: np.random.Generator, n: int, wanted: int) -> tuple[np.ndarray, np.ndarray]:
    """About ``wanted`` heavy-tailed (a, b) pairs over n entities: a growing tree (each entity i > 0
    attaches to an older one, the oldest likeliest), then Chung-Lu pairs by power-law weight."""
    i = np.arange(1, n)
    parent = np.floor(i * rng.random(n - 1) ** 3).astype(np.int64)
    extra = max(0, wanted - (n - 1))
    weight = np.arange(1, n + 1, dtype=float) ** -_WEIGHT_EXPONENT
    cdf = np.cumsum(weight)
    cdf /= cdf[-1]
    ends = np.searchsorted(cdf, rng.random(2 * extra)).clip(0, n - 1)
    return np.concatenate([i, ends[:extra]]), np.concatenate([parent, ends[extra:]])


def write_dataset(folder: str | Path, claims: int | None = None, seed: int = 1, *,
                  entities: int | None = None, warnings: bool = False, errors: bool = False) -> Path:
    """Write entities.csv, relations.csv and sources.csv into ``folder``; return the folder.

    ``claims`` rows of relations.csv over ``claims // 5`` entities; or, with ``entities=``, that
    many entities and about five claims each. ``warnings``: the same dataset with what real ones
    carry and ``graphkit validate`` warns of (:func:`_add_warnings`), and no error; ``errors``: the
    same with a handful of errors too, as a dataset being edited has (:func:`_add_errors`).
    """
    if claims is None and entities is None:
        raise TypeError("write_dataset needs claims or entities=")
    n = int(entities) if entities is not None else max(20, int(claims) // CLAIMS_PER_ENTITY)
    total = int(claims) if claims is not None else n * CLAIMS_PER_ENTITY
    rng = np.random.default_rng(seed)
    vocab = load_vocabulary()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    type_ids, rel_ids = list(_TYPES), sorted(vocab.relation_types)
    status_ids = list(_STATUSES)
    assert set(type_ids) == set(vocab.entity_types) and set(status_ids) == set(vocab.status_ids)

    # -- entities: types by weight (each at least once, away from the hubs), names, aliases, dates
    etype = _weighted(rng, _TYPES, n)
    etype[rng.choice(np.arange(n // 2, n), size=min(len(type_ids), n - n // 2), replace=False)] = \
        np.arange(min(len(type_ids), n - n // 2))
    syl = rng.integers(0, len(_SYLLABLES), (3, n))
    latin, cyr = np.array(_SYLLABLES, dtype=object), np.array(_CYRILLIC, dtype=object)
    word = pd.Series(latin[syl[0]] + latin[syl[1]] + latin[syl[2]]).str.capitalize()
    cword = pd.Series(cyr[syl[0]] + cyr[syl[1]] + cyr[syl[2]]).str.capitalize()
    number = pd.Series(np.arange(n)).astype(str)
    type_names = np.array(type_ids, dtype=object)[etype]
    born = rng.integers(1930, 2010, n)
    has_start, has_end = rng.random(n) < 0.5, rng.random(n) < 0.1
    wikidata = _strings("Q", np.arange(1000, 1000 + n)).where(rng.random(n) < 0.6, "")
    ents = pd.DataFrame({
        "id": "e" + number, "name": word + " " + number, "type": type_names,
        "aliases": (cword + " " + number + "|" + word + "-" + number).where(rng.random(n) < 0.7, ""),
        "description": "A synthetic " + pd.Series(type_names).str.replace("_", " ") + ".",
        "wikidata": wikidata,
        "start": _partial_dates(rng, born).where(has_start, ""),
        "end": pd.Series(born + rng.integers(1, 15, n)).astype(str).where(has_start & has_end, ""),
    })

    # -- links: heavy-tailed pairs, each given a relation type its endpoint types allow
    claims_per_link = 1 + 0.3 + 0.05 + 0.04  # asserting claims, and disputes
    a, b = _links(rng, n, int(total / claims_per_link * 1.15) + 10)
    offsets, counts, flat = _fitting(vocab, type_ids, rel_ids)
    pair = etype[a] * len(type_ids) + etype[b]
    ok = (counts[pair] > 0) & (a != b)
    a, b, pair = a[ok], b[ok], pair[ok]
    code = flat[offsets[pair] + (rng.random(len(pair)) * counts[pair]).astype(int)]
    rel, flip = code // 2, code % 2 == 1
    a, b = np.where(flip, b, a), np.where(flip, a, b)
    key = (a * n + b) * len(rel_ids) + rel
    _, first = np.unique(key, return_index=True)
    first.sort()
    a, b, rel = a[first], b[first], rel[first]
    links = len(a)

    # -- claims: one to three asserting rows per link from different sources, sometimes a dispute
    u = rng.random(links)
    asserting = 1 + (u < 0.3) + (u < 0.05)
    disputed = rng.random(links) < 0.04
    per_link = asserting + disputed
    if per_link.sum() < total:
        raise RuntimeError(f"drew {per_link.sum()} claims for {total}; too few entities for that many claims")
    link = np.repeat(np.arange(links), per_link)[:total]
    rank = np.arange(total) - np.repeat(np.cumsum(per_link) - per_link, per_link)[:total]
    stance = np.where(rank >= asserting[link], "disputes", "asserts")
    sources = max(5, total // 20)
    source_row = np.arange(total) % sources  # consecutive rows of a link: different sources
    parties = np.flatnonzero(np.isin(etype, [type_ids.index(t) for t in _PARTIES]))
    dated = rng.random(total) < 0.3
    began = rng.integers(1990, 2021, total)
    ended = dated & (rng.random(total) < 0.5)
    quoted = rng.random(total) < 0.1
    row_number = pd.Series(np.arange(total)).astype(str)
    relations = pd.DataFrame({
        "id": "r" + row_number,
        "from_id": ents["id"].to_numpy()[a[link]],
        "type": np.array(rel_ids, dtype=object)[rel[link]],
        "to_id": ents["id"].to_numpy()[b[link]],
        "status": np.array(status_ids, dtype=object)[_weighted(rng, _STATUSES, total)],
        "stance": stance,
        "attributed_to": ents["id"].to_numpy()[parties[rng.integers(0, len(parties), total)]],
        "source_id": _strings("s", source_row).to_numpy(),
        "locator": _strings("p. ", rng.integers(1, 300, total)).to_numpy(),
        "quote": np.where(quoted, "The synthetic party said so in so many words.", ""),
        "start": _partial_dates(rng, began).where(dated, "").to_numpy(),
        "end": pd.Series(began + rng.integers(0, 11, total)).astype(str).where(ended, "").to_numpy(),
        "seed_claim": np.where(rng.random(total) < 0.01, "C01|C05", ""),
        "note": np.where(rng.random(total) < 0.05, "Synthetic note, with a comma.", ""),
    })
    _add_attributes(np.random.default_rng(seed + 3), vocab, relations)

    # -- sources: every one cited; some known only through an earlier one
    kinds = np.array(list(vocab.source_kinds), dtype=object)
    s_number = pd.Series(np.arange(sources)).astype(str)
    via = pd.Series(np.arange(sources) // 2).astype(str)
    src = pd.DataFrame({
        "id": "s" + s_number, "title": "Report number " + s_number, "author": "",
        "publisher": _strings("Outlet ", np.arange(sources) % 17),
        "published": _partial_dates(rng, rng.integers(1995, 2025, sources)),
        "url": "https://example.org/s" + s_number,
        "kind": kinds[np.arange(sources) % len(kinds)],
        "via": ("s" + via).where((np.arange(sources) > 0) & (rng.random(sources) < 0.1), ""),
    })

    if warnings or errors:
        ents, relations, src = _add_warnings(np.random.default_rng(seed + 1), ents, relations, src)
    if errors:
        relations = _add_errors(np.random.default_rng(seed + 2), relations)
    columns = {name: [c.name for c in cols] for name, cols in vocab.columns.items()}
    for name, frame in (("entities.csv", ents), ("sources.csv", src), ("relations.csv", relations)):
        frame[columns[name]].to_csv(folder / name, index=False, lineterminator="\n")
    return folder


def _add_attributes(rng, vocab, relations: pd.DataFrame) -> None:
    """Role, share, amount and currency on a third of the claims whose type takes them."""
    types = relations["type"].to_numpy()
    for name, values in (("role", ["adviser", "son", "donation"]), ("share", ["51", "12.5", "100"]),
                         ("amount", ["1500000.50", "20000"]), ("currency", ["USD", "RUB"])):
        takes = np.isin(types, [t.id for t in vocab.relation_types.values() if name in t.attributes])
        fill = takes & (rng.random(len(types)) < 0.33)
        roles = {t.id: t.roles for t in vocab.relation_types.values() if t.roles}
        column = np.array(values, dtype=object)[rng.integers(0, len(values), len(types))]
        if name == "role":  # a family tie's role is one of its usual words
            for rid, usual in roles.items():
                at = types == rid
                column[at] = np.array(usual, dtype=object)[rng.integers(0, len(usual), int(at.sum()))]
        relations[name] = np.where(fill, column, "")


def _add_warnings(rng, ents: pd.DataFrame, relations: pd.DataFrame, src: pd.DataFrame):
    """What real datasets carry, each a warning of ``graphkit validate``: denials of claims the
    dataset does not hold (orphan-dispute), aliases that name another entity (shared-name) or hold
    an empty part (empty-alias), quotes of over 30 words (long-quote), notes whose Cyrillic a
    spreadsheet turned into '?' (lost-letters), and sources nothing cites (unused-source)."""
    n, total = len(ents), len(relations)
    ents, relations = ents.copy(), relations.copy()
    asserting = relations["stance"].to_numpy() == "asserts"
    key = relations["from_id"] + "|" + relations["type"] + "|" + relations["to_id"]
    denied = set(key[~asserting])
    lonely = np.flatnonzero(asserting & key.isin(denied).to_numpy() & (rng.random(total) < 0.3))
    relations = relations.drop(index=relations.index[lonely])  # their denials are left orphaned
    other = rng.integers(0, n, n)
    shared = rng.random(n) < 0.005
    ents.loc[shared, "aliases"] = ents["name"].to_numpy()[other[shared]]
    empty = (rng.random(n) < 0.002) & (ents["aliases"] != "")
    ents.loc[empty, "aliases"] = ents.loc[empty, "aliases"] + "||"
    rows = len(relations)
    relations.loc[relations.index[rng.random(rows) < 0.001], "quote"] = " ".join(["word"] * 40)
    relations.loc[relations.index[rng.random(rows) < 0.0005], "note"] = "«????? ????» in the scanned copy"
    extra = pd.DataFrame({name: [""] * 50 for name in src.columns})
    extra["id"], extra["title"], extra["kind"] = [f"unused{i}" for i in range(50)], "Never cited", src["kind"].iloc[0]
    return ents, relations.reset_index(drop=True), pd.concat([src, extra], ignore_index=True)


def _add_errors(rng, relations: pd.DataFrame) -> pd.DataFrame:
    """A handful of errors, spread through the file: statuses the vocabulary lacks, references to
    entities that are not there, impossible dates, a claim id given twice."""
    relations = relations.copy()
    rows = rng.choice(len(relations), 9, replace=False)
    relations.loc[rows[:3], "status"] = "rumoured"
    relations.loc[rows[3:5], "from_id"] = "nobody-here"
    relations.loc[rows[5:7], "start"] = "2019-13-45"
    relations.loc[rows[7:9], "id"] = relations["id"].iloc[0]
    return relations


def ensure_dataset(claims: int, out: str | Path = DEFAULT_OUT, seed: int = 1, warnings: bool = False,
                   errors: bool = False) -> Path:
    """OUT/<size>/ (OUT/<size>-warnings/ with ``warnings``, OUT/<size>-errors/ with ``errors``)
    holding a dataset of ``claims`` claims, written unless its DONE marker says it was written by
    this generator with this seed; DONE is written last."""
    flavour = "-errors" if errors else "-warnings" if warnings else ""
    folder = Path(out) / (size_label(claims) + flavour)
    done = folder / "DONE"
    expected = {"claims": claims, "seed": seed, "generator": GENERATOR_VERSION,
                **({"flavour": flavour} if flavour else {})}
    if done.is_file():
        try:
            if {k: v for k, v in json.loads(done.read_text()).items() if k in expected} == expected:
                return folder
        except ValueError:
            pass
        done.unlink()
    # Written beside and moved in whole: a reader waiting for DONE never sees half a dataset.
    partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    began = time.perf_counter()
    write_dataset(partial, claims, seed, warnings=warnings, errors=errors)
    seconds = time.perf_counter() - began
    (partial / "DONE").write_text(json.dumps({**expected, "seconds": round(seconds, 2)}) + "\n")
    if folder.exists():
        old = folder.with_name(f"{folder.name}.old-{os.getpid()}")
        folder.rename(old)
        shutil.rmtree(old, ignore_errors=True)
    partial.rename(folder)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description="Write synthetic graphkit datasets (bench/synthetic.py).")
    parser.add_argument("--sizes", default="10k,100k,1m", help="claims per dataset, comma-separated")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="each size goes to OUT/<size>/")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--validate", action="store_true", help="run `graphkit validate` on each")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        claims = parse_size(size)
        began = time.perf_counter()
        folder = ensure_dataset(claims, args.out, args.seed)
        print(f"{folder}: {claims} claims ready in {time.perf_counter() - began:.1f} s", flush=True)
        if args.validate:
            import subprocess

            result = subprocess.run([sys.executable, "-m", "graphkit", "validate", str(folder)])
            if result.returncode:
                return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
