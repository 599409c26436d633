// Create or update sources. Stamps each with the load id.
// Parameters: $dataset (text), $load (text), $rows (list of maps: id, title, author, publisher,
//             published, url, kind, via)
UNWIND $rows AS row
MERGE (s:GraphkitSource {graphkit_dataset: $dataset, id: row.id})
SET s += row, s.graphkit_load = $load
