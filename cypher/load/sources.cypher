// Create or update sources. Stamps each with the load that started last among
// those that wrote it (see entities.cypher).
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $rows (list of maps: id, title, author, publisher, published, url, kind, via)
UNWIND $rows AS row
MERGE (s:GraphkitSource {graphkit_dataset: $dataset, id: row.id})
SET s += row,
    s.graphkit_load = CASE WHEN s.graphkit_load_started > $started THEN s.graphkit_load ELSE $load END,
    s.graphkit_load_started = CASE WHEN s.graphkit_load_started > $started THEN s.graphkit_load_started
                              ELSE $started END
