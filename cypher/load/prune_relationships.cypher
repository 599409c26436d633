// After a complete load: remove this dataset's relationships that no load started
// at or after this one wrote (claims deleted or moved since the last load). Only
// graphkit's own.
// Deletes in transactions of 10,000 (a million at once would exceed the server's
// transaction memory); a run cut off midway is finished by running it again.
// Parameters: $dataset (text), $started (integer: the load's start, server ms)
MATCH ()-[r]->()
WHERE r.graphkit_dataset = $dataset AND coalesce(r.graphkit_load_started, 0) < $started
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
RETURN count(r) AS removed
