// Create or update entities of one type (__LABEL__, and __ALL_LABELS__, every
// entity-type label, come from the vocabulary through graphkit's quoting
// helper): a changed type swaps the label. Stamps each with the load that started
// last among those that wrote it (its id and start time), so that two loads racing
// leave every node stamped by the newer one, which its pruning then keeps.
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $rows (list of maps: id, name, type, aliases (list), description, wikidata, start, end)
UNWIND $rows AS row
MERGE (n:GraphkitEntity {graphkit_dataset: $dataset, id: row.id})
REMOVE n:__ALL_LABELS__
SET n:__LABEL__, n += row,
    n.graphkit_load = CASE WHEN n.graphkit_load_started > $started THEN n.graphkit_load ELSE $load END,
    n.graphkit_load_started = CASE WHEN n.graphkit_load_started > $started THEN n.graphkit_load_started
                              ELSE $started END
