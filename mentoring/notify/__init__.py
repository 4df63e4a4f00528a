"""Notifications: in-app messages and e-mails, stored as rows with a due time and a sent time."""
