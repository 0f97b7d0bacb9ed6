"""nlp stage of diplomacy-kg."""
