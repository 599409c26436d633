// Every shortest connection between two entities over claims that pass the
// evidence filter, as lists of entity ids (parallel claims give one path).
// The single-source rule needs whole edges, so it is applied by graphkit on
// the candidates; everything else is checked here, hop by hop.
// Parameters: $dataset (text), $from (entity id), $to (entity id), $max_rank (integer),
//             $types (list or null), $as_of (date or null), $exclude_disputed (boolean),
//             $denial_rank (integer: the weakest denial that counts)
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset, id: $from})
MATCH (b:GraphkitEntity {graphkit_dataset: $dataset, id: $to})
MATCH p = allShortestPaths((a)-[*]-(b))
WHERE all(r IN relationships(p) WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts'
          AND r.status_rank <= $max_rank AND ($types IS NULL OR type(r) IN $types)
          AND ($as_of IS NULL OR ((r.start_day IS NULL OR r.start_day <= $as_of)
                                  AND (r.end_day IS NULL OR r.end_day >= $as_of)))
          AND (NOT $exclude_disputed OR coalesce(r.denied_rank, $denial_rank + 1) > $denial_rank))
RETURN DISTINCT [n IN nodes(p) | n.id] AS ids
