"""link stage of diplomacy-kg."""
