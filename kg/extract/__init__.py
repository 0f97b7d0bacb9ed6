"""extract stage of diplomacy-kg."""
