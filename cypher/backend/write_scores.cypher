// Write one centrality score onto each entity, so Browser and Bloom users can
// size and colour by it. $property is graphkit_<metric>, chosen by graphkit.
// Parameters: $dataset (text), $property (text), $filter (text), $rows (list of maps: id, score)
UNWIND $rows AS row
MATCH (n:GraphkitEntity {graphkit_dataset: $dataset, id: row.id})
SET n[$property] = row.score, n[$property + '_filter'] = $filter
