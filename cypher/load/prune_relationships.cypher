// After a complete load: remove this dataset's relationships that the load did
// not touch (claims deleted or moved since the last load). Only graphkit's own.
// Parameters: $dataset (text), $load (text)
MATCH ()-[r]->()
WHERE r.graphkit_dataset = $dataset AND r.graphkit_load <> $load
DELETE r
RETURN count(r) AS removed
