// Answers: Which claims of a seed document could research not support, in whole
//   or in part? Its claims (rows carrying seed_claim ids, read in that document)
//   with a row that is unverified or contradicted, those rows and their notes
//   saying why (best_status: the strongest of them).
// Parameters: $dataset (text), $source (the seed document's source id)
// Example: graphkit query cypher/query/unsupported_seed_claims.cypher --param source=baghai-2023
// Returns: seed_claim, best_status, claims, notes
MATCH ()-[r]->()
WHERE r.graphkit_dataset = $dataset AND r.source_id = $source AND r.seed_claim <> '' AND r.status_rank >= 3
UNWIND split(r.seed_claim, '|') AS seed_claim
WITH seed_claim, collect(r) AS rows
WITH seed_claim, rows, reduce(best = 9, c IN rows | CASE WHEN c.status_rank < best THEN c.status_rank ELSE best END) AS best
RETURN seed_claim, [c IN rows WHERE c.status_rank = best][0].status AS best_status,
       [c IN rows | c.claim_id] AS claims, [c IN rows | c.note] AS notes
ORDER BY size(seed_claim), seed_claim
