// Every entity of one dataset with its CSV columns (aliases as a list).
// Parameters: $dataset (text)
MATCH (n:GraphkitEntity {graphkit_dataset: $dataset})
RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases, n.description AS description,
       n.wikidata AS wikidata, n.start AS start, n.end AS end
