// The entities of one dataset ranked by a score written by write_scores, ties by id.
// Parameters: $dataset (text), $property (text), $top (integer)
MATCH (n:GraphkitEntity {graphkit_dataset: $dataset})
RETURN n.id AS id, n.name AS name, n.type AS type, n[$property] AS score
ORDER BY score DESC, id
LIMIT $top
