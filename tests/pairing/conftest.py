"""The pairing factories live in tests/factories.py (shared by every folder); names kept here for
modules that import them from this file."""

from tests.factories import (  # noqa: F401
    EVENING,
    approved_mentor,
    coordinator,
    tags,
    waiting_mentee,
)
