// Closeness of each entity in a projected graph, with the Wasserman-Faust
// correction for disconnected graphs (networkx's default).
// Parameters: $graph (name)
CALL gds.closeness.stream($graph, {useWassermanFaust: true}) YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score
