// Answers: Which links rest on a single party? Each (subject, relation, object)
//   asserted by only one claimant, however many documents repeat it.
// Parameters: $dataset (text)
// Example: graphkit query cypher/query/single_source.cypher
// Returns: subject, relation, object, best_status, claimed_by, claims
MATCH (a:GraphkitEntity)-[r]->(b:GraphkitEntity)
WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts'
WITH a, b, r.relation AS relation, collect(r) AS claims, collect(DISTINCT r.attributed_to_name) AS parties
WHERE size(parties) = 1
WITH a, b, relation, claims, parties,
     reduce(best = 9, c IN claims | CASE WHEN c.status_rank < best THEN c.status_rank ELSE best END) AS best
RETURN a.name AS subject, relation, b.name AS object, [c IN claims WHERE c.status_rank = best][0].status AS best_status,
       parties[0] AS claimed_by, [c IN claims | c.claim_id] AS claims
ORDER BY best, subject, relation, object
