"""The protocol both backends satisfy: the same question gives the same answer."""
from __future__ import annotations

from typing import Protocol

import pandas as pd

from ..claims.model import EvidenceFilter

__all__ = ["Backend"]


class Backend(Protocol):
    def shortest_paths(self, source: str, target: str, evidence: EvidenceFilter | None = None,
                       k: int | None = None, max_hops: int | None = None, order: str = "hops") -> list[dict]:
        """Connections between two entities, every hop cited (see analysis.shortest_paths)."""

    def rank(self, metric: str = "betweenness", evidence: EvidenceFilter | None = None,
             top: int | None = 10) -> pd.DataFrame:
        """Entities ranked by a centrality metric (see analysis.rank)."""
