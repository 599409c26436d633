// Create or update entities of one type (__LABEL__, and __ALL_LABELS__, every
// entity-type label, come from the vocabulary through graphkit's quoting
// helper): a changed type swaps the label. Stamps each with the load that started
// last among those that wrote it (its id and start time), so that two loads racing
// leave every node stamped by the newer one, which its pruning then keeps.
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $sep (text), $columns (map of texts, one per column, the rows' values joined by $sep:
//             id, name, type, aliases (joined by |), description, wikidata, start, end)
WITH split($columns.id, $sep) AS ids, split($columns.name, $sep) AS names, split($columns.type, $sep) AS types,
     split($columns.aliases, $sep) AS aliases, split($columns.description, $sep) AS descriptions,
     split($columns.wikidata, $sep) AS wikidatas, split($columns.start, $sep) AS starts,
     split($columns.end, $sep) AS ends
UNWIND range(0, size(ids) - 1) AS i
MERGE (n:GraphkitEntity {graphkit_dataset: $dataset, id: ids[i]})
REMOVE n:__ALL_LABELS__
SET n:__LABEL__, n.name = names[i], n.type = types[i],
    n.aliases = CASE aliases[i] WHEN '' THEN [] ELSE split(aliases[i], '|') END,
    n.description = descriptions[i], n.wikidata = wikidatas[i], n.start = starts[i], n.end = ends[i],
    n.graphkit_load = CASE WHEN n.graphkit_load_started > $started THEN n.graphkit_load ELSE $load END,
    n.graphkit_load_started = CASE WHEN n.graphkit_load_started > $started THEN n.graphkit_load_started
                              ELSE $started END
