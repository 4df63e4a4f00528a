"""Match agreements (what both people confirm at the start) and the shared goals of a match."""
