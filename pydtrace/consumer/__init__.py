"""consumer stage."""
