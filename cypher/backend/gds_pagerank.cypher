// PageRank (damping 0.85, run to convergence) of each entity in a projected
// graph (graphkit scales the scores to sum to 1, as networkx does).
// Parameters: $graph (name)
CALL gds.pageRank.stream($graph, {dampingFactor: 0.85, maxIterations: 10000, tolerance: 1.0E-12})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score
