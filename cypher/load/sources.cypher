// Create or update sources. Stamps each with the load that started last among
// those that wrote it (see entities.cypher). Run with CREATE in place of MERGE
// when the dataset has no entity in the database yet, as entities.cypher is.
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $sep (text), $columns (map of texts, one per column, the rows' values joined by $sep:
//             id, title, author, publisher, published, url, kind, via)
WITH split($columns.id, $sep) AS ids, split($columns.title, $sep) AS titles,
     split($columns.author, $sep) AS authors, split($columns.publisher, $sep) AS publishers,
     split($columns.published, $sep) AS published, split($columns.url, $sep) AS urls,
     split($columns.kind, $sep) AS kinds, split($columns.via, $sep) AS vias
UNWIND range(0, size(ids) - 1) AS i
MERGE (s:GraphkitSource {graphkit_dataset: $dataset, id: ids[i]})
SET s.title = titles[i], s.author = authors[i], s.publisher = publishers[i], s.published = published[i],
    s.url = urls[i], s.kind = kinds[i], s.via = vias[i],
    s.graphkit_load = CASE WHEN s.graphkit_load_started > $started THEN s.graphkit_load ELSE $load END,
    s.graphkit_load_started = CASE WHEN s.graphkit_load_started > $started THEN s.graphkit_load_started
                              ELSE $started END
