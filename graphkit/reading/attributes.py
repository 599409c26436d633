"""A claim's attributes (the optional columns of relations.csv: role, share, amount, currency): filled
only for the relation types that take them, in their form, and a family tie's role one of the usual
words. The exact check and its column-wise form, which hands the exact check the rows it doubts."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..claims.rules import AMOUNT, CURRENCY, SHARE, rule
from ..claims.suggest import did_you_mean
from ..errors import Issue
from .columnwise import _mismatched
from .fastread import numbers
from .scan import Scan, vouches

__all__ = ["check_attributes", "ATTRIBUTE_FORMS"]

# kind -> (pattern, what to write instead)
FORMS_OF = {
    "share": (SHARE, "is not a percentage; write a number from 0 to 100 (51, 12.5), no % sign"),
    "amount": (AMOUNT, "is not a plain number; write digits with a point for decimals (1500000.50), "
                       "no spaces, commas or currency signs; the currency goes in its own column"),
    "currency": (CURRENCY, "is not a currency code; use ISO 4217, three capitals (USD, EUR, RUB)"),
}


def _attribute_columns(vocab) -> list:
    return [c for c in vocab.columns["relations.csv"] if c.optional]


@rule("attribute-not-taken", "bad-share", "bad-amount", "bad-currency", "unusual-role")
def check_attributes(ctx) -> Iterator[Issue]:
    """Role, share, amount and currency only where the relation type takes them, in their form."""
    table, rtypes = ctx.dataset.relations, ctx.vocab.relation_types
    columns = _attribute_columns(ctx.vocab)
    takers = {c.name: ", ".join(t.id for t in rtypes.values() if c.name in t.attributes) for c in columns}
    for line, row in zip(table.lines, table.rows):
        rel = rtypes.get(row["type"])
        for col in columns:
            value = row.get(col.name, "")
            if not value:
                continue
            pos = table.column_number(col.name)
            if rel is not None and col.name not in rel.attributes:
                yield Issue(table.display, line, pos, "attribute-not-taken",
                            f"{col.name}: claims of type {rel.id} take no {col.name} (types that do: "
                            f"{takers[col.name]}); move '{value}' to the note, or change the type")
            elif col.kind in FORMS_OF and not FORMS_OF[col.kind][0].match(value):
                yield Issue(table.display, line, pos, f"bad-{col.kind}", f"{col.name}: '{value}' {FORMS_OF[col.kind][1]}")
        role = row.get("role", "")
        if rel is not None and rel.roles and role and "role" in rel.attributes and role.casefold() not in rel.roles:
            yield Issue(table.display, line, table.column_number("role"), "unusual-role",
                        f"role: '{role}' is not one of the usual roles of {rel.id}{did_you_mean(role, rel.roles)}; "
                        f"use one of: {', '.join(rel.roles)}", "warning")


@vouches(check_attributes=("attribute-not-taken", "bad-share", "bad-amount", "bad-currency", "unusual-role"))
def _attributes_clean(scan: Scan) -> bool:
    """The rows with an attribute the type does not take, or not in its form, or an unusual role."""
    vocab, rels = scan.vocab, scan.tables.relations
    rel_ids = list(vocab.relation_types)
    rtype = numbers(pc.index_in(rels["type"], value_set=pa.array(rel_ids, pa.string()))).astype(np.int64)
    doubted = []
    for col in _attribute_columns(vocab):
        column = rels[col.name]
        filled = numbers(pc.greater(pc.binary_length(column), 0))
        if not filled.any():
            continue
        takes = np.array([col.name in vocab.relation_types[r].attributes for r in rel_ids] + [True])
        doubted.append(np.flatnonzero(filled & ~takes[rtype]))  # rtype -1: the last, an unknown type
        if col.kind in FORMS_OF:
            doubted.append(_mismatched(column, FORMS_OF[col.kind][0].pattern))
        if col.name == "role":
            for number, rid in enumerate(rel_ids):
                roles = vocab.relation_types[rid].roles
                if roles:
                    usual = numbers(pc.is_in(column, value_set=pa.array(list(roles), pa.string())))
                    doubted.append(np.flatnonzero(filled & (rtype == number) & ~usual))
    if doubted:
        scan.exact("check_attributes", "relations.csv", np.unique(np.concatenate(doubted)))
    return True


ATTRIBUTE_FORMS = [_attributes_clean]
