// Sources are unique per dataset and id.
// Parameters: none.
CREATE CONSTRAINT graphkit_source_key IF NOT EXISTS
FOR (s:GraphkitSource) REQUIRE (s.graphkit_dataset, s.id) IS UNIQUE
