// Eigenvector centrality (run to convergence, unit length) of each entity in a
// projected graph; graphkit projects only the largest connected component, with a loop on
// every node (A + 2I: the same eigenvectors, and convergence on a bipartite component).
// Parameters: $graph (name)
CALL gds.eigenvector.stream($graph, {maxIterations: 10000, tolerance: 1.0E-12, scaler: 'L2Norm'})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score
