// Investigators look entities up by name.
// Parameters: none.
CREATE INDEX graphkit_entity_name IF NOT EXISTS FOR (n:GraphkitEntity) ON (n.name)
