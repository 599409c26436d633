// Create or update entities of one type (__LABEL__, and __ALL_LABELS__, every
// entity-type label, come from the vocabulary through graphkit's quoting
// helper): a changed type swaps the label. Stamps each with the load id.
// Parameters: $dataset (text), $load (text), $rows (list of maps: id, name, type, aliases (list),
//             description, wikidata, start, end)
UNWIND $rows AS row
MERGE (n:GraphkitEntity {graphkit_dataset: $dataset, id: row.id})
REMOVE n:__ALL_LABELS__
SET n:__LABEL__, n += row, n.graphkit_load = $load
