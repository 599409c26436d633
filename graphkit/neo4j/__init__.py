"""Neo4j: the local server graphkit fetches and runs, the loader and backend, and the Cypher library."""
