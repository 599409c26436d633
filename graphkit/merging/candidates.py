"""Candidate matches between the entities of several datasets, for a person to judge: the same
Wikidata id, or names and aliases alike once transliterated (Cyrillic and Latin), of kinds that can
be one thing (a person with a person, a body with a body), with what the dates say for or against.

Pairs are found through the words names share (a word held by very many entities is not used to
find pairs), so the cost grows with the entities and the pairs, not with their square.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from .names import likeness, names_of, words

__all__ = ["Candidate", "find_candidates", "THRESHOLD", "ref", "kind"]

THRESHOLD = 0.88  # names at least this alike (after dates are weighed) make a candidate
_COMMON = 200  # a word held by more entities than this finds no pairs by itself
_BODIES = frozenset({"agency", "government", "criminal_group", "organization", "international_body"})


def ref(label: str, eid: str) -> str:
    """How the decision file names an entity: its dataset's label and its id."""
    return f"{label}:{eid}"


@dataclass(frozen=True)
class Candidate:
    left: str  # dataset:id, the earlier dataset's
    right: str
    score: float
    evidence: str
    left_name: str
    right_name: str


def kind(etype: str) -> str:
    """What an entity type can be one thing with: a body with any body, else its own type."""
    return "body" if etype in _BODIES else etype


def _year(date: str) -> str:
    return date[:4] if len(date) >= 4 and date[:4].isdigit() else ""


def _weigh(a: dict, b: dict) -> tuple[float, list[str]]:
    """What the dates and Wikidata ids say: a change to the score, and the words for it."""
    change, said = 0.0, []
    for field, what in (("start", "started"), ("end", "ended")):
        ya, yb = _year(a.get(field, "")), _year(b.get(field, ""))
        if ya and yb and ya != yb:
            change -= 0.15  # an exact name with another year falls below the threshold
            said.append(f"{what} {a[field]} against {b[field]}")
        elif ya and yb:
            change += 0.05
            said.append(f"{what} {a[field]} and {b[field]}")
    return change, said


def find_candidates(datasets: list[tuple[str, dict[str, dict]]]) -> list[Candidate]:
    """Candidate matches between entities of different datasets (``(label, {id: row})`` in order),
    the strongest first."""
    owner: list[tuple[int, str, dict]] = [(n, eid, row) for n, (_, rows) in enumerate(datasets)
                                          for eid, row in rows.items()]
    by_word: dict[str, list[int]] = defaultdict(list)
    by_wikidata: dict[str, list[int]] = defaultdict(list)
    for at, (_, _, row) in enumerate(owner):
        for word in {w for name in names_of(row) for w in words(name) if len(w) > 2}:
            by_word[word].append(at)
        if row.get("wikidata"):
            by_wikidata[row["wikidata"]].append(at)
    pairs = {pair for group in by_word.values() if len(group) <= _COMMON for pair in combinations(group, 2)}
    pairs |= {pair for group in by_wikidata.values() for pair in combinations(group, 2)}
    found = []
    for i, j in sorted(pairs):
        (da, ia, a), (db, ib, b) = owner[i], owner[j]
        if da == db or kind(a["type"]) != kind(b["type"]):
            continue
        if a.get("wikidata") and b.get("wikidata") and a["wikidata"] != b["wikidata"]:
            continue  # two different Wikidata items are two things
        score, name_a, name_b = likeness(names_of(a), names_of(b))
        change, said = _weigh(a, b)
        same_item = bool(a.get("wikidata")) and a.get("wikidata") == b.get("wikidata")
        score = 1.0 if same_item else min(1.0, max(0.0, score + change))
        if score < THRESHOLD:
            continue
        evidence = ([f"the same Wikidata item {a['wikidata']}"] if same_item else []) + [
            f"names {name_a!r} and {name_b!r} alike ({likeness([name_a], [name_b])[0]:.2f})"] + said
        found.append(Candidate(ref(datasets[da][0], ia), ref(datasets[db][0], ib), round(score, 2),
                               "; ".join(evidence), a["name"], b["name"]))
    return sorted(found, key=lambda c: (-c.score, c.left, c.right))
