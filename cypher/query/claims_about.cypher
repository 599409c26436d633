// Answers: What is claimed with an entity as the subject? Every claim going out
//   from it, asserting or disputing, with its status and who makes it. Written
//   in the Cypher subset that also runs without a server (graphkit query --backend networkx).
// Parameters: $dataset (text), $entity (entity id)
// Example: graphkit query cypher/query/claims_about.cypher --param entity=kumarin
// Returns: claim, relation, object, stance, status, claimed_by, source
MATCH (a:GraphkitEntity)-[r]->(b:GraphkitEntity)
WHERE a.graphkit_dataset = $dataset AND r.graphkit_dataset = $dataset AND a.id = $entity
RETURN r.claim_id AS claim, r.relation AS relation, b.name AS object, r.stance AS stance, r.status AS status,
       r.attributed_to_name AS claimed_by, r.source_title AS source
ORDER BY r.line
