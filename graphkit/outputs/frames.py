"""The claims as pandas DataFrames, for notebooks and scripts.

Every frame is read from the columnar core (:class:`graphkit.core.engine.ClaimIndex`, or the one a
:class:`~graphkit.core.graph.ClaimGraph` holds), with text decoded by pyarrow rather than row by
row: one row per entity, source, claim (a row of relations.csv with its provenance spelled out)
or link (the group of claims on one from/type/to, as a reader sees it).

>>> g = load_graph("data")
>>> claims_frame(g).shape[0], entities_frame(g).shape[0], sources_frame(g).shape[0]
(190, 88, 34)
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..arrays import distinct
from ..claims.model import EvidenceFilter
from ..core.engine import ClaimIndex
from ..core.graph import ClaimGraph, core, load_graph  # noqa: F401  (load_graph for doctests)
from ..core.rows import (CLAIM_COLUMNS, EDGE_COLUMNS, ENTITY_COLUMNS, claim_table, edge_table, split_aliases,
                         text_column, touching)

__all__ = ["entities_frame", "sources_frame", "claims_frame", "claim_table", "edges_frame", "edge_table", "communities_frame",
           "ENTITY_COLUMNS", "SOURCE_COLUMNS", "CLAIM_COLUMNS", "EDGE_COLUMNS"]

SOURCE_COLUMNS = ["id", "title", "author", "publisher", "published", "url", "kind", "via",
                  "claims", "parties"]


def _text(table, name: str, rows=None) -> pd.Series:
    """A text column (the rows ``rows``, in that order) as a pandas column; '' where the file has no such column."""
    return text_column(table, name, rows).to_pandas()


def entities_frame(g: ClaimGraph | ClaimIndex) -> pd.DataFrame:
    """One row per entity: its CSV columns, aliases as a list, and how many claims touch it.

    ``claims`` counts the rows of relations.csv in which the entity stands at
    either end (``asserting`` and ``disputing`` split them by stance).

    >>> g = load_graph("data")
    >>> row = entities_frame(g).set_index("id").loc["kumarin"]
    >>> row["type"], "Кумарин" in row["aliases"]
    ('person', True)
    """
    ix = core(g)
    asserting, disputing = touching(ix, ix.c_asserts), touching(ix, ~ix.c_asserts)
    data = {name: _text(ix.entities, name) for name in ENTITY_COLUMNS[:8]}
    data["aliases"] = split_aliases(ix.entities.columns["aliases"].arrow() if "aliases" in ix.entities.columns
                               else pa.array([""] * ix.n, pa.large_string())).to_pylist()
    data.update(claims=asserting + disputing, asserting=asserting, disputing=disputing)
    return pd.DataFrame(data, columns=ENTITY_COLUMNS)


def sources_frame(g: ClaimGraph | ClaimIndex) -> pd.DataFrame:
    """One row per source: its CSV columns, how many claims cite it and by how many parties.

    >>> g = load_graph("data")
    >>> top = sources_frame(g).sort_values("claims", ascending=False).iloc[0]
    >>> top["id"], top["kind"]
    ('baghai-2023', 'blog')
    """
    ix = core(g)
    count = len(ix.sources)
    source, party = ix.c_source.astype(np.int64), ix.c_party.astype(np.int64)
    cited = distinct(source * max(ix.n, 1) + party) // max(ix.n, 1)
    data = {name: _text(ix.sources, name) for name in SOURCE_COLUMNS[:8]}
    data.update(claims=np.bincount(source, minlength=count).astype(np.int64),
                parties=np.bincount(cited, minlength=count).astype(np.int64))
    return pd.DataFrame(data, columns=SOURCE_COLUMNS)


def claims_frame(g: ClaimGraph | ClaimIndex, evidence: EvidenceFilter | None = None) -> pd.DataFrame:
    """One row per claim with its provenance spelled out (names, source title, kind, date, url).

    Without ``evidence`` every row of relations.csv is there; with it, the
    claims on the links the filter keeps (a kept link's denials included).
    ``disputed`` says whether a disputing row exists for the same link.

    >>> g = load_graph("data")
    >>> frame = claims_frame(g)
    >>> frame.set_index("id").loc["r101", ["from_id", "to_id", "source_kind"]].tolist()
    ['putin', 'kumarin', 'blog']
    >>> kept = claims_frame(g, EvidenceFilter(min_status="established"))
    >>> kept["stance"].value_counts().to_dict()
    {'asserts': 31}
    """
    table = claim_table(g, evidence)
    return pd.DataFrame({name: table.column(name).to_pandas() for name in CLAIM_COLUMNS}, columns=CLAIM_COLUMNS)


def edges_frame(g: ClaimGraph | ClaimIndex, evidence: EvidenceFilter | None = None) -> pd.DataFrame:
    """One row per link the filter keeps, as a reader sees it.

    ``status`` is the strongest status among the asserting claims that pass
    the filter; ``disputed``/``disputed_by`` say who denies it; ``parties`` is
    the number of independent parties asserting it (1: a single-source link);
    ``claims``, ``disputes`` and ``sources`` list ids. The default filter is
    the CLI's (contradicted claims left out).

    >>> g = load_graph("data")
    >>> links = edges_frame(g)
    >>> len(links), len(edges_frame(g, EvidenceFilter(min_status="reported")))
    (125, 73)
    >>> links.set_index(["from_id", "to_id"]).loc[("putin", "kumarin"), "claims"]
    ['r101']
    """
    table = edge_table(g, evidence)
    # lists of ids stay in arrow (a Python list each would cost seconds at a million links)
    return pd.DataFrame({name: (table.column(name).to_pandas() if not pa.types.is_list(table.schema.field(name).type)
                                and not pa.types.is_large_list(table.schema.field(name).type)
                                else pd.Series(table.column(name).combine_chunks(),
                                               dtype=pd.ArrowDtype(table.schema.field(name).type)))
                         for name in EDGE_COLUMNS}, columns=EDGE_COLUMNS)


def communities_frame(communities: list[dict]) -> pd.DataFrame:
    """One row per member of each community from :func:`graphkit.core.analysis.communities`.

    >>> from graphkit.core.analysis import communities
    >>> frame = communities_frame(communities(load_graph("data")))
    >>> list(frame.columns), int(frame["community"].min())
    (['community', 'label', 'size', 'id', 'name', 'type'], 1)
    """
    rows = [{"community": c["community"], "label": c["label"], "size": c["size"], **member}
            for c in communities for member in c["members"]]
    return pd.DataFrame(rows, columns=["community", "label", "size", "id", "name", "type"])
