"""Where questions are answered: the embedded NetworkX graph or a Neo4j server."""
