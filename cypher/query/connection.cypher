// Answers: How does one entity connect to another? Every shortest connection
//   over asserting claims that are not contradicted, one row per claim on each
//   hop, with who makes the claim and where it was read.
// Parameters: $dataset (text), $from (entity id), $to (entity id)
// Example: graphkit query cypher/query/connection.cypher --param from=putin --param to=kumarin
// Returns: path, hop, from_name, relation, to_name, status, claimed_by, source, published, locator, quote
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset, id: $from})
MATCH (b:GraphkitEntity {graphkit_dataset: $dataset, id: $to})
MATCH p = allShortestPaths((a)-[*]-(b))
WHERE all(r IN relationships(p) WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts'
          AND r.status <> 'contradicted')
WITH DISTINCT [n IN nodes(p) | n] AS hops_nodes
WITH collect(hops_nodes) AS paths
UNWIND range(0, size(paths) - 1) AS path_index
WITH path_index, paths[path_index] AS ns
UNWIND range(0, size(ns) - 2) AS hop
WITH path_index, hop, ns[hop] AS x, ns[hop + 1] AS y
MATCH (x)-[r]-(y)
WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts' AND r.status <> 'contradicted'
MATCH (s:GraphkitSource {graphkit_dataset: $dataset, id: r.source_id})
RETURN path_index + 1 AS path, hop + 1 AS hop, x.name AS from_name, r.relation AS relation,
       y.name AS to_name, r.status AS status, r.attributed_to_name AS claimed_by, s.title AS source,
       s.published AS published, r.locator AS locator, r.quote AS quote
ORDER BY path, hop, r.status_rank, r.claim_id
