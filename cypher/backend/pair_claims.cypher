// Every claim (asserting or disputing) between the given pairs of entities, in
// either direction, with the entities and sources they name: what graphkit needs
// to print each hop of a path with its citations.
// Parameters: $dataset (text), $pairs (list of [id, id])
UNWIND $pairs AS pair
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset, id: pair[0]})-[r]-(b:GraphkitEntity {graphkit_dataset: $dataset, id: pair[1]})
WHERE r.graphkit_dataset = $dataset AND r.claim_id IS NOT NULL
WITH DISTINCT r
RETURN r.claim_id AS id, startNode(r).id AS from_id, r.relation AS type, endNode(r).id AS to_id,
       r.status AS status, r.stance AS stance, r.attributed_to AS attributed_to, r.source_id AS source_id,
       r.locator AS locator, r.quote AS quote, r.start AS start, r.end AS end,
       r.seed_claim AS seed_claim, r.note AS note, r.line AS line, r.party AS party,
       r.role AS role, r.share AS share, r.amount AS amount, r.currency AS currency
