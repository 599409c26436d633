// Remove graphkit's nodes of one dataset that no other relationship holds
// (run after wipe_relationships, so only someone else's relationships remain).
// Parameters: $dataset (text)
MATCH (n)
WHERE (n:GraphkitEntity OR n:GraphkitSource) AND n.graphkit_dataset = $dataset AND NOT EXISTS { (n)--() }
DELETE n
RETURN count(n) AS removed
