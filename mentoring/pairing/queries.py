"""Read-only queries for pairing pages: a person's matches, a coordinator's overview."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from mentoring.accounts.models import User
from mentoring.core.audit import AuditEvent
from mentoring.errors import NotFound
from mentoring.extensions import db
from mentoring.pairing.models import OPEN_STATUSES, Match, MatchStatus


def get_match_for(user: User, match_id: int) -> Match:
    """The match, if this user may see it; 404 otherwise (never reveal that it exists)."""
    match = db.session.get(Match, match_id)
    if match is None or not match.visible_to(user):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    return match


def mentor_matches(mentor: User) -> list[Match]:
    return list(db.session.scalars(
        db.select(Match).where(Match.mentor_id == mentor.id, Match.status.in_(OPEN_STATUSES))
        .options(selectinload(Match.mentee)).order_by(Match.created_at)
    ))


def latest_match_of(mentee: User) -> Match | None:
    return db.session.scalar(
        db.select(Match).where(Match.mentee_id == mentee.id)
        .order_by(Match.created_at.desc(), Match.id.desc()).limit(1)
    )


def audit_of_match(match: Match) -> list[AuditEvent]:
    return list(db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.subject_type == "match",
                                    AuditEvent.subject_id == match.id)
        .order_by(AuditEvent.at, AuditEvent.id)
    ))


def recent_matches(limit: int = 200) -> list[Match]:
    return list(db.session.scalars(
        db.select(Match).options(selectinload(Match.mentee), selectinload(Match.mentor))
        .order_by(Match.created_at.desc(), Match.id.desc()).limit(limit)
    ))


def count_by_status() -> dict[MatchStatus, int]:
    rows = db.session.execute(db.select(Match.status, db.func.count(Match.id))
                              .group_by(Match.status))
    return {status: count for status, count in rows}
