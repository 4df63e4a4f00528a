"""The match state machine: every status change is a named transition with an audit row.

approve_pair ─► APPROVED ─accept─► ACCEPTED ─confirm─► ACTIVE ─close─► CLOSED
                   │ decline / expire      │ refuse / withdraw
                   ▼                       ▼
           DECLINED / EXPIRED       REJECTED / WITHDRAWN

A mentor's open places and a mentee's single open match are enforced by the database: a
conditional update of the mentor's open-match counter and a partial unique index.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from mentoring.accounts.models import User
from mentoring.accounts.queries import coordinators
from mentoring.core.audit import record
from mentoring.database import rows_changed
from mentoring.errors import Conflict, NotAllowed
from mentoring.extensions import db
from mentoring.meetings.services import cancel_all_for_match
from mentoring.notify.services import cancel_pending, notify
from mentoring.pairing.models import (
    PENDING_STATUSES,
    CloseReason,
    ExcludedPair,
    Match,
    MatchStatus,
)
from mentoring.profiles.models import MenteeProfile, MentorProfile

S = MatchStatus
CLOSE_REASONS = tuple(CloseReason)  # kept for callers; the enum is the source


def _topic(match: Match) -> str:
    return f"match:{match.id}:respond"


def _transition(match: Match, allowed: tuple[MatchStatus, ...], to: MatchStatus,
                actor: User | None, now: datetime, reason: str | None = None) -> MatchStatus:
    """Change the status only if it is still one of `allowed` (checked in the UPDATE itself)."""
    before = match.status
    result = db.session.execute(
        update(Match)
        .where(Match.id == match.id, Match.status.in_(allowed))
        .values(status=to)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        db.session.refresh(match)
        raise Conflict(_("This match is no longer waiting for that action (it is now: %(status)s).",
                         status=status_label(match.status)))
    match.status = to
    record(actor=actor, action=f"match_{to.value}", subject_type="match", subject_id=match.id,
           now=now, from_status=before.value, to_status=to.value, reason=reason)
    return before


def status_label(status: MatchStatus) -> str:
    labels = {
        S.APPROVED: _("waiting for the mentor's answer"),
        S.ACCEPTED: _("waiting for the mentee's confirmation"),
        S.ACTIVE: _("active"),
        S.CLOSED: _("closed"),
        S.DECLINED: _("declined by the mentor"),
        S.EXPIRED: _("expired without an answer"),
        S.WITHDRAWN: _("withdrawn"),
        S.REJECTED: _("not confirmed by the mentee"),
    }
    return labels[status]


def _reserve_place(mentor_id: int) -> None:
    result = db.session.execute(
        update(MentorProfile)
        .where(MentorProfile.user_id == mentor_id,
               MentorProfile.open_matches < MentorProfile.capacity)
        .values(open_matches=MentorProfile.open_matches + 1)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        raise Conflict(_("This mentor has no free place left."))


def _release_place(mentor_id: int) -> None:
    db.session.execute(
        update(MentorProfile)
        .where(MentorProfile.user_id == mentor_id, MentorProfile.open_matches > 0)
        .values(open_matches=MentorProfile.open_matches - 1)
        .execution_options(synchronize_session=False)
    )


def exclude_pair(mentee_id: int, mentor_id: int, reason: str, actor: User | None,
                 now: datetime) -> None:
    """Make sure the matcher never proposes this pair again."""
    exists = db.session.scalar(db.select(ExcludedPair.id).where(
        ExcludedPair.mentee_id == mentee_id, ExcludedPair.mentor_id == mentor_id))
    if exists is None:
        db.session.add(ExcludedPair(mentee_id=mentee_id, mentor_id=mentor_id, reason=reason,
                                    created_by_id=actor.id if actor else None, created_at=now))


def approve_pair(coordinator: User, mentee: User, mentor: User, now: datetime, *,
                 respond_days: int, score: float | None = None,
                 explanation: list | None = None, override_reason: str | None = None) -> Match:
    """Create an approved proposal, reserving one of the mentor's places."""
    _reserve_place(mentor.id)
    match = Match(mentee_id=mentee.id, mentor_id=mentor.id, status=S.APPROVED, score=score,
                  explanation=explanation, override_reason=override_reason,
                  approved_by_id=coordinator.id, created_at=now,
                  respond_by_at=now + timedelta(days=respond_days))
    db.session.add(match)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise Conflict(_("This mentee already has a mentor or a pending proposal.")) from error
    record(actor=coordinator, action="match_approved", subject_type="match", subject_id=match.id,
           now=now, to_status=S.APPROVED.value, reason=override_reason)
    notify(mentor, "proposal_received", now, topic=f"match:{match.id}", match_id=match.id)
    halfway = now + timedelta(days=respond_days) / 2
    notify(mentor, "proposal_reminder", now, due_at=halfway, topic=_topic(match),
           match_id=match.id)
    return match


def accept(mentor: User, match: Match, now: datetime) -> None:
    _require(match.mentor_id == mentor.id)
    _transition(match, (S.APPROVED,), S.ACCEPTED, mentor, now)
    match.accepted_at = now
    cancel_pending(_topic(match), now)
    notify(match.mentee, "mentor_accepted", now, topic=f"match:{match.id}", match_id=match.id)


def decline(mentor: User, match: Match, now: datetime, reason: str | None) -> None:
    _require(match.mentor_id == mentor.id)
    _transition(match, (S.APPROVED,), S.DECLINED, mentor, now, reason=reason)
    match.decline_reason, match.ended_at = reason, now
    _back_to_pool(match, "declined", mentor, now)


def expire_overdue(now: datetime) -> int:
    """Expire proposals the mentor did not answer in time (the scheduler's sweep)."""
    overdue = db.session.scalars(db.select(Match).where(
        Match.status == S.APPROVED, Match.respond_by_at <= now)).all()
    expired = 0
    for match in overdue:
        try:
            with db.session.begin_nested():
                _transition(match, (S.APPROVED,), S.EXPIRED, None, now)
                match.ended_at = now
                _back_to_pool(match, "expired", None, now)
            expired += 1
        except Conflict:
            continue  # answered at the same moment: nothing to expire
    return expired


def confirm(mentee: User, match: Match, now: datetime) -> None:
    """The mentee consents too: the match becomes active and they can meet."""
    _require(match.mentee_id == mentee.id)
    _transition(match, (S.ACCEPTED,), S.ACTIVE, mentee, now)
    match.activated_at = now
    for person in (match.mentee, match.mentor):
        notify(person, "match_active", now, topic=f"match:{match.id}", match_id=match.id)


def refuse(mentee: User, match: Match, now: datetime) -> None:
    """The mentee does not want this mentor: back to the pool, this mentor excluded."""
    _require(match.mentee_id == mentee.id)
    _transition(match, (S.ACCEPTED,), S.REJECTED, mentee, now)
    match.ended_at = now
    _back_to_pool(match, "rejected", mentee, now)


def withdraw(actor: User, match: Match, now: datetime, reason: str | None = None) -> None:
    """The mentee withdraws, or a coordinator cancels, a match that has not started."""
    _require(match.mentee_id == actor.id or actor.is_coordinator)
    before = _transition(match, PENDING_STATUSES, S.WITHDRAWN, actor, now, reason=reason)
    match.ended_at = now
    _release_place(match.mentor_id)
    cancel_pending(_topic(match), now)
    if before is S.ACCEPTED or actor.is_coordinator:
        notify(match.mentor, "proposal_withdrawn", now, topic=f"match:{match.id}",
               match_id=match.id)


def close(actor: User, match: Match, reason_code: str, now: datetime) -> None:
    """End an active match; remaining meetings are cancelled and the other person is told."""
    _require(match.involves(actor) or actor.is_coordinator)
    if reason_code not in CLOSE_REASONS:
        raise Conflict(_("Choose a reason for ending the match."))
    _transition(match, (S.ACTIVE,), S.CLOSED, actor, now, reason=reason_code)
    match.ended_at, match.end_reason = now, reason_code
    _release_place(match.mentor_id)
    exclude_pair(match.mentee_id, match.mentor_id, "ended", actor, now)
    _request_fulfilled(match.mentee_id, now)
    _cancel_meetings(match, actor, now)
    for person in (match.mentee, match.mentor):
        if person.id != actor.id:
            notify(person, "match_closed", now, topic=f"match:{match.id}", match_id=match.id)


def _request_fulfilled(mentee_id: int, now: datetime) -> None:
    """The request ends with its match; the mentee can ask for a new mentor afterwards."""
    profile = db.session.scalar(db.select(MenteeProfile).where(MenteeProfile.user_id == mentee_id))
    if profile is not None and profile.withdrawn_at is None:
        profile.withdrawn_at = now


def _cancel_meetings(match: Match, actor: User, now: datetime) -> None:
    # Imported normally: a broken meetings module must fail loudly, never leave meetings booked.
    cancel_all_for_match(match, actor, now)


def withdraw_request(mentee: User, now: datetime) -> None:
    """The mentee no longer wants a mentor: pending proposals are withdrawn too."""
    profile = db.session.scalar(db.select(MenteeProfile).where(MenteeProfile.user_id == mentee.id))
    if profile is None or not profile.is_waiting:
        raise Conflict(_("There is no request to withdraw."))
    open_match = open_match_of(mentee)
    if open_match is not None and open_match.is_active:
        raise Conflict(_("Your match is active: end it from the match page instead."))
    if open_match is not None:
        withdraw(mentee, open_match, now, reason="request_withdrawn")
    profile.withdrawn_at = now
    record(actor=mentee, action="request_withdrawn", subject_type="mentee",
           subject_id=mentee.id, now=now, to_status="withdrawn")


def open_match_of(mentee: User) -> Match | None:
    return db.session.scalar(db.select(Match).where(
        Match.mentee_id == mentee.id, Match.status.in_((S.APPROVED, S.ACCEPTED, S.ACTIVE))))


def _back_to_pool(match: Match, reason: str, actor: User | None, now: datetime) -> None:
    _release_place(match.mentor_id)
    cancel_pending(_topic(match), now)
    exclude_pair(match.mentee_id, match.mentor_id, reason, actor, now)
    if reason == "rejected":  # the mentor had accepted: tell them kindly it will not go ahead
        notify(match.mentor, "proposal_withdrawn", now, topic=f"match:{match.id}",
               match_id=match.id)
    for coordinator in coordinators():
        notify(coordinator, "proposal_answered", now, topic=f"match:{match.id}",
               match_id=match.id, outcome=reason)


def _require(condition: bool) -> None:
    if not condition:
        raise NotAllowed(_("You cannot answer for someone else."))
