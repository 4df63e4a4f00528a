"""Domain errors raised by services and turned into messages by views."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the action; `message` is a translated sentence for the user."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    """The action does not fit the current state (e.g. an invalid status transition)."""

    status_code = 409
