// Simple connections (no entity twice) of up to 8 hops between two entities over
// claims that pass the evidence filter: the candidates from which graphkit
// picks the k shortest, or the k with the strongest evidence.
// Parameters: $dataset (text), $from (entity id), $to (entity id), $max_hops (integer, at most 8),
//             $max_rank (integer), $types (list or null), $as_of (date or null),
//             $exclude_disputed (boolean), $limit (integer)
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset, id: $from})
MATCH (b:GraphkitEntity {graphkit_dataset: $dataset, id: $to})
MATCH p = (a)-[rels*1..8]-(b)
WHERE length(p) <= $max_hops
  AND all(r IN rels WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts'
          AND r.status_rank <= $max_rank AND ($types IS NULL OR type(r) IN $types)
          AND ($as_of IS NULL OR ((r.start_day IS NULL OR r.start_day <= $as_of)
                                  AND (r.end_day IS NULL OR r.end_day >= $as_of)))
          AND (NOT $exclude_disputed OR NOT r.disputed))
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN DISTINCT [n IN nodes(p) | n.id] AS ids
LIMIT $limit
