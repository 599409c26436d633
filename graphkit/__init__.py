"""graphkit: a sourced knowledge graph of people, agencies and criminal groups.

Every edge is a claim: who makes it (``attributed_to``), where we read it
(``source_id``, ``locator``, ``quote``) and how well it stands (``status``).

>>> import graphkit
>>> g = graphkit.load_graph("data")
>>> graphkit.validate("data").valid
True
"""
from .analysis import (communities, cite, hops_frame, rank, robustness, shortest_paths, summary,
                       unsupported_seed_claims)
from .dataset import Dataset, read_dataset
from .errors import (DatasetError, GraphkitError, InvalidDatasetError, Issue, LookupFailed, NoPathError,
                     ValidationReport, VocabularyError)
from .graph import ClaimGraph, build_graph, load_graph
from .model import Claim, Edge, EvidenceFilter
from .render import render_html
from .report import build_report
from .validate import validate
from .vocab import Vocabulary, load_vocabulary

__all__ = [
    "load_vocabulary", "Vocabulary", "read_dataset", "Dataset", "validate", "ValidationReport", "Issue",
    "build_graph", "load_graph", "ClaimGraph", "Claim", "Edge", "EvidenceFilter",
    "shortest_paths", "hops_frame", "rank", "robustness", "communities", "summary",
    "unsupported_seed_claims", "cite", "render_html", "build_report",
    "GraphkitError", "VocabularyError", "DatasetError", "InvalidDatasetError", "LookupFailed", "NoPathError",
]
__version__ = "0.1.0"
