// Whether this dataset has any claim of one relation type (__TYPE__, from the
// vocabulary through graphkit's quoting helper); answered from the type's key index.
// Parameters: $dataset (text)
RETURN EXISTS { MATCH ()-[r:__TYPE__]->() WHERE r.graphkit_dataset = $dataset AND r.claim_id IS NOT NULL }
       AS found
