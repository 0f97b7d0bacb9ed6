"""server stage of diplomacy-kg."""
