"""The meetings factories live in tests/factories.py (shared by every folder); names kept here for
modules that import them from this file."""

from tests.factories import (  # noqa: F401
    EVENINGS,
    add_availability,
    book,
    frozen,
    make_active_match,
    utc,
)
