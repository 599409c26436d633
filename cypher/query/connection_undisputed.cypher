// Answers: How does one entity connect to another if every claim that any party
//   disputes is left out (and contradicted claims too)? The names along each
//   shortest such connection.
// Parameters: $dataset (text), $from (entity id), $to (entity id)
// Example: graphkit query cypher/query/connection_undisputed.cypher --param from=putin --param to=kumarin
// Returns: hops, names
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset, id: $from})
MATCH (b:GraphkitEntity {graphkit_dataset: $dataset, id: $to})
MATCH p = allShortestPaths((a)-[*]-(b))
WHERE all(r IN relationships(p) WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts'
          AND r.status <> 'contradicted' AND NOT r.disputed)
RETURN DISTINCT length(p) AS hops, [n IN nodes(p) | n.name] AS names
ORDER BY names
