// Remove every relationship graphkit loaded for one dataset, and nothing else.
// Deletes in transactions of 10,000 (a million at once would exceed the server's
// transaction memory); a run cut off midway is finished by running it again.
// Parameters: $dataset (text)
MATCH ()-[r]->()
WHERE r.graphkit_dataset = $dataset
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
RETURN count(r) AS removed
