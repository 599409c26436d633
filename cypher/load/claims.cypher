// Create or update claims of one relation type (__TYPE__ comes from the
// vocabulary through graphkit's quoting helper): one relationship per claim row,
// carrying its provenance. Stamps each with the load id.
// Parameters: $dataset (text), $load (text), $rows (list of maps: claim_id, from_id, to_id and the
//             claim's properties under props)
UNWIND $rows AS row
MATCH (a:GraphkitEntity {graphkit_dataset: $dataset, id: row.from_id})
MATCH (b:GraphkitEntity {graphkit_dataset: $dataset, id: row.to_id})
MERGE (a)-[r:__TYPE__ {graphkit_dataset: $dataset, claim_id: row.claim_id}]->(b)
SET r += row.props, r.graphkit_load = $load
