// The asserting claims of one dataset that pass graphkit's evidence filter,
// as (from, to) pairs: what `graphkit rank --backend neo4j` computes metrics on.
// The same predicate as the embedded engine: status at least as strong as
// $max_rank, relation type in $types, dates that may include $as_of, and,
// when asked, no edge that any party disputes or that only one party asserts (a
// document and its authors are one party: r.party).
// Parameters: $dataset (text), $max_rank (integer, 0 = established), $types (list of
//             relationship types or null), $as_of (date or null), $exclude_disputed (boolean),
//             $exclude_single_source (boolean), $denial_rank (integer: the weakest denial that counts)
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset})-[r]->(b:GraphkitEntity {graphkit_dataset: $dataset})
WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts' AND r.status_rank <= $max_rank
  AND ($types IS NULL OR type(r) IN $types)
  AND ($as_of IS NULL OR ((r.start_day IS NULL OR r.start_day <= $as_of)
                          AND (r.end_day IS NULL OR r.end_day >= $as_of)))
  AND (NOT $exclude_disputed OR coalesce(r.denied_rank, $denial_rank + 1) > $denial_rank)
WITH a, b, type(r) AS rel, collect(DISTINCT coalesce(r.party, r.attributed_to)) AS parties
WHERE NOT $exclude_single_source OR size(parties) >= 2
RETURN DISTINCT a.id AS from_id, b.id AS to_id
