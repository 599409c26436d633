"""graphkit: a sourced knowledge graph of people, agencies and criminal groups.

Every edge is a claim: who makes it (``attributed_to``), where we read it
(``source_id``, ``locator``, ``quote``) and how well it stands (``status``).

>>> import graphkit
>>> g = graphkit.load_graph("data")
>>> graphkit.validate("data").valid
True
>>> graphkit.edges_frame(g, graphkit.EvidenceFilter(min_status="reported")).shape[0]
67
"""
from .analysis import (communities, cite, hops_frame, rank, robustness, shortest_paths, summary,
                       unsupported_seed_claims)
from .backends.neo4j_backend import Neo4jError, Neo4jGraph, Neo4jSettings
from .cypher import list_queries, read_query
from .dataset import Dataset, read_dataset
from .errors import (DatasetError, GraphkitError, InvalidDatasetError, Issue, LookupFailed, NoPathError,
                     ValidationReport, VocabularyError)
from .export import (FORMATS, export, export_graph, node_link, read_node_link, write_gexf, write_graphml,
                     write_json, write_neo4j_import)
from .frames import claims_frame, communities_frame, edges_frame, entities_frame, sources_frame
from .ftm import ftm_entities, import_ftm, write_ftm
from .graph import ClaimGraph, build_graph, load_graph
from .model import Claim, Edge, EvidenceFilter
from .render import NotebookPage, render_html, show
from .report import build_report
from .validate import validate
from .vocab import Vocabulary, load_vocabulary

__all__ = [
    "load_vocabulary", "Vocabulary", "read_dataset", "Dataset", "validate", "ValidationReport", "Issue",
    "build_graph", "load_graph", "ClaimGraph", "Claim", "Edge", "EvidenceFilter",
    "shortest_paths", "hops_frame", "rank", "robustness", "communities", "summary",
    "unsupported_seed_claims", "cite", "render_html", "build_report",
    "GraphkitError", "VocabularyError", "DatasetError", "InvalidDatasetError", "LookupFailed", "NoPathError",
    "show", "NotebookPage", "entities_frame", "sources_frame", "claims_frame", "edges_frame", "communities_frame",
    "FORMATS", "export", "export_graph", "node_link", "read_node_link", "write_graphml", "write_gexf",
    "write_json", "write_neo4j_import", "ftm_entities", "write_ftm", "import_ftm",
    "Neo4jGraph", "Neo4jSettings", "Neo4jError", "read_query", "list_queries",
]
__version__ = "0.1.0"
