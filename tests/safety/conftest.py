"""Safety tests reuse the meetings factories: active matches with booked sessions."""

from tests.meetings.conftest import book, make_active_match  # noqa: F401
