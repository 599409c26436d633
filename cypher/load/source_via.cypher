// Link each source to the source we read it through (run after all sources exist).
// Stamped like the sources (see entities.cypher).
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $rows (list of maps: id, via)
UNWIND $rows AS row
MATCH (s:GraphkitSource {graphkit_dataset: $dataset, id: row.id})
MATCH (v:GraphkitSource {graphkit_dataset: $dataset, id: row.via})
MERGE (s)-[r:READ_VIA {graphkit_dataset: $dataset}]->(v)
SET r.graphkit_load = CASE WHEN r.graphkit_load_started > $started THEN r.graphkit_load ELSE $load END,
    r.graphkit_load_started = CASE WHEN r.graphkit_load_started > $started THEN r.graphkit_load_started
                              ELSE $started END
