// Entities are unique per dataset and id; the load MERGEs on this pair.
// Parameters: none.
CREATE CONSTRAINT graphkit_entity_key IF NOT EXISTS
FOR (n:GraphkitEntity) REQUIRE (n.graphkit_dataset, n.id) IS UNIQUE
