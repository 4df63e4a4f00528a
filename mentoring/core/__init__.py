"""Core pages: the landing page and each role's home."""
