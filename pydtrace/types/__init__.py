"""types stage."""
