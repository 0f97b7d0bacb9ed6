"""rdf stage of diplomacy-kg."""
