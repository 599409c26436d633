// Answers: What does one party claim (a report, a government, a witness),
//   wherever we read it? Its claims ordered by status. Written in the Cypher
//   subset that also runs without a server (graphkit query --backend networkx).
// Parameters: $dataset (text), $party (entity id of the claimant)
// Example: graphkit query cypher/query/claims_by_party.cypher --param party=ivanov-report
// Returns: claim, subject, relation, object, status, stance, source, locator
MATCH (a:GraphkitEntity)-[r]->(b:GraphkitEntity)
WHERE r.graphkit_dataset = $dataset AND r.attributed_to = $party
RETURN r.claim_id AS claim, a.name AS subject, r.relation AS relation, b.name AS object, r.status AS status,
       r.stance AS stance, r.source_title AS source, r.locator AS locator
ORDER BY r.status_rank, r.claim_id
