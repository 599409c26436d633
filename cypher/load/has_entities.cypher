// Whether this dataset has any entity in the database (answered from the entity key
// index). Without entities it has no claims either, so a load may create every
// node and relationship instead of merging (see entities.cypher and claims.cypher).
// Parameters: $dataset (text)
RETURN EXISTS { MATCH (n:GraphkitEntity {graphkit_dataset: $dataset}) } AS found
