// Answers: Who stands between the state and organised crime? Entities with
//   non-contradicted asserting claims linking them both to state bodies
//   (agencies, governments) and to criminal groups, most links first.
// Parameters: $dataset (text)
// Example: graphkit query cypher/query/brokers.cypher
// Returns: broker, type, state_bodies, criminal_groups
MATCH (state)-[r1]-(x:GraphkitEntity {graphkit_dataset: $dataset})-[r2]-(crime:CriminalGroup)
WHERE (state:Agency OR state:Government) AND state.graphkit_dataset = $dataset
  AND crime.graphkit_dataset = $dataset AND x <> state AND x <> crime
  AND all(r IN [r1, r2] WHERE r.graphkit_dataset = $dataset AND r.stance = 'asserts' AND r.status <> 'contradicted')
RETURN x.name AS broker, x.type AS type, collect(DISTINCT state.name) AS state_bodies,
       collect(DISTINCT crime.name) AS criminal_groups
ORDER BY size(state_bodies) + size(criminal_groups) DESC, broker
