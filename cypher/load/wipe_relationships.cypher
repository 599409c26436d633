// Remove every relationship graphkit loaded for one dataset, and nothing else.
// Parameters: $dataset (text)
MATCH ()-[r]->()
WHERE r.graphkit_dataset = $dataset
DELETE r
RETURN count(r) AS removed
