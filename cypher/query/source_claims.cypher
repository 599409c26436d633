// Answers: What does a given source claim? Every claim read in one document,
//   in the order of the dataset, with its standing today. Also runs without a
//   server (graphkit query --backend networkx).
// Parameters: $dataset (text), $source (source id)
// Example: graphkit query cypher/query/source_claims.cypher --param source=baghai-2023
// Returns: claim, subject, relation, object, stance, status, claimed_by, locator, quote, note
MATCH (a:GraphkitEntity)-[r]->(b:GraphkitEntity)
WHERE r.graphkit_dataset = $dataset AND r.source_id = $source
RETURN r.claim_id AS claim, a.name AS subject, r.relation AS relation, b.name AS object, r.stance AS stance,
       r.status AS status, r.attributed_to_name AS claimed_by, r.locator AS locator, r.quote AS quote,
       r.note AS note
ORDER BY r.line
