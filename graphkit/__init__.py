"""graphkit: a sourced knowledge graph of people, agencies and criminal groups.

Every edge is a claim: who makes it (``attributed_to``), where we read it
(``source_id``, ``locator``, ``quote``) and how well it stands (``status``).

>>> import graphkit
>>> g = graphkit.load_graph("data")
>>> graphkit.validate("data").valid
True
>>> graphkit.edges_frame(g, graphkit.EvidenceFilter(min_status="reported")).shape[0]
73
"""
import importlib

# Each public name and the module it lives in, imported on first use: `graphkit` on the
# command line then starts without loading pandas, networkx or the Neo4j driver.
_WHERE = {
    "communities": "core.analysis",
    "cite": "core.analysis",
    "hops_frame": "core.analysis",
    "rank": "core.analysis",
    "robustness": "core.analysis",
    "shortest_paths": "core.analysis",
    "summary": "core.analysis",
    "unsupported_seed_claims": "core.analysis",
    "Neo4jError": "neo4j.backend",
    "Neo4jGraph": "neo4j.backend",
    "Neo4jSettings": "neo4j.backend",
    "list_queries": "neo4j.cypher",
    "read_query": "neo4j.cypher",
    "Dataset": "reading.dataset",
    "read_dataset": "reading.dataset",
    "DatasetError": "errors",
    "GraphkitError": "errors",
    "InvalidDatasetError": "errors",
    "Issue": "errors",
    "LookupFailed": "errors",
    "NoPathError": "errors",
    "ValidationReport": "errors",
    "VocabularyError": "errors",
    "FORMATS": "exports",
    "export": "exports",
    "export_graph": "exports",
    "node_link": "exports.node_link",
    "read_node_link": "exports.node_link",
    "write_gexf": "exports.xml",
    "write_graphml": "exports.xml",
    "write_json": "exports.node_link",
    "write_neo4j_import": "exports.neo4j_import",
    "claims_frame": "outputs.frames",
    "communities_frame": "outputs.frames",
    "edges_frame": "outputs.frames",
    "entities_frame": "outputs.frames",
    "sources_frame": "outputs.frames",
    "ftm_entities": "ftm",
    "import_ftm": "ftm",
    "write_ftm": "ftm",
    "ClaimGraph": "core.graph",
    "ClaimIndex": "core.engine",
    "load_index": "core.engine",
    "build_graph": "core.graph",
    "load_graph": "core.graph",
    "Claim": "claims.model",
    "Edge": "claims.model",
    "EvidenceFilter": "claims.model",
    "NotebookPage": "outputs.render",
    "render_html": "outputs.render",
    "show": "outputs.render",
    "build_report": "outputs.report",
    "validate": "reading.validate",
    "Vocabulary": "claims.vocab",
    "load_vocabulary": "claims.vocab",
}


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


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
