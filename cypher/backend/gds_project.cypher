// Project the links graphkit's evidence filter keeps (computed by kept_claims)
// into a Graph Data Science in-memory graph: one undirected relationship per
// linked pair, and every entity, linked or not ([id, null] pairs).
// Parameters: $dataset (text), $graph (name of the in-memory graph), $pairs (list of [id, id or null])
UNWIND $pairs AS pair
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset, id: pair[0]})
OPTIONAL MATCH (b:GraphkitEntity {graphkit_dataset: $dataset, id: pair[1]})
WITH gds.graph.project($graph, a, b, {}, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
