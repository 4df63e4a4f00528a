"""Outcomes: questionnaires as data (definitions, scoring, reliable change) and match survival."""
