// Remove graphkit's nodes of one dataset that no other relationship holds
// (run after wipe_relationships, so only someone else's relationships remain).
// Deletes in transactions of 10,000 (a million at once would exceed the server's
// transaction memory); a run cut off midway is finished by running it again.
// Parameters: $dataset (text)
MATCH (n)
WHERE (n:GraphkitEntity OR n:GraphkitSource) AND n.graphkit_dataset = $dataset AND NOT EXISTS { (n)--() }
CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS
RETURN count(n) AS removed
