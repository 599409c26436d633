// Betweenness (exact, Brandes) of each entity in a projected graph
// (graphkit normalises by (n - 1)(n - 2) / 2, as networkx does for undirected graphs).
// Parameters: $graph (name)
CALL gds.betweenness.stream($graph) YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score
