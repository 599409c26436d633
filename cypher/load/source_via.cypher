// Link each source to the source we read it through (run after all sources exist).
// Parameters: $dataset (text), $load (text), $rows (list of maps: id, via)
UNWIND $rows AS row
MATCH (s:GraphkitSource {graphkit_dataset: $dataset, id: row.id})
MATCH (v:GraphkitSource {graphkit_dataset: $dataset, id: row.via})
MERGE (s)-[r:READ_VIA {graphkit_dataset: $dataset}]->(v)
SET r.graphkit_load = $load
