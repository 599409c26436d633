// Answers: Which links rest on a single party? Each (subject, relation, object)
//   asserted by only one claimant, however many documents repeat it; a document and
//   its authors are one party (r.party), so a report and the man who wrote it count once.
// Parameters: $dataset (text)
// Example: graphkit query cypher/query/single_source.cypher
// Returns: subject, relation, object, best_status, claimed_by (the one party's names), claims
MATCH (a:GraphkitEntity)-[r]->(b:GraphkitEntity)
WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts'
WITH a, b, r.relation AS relation, collect(r) AS claims,
     collect(DISTINCT coalesce(r.party, r.attributed_to)) AS independent
WHERE size(independent) = 1
WITH a, b, relation, claims,
     reduce(names = [], c IN claims | CASE WHEN c.attributed_to_name IN names THEN names
                                          ELSE names + c.attributed_to_name END) AS parties
WITH a, b, relation, claims, parties,
     reduce(best = 9, c IN claims | CASE WHEN c.status_rank < best THEN c.status_rank ELSE best END) AS best
RETURN a.name AS subject, relation, b.name AS object, [c IN claims WHERE c.status_rank = best][0].status AS best_status,
       reduce(s = head(parties), n IN tail(parties) | s + ', ' + n) AS claimed_by, [c IN claims | c.claim_id] AS claims
ORDER BY best, subject, relation, object
