// Drop an in-memory Graph Data Science graph (no error when it is gone).
// Parameters: $graph (name)
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName
