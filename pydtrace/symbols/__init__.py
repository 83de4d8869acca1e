"""symbols stage."""
