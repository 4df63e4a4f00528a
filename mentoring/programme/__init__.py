"""Programme: the coordinator dashboard, the tag taxonomy, demo and synthetic data."""
