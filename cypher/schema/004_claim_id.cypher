// One index per relationship type (__TYPE__ is filled from the vocabulary by
// graphkit's quoting helper, once per type): the load MERGEs claims on their id.
// Parameters: none.
CREATE INDEX __INDEX_NAME__ IF NOT EXISTS FOR ()-[r:__TYPE__]-() ON (r.graphkit_dataset, r.claim_id)
