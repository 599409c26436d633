// Answers: Which entities match a name? Case-insensitive search in names and
//   aliases (Cyrillic too), to find the id other queries take.
// Parameters: $dataset (text), $name (text)
// Example: graphkit query cypher/query/find_entity.cypher --param name=barsukov
// Returns: id, name, type, aliases
MATCH (e:GraphkitEntity {graphkit_dataset: $dataset})
WHERE toLower(e.name) CONTAINS toLower($name)
   OR any(alias IN e.aliases WHERE toLower(alias) CONTAINS toLower($name))
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
ORDER BY name
