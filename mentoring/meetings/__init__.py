"""Meetings: recurring series, their occurrences, calendar invites and personal feeds."""
