"""The columnar core and its algorithms: every question (paths, metrics, communities, summaries) is
answered here; :class:`~graphkit.core.graph.ClaimGraph` is the NetworkX view built from it."""
