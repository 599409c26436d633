// Every claim of one dataset, as graphkit reads it back.
// Parameters: $dataset (text)
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset})-[r]->(b:GraphkitEntity {graphkit_dataset: $dataset})
WHERE r.graphkit_dataset = $dataset AND r.claim_id IS NOT NULL
RETURN r.claim_id AS id, a.id AS from_id, r.relation AS type, b.id AS to_id,
       r.status AS status, r.stance AS stance, r.attributed_to AS attributed_to, r.source_id AS source_id,
       r.locator AS locator, r.quote AS quote, r.start AS start, r.end AS end,
       r.seed_claim AS seed_claim, r.note AS note, r.line AS line, r.party AS party,
       r.role AS role, r.share AS share, r.amount AS amount, r.currency AS currency
