// How much of one dataset is in the database.
// Parameters: $dataset (text)
CALL () { MATCH (n:GraphkitEntity {graphkit_dataset: $dataset}) RETURN count(n) AS entities }
CALL () { MATCH (s:GraphkitSource {graphkit_dataset: $dataset}) RETURN count(s) AS sources }
CALL () { MATCH ()-[r]->() WHERE r.graphkit_dataset = $dataset AND r.claim_id IS NOT NULL
          RETURN count(r) AS claims }
RETURN entities, sources, claims
