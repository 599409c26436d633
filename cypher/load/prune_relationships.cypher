// After a complete load: remove this dataset's relationships that no load started
// at or after this one wrote (claims deleted or moved since the last load). Only
// graphkit's own.
// Parameters: $dataset (text), $started (integer: the load's start, server ms)
MATCH ()-[r]->()
WHERE r.graphkit_dataset = $dataset AND coalesce(r.graphkit_load_started, 0) < $started
DELETE r
RETURN count(r) AS removed
