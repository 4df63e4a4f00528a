"""Shared factories come from tests/factories.py, through tests/conftest.py."""
