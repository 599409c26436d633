// After a complete load: remove this dataset's entities and sources that no load
// started at or after this one wrote, unless someone else's relationships still
// hold them. (A load racing this one and started later stamps what it writes
// with its later start, so nothing it wrote is removed here.)
// Parameters: $dataset (text), $started (integer: the load's start, server ms)
MATCH (n)
WHERE (n:GraphkitEntity OR n:GraphkitSource) AND n.graphkit_dataset = $dataset
  AND coalesce(n.graphkit_load_started, 0) < $started
  AND NOT EXISTS { (n)--() }
DELETE n
RETURN count(n) AS removed
