// Answers: An entity's timeline: its dated claims, earliest first, with status.
// Parameters: $dataset (text), $entity (entity id)
// Example: graphkit query cypher/query/timeline.cypher --param entity=kumarin
// Returns: start, end, subject, relation, object, stance, status, claimed_by, claim
MATCH (e:GraphkitEntity {graphkit_dataset: $dataset, id: $entity})-[r]-(:GraphkitEntity)
WHERE r.graphkit_dataset = $dataset AND (r.start_day IS NOT NULL OR r.end_day IS NOT NULL)
RETURN r.start AS start, r.end AS end, startNode(r).name AS subject, r.relation AS relation,
       endNode(r).name AS object, r.stance AS stance, r.status AS status, r.attributed_to_name AS claimed_by,
       r.claim_id AS claim
ORDER BY coalesce(r.start_day, r.end_day), r.claim_id
