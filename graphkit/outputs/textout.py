"""Plain-text rendering of results for the terminal.

Text from the CSVs can hold anything, including terminal escape sequences and
line breaks; :func:`safe` makes it inert before it is printed, so that a value
can neither drive the terminal nor start a line of output that looks like
graphkit's own (a forged citation under a path, a forged row in a table).

>>> safe("Kumarin\\x1b[31m red")
'Kumarin\\\\x1b[31m red'
"""
from __future__ import annotations

import numbers
import re

from ..claims.model import attribute_words

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
    terms = attribute_words(c)
    if terms:
        lines.append(f"        {terms}")
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
    """Rows as aligned plain text under a header, control characters made inert: text to the left,
    numbers to the right, each column of decimals written with the same number of places (four, or
    four significant digits in scientific notation for a column of very small scores).

    >>> print(format_rows(["rank", "id", "score"], [{"rank": 1, "id": "putin", "score": 0.26696},
    ...                                             {"rank": 10, "id": "x", "score": 0.232549}]))
    rank id     score
       1 putin 0.2670
      10 x     0.2325
    """
    if not rows:
        return "(nothing)"
    table = [_column([row.get(c) for row in rows]) for c in columns]
    widths = [max(len(c), *(len(v) for v in cells)) for c, (cells, _) in zip(columns, table)]
    pad = [str.rjust if numeric else str.ljust for _, numeric in table]
    lines = [" ".join(p(c, w) for c, w, p in zip(columns, widths, pad)).rstrip()]
    lines += [" ".join(p(cells[i], w) for (cells, _), w, p in zip(table, widths, pad)).rstrip()
              for i in range(len(rows))]
    return "\n".join(lines)


def _column(values: list) -> tuple[list[str], bool]:
    """A column's cells as text, and whether it holds numbers (missing values aside)."""
    present = [v for v in values if _cell(v) != "—"]
    numeric = bool(present) and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in present)
    decimals = [float(v) for v in present if numeric and not isinstance(v, numbers.Integral)]
    if not decimals:
        return [_cell(v) for v in values], numeric
    top = max(abs(v) for v in decimals)
    form = "{:.4f}" if top == 0 or top >= 0.001 else "{:.3e}"

    def text(v) -> str:
        written = _cell(v)
        return written if written == "—" or isinstance(v, numbers.Integral) else form.format(float(v))
    return [text(v) for v in values], True


def format_table(frame) -> str:
    """A DataFrame as aligned plain text, control characters made inert."""
    rows = [dict(zip(frame.columns, values)) for values in frame.itertuples(index=False, name=None)]
    return format_rows([str(c) for c in frame.columns], [{str(k): v for k, v in r.items()} for r in rows])


def format_issue_summary(errors: int, warnings: int, counts: dict[str, int]) -> str:
    sizes = ", ".join(f"{n} {name.removesuffix('.csv')}" for name, n in counts.items())
    verdict = "invalid" if errors else "valid"
    return f"{verdict}: {errors} error(s), {warnings} warning(s); rows checked: {sizes}"
