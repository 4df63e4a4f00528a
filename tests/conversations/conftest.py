"""Conversation fixtures: an adult match, a match with a minor, and a coordinator."""

from __future__ import annotations

import pytest

from mentoring.pairing.models import Match, MatchStatus
from mentoring.profiles.models import MenteeProfile
from tests.conftest import FIXED_NOW


@pytest.fixture
def pair(db, make_mentee, make_mentor):
    """Factory: pair(minor=False, **mentee_fields) -> an active match."""

    def make(minor: bool = False, **mentee_fields) -> Match:
        mentee = make_mentee(**{"pseudonym": "Lune", **mentee_fields})
        profile = db.session.scalar(db.select(MenteeProfile)
                                    .where(MenteeProfile.user_id == mentee.id))
        profile.is_minor, profile.age_band = minor, "15-17" if minor else "18-25"
        match = Match(mentee_id=mentee.id, mentor_id=make_mentor(pseudonym="Soleil").id,
                      status=MatchStatus.ACTIVE, activated_at=FIXED_NOW)
        db.session.add(match)
        db.session.commit()
        return match

    return make


@pytest.fixture
def coordinator(make_coordinator):
    return make_coordinator(email="coordinator@example.org", pseudonym="Coord")
