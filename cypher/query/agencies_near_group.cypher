// Answers: Which state bodies are within N hops of a criminal group, over
//   non-contradicted asserting claims, and how close is each?
// Parameters: $dataset (text), $group (entity id of the criminal group), $hops (integer, 1 to 4)
// Example: graphkit query cypher/query/agencies_near_group.cypher --param group=tambov-group --param hops=2
// Returns: agency, type, hops
MATCH (g:CriminalGroup {graphkit_dataset: $dataset, id: $group})
MATCH p = shortestPath((g)-[*1..4]-(a))
WHERE (a:Agency OR a:Government) AND a.graphkit_dataset = $dataset AND length(p) <= $hops
  AND all(r IN relationships(p) WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts'
          AND r.status <> 'contradicted')
RETURN a.name AS agency, a.type AS type, length(p) AS hops
ORDER BY hops, agency
