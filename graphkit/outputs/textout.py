"""Plain-text rendering of results for the terminal.

Text from the CSVs can hold anything, including terminal escape sequences and
line breaks; :func:`safe` makes it inert before it is printed, so that a value
can neither drive the terminal nor start a line of output that looks like
graphkit's own (a forged citation under a path, a forged row in a table).

>>> safe("Kumarin\\x1b[31m red")
'Kumarin\\\\x1b[31m red'
"""
from __future__ import annotations

import re

__all__ = ["safe", "format_path", "format_table", "format_rows", "format_issue_summary"]

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe(text: object) -> str:
    """One line of text with control characters (escapes, line breaks, bidi overrides) shown as \\x.. codes.

    >>> safe("Port Agency\\n      - established: forged")
    'Port Agency\\\\x0a      - established: forged'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def _citation(c: dict) -> list[str]:
    when = f", {c['source_published']}" if c["source_published"] else ""
    where = f", {c['locator']}" if c["locator"] else ""
    dates = ""
    if c["start"] and c["start"] == c["end"]:
        dates = f" [{c['start']}]"  # one year, month or day: said once
    elif c["start"] or c["end"]:
        dates = f" [{c['start'] or '…'} – {c['end'] or '…'}]"
    verb = "claims" if c["stance"] == "asserts" else "disputes"
    lines = [f"      - {c['status']}: {c['attributed_to_name']} {verb}{dates}; "
             f"source: {c['source_title']}{when}{where} [{c['claim_id']}]"]
    if c["quote"]:
        lines.append(f"        \u201c{c['quote']}\u201d")
    if c["note"]:
        lines.append(f"        note: {c['note']}")
    return [safe(line) for line in lines]


def format_path(number: int, path: dict) -> list[str]:
    """A path as lines: a header, then each hop with its relations and citations."""
    out = [safe(f"Path {number}: {' — '.join(path['names'])}  ({path['length']} hop{'s' if path['length'] != 1 else ''}, "
                f"evidence cost {round(path['cost'], 2):g})")]
    for step, hop in enumerate(path["hops"], 1):
        out.append(safe(f"  {step}. {hop['from_name']} — {hop['to_name']}"))
        names = {hop["from"]: hop["from_name"], hop["to"]: hop["to_name"]}
        for rel in hop["relations"]:
            arrow = f"{names[rel['from_id']]} —{rel['label']}→ {names[rel['to_id']]}"
            deniers = {c["attributed_to"]: c["attributed_to_name"] for c in rel["disputes"]}
            flag = (f"; disputed by {', '.join(deniers.get(p, p) for p in rel['disputed_by'])}"
                    if rel["disputed"] else "")
            out.append(safe(f"    {arrow}  [{rel['status']}{flag}]"))
            for c in rel["claims"] + rel["disputes"]:
                out.extend(_citation(c))
    return out


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or str(value) == "<NA>":
        return "—"
    return safe(value)


def format_rows(columns: list[str], rows: list[dict]) -> str:
    """Rows as aligned plain text under a header (numbers to the right), control characters made inert.

    >>> print(format_rows(["rank", "id"], [{"rank": 1, "id": "putin"}, {"rank": 10, "id": "x"}]))
    rank    id
       1 putin
      10     x
    """
    if not rows:
        return "(nothing)"
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = [" ".join(c.rjust(w) for c, w in zip(columns, widths))]
    lines += [" ".join(v.rjust(w) for v, w in zip(r, widths)) for r in cells]
    return "\n".join(lines)


def format_table(frame) -> str:
    """A DataFrame as aligned plain text, control characters made inert."""
    rows = [dict(zip(frame.columns, values)) for values in frame.itertuples(index=False, name=None)]
    return format_rows([str(c) for c in frame.columns], [{str(k): v for k, v in r.items()} for r in rows])


def format_issue_summary(errors: int, warnings: int, counts: dict[str, int]) -> str:
    sizes = ", ".join(f"{n} {name.removesuffix('.csv')}" for name, n in counts.items())
    verdict = "invalid" if errors else "valid"
    return f"{verdict}: {errors} error(s), {warnings} warning(s); rows checked: {sizes}"
