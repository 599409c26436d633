"""The decision file: one row per pair of entities someone judged (``same``, ``not_same`` or
``unsure``), who decided and why, as nomenklatura keeps its judgements. Candidate pairs no one has
judged yet are added with an empty judgement, for review; nothing is merged without a ``same`` row,
and changing a row (then merging again) undoes or redoes that merge.

Columns: left, right (``dataset:id``), judgement, decided_by, reason, and, as written for review,
score, evidence, left_name, right_name.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import Issue
from .candidates import Candidate

__all__ = ["Decision", "read_decisions", "add_candidates", "COLUMNS", "JUDGEMENTS"]

COLUMNS = ["left", "right", "judgement", "decided_by", "reason", "score", "evidence", "left_name", "right_name"]
_REQUIRED = COLUMNS[:5]
JUDGEMENTS = ("same", "not_same", "unsure")


@dataclass(frozen=True)
class Decision:
    left: str
    right: str
    judgement: str  # '' until someone decides
    decided_by: str
    reason: str
    line: int


def read_decisions(path: Path, known: set[str]) -> tuple[list[Decision], list[Issue]]:
    """The rows of a decision file (none if it does not exist yet), and every problem in it, each at
    its line and column: a missing column, an entity no input holds, a judgement not in
    :data:`JUDGEMENTS`, a judgement with no one named as deciding it, a pair judged twice."""
    if not path.exists():
        return [], []
    display = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Issue(display, 1, 1, "not-utf8", f"not UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        return [], [Issue(display, 1, len(header) + 1, "missing-column",
                          f"missing column '{missing[0]}'; a decision file's header starts: {','.join(_REQUIRED)}")]
    col = {name: header.index(name) for name in header}
    decisions, issues, seen = [], [], {}
    for record in reader:
        line = reader.line_num
        if not any(v.strip() for v in record):
            continue
        row = {name: (record[i].strip() if i < len(record) else "") for name, i in col.items()}
        bad = False
        for end in ("left", "right"):
            if row[end] not in known:
                hint = "; write dataset:id, the dataset being an input folder's name" if ":" not in row[end] else ""
                issues.append(Issue(display, line, col[end] + 1, "unknown-entity",
                                    f"{end}: no input holds '{row[end]}'{hint}"))
                bad = True
        if row["judgement"] not in ("", *JUDGEMENTS):
            issues.append(Issue(display, line, col["judgement"] + 1, "bad-judgement",
                                f"judgement: '{row['judgement']}'; write same, not_same or unsure (or leave it "
                                "empty until someone decides)"))
            bad = True
        elif row["judgement"] and not row["decided_by"]:
            issues.append(Issue(display, line, col["decided_by"] + 1, "missing-decider",
                                "decided_by: say who made this judgement (a name or initials)"))
            bad = True
        pair = frozenset((row["left"], row["right"]))
        if len(pair) == 1 and not bad:
            issues.append(Issue(display, line, col["right"] + 1, "same-entity", "right: the same entity as left"))
            bad = True
        if pair in seen and not bad:
            issues.append(Issue(display, line, col["left"] + 1, "judged-twice",
                                f"this pair is already on line {seen[pair]}; keep one row per pair"))
            bad = True
        seen.setdefault(pair, line)
        if not bad:
            decisions.append(Decision(row["left"], row["right"], row["judgement"], row["decided_by"],
                                      row["reason"], line))
    return decisions, issues


def add_candidates(path: Path, decisions: list[Decision], candidates: list[Candidate]) -> list[Candidate]:
    """Append to the decision file (made, with its header, if need be) each candidate pair not in it
    yet, its judgement empty; the rows already there are left exactly as they are. Returns the pairs added."""
    listed = {frozenset((d.left, d.right)) for d in decisions}
    new = [c for c in candidates if frozenset((c.left, c.right)) not in listed]
    if not new:
        return []
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    fresh = not text.strip()
    header = COLUMNS if fresh else [h.strip() for h in next(csv.reader(io.StringIO(text, newline="")))]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w" if fresh else "a", encoding="utf-8", newline="") as fh:
        if not fresh and not text.endswith("\n"):
            fh.write("\n")
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n", extrasaction="ignore", restval="")
        if fresh:
            writer.writeheader()
        for c in new:  # in the file's own column order
            writer.writerow({"left": c.left, "right": c.right, "score": f"{c.score:.2f}", "evidence": c.evidence,
                             "left_name": c.left_name, "right_name": c.right_name})
    return new
