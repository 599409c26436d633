// The sources of one dataset with the given ids (all of them when $ids is null).
// Parameters: $dataset (text), $ids (list of source ids, or null)
MATCH (s:GraphkitSource {graphkit_dataset: $dataset})
WHERE $ids IS NULL OR s.id IN $ids
RETURN s.id AS id, s.title AS title, s.author AS author, s.publisher AS publisher, s.published AS published,
       s.url AS url, s.kind AS kind, s.via AS via
