"""Coordinators' decisions on people: mentor screening and approval, guardian consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import update

from mentoring.accounts.models import User
from mentoring.accounts.queries import coordinators
from mentoring.core.audit import record
from mentoring.database import rows_changed
from mentoring.errors import Conflict, DomainError
from mentoring.extensions import db
from mentoring.notify.services import notify
from mentoring.profiles.models import MenteeProfile, MentorProfile


@dataclass(frozen=True)
class Screening:
    checked_on: date
    expires_on: date
    training_completed_on: date | None
    minors_cleared: bool


def approve_mentor(coordinator: User, profile: MentorProfile, screening: Screening,
                   now: datetime) -> None:
    """Record screening and training, and make the mentor matchable."""
    if profile.submitted_at is None:
        raise Conflict(_("This mentor has not sent an application yet."))
    if screening.expires_on <= now.date() or screening.expires_on <= screening.checked_on:
        raise DomainError(_("The screening expiry date must be in the future."))
    if screening.training_completed_on is None:
        raise DomainError(_("A mentor can be approved only after completing the training."))
    if screening.minors_cleared and not profile.wants_minors:
        raise DomainError(_("This mentor did not offer to mentor young people under 18."))
    record_screening(profile, screening)
    previous = "approved" if profile.is_approved else "applied"
    profile.approved_at, profile.approved_by_id, profile.rejected_at = now, coordinator.id, None
    record(actor=coordinator, action="mentor_approved", subject_type="mentor",
           subject_id=profile.user_id, now=now, from_status=previous, to_status="approved")
    db.session.flush()


def record_screening(profile: MentorProfile, screening: Screening) -> None:
    profile.screening_checked_on = screening.checked_on
    profile.screening_expires_on = screening.expires_on
    profile.training_completed_on = screening.training_completed_on
    profile.minors_cleared = screening.minors_cleared
    profile.expiry_reported_on = None


def reject_mentor(coordinator: User, profile: MentorProfile, now: datetime,
                  reason: str | None) -> None:
    if profile.open_matches:
        raise Conflict(_("This mentor still has open matches: close them first."))
    profile.approved_at, profile.rejected_at = None, now
    record(actor=coordinator, action="mentor_rejected", subject_type="mentor",
           subject_id=profile.user_id, now=now, to_status="rejected", reason=reason)
    db.session.flush()


def record_guardian_consent(coordinator: User, profile: MenteeProfile, now: datetime) -> None:
    """A parent or guardian agreed: the young mentee becomes matchable."""
    if not profile.needs_guardian_consent:
        raise Conflict(_("This mentee does not need a guardian's consent."))
    profile.guardian_consent_at, profile.guardian_consent_by_id = now, coordinator.id
    record(actor=coordinator, action="guardian_consent", subject_type="mentee",
           subject_id=profile.user_id, now=now, to_status="consented")
    db.session.flush()


def report_expired_screenings(now: datetime) -> int:
    """Tell coordinators once about approved mentors whose screening has expired (a sweep)."""
    today = now.date()
    expired = db.session.scalars(db.select(MentorProfile.id).where(
        MentorProfile.approved_at.is_not(None),
        MentorProfile.screening_expires_on <= today,
        MentorProfile.expiry_reported_on.is_(None),
    )).all()
    reported = 0
    for profile_id in expired:
        # Claimed with a conditional update: two schedulers never report the same expiry twice.
        claim = db.session.execute(
            update(MentorProfile)
            .where(MentorProfile.id == profile_id, MentorProfile.expiry_reported_on.is_(None))
            .values(expiry_reported_on=today).execution_options(synchronize_session=False))
        if rows_changed(claim) != 1:
            continue
        mentor_id = db.session.get_one(MentorProfile, profile_id).user_id
        for coordinator in coordinators():
            notify(coordinator, "screening_expired", now, mentor_id=mentor_id)
        record(actor=None, action="screening_expired", subject_type="mentor",
               subject_id=mentor_id, now=now, to_status="unmatchable")
        reported += 1
    db.session.flush()
    return reported
