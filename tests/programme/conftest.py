"""Factories shared with the pairing tests: tags, waiting mentees, approved mentors."""

from tests.pairing.conftest import (  # noqa: F401  (shared factory fixtures)
    approved_mentor,
    coordinator,
    tags,
    waiting_mentee,
)
