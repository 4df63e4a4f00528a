"""Delivery tests reuse the pairing and meetings factories."""

from tests.meetings.conftest import book, make_active_match  # noqa: F401
from tests.pairing.conftest import approved_mentor, tags, waiting_mentee  # noqa: F401
