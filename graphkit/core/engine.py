"""The columnar engine: a dataset as arrays, for questions asked of large graphs.

:class:`ClaimIndex` holds the same claim graph as :class:`~graphkit.core.graph.ClaimGraph`
(claims grouped into edges, edges into the pairs of entities they join) as numpy
arrays instead of a Python object per claim. An evidence filter becomes a few
vectorised passes over the claims; paths are a bidirectional breadth-first search
over a compressed adjacency; metrics run in igraph. Claims are turned back into
:class:`~graphkit.claims.model.Claim` objects only for the hops a path shows, so the
citations are built by the same code as on the NetworkX graph, and the tests
compare both engines answer for answer.

A built index is stored under ``$GRAPHKIT_CACHE/index`` (default
``~/.cache/graphkit/index``), keyed on a digest of the CSV files' bytes, so a
second question about the same files neither re-reads nor re-validates them.

>>> idx = load_index("data")
>>> idx.resolve("Путин")
'putin'
>>> [p["entities"] for p in idx.shortest_paths("putin", "kumarin")][0][0]
'putin'
"""
from .build import build_index
from .columns import StrColumn
from .index import ClaimIndex
from .ranking import DEFAULT_SAMPLES, EXACT_WORK, METRIC_NAMES
from .store import content_digest, index_cache_root, load_index

__all__ = ["ClaimIndex", "StrColumn", "load_index", "build_index", "index_cache_root", "content_digest",
           "METRIC_NAMES", "EXACT_WORK", "DEFAULT_SAMPLES"]
