// Create or update entities, of every type at once: each row's type label comes
// from $columns.label and every entity-type label from $all_labels, both filled
// by the loader with names from the vocabulary only (never text from a CSV); a
// changed type swaps the label. Stamps each with the load that started last among
// those that wrote it (its id and start time), so that two loads racing leave
// every node stamped by the newer one, which its pruning then keeps.
// When this dataset has no entity in the database yet (has_entities.cypher), the
// loader runs this statement with CREATE in place of MERGE; the entity key
// constraint still refuses an entity that a racing load wrote meanwhile, and the
// loader then runs that batch again as written here.
// Returns each row's position in the batch and the element id of its node, which
// the claims statement then matches on (claims.cypher).
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $all_labels (list of texts), $sep (text), $columns (map of texts, one per column,
//             the rows' values joined by $sep: id, name, type, label, aliases (joined by |),
//             description, wikidata, start, end)
WITH split($columns.id, $sep) AS ids, split($columns.name, $sep) AS names, split($columns.type, $sep) AS types,
     split($columns.label, $sep) AS labels, split($columns.aliases, $sep) AS aliases,
     // optional values: an empty one is no property (no aliases: no list)
     [v IN split($columns.description, $sep) | CASE v WHEN '' THEN null ELSE v END] AS descriptions,
     [v IN split($columns.wikidata, $sep) | CASE v WHEN '' THEN null ELSE v END] AS wikidatas,
     [v IN split($columns.start, $sep) | CASE v WHEN '' THEN null ELSE v END] AS starts,
     [v IN split($columns.end, $sep) | CASE v WHEN '' THEN null ELSE v END] AS ends
UNWIND range(0, size(ids) - 1) AS i
MERGE (n:GraphkitEntity {graphkit_dataset: $dataset, id: ids[i]})
REMOVE n:$($all_labels)
SET n:$(labels[i]), n.name = names[i], n.type = types[i],
    n.aliases = CASE aliases[i] WHEN '' THEN null ELSE split(aliases[i], '|') END,
    n.description = descriptions[i], n.wikidata = wikidatas[i], n.start = starts[i], n.end = ends[i],
    n.graphkit_load = CASE WHEN n.graphkit_load_started > $started THEN n.graphkit_load ELSE $load END,
    n.graphkit_load_started = CASE WHEN n.graphkit_load_started > $started THEN n.graphkit_load_started
                              ELSE $started END
RETURN collect(i) AS rows, collect(elementId(n)) AS elements
