"""Scores and communities on the core (igraph and scipy, in :mod:`graphkit.core.metrics`), stored beside
the index per metric, filter and sampling. Mixed into :class:`~graphkit.core.index.ClaimIndex`.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import zipfile
from dataclasses import astuple

import numpy as np

from ..claims.model import EvidenceFilter
from ..errors import GraphkitError

__all__ = ["Rankings", "METRIC_NAMES", "EXACT_WORK", "DEFAULT_SAMPLES", "SAMPLE_SEED"]

METRIC_NAMES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")
# Betweenness and closeness run exactly while nodes × links stays under this (a few seconds in
# igraph); past it they are estimated from sampled sources unless asked for exactly.
EXACT_WORK = 2e8
DEFAULT_SAMPLES = 256
SAMPLE_SEED = 42


class Rankings:
    """The metric methods of :class:`~graphkit.core.index.ClaimIndex`."""

    def scores(self, metric: str, evidence: EvidenceFilter | None = None, exact: bool | None = None,
               samples: int = DEFAULT_SAMPLES, seed: int = SAMPLE_SEED) -> np.ndarray:
        """One score per entity (in node order), the networkx definitions (see analysis.METRICS).

        Betweenness and closeness are estimated from ``samples`` sampled sources when
        ``exact`` is False, or when it is None and the graph is too large to do exactly
        (nodes × links over :data:`EXACT_WORK`); :meth:`estimate` says which and how good.
        """
        return self.estimate(metric, evidence, exact, samples, seed)["scores"]

    def sampled(self, metric: str, evidence: EvidenceFilter, exact: bool | None) -> bool:
        if metric not in ("betweenness", "closeness") or exact:
            return False
        if exact is False:
            return True
        a, _ = self.kept_pairs(evidence)
        return self.n * len(a) > EXACT_WORK

    def estimate(self, metric: str, evidence: EvidenceFilter | None = None, exact: bool | None = None,
                 samples: int = DEFAULT_SAMPLES, seed: int = SAMPLE_SEED) -> dict:
        """``{"scores", "stderr" (None when exact), "samples", "seconds"}``, cached beside the index."""
        from . import metrics

        if metric not in METRIC_NAMES:
            raise GraphkitError(f"--metric: unknown metric '{metric}'; use one of: {', '.join(METRIC_NAMES)}")
        evidence = (evidence or EvidenceFilter()).check(self.vocab)
        sampled = self.sampled(metric, evidence, exact)
        name = self._result_name("scores", [metric, [str(x) for x in astuple(evidence)], sampled and samples, seed])
        cached = self._load_arrays(name, "scores", "stderr", "samples", "seconds")
        if cached is not None:
            stderr = cached["stderr"] if cached["stderr"].shape else None
            return {"scores": cached["scores"], "stderr": stderr, "samples": int(cached["samples"]) or None,
                    "seconds": float(cached["seconds"])}
        started = time.perf_counter()
        if metric == "degree":  # from the index's adjacency: no pairs to copy out
            scores, stderr, used = metrics.degree_centrality(self.degrees(evidence)), None, None
        elif metric == "pagerank":
            scores, stderr, used = metrics.pagerank(*self.adjacency(evidence)), None, None
        else:
            a, b = self.kept_pairs(evidence)
            scores, stderr, used = metrics.compute(metric, self.n, a, b, samples if sampled else None, seed)
        result = {"scores": scores, "stderr": stderr, "samples": used, "seconds": time.perf_counter() - started}
        self._store_arrays(name, scores=scores, stderr=stderr if stderr is not None else np.float64(0),
                           samples=used or 0, seconds=result["seconds"])
        return result

    @staticmethod
    def _result_name(kind: str, key: list) -> str:
        """A stored result's file name: its kind and a digest of what it depends on."""
        return f"{kind}-" + hashlib.blake2b(json.dumps(key).encode(), digest_size=10).hexdigest()

    def _load_arrays(self, name: str, *keys: str) -> dict[str, np.ndarray] | None:
        """The arrays ``keys`` of a result stored beside the index, or None when there is none (or it
        is damaged)."""
        path = None if self.store is None else self.store / f"{name}.npz"
        if path is None or not path.exists():
            return None
        try:
            with np.load(path) as data:
                return {key: data[key] for key in keys}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            path.unlink(missing_ok=True)  # computed again, and stored anew
            return None

    def _store_arrays(self, name: str, **arrays) -> None:
        if self.store is None:
            return
        part = self.store / f".{name}.{os.getpid()}.npz"
        try:
            np.savez(part, **arrays)
            os.replace(part, self.store / f"{name}.npz")
        except OSError:
            part.unlink(missing_ok=True)  # an unwritable cache only costs speed

    def rank(self, metric: str = "betweenness", evidence: EvidenceFilter | None = None, top: int | None = 10,
             exact: bool | None = None, samples: int = DEFAULT_SAMPLES) -> dict:
        """``{"rows": [{rank, id, name, type, score}...], "samples", "stderr"}``; ties by id.

        ``samples`` and ``stderr`` (one per row) are None when the scores are exact.
        """
        from .describe import SCORE_DIGITS

        found = self.estimate(metric, evidence, exact, samples)
        rounded = np.round(found["scores"], SCORE_DIGITS)
        count = self.n if top is None else min(top, self.n)
        if count < self.n:
            cut = np.partition(-rounded, count - 1)[count - 1]
            candidates = np.flatnonzero(-rounded <= cut)
        else:
            candidates = np.arange(self.n)
        order = candidates[np.lexsort((candidates, -rounded[candidates]))][:count]
        names, types, ids = (self.entities.columns[c] for c in ("name", "type", "id"))
        rows = [{"rank": i, "id": ids[n], "name": names[n], "type": types[n], "score": float(rounded[n])}
                for i, n in enumerate(order.tolist(), 1)]
        stderr = found["stderr"]
        return {"rows": rows, "samples": found["samples"],
                "stderr": None if stderr is None else [float(stderr[n]) for n in order.tolist()]}

    def communities(self, evidence: EvidenceFilter | None = None, seed: int = 42) -> list[dict]:
        """Communities of the connected entities, as :func:`graphkit.core.analysis.communities`; stored
        beside the index like scores."""
        from .communities import community_groups, label_communities

        evidence = (evidence or EvidenceFilter()).check(self.vocab)
        columns = self.entities.columns
        name = self._result_name("communities", [[str(x) for x in astuple(evidence)], seed])
        found = self._load_arrays(name, "members", "sizes")
        if found is None:
            a, b = self.kept_pairs(evidence)
            members, sizes = community_groups(self.n, a, b, columns["name"].take, seed)
            found = {"members": members, "sizes": sizes}
            self._store_arrays(name, **found)
        return label_communities(found["members"], found["sizes"], lambda nodes, c: columns[c].take(nodes))

    def modularity(self, communities: list[dict], evidence: EvidenceFilter | None = None) -> float:
        """Modularity of ``communities`` (as :meth:`communities` gives them) on the kept links."""
        from .communities import modularity

        a, b = self.kept_pairs((evidence or EvidenceFilter()).check(self.vocab))
        members = np.array([self.node(m["id"]) for c in communities for m in c["members"]], dtype=np.int64)
        return modularity(self.n, a, b, members, np.array([c["size"] for c in communities], dtype=np.int64))
