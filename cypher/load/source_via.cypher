// Link each source to the source we read it through (run after all sources exist).
// Stamped like the sources (see entities.cypher).
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $sep (text), $columns (map of texts, the rows' values joined by $sep: id, via)
WITH split($columns.id, $sep) AS ids, split($columns.via, $sep) AS vias
UNWIND range(0, size(ids) - 1) AS i
MATCH (s:GraphkitSource {graphkit_dataset: $dataset, id: ids[i]})
MATCH (v:GraphkitSource {graphkit_dataset: $dataset, id: vias[i]})
MERGE (s)-[r:READ_VIA {graphkit_dataset: $dataset}]->(v)
SET r.graphkit_load = CASE WHEN r.graphkit_load_started > $started THEN r.graphkit_load ELSE $load END,
    r.graphkit_load_started = CASE WHEN r.graphkit_load_started > $started THEN r.graphkit_load_started
                              ELSE $started END
