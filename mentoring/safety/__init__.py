"""Safety: crisis resources, concerns and check-ins."""
