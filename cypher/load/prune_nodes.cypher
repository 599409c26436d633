// After a complete load: remove this dataset's entities and sources that the
// load did not touch, unless someone else's relationships still hold them.
// Parameters: $dataset (text), $load (text)
MATCH (n)
WHERE (n:GraphkitEntity OR n:GraphkitSource) AND n.graphkit_dataset = $dataset AND n.graphkit_load <> $load
  AND NOT EXISTS { (n)--() }
DELETE n
RETURN count(n) AS removed
