"""The embedded backend: the claim graph in NetworkX, no server."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..claims.model import EvidenceFilter
from ..core import analysis
from ..core.graph import ClaimGraph, load_graph

__all__ = ["NetworkXBackend"]


class NetworkXBackend:
    """Answers from a dataset folder loaded into memory.

    >>> NetworkXBackend("data").rank("degree", top=1)["rank"].tolist()
    [1]
    """

    def __init__(self, data: str | Path | ClaimGraph = "data"):
        self.graph = data if isinstance(data, ClaimGraph) else load_graph(data)

    def shortest_paths(self, source, target, evidence: EvidenceFilter | None = None, k=None, max_hops=None,
                       order="hops") -> list[dict]:
        return analysis.shortest_paths(self.graph, source, target, evidence, k, max_hops, order)

    def rank(self, metric="betweenness", evidence: EvidenceFilter | None = None, top=10) -> pd.DataFrame:
        return analysis.rank(self.graph, metric, evidence, top)
