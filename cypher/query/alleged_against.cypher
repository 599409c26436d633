// Answers: Everything alleged, or only claimed without verification, about one
//   entity: the claims in which it stands at either end whose status is
//   alleged or unverified, with who makes them and where.
// Parameters: $dataset (text), $entity (entity id)
// Example: graphkit query cypher/query/alleged_against.cypher --param entity=putin
// Returns: claim, subject, relation, object, status, claimed_by, source, locator, note
MATCH (e:GraphkitEntity {graphkit_dataset: $dataset, id: $entity})-[r]-(other:GraphkitEntity)
WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts' AND r.status IN ['alleged', 'unverified']
MATCH (s:GraphkitSource {graphkit_dataset: $dataset, id: r.source_id})
RETURN r.claim_id AS claim, startNode(r).name AS subject, r.relation AS relation, endNode(r).name AS object,
       r.status AS status, r.attributed_to_name AS claimed_by, s.title AS source, r.locator AS locator,
       r.note AS note
ORDER BY r.status_rank, claim
