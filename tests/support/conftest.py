"""Shared factories come from tests/factories.py, through tests/conftest.py."""

from __future__ import annotations

import pytest

from mentoring.support.models import ContactChannel, ContactWith, SupportContact


@pytest.fixture
def contact(db, make_coordinator):
    """Factory: a support contact of `match` at `at` (rows only, committed)."""
    recorder = []

    def add(match, at, notes=None, follow_up=False) -> SupportContact:
        if not recorder:
            recorder.append(make_coordinator())
        row = SupportContact(match_id=match.id, recorded_by_id=recorder[0].id, contact_at=at,
                             channel=ContactChannel.PHONE, contact_with=ContactWith.MENTEE,
                             notes=notes, needs_follow_up=follow_up, created_at=at)
        db.session.add(row)
        db.session.commit()
        return row

    return add
