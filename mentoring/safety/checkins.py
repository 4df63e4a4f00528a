"""Check-ins after each session, and the follow-up signals coordinators watch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from mentoring.accounts.models import User
from mentoring.database import rows_changed
from mentoring.errors import Conflict, DomainError, NotFound
from mentoring.extensions import db
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus, SeriesStatus
from mentoring.notify.services import notify
from mentoring.pairing.models import Match, MatchStatus
from mentoring.safety.concerns import raise_concern
from mentoring.safety.models import CheckIn, ConcernCategory

QUIET_DAYS = 21


@dataclass(frozen=True)
class CheckInAnswers:
    took_place: bool
    helpfulness: int | None
    feeling: int | None
    comment: str | None
    feels_unsafe: bool


def occurrence_for(user: User, occurrence_id: int) -> tuple[Occurrence, Match]:
    occurrence = db.session.get(Occurrence, occurrence_id)
    match = occurrence.series.match if occurrence else None
    if occurrence is None or match is None or not match.involves(user):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    return occurrence, match


def submit_checkin(user: User, occurrence_id: int, answers: CheckInAnswers,
                   now: datetime) -> CheckIn:
    """Record one person's check-in; "I don't feel safe" starts the immediate-risk path."""
    occurrence, match = occurrence_for(user, occurrence_id)
    if occurrence.is_cancelled or occurrence.start_at > now:
        raise Conflict(_("You can check in once the session has taken place."))
    _check_scale(answers.helpfulness)
    _check_scale(answers.feeling)
    if db.session.scalar(db.select(CheckIn.id).where(CheckIn.occurrence_id == occurrence.id,
                                                     CheckIn.user_id == user.id)):
        raise Conflict(_("You have already checked in for this session."))
    checkin = CheckIn(occurrence_id=occurrence.id, match_id=match.id, user_id=user.id,
                      took_place=answers.took_place,
                      helpfulness=answers.helpfulness if answers.took_place else None,
                      feeling=answers.feeling, comment=(answers.comment or "").strip() or None,
                      feels_unsafe=answers.feels_unsafe, created_at=now)
    db.session.add(checkin)
    try:
        db.session.flush()  # the unique constraint settles a double submission at the same time
    except IntegrityError as error:
        raise Conflict(_("You have already checked in for this session.")) from error
    if answers.feels_unsafe:
        raise_concern(user, ConcernCategory.IMMEDIATE_RISK, None, now, match=match,
                      occurrence_id=occurrence.id, source="checkin")
    return checkin


def _check_scale(value: int | None) -> None:
    if value is not None and not 1 <= value <= 5:
        raise DomainError(_("Choose a value from 1 to 5."))


def request_checkins(now: datetime) -> int:
    """Ask both participants for a check-in once each session has ended (a sweep)."""
    ended = db.session.scalars(
        db.select(Occurrence.id).join(MeetingSeries).join(Match, Match.id == MeetingSeries.match_id)
        .where(Occurrence.end_at <= now, Occurrence.end_at > now - timedelta(days=7),
               Occurrence.status != OccurrenceStatus.CANCELLED,
               Occurrence.checkin_requested_at.is_(None),
               MeetingSeries.status == SeriesStatus.CONFIRMED,
               Match.status == MatchStatus.ACTIVE)).all()
    asked = 0
    for occurrence_id in ended:
        claim = db.session.execute(
            update(Occurrence).where(Occurrence.id == occurrence_id,
                                     Occurrence.checkin_requested_at.is_(None))
            .values(checkin_requested_at=now).execution_options(synchronize_session=False))
        if rows_changed(claim) != 1:
            continue
        match = db.session.get_one(Occurrence, occurrence_id).series.match
        for person in (match.mentee, match.mentor):
            notify(person, "checkin_due", now, topic=f"occurrence:{occurrence_id}:checkin",
                   occurrence_id=occurrence_id)
        asked += 1
    return asked


def pending_checkins(user: User, now: datetime, limit: int = 10) -> list[Occurrence]:
    """Ended sessions of the user's active matches that they have not checked in for."""
    done = db.select(CheckIn.id).where(CheckIn.occurrence_id == Occurrence.id,
                                       CheckIn.user_id == user.id).exists()
    return list(db.session.scalars(
        db.select(Occurrence).join(MeetingSeries).join(Match, Match.id == MeetingSeries.match_id)
        .where(Occurrence.end_at <= now, Occurrence.end_at > now - timedelta(days=30),
               Occurrence.status != OccurrenceStatus.CANCELLED,
               MeetingSeries.status == SeriesStatus.CONFIRMED,
               (Match.mentee_id == user.id) | (Match.mentor_id == user.id), ~done)
        .order_by(Occurrence.start_at.desc()).limit(limit)))


@dataclass(frozen=True)
class NoShow:
    match_id: int
    occurrence_id: int
    reported_at: datetime


def recent_no_shows(now: datetime, days: int = 30) -> list[NoShow]:
    """Sessions someone said did not take place, once per session, newest first."""
    rows = db.session.execute(
        db.select(CheckIn.match_id, CheckIn.occurrence_id, db.func.min(CheckIn.created_at))
        .where(CheckIn.took_place.is_(False), CheckIn.created_at >= now - timedelta(days=days))
        .group_by(CheckIn.match_id, CheckIn.occurrence_id)
        .order_by(db.func.min(CheckIn.created_at).desc(), CheckIn.occurrence_id))
    return [NoShow(match_id, occurrence_id, _aware(at)) for match_id, occurrence_id, at in rows]


def _aware(value: datetime) -> datetime:
    # An aggregate bypasses the column type, so SQLite hands back a naive (UTC) value.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def quiet_matches(now: datetime, days: int = QUIET_DAYS) -> list[Match]:
    """Active matches with no session held (or planned to be held) in the last `days` days."""
    cutoff = now - timedelta(days=days)
    recent = (db.select(Occurrence.id).join(MeetingSeries)
              .where(MeetingSeries.match_id == Match.id,
                     Occurrence.status != OccurrenceStatus.CANCELLED,
                     Occurrence.start_at > cutoff, Occurrence.start_at <= now).exists())
    return list(db.session.scalars(
        db.select(Match).where(Match.status == MatchStatus.ACTIVE, Match.activated_at <= cutoff,
                               ~recent).order_by(Match.activated_at)
        .options(selectinload(Match.mentee), selectinload(Match.mentor))))
