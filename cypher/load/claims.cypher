// Create or update claims of one relation type (__TYPE__ comes from the
// vocabulary through graphkit's quoting helper): one relationship per claim row,
// carrying its provenance. Stamped like the entities (see entities.cypher).
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $rows (list of maps: claim_id, from_id, to_id and the claim's properties under props)
UNWIND $rows AS row
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset, id: row.from_id})
MATCH (b:GraphkitEntity {graphkit_dataset: $dataset, id: row.to_id})
MERGE (a)-[r:__TYPE__ {graphkit_dataset: $dataset, claim_id: row.claim_id}]->(b)
SET r += row.props,
    r.graphkit_load = CASE WHEN r.graphkit_load_started > $started THEN r.graphkit_load ELSE $load END,
    r.graphkit_load_started = CASE WHEN r.graphkit_load_started > $started THEN r.graphkit_load_started
                              ELSE $started END
