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
import importlib
import sys
import types

# Each public name and the module it lives in, imported on first use: `graphkit` on the
# command line then starts without loading pandas, networkx or the Neo4j driver.
_WHERE = {
    "communities": "analysis",
    "cite": "analysis",
    "hops_frame": "analysis",
    "rank": "analysis",
    "robustness": "analysis",
    "shortest_paths": "analysis",
    "summary": "analysis",
    "unsupported_seed_claims": "analysis",
    "Neo4jError": "backends.neo4j_backend",
    "Neo4jGraph": "backends.neo4j_backend",
    "Neo4jSettings": "backends.neo4j_backend",
    "list_queries": "cypher",
    "read_query": "cypher",
    "Dataset": "dataset",
    "read_dataset": "dataset",
    "DatasetError": "errors",
    "GraphkitError": "errors",
    "InvalidDatasetError": "errors",
    "Issue": "errors",
    "LookupFailed": "errors",
    "NoPathError": "errors",
    "ValidationReport": "errors",
    "VocabularyError": "errors",
    "FORMATS": "export",
    "export": "export",
    "export_graph": "export",
    "node_link": "export_json",
    "read_node_link": "export_json",
    "write_gexf": "export_xml",
    "write_graphml": "export_xml",
    "write_json": "export_json",
    "write_neo4j_import": "export_neo4j",
    "claims_frame": "frames",
    "communities_frame": "frames",
    "edges_frame": "frames",
    "entities_frame": "frames",
    "sources_frame": "frames",
    "ftm_entities": "ftm",
    "import_ftm": "ftm",
    "write_ftm": "ftm",
    "ClaimGraph": "graph",
    "ClaimIndex": "engine",
    "load_index": "engine",
    "build_graph": "graph",
    "load_graph": "graph",
    "Claim": "model",
    "Edge": "model",
    "EvidenceFilter": "model",
    "NotebookPage": "render",
    "render_html": "render",
    "show": "render",
    "build_report": "report",
    "validate": "validate",
    "Vocabulary": "vocab",
    "load_vocabulary": "vocab",
}


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


class _Package(types.ModuleType):
    """Importing the submodule ``graphkit.validate`` (or ``.export``) must not hide the function."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and _WHERE.get(name) == name:
            return  # the submodule stays reachable through sys.modules and `from graphkit.x import`
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "load_vocabulary", "Vocabulary", "read_dataset", "Dataset", "validate", "ValidationReport", "Issue",
    "build_graph", "load_graph", "ClaimGraph", "load_index", "ClaimIndex", "Claim", "Edge", "EvidenceFilter",
    "shortest_paths", "hops_frame", "rank", "robustness", "communities", "summary",
    "unsupported_seed_claims", "cite", "render_html", "build_report",
    "GraphkitError", "VocabularyError", "DatasetError", "InvalidDatasetError", "LookupFailed", "NoPathError",
    "show", "NotebookPage", "entities_frame", "sources_frame", "claims_frame", "edges_frame", "communities_frame",
    "FORMATS", "export", "export_graph", "node_link", "read_node_link", "write_graphml", "write_gexf",
    "write_json", "write_neo4j_import", "ftm_entities", "write_ftm", "import_ftm",
    "Neo4jGraph", "Neo4jSettings", "Neo4jError", "read_query", "list_queries",
]
__version__ = "0.1.0"
