"""What a mentee's or a mentor's home page shows first: the next session and what awaits them.

Each question is one query, whatever the number of matches and sessions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, selectinload

from mentoring.accounts.models import User
from mentoring.extensions import db
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus, SeriesStatus
from mentoring.pairing.models import Match, MatchStatus


def _theirs(user: User):
    return or_(Match.mentee_id == user.id, Match.mentor_id == user.id)


def next_session(user: User, now: datetime) -> Occurrence | None:
    """The person's next session that has not ended, in any of their active matches."""
    return db.session.scalar(
        select(Occurrence).join(Occurrence.series).join(MeetingSeries.match)
        .where(_theirs(user), Match.status == MatchStatus.ACTIVE,
               MeetingSeries.status == SeriesStatus.CONFIRMED,
               Occurrence.status != OccurrenceStatus.CANCELLED, Occurrence.end_at > now)
        .options(contains_eager(Occurrence.series).contains_eager(MeetingSeries.match))
        .order_by(Occurrence.start_at).limit(1)
    )


def times_to_confirm(user: User) -> list[MeetingSeries]:
    """Meeting times the other person proposed and this person has not answered yet."""
    return list(db.session.scalars(
        select(MeetingSeries).join(MeetingSeries.match)
        .where(_theirs(user), Match.status == MatchStatus.ACTIVE,
               MeetingSeries.status == SeriesStatus.PROPOSED,
               MeetingSeries.proposed_by_id != user.id)
        .options(selectinload(MeetingSeries.occurrences))
        .order_by(MeetingSeries.created_at)
    ))


def ended_matches(mentor: User, limit: int = 5) -> list[Match]:
    """A mentor's matches that ended after having started, newest first (their notes stay)."""
    return list(db.session.scalars(
        select(Match).where(Match.mentor_id == mentor.id, Match.status == MatchStatus.CLOSED)
        .options(selectinload(Match.mentee))
        .order_by(Match.ended_at.desc(), Match.id.desc()).limit(limit)
    ))


def home_steps(user: User, now: datetime) -> dict:
    """Everything the next-steps box of a participant's home page shows."""
    from mentoring.agreements.services import waiting_agreements
    from mentoring.safety.checkins import pending_checkins

    if user.is_mentor:
        waiting = (MatchStatus.APPROVED,)
        column = Match.mentor_id
    else:
        waiting = (MatchStatus.ACCEPTED,)
        column = Match.mentee_id
    proposals = list(db.session.scalars(
        select(Match).where(column == user.id, Match.status.in_(waiting))
        .order_by(Match.created_at)))
    return {"next_session": next_session(user, now), "to_confirm": times_to_confirm(user),
            "checkins": pending_checkins(user, now), "proposals": proposals,
            "agreements": waiting_agreements(user)}
