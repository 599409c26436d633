"""Validated tables (pyarrow, all text) arranged into a :class:`~graphkit.core.index.ClaimIndex`."""
from __future__ import annotations

import numpy as np

from ..claims.rules import AUTHORED, authorship, one_party
from ..claims.vocab import Vocabulary
from ..errors import GraphkitError
from .columns import StrColumn
from .index import ClaimIndex, Table

__all__ = ["build_index", "claim_order"]

_NO_DAY = np.iinfo(np.int32)


def build_index(tables: dict, vocab: Vocabulary, lines: np.ndarray | None = None,
                found: dict | None = None, party_of: dict[str, str] | None = None) -> ClaimIndex:
    """Arrange validated tables (pyarrow, all text) into a :class:`ClaimIndex`.

    ``found`` is what :func:`graphkit.reading.fastcheck.fast_clean` worked out on the same tables
    (references and date bounds), reused rather than computed again. ``party_of`` says who counts as
    one party (:func:`graphkit.claims.rules.one_party`); by default it comes from the ``authored``
    claims of these tables, and a part of a dataset passes the whole dataset's.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..reading.columnwise import _date_bounds
    from ..reading.fastread import numbers

    found = found or {}
    ents, srcs, rels = tables["entities"], tables["sources"], tables["relations"]
    ent_order = numbers(pc.sort_indices(ents, sort_keys=[("id", "ascending")]))
    src_order = numbers(pc.sort_indices(srcs, sort_keys=[("id", "ascending")]))
    ents, srcs = ents.take(pa.array(ent_order)), srcs.take(pa.array(src_order))
    n = len(ents)

    def codes(column: str, order: np.ndarray, target: pa.Table) -> np.ndarray:
        """Each cell's row in the sorted target table."""
        known = found.get("refs", {}).get(("relations.csv", column))
        if known is not None:
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            return rank[known]
        hit = pc.index_in(rels.column(column), value_set=target.column("id").combine_chunks())
        if hit.null_count:
            raise GraphkitError("the index was given rows that validation would refuse; validate first")
        return numbers(hit).astype(np.int64)

    def vocabulary_codes(column, values) -> np.ndarray:
        return numbers(pc.index_in(column, value_set=pa.array(values))).astype(np.int64)

    def days(column: str, side: int) -> np.ndarray:
        bounds = found.get("dates", {}).get(("relations.csv", column)) or _date_bounds(rels.column(column))
        day = bounds[side]
        return np.where(day > 0, day, _NO_DAY.min if side == 0 else _NO_DAY.max).astype(np.int32)

    if party_of is None:
        party_of = one_party(authorship(*_authored(rels)))
    frm, to = codes("from_id", ent_order, ents), codes("to_id", ent_order, ents)
    party = codes("attributed_to", ent_order, ents)
    rtype = vocabulary_codes(rels.column("type"), list(vocab.relation_types))
    status = vocabulary_codes(rels.column("status"), vocab.status_ids)
    asserts = numbers(pc.equal(rels.column("stance"), "asserts"))
    lines = np.arange(2, len(rels) + 2) if lines is None else np.asarray(lines)
    a, b = np.minimum(frm, to), np.maximum(frm, to)
    direction = (frm != a).astype(np.int64)
    kinds = len(vocab.relation_types)
    edge_key = (a * n + b) * (2 * kinds) + direction * kinds + rtype
    order = claim_order(edge_key, party, n)
    edge_key, party, status, asserts = edge_key[order], party[order], status[order], asserts[order]
    a, b, frm, to, rtype = a[order], b[order], frm[order], to[order], rtype[order]
    claims = len(order)
    new_edge = np.ones(claims, dtype=bool)
    new_edge[1:] = edge_key[1:] != edge_key[:-1]
    c_edge = np.cumsum(new_edge) - 1
    e_first = np.flatnonzero(new_edge)
    pair_key = a[e_first] * n + b[e_first]
    new_pair = np.ones(len(e_first), dtype=bool)
    new_pair[1:] = pair_key[1:] != pair_key[:-1]
    e_pair = np.cumsum(new_pair) - 1
    p_first = np.flatnonzero(new_pair)
    p_a, p_b = a[e_first][p_first], b[e_first][p_first]
    pairs = len(p_first)
    # adjacency: each pair from both ends, neighbours in node order
    src = np.concatenate([p_a, p_b])
    dst = np.concatenate([p_b, p_a])
    pid = np.concatenate([np.arange(pairs), np.arange(pairs)])
    adj = np.lexsort((dst, src))
    adj_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=adj_ptr[1:])
    small = np.int32
    arrays = {
        "c_edge": c_edge.astype(small), "c_type": rtype.astype(np.int16), "c_status": status.astype(np.int8),
        "c_asserts": asserts.astype(bool), "c_party": party.astype(small),
        "c_lo": days("start", 0)[order],
        "c_hi": days("end", 1)[order],
        "c_line": lines[order].astype(small), "c_row": order.astype(small),
        "c_source": codes("source_id", src_order, srcs)[order].astype(small),
        "e_from": frm[e_first].astype(small), "e_to": to[e_first].astype(small),
        "e_type": rtype[e_first].astype(np.int16),
        "e_claims": np.append(e_first, claims).astype(np.int64),
        "e_pair": e_pair.astype(small), "p_a": p_a.astype(small), "p_b": p_b.astype(small),
        "p_edges": np.append(p_first, len(e_first)).astype(np.int64),
        "adj_ptr": adj_ptr, "adj_node": dst[adj].astype(small), "adj_pair": pid[adj].astype(small),
        "n_party": _party_codes(party_of, ents.column("id"), n),
        "n_type": vocabulary_codes(ents.column("type"), list(vocab.entity_types)).astype(np.int16),
    }

    def table(t) -> Table:
        return Table({name: StrColumn.from_arrow(t.column(name)) for name in t.column_names})

    return ClaimIndex(vocab, arrays, table(ents), table(srcs), table(rels))


def _authored(rels) -> list:
    """The columns :func:`authorship` reads, for the ``authored`` rows only (few, in a large dataset)."""
    import pyarrow.compute as pc

    rows = rels.filter(pc.equal(rels.column("type"), AUTHORED))
    return [rows.column(c).to_pylist() for c in ("type", "stance", "status", "from_id", "to_id")]


def _party_codes(party_of: dict[str, str], ids, n: int) -> np.ndarray:
    """Each entity's party, as an entity number (``ids`` in entity order): its own, or its group's."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes = np.arange(n, dtype=np.int32)
    if party_of:
        member, party = (pc.index_in(pa.array(list(side), type=pa.string()), value_set=ids)
                         for side in (party_of.keys(), party_of.values()))
        known = pc.and_(pc.is_valid(member), pc.is_valid(party))
        codes[pc.filter(member, known).to_numpy()] = pc.filter(party, known).to_numpy()
    return codes


def claim_order(edge_key: np.ndarray, party: np.ndarray, n: int) -> np.ndarray:
    """The claims ordered by edge, then attributing party (of ``n`` entities), ties in file order:
    one sort of a combined key where it fits in 62 bits (worked out in Python integers, which do
    not overflow), else a two-key sort."""
    if n and (int(edge_key.max(initial=0)) + 1) * n < 2 ** 62:
        return np.argsort(edge_key * n + party, kind="stable")
    return np.lexsort((party, edge_key))
