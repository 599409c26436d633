"""FollowTheMoney (FtM) out: graphkit's claims as the entities of Aleph and OpenSanctions.

:func:`write_ftm` writes line-delimited JSON entities, one per line, as Aleph's
``ftm``/``alephclient write-entities`` and OpenSanctions take them, read from the columnar core.
Entities become FtM things by type (:data:`ENTITY_SCHEMATA`); every *claim*
becomes one FtM relationship entity (a link in Aleph's network view), so each
keeps its own source: ``sourceUrl`` and ``publisher`` from the source, dates,
``recordId`` (the claim id), and the claim's standing in ``summary`` (status,
who makes it, where we read it) and ``description`` (the quote, locator, note
and who disputes it). A denial is not exported as a link of its own, since
Aleph would draw it as one: it is named in the description of every claim
it disputes. Types FtM has no entity for (activity, substance, place, group of
people) are left out, and so are the claims that touch them; the result says how many.

>>> from graphkit.core.graph import load_graph
>>> entities = ftm_entities(load_graph("data"))
>>> sorted({e["schema"] for e in entities})[:4]
['Associate', 'Directorship', 'Document', 'Event']
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..claims.dates import date_bounds
from ..claims.model import EvidenceFilter
from ..core.columns import write_rows
from ..core.graph import core
from .relations import relationship_lines
from .schemata import SCHEMATA, shape_of
from .things import DATE_PROPERTIES, ENTITY_SCHEMATA, TOPICS, thing_lines  # noqa: F401  (the names of this module)

__all__ = ["ENTITY_SCHEMATA", "SCHEMATA", "ftm_entities", "write_ftm", "ftm_id"]

_FTM_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID_PREFIX = "graphkit"


def ftm_id(slug: str, kind: str = "") -> str:
    """The FtM id of a graphkit id (an entity's, or a claim's with ``kind="claim"``).

    FtM ids hold letters, digits, ``-`` and ``.``, and ``.`` is FtM's namespace
    separator: Aleph's bulk loader and ``ftm aggregate`` read what follows the
    last ``.`` as a signature, and would fold ``graphkit.a`` and ``graphkit.b``
    into one entity. So ids hold no ``.``: the kind ends with ``--``, which no
    slug holds, and a slug's ``_`` becomes ``--`` too.

    >>> ftm_id("putin"), ftm_id("r001", "claim"), ftm_id("st_petersburg")
    ('graphkit--putin', 'graphkit-claim--r001', 'graphkit--st--petersburg')
    """
    head = "-".join(p for p in (ID_PREFIX, kind) if p)
    return f"{head}--{slug.replace('_', '--')}"


def _ftm_date(text: str) -> list[str]:
    """A graphkit date as FtM takes it (a decade such as 1990s has no FtM form)."""
    return [text] if text and _FTM_DATE.match(text) and date_bounds(text) else []


_LARGE = pa.large_string()


def _ftm_dates(values: pa.Array) -> pa.Array:
    """:func:`_ftm_date` of each cell: the date, or null where FtM has no form for it."""
    shaped = pc.match_substring_regex(values, _FTM_DATE.pattern)
    distinct = pc.unique(values.filter(shaped))
    good = pa.array([bool(date_bounds(v)) for v in distinct.to_pylist()], pa.bool_())
    ok = pc.fill_null(good.take(pc.index_in(values, value_set=distinct)), False)
    return pc.if_else(ok, values, pa.scalar(None, _LARGE))


def _entities_and_claims(g, evidence: EvidenceFilter | None) -> tuple[pa.Array, pa.Array, int, Counter, Counter]:
    """The FtM things' lines, the relationships' lines, how many asserting claims the filter keeps,
    how many entities of each schema, and the entity types left out."""
    ix = core(g)
    evidence = (evidence or EvidenceFilter()).check(ix.vocab)
    things, codes, schemata, skipped = thing_lines(ix, _ftm_dates)
    lines, claims, counts = relationship_lines(ix, ix.view(evidence), codes, schemata, shape_of, _ftm_dates)
    kept = codes[codes >= 0]
    counts += Counter({schemata[k]: int(n) for k, n in enumerate(np.bincount(kept, minlength=len(schemata))) if n})
    return things, lines, claims, counts, skipped


def ftm_entities(g, evidence: EvidenceFilter | None = None) -> list[dict]:
    """The FtM entities for ``g`` (a ClaimIndex or a ClaimGraph): things first, then one relationship
    per kept asserting claim.

    >>> from graphkit.core.graph import load_graph
    >>> link = next(e for e in ftm_entities(load_graph("data")) if e["id"] == "graphkit-claim--r101")
    >>> link["schema"], link["properties"]["subject"], link["properties"]["object"]
    ('UnknownLink', ['graphkit--putin'], ['graphkit--kumarin'])
    >>> link["properties"]["summary"][0][:60]
    "Unverified claim (graphkit status 'unverified': Known only f"
    """
    things, lines, *_ = _entities_and_claims(g, evidence)
    return [json.loads(line) for part in (things, lines) for line in part.to_pylist()]


def write_ftm(g, path: str | Path, evidence: EvidenceFilter | None = None) -> dict:
    """Write FtM entities as line-delimited JSON; return counts (and what was left out).

    >>> from graphkit.core.graph import load_graph
    >>> written = write_ftm(load_graph("data"), "out/doctest.ftm.json")
    >>> written["entities"], written["relationships"], written["skipped_types"]["place"]
    (55, 100, 11)
    """
    things, lines, claims, schemata, skipped_types = _entities_and_claims(g, evidence)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        write_rows(fh, things)
        write_rows(fh, lines)
    links = len(lines)
    return {"format": "ftm", "path": str(path), "entities": len(things), "relationships": links,
            "schemata": dict(sorted(schemata.items())), "skipped_entities": sum(skipped_types.values()),
            "skipped_types": dict(sorted(skipped_types.items())), "skipped_claims": claims - links}
