// Answers: Who disputes what? Each denial beside the claims it denies (same
//   subject, relation and object), and who made those.
// Parameters: $dataset (text)
// Example: graphkit query cypher/query/disputes.cypher
// Returns: denial, disputed_by, subject, relation, object, asserted_by, source, note
MATCH (a:GraphkitEntity)-[d]->(b:GraphkitEntity)
WHERE d.graphkit_dataset = $dataset AND d.stance = 'disputes'
OPTIONAL MATCH (a)-[c]->(b)
WHERE c.graphkit_dataset = $dataset AND c.stance = 'asserts' AND c.relation = d.relation
MATCH (s:GraphkitSource {graphkit_dataset: $dataset, id: d.source_id})
RETURN d.claim_id AS denial, d.attributed_to_name AS disputed_by, a.name AS subject, d.relation AS relation,
       b.name AS object, collect(DISTINCT c.attributed_to_name) AS asserted_by, s.title AS source, d.note AS note
ORDER BY denial
