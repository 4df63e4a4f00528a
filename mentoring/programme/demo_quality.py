"""Demo history for the programme quality page: a year of past matches, closures and concerns.

Twenty former mentees and six former mentors whose matches started 2 to 12 months ago; most
closed (several within three months, with the reasons of the closing form), a few still open, so
the survival curve has censored matches; immediate-risk concerns taken on after 1 to 30 hours.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from mentoring.accounts.models import Role, User
from mentoring.extensions import db
from mentoring.pairing.models import CloseReason, Match, MatchStatus
from mentoring.profiles.models import MenteeProfile
from mentoring.safety.models import Concern, ConcernCategory

REASONS = [CloseReason.GOALS_REACHED, CloseReason.NO_LONGER_NEEDED, CloseReason.NOT_A_GOOD_FIT,
           CloseReason.NO_CONTACT, CloseReason.MOVED_ON]


def add_quality_history(coordinator: User, now: datetime, password_hash: str) -> None:
    from mentoring.programme.demo import add_people

    rng = random.Random(14)
    mentees = add_people(Role.MENTEE, 20, now=now, rng=rng, password_hash=password_hash,
                         prefix="former-mentee", first_name=80)
    mentors = add_people(Role.MENTOR, 6, now=now, rng=rng, password_hash=password_hash,
                         prefix="former-mentor", first_name=100)
    for index, mentee in enumerate(mentees):
        signed_up = now - timedelta(days=30 + 16 * index + rng.randint(0, 10))
        mentee.created_at = signed_up
        requested = signed_up + timedelta(days=1)
        profile = db.session.scalar(db.select(MenteeProfile).where(
            MenteeProfile.user_id == mentee.id))
        if profile is not None:
            profile.requested_at = requested
        approved = requested + timedelta(days=rng.randint(3, 40))
        active = approved + timedelta(days=2)
        if active >= now - timedelta(days=5):
            continue  # still waiting: part of the funnel only
        length = timedelta(days=rng.choice([20, 45, 70, 120, 200, 260, 400]))
        still_open = index % 5 == 0 or active + length >= now
        match = Match(mentee_id=mentee.id, mentor_id=mentors[index % len(mentors)].id,
                      status=MatchStatus.ACTIVE if still_open else MatchStatus.CLOSED,
                      created_at=approved, accepted_at=approved + timedelta(days=1),
                      activated_at=active, approved_by_id=coordinator.id,
                      ended_at=None if still_open else active + length,
                      end_reason=None if still_open else REASONS[index % len(REASONS)].value)
        db.session.add(match)
        if index % 3 == 0:
            raised = active + timedelta(days=10)
            if raised < now:
                db.session.add(Concern(
                    reporter_id=mentee.id, category=ConcernCategory.IMMEDIATE_RISK,
                    created_at=raised, acknowledged_at=raised + timedelta(hours=1 + 3 * index % 30),
                    acknowledged_by_id=coordinator.id, resolved_at=raised + timedelta(days=2),
                    resolved_by_id=coordinator.id))
    db.session.flush()
    # Matches still going meet every week, as the programme's other active matches do.
    from mentoring.meetings.demo import book_demo_meetings
    book_demo_meetings(now)
