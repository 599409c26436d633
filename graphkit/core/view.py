"""What an evidence filter keeps of the core: flags per claim, edge and pair, and each edge's cost."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["View"]


@dataclass
class View:
    """What an evidence filter keeps: flags per claim, edge and pair, and each edge's cost."""

    claim_keep: np.ndarray
    edge_keep: np.ndarray
    pair_keep: np.ndarray
    edge_cost: np.ndarray  # inf where the edge is not kept
    pair_cost: np.ndarray  # lowest cost of a kept edge between the pair; inf where none
    adjacency: dict = field(default_factory=dict)  # kpaths.Adjacency by path order, built when k paths are asked for

    @property
    def edges(self) -> int:
        return int(self.edge_keep.sum())
