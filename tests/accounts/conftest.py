"""Data-rights tests reuse the meetings and pairing factories."""

from tests.meetings.conftest import book, make_active_match  # noqa: F401
from tests.pairing.conftest import tags  # noqa: F401
