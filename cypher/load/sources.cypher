// Create or update sources. Stamps each with the load that started last among
// those that wrote it (see entities.cypher). Run with CREATE in place of MERGE
// when the dataset has no entity in the database yet, as entities.cypher is.
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $sep (text), $columns (map of texts, one per column, the rows' values joined by $sep:
//             id, title, author, publisher, published, url, kind, via)
WITH split($columns.id, $sep) AS ids, split($columns.title, $sep) AS titles, split($columns.kind, $sep) AS kinds,
     // optional values: an empty one is no property
     [v IN split($columns.author, $sep) | CASE v WHEN '' THEN null ELSE v END] AS authors,
     [v IN split($columns.publisher, $sep) | CASE v WHEN '' THEN null ELSE v END] AS publishers,
     [v IN split($columns.published, $sep) | CASE v WHEN '' THEN null ELSE v END] AS published,
     [v IN split($columns.url, $sep) | CASE v WHEN '' THEN null ELSE v END] AS urls,
     [v IN split($columns.via, $sep) | CASE v WHEN '' THEN null ELSE v END] AS vias
UNWIND range(0, size(ids) - 1) AS i
MERGE (s:GraphkitSource {graphkit_dataset: $dataset, id: ids[i]})
SET s.title = titles[i], s.author = authors[i], s.publisher = publishers[i], s.published = published[i],
    s.url = urls[i], s.kind = kinds[i], s.via = vias[i],
    s.graphkit_load = CASE WHEN s.graphkit_load_started > $started THEN s.graphkit_load ELSE $load END,
    s.graphkit_load_started = CASE WHEN s.graphkit_load_started > $started THEN s.graphkit_load_started
                              ELSE $started END
