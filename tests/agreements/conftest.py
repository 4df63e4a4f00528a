from __future__ import annotations

import pytest

from mentoring.pairing.models import Match, MatchStatus
from tests.conftest import FIXED_NOW


@pytest.fixture
def match(db, make_mentee, make_mentor):
    """An active match: a mentee in Montreal (French), a mentor in Paris."""
    match = Match(mentee_id=make_mentee(pseudonym="Lune", timezone="America/Montreal").id,
                  mentor_id=make_mentor(pseudonym="Soleil").id,
                  status=MatchStatus.ACTIVE, activated_at=FIXED_NOW)
    db.session.add(match)
    db.session.commit()
    return match
