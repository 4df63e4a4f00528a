"""Tokens and calls for the API tests; the pairing factories give waiting mentees and mentors."""

from __future__ import annotations

import pytest

from mentoring.api import tokens
from mentoring.api.models import Scope
from mentoring.clock import now_utc
from tests.pairing.conftest import approved_mentor, tags, waiting_mentee  # noqa: F401


@pytest.fixture
def make_token(db, make_coordinator):
    """Factory: (secret, token) for a coordinator with these scopes."""

    def make(*scopes: Scope, owner=None, days=30, now=None, locale="en"):
        now = now or now_utc()  # the API checks expiry on the real clock
        owner = owner or make_coordinator(locale=locale)
        token, secret = tokens.create_token(owner, "CRM", set(scopes or (Scope.READ,)), days, now)
        db.session.commit()
        return secret, token

    return make


@pytest.fixture
def call(client):
    """call("GET", "/api/v1/…", secret, json=…) -> response."""

    def do(method: str, path: str, secret: str | None = None, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        return client.open(path, method=method, headers=headers, **kwargs)

    return do
