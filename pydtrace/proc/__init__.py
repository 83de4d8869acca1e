"""proc stage."""
