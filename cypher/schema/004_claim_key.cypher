// Claims are unique per dataset and claim id, one constraint per relationship
// type (__TYPE__ is filled from the vocabulary by graphkit's quoting helper, once
// per type): the load MERGEs on this pair, and two loads racing cannot duplicate a claim.
// Parameters: none.
CREATE CONSTRAINT __INDEX_NAME__ IF NOT EXISTS
FOR ()-[r:__TYPE__]-() REQUIRE (r.graphkit_dataset, r.claim_id) IS UNIQUE
