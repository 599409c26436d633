// Degree of each entity in a projected graph (graphkit divides by n - 1).
// Parameters: $graph (name)
CALL gds.degree.stream($graph) YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score
