"""After a match ends: each person's short closing survey, and a new request for the mentee."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from mentoring.accounts.models import User
from mentoring.core.audit import record
from mentoring.errors import Conflict, DomainError, NotFound
from mentoring.extensions import db
from mentoring.pairing.models import Match, MatchStatus
from mentoring.pairing.services import open_match_of
from mentoring.profiles.models import MenteeProfile
from mentoring.safety.models import ClosingSurvey


def submit_survey(user: User, match: Match, rating: int, would_recommend: bool | None,
                  comment: str | None, now: datetime) -> ClosingSurvey:
    if not match.involves(user):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    if match.status is not MatchStatus.CLOSED:
        raise Conflict(_("The survey opens when the match has ended."))
    if not 1 <= rating <= 5:
        raise DomainError(_("Choose a value from 1 to 5."))
    if survey_of(user, match) is not None:
        raise Conflict(_("You have already answered this survey. Thank you!"))
    survey = ClosingSurvey(match_id=match.id, user_id=user.id, rating=rating,
                           would_recommend=would_recommend,
                           comment=(comment or "").strip() or None, created_at=now)
    db.session.add(survey)
    try:
        db.session.flush()  # the unique constraint settles a double submission at the same time
    except IntegrityError as error:
        raise Conflict(_("You have already answered this survey. Thank you!")) from error
    return survey


def survey_of(user: User, match: Match) -> ClosingSurvey | None:
    return db.session.scalar(db.select(ClosingSurvey).where(
        ClosingSurvey.match_id == match.id, ClosingSurvey.user_id == user.id))


def ask_for_new_mentor(mentee: User, now: datetime) -> MenteeProfile:
    """Back on the waiting list after a match ended; the previous mentor stays excluded."""
    profile = db.session.scalar(db.select(MenteeProfile).where(MenteeProfile.user_id == mentee.id))
    if profile is None:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    if open_match_of(mentee) is not None or profile.is_waiting:
        raise Conflict(_("You already have a mentor or a request in progress."))
    profile.requested_at, profile.withdrawn_at = now, None
    record(actor=mentee, action="request_renewed", subject_type="mentee", subject_id=mentee.id,
           now=now, to_status="waiting")
    db.session.flush()
    return profile
