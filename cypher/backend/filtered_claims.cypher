// The claims of one dataset that graphkit's evidence filter keeps: asserting
// claims at least as strong as $max_rank, of the $types, holding on $as_of and,
// when asked, not disputed; and every disputing claim of those types that counts
// (at least as strong as $denial_rank: a contradicted denial only when asked). graphkit
// searches k shortest paths and evidence-weighted paths over these (plain
// Cypher has no k-shortest or weighted search).
// Parameters: $dataset (text), $max_rank (integer, 0 = established), $types (list of relationship
//             types or null), $as_of (date or null), $exclude_disputed (boolean),
//             $denial_rank (integer: the weakest denial that counts)
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset})-[r]->(b:GraphkitEntity {graphkit_dataset: $dataset})
WHERE r.graphkit_dataset = $dataset AND r.claim_id IS NOT NULL AND ($types IS NULL OR type(r) IN $types)
  AND ((r.stance = 'disputes' AND r.status_rank <= $denial_rank)
       OR (r.stance = 'asserts' AND r.status_rank <= $max_rank
           AND ($as_of IS NULL OR ((r.start_day IS NULL OR r.start_day <= $as_of)
                                   AND (r.end_day IS NULL OR r.end_day >= $as_of)))
           AND (NOT $exclude_disputed OR coalesce(r.denied_rank, $denial_rank + 1) > $denial_rank)))
RETURN r.claim_id AS id, a.id AS from_id, r.relation AS type, b.id AS to_id,
       r.status AS status, r.stance AS stance, r.attributed_to AS attributed_to, r.source_id AS source_id,
       r.locator AS locator, r.quote AS quote, r.start AS start, r.end AS end,
       r.seed_claim AS seed_claim, r.note AS note, r.line AS line, r.party AS party,
       r.role AS role, r.share AS share, r.amount AS amount, r.currency AS currency
