// After a complete load: remove this dataset's entities and sources that no load
// started at or after this one wrote, unless someone else's relationships still
// hold them. (A load racing this one and started later stamps what it writes
// with its later start, so nothing it wrote is removed here.)
// Deletes in transactions of 10,000 (a million at once would exceed the server's
// transaction memory); a run cut off midway is finished by running it again.
// Parameters: $dataset (text), $started (integer: the load's start, server ms)
MATCH (n)
WHERE (n:GraphkitEntity OR n:GraphkitSource) AND n.graphkit_dataset = $dataset
  AND coalesce(n.graphkit_load_started, 0) < $started
  AND NOT EXISTS { (n)--() }
CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS
RETURN count(n) AS removed
