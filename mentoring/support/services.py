"""Recording support contacts, the programme's schedule, and who is due or overdue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mentoring.accounts.models import User
from mentoring.core.audit import record
from mentoring.errors import Conflict, DomainError, NotFound
from mentoring.extensions import db
from mentoring.pairing.models import Match, MatchStatus
from mentoring.support.models import ContactChannel, ContactWith, SupportContact, SupportSchedule
from mentoring.support.schedule import Schedule, SupportState, count_against_due, support_state

MAX_NOTES = 4000


def current_schedule(session: Session | Any = None) -> Schedule:
    """The programme's schedule (two contacts in the first month, then one a month by default)."""
    row = (session or db.session).get(SupportSchedule, 1)
    return Schedule(row.first_month_contacts, row.monthly_contacts) if row else Schedule()


def set_schedule(coordinator: User, first_month: int, monthly: int, now: datetime) -> Schedule:
    if not (1 <= first_month <= 8 and 1 <= monthly <= 8):
        raise DomainError(_("Choose from 1 to 8 contacts."))
    row = db.session.get(SupportSchedule, 1) or SupportSchedule(id=1)
    row.first_month_contacts, row.monthly_contacts = first_month, monthly
    row.updated_at, row.updated_by_id = now, coordinator.id
    db.session.add(row)
    record(actor=coordinator, action="support_schedule_changed", subject_type="programme",
           subject_id=1, now=now, to_status=f"{first_month}+{monthly}")
    db.session.flush()
    return Schedule(first_month, monthly)


def contacts_of(match: Match) -> list[SupportContact]:
    return list(db.session.scalars(
        select(SupportContact).where(SupportContact.match_id == match.id)
        .order_by(SupportContact.contact_at.desc(), SupportContact.id.desc())))


def record_contact(coordinator: User, match: Match, contact_at: datetime,
                   channel: ContactChannel, contact_with: ContactWith, notes: str | None,
                   needs_follow_up: bool, now: datetime) -> SupportContact:
    """Record a contact with a person of a match that started (active or ended since)."""
    if match.activated_at is None:
        raise Conflict(_("Support contacts are recorded once the match has started."))
    if contact_at > now + timedelta(minutes=5):
        raise DomainError(_("A contact cannot be in the future."))
    if contact_at < match.activated_at - timedelta(days=1):
        raise DomainError(_("This date is before the match started."))
    notes = (notes or "").strip() or None
    if notes and len(notes) > MAX_NOTES:
        raise DomainError(_("Notes can have up to 4,000 characters."))
    contact = SupportContact(match_id=match.id, recorded_by_id=coordinator.id,
                             contact_at=contact_at, channel=channel, contact_with=contact_with,
                             notes=notes, needs_follow_up=needs_follow_up, created_at=now)
    db.session.add(contact)
    db.session.flush()
    # The audit row names the contact, never its notes.
    record(actor=coordinator, action="support_contact", subject_type="match",
           subject_id=match.id, now=now, to_status=channel.value)
    return contact


def clear_follow_up(coordinator: User, contact_id: int, now: datetime) -> SupportContact:
    contact = db.session.get(SupportContact, contact_id)
    if contact is None:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    if not contact.follow_up_open:
        raise Conflict(_("This contact has no follow-up to clear."))
    contact.follow_up_cleared_at, contact.follow_up_cleared_by_id = now, coordinator.id
    db.session.flush()
    return contact


def blank_notes_of_matches_of(user: User) -> None:
    """Erasure: notes about a person's matches go; the contacts' dates stay for the figures."""
    theirs = select(Match.id).where((Match.mentee_id == user.id) | (Match.mentor_id == user.id))
    db.session.execute(update(SupportContact).where(SupportContact.match_id.in_(theirs))
                       .values(notes=None))


@dataclass(frozen=True)
class MatchSupport:
    match_id: int
    mentee: str  # pseudonyms: what the dashboard and the digest may show
    mentor: str
    activated_at: datetime
    state: SupportState


def contact_times(session: Session | Any, match_ids: list[int] | None = None,
                  statuses: tuple[MatchStatus, ...] | None = None) -> dict[int, list[datetime]]:
    """Every contact time of the chosen matches, sorted, by match (one statement)."""
    query = select(SupportContact.match_id, SupportContact.contact_at).order_by(
        SupportContact.match_id, SupportContact.contact_at)
    if statuses is not None:
        query = query.join(Match, Match.id == SupportContact.match_id).where(
            Match.status.in_(statuses))
    if match_ids is not None:
        query = query.where(SupportContact.match_id.in_(match_ids))
    times: dict[int, list[datetime]] = defaultdict(list)
    for match_id, at in session.execute(query):
        times[match_id].append(at)
    return times


def active_support(now: datetime, schedule: Schedule | None = None) -> list[MatchSupport]:
    """The support state of every active match, in three statements whatever their number."""
    schedule = schedule or current_schedule()
    times = contact_times(db.session, statuses=(MatchStatus.ACTIVE,))
    mentee, mentor = db.aliased(User), db.aliased(User)
    rows = db.session.execute(
        select(Match.id, Match.activated_at, mentee.pseudonym, mentor.pseudonym)
        .join(mentee, mentee.id == Match.mentee_id).join(mentor, mentor.id == Match.mentor_id)
        .where(Match.status == MatchStatus.ACTIVE, Match.activated_at.is_not(None))
        .order_by(Match.activated_at, Match.id))
    return [MatchSupport(match_id, mentee_name, mentor_name, activated_at,
                         support_state(activated_at, [t for t in times.get(match_id, [])
                                                      if t <= now], schedule, now))
            for match_id, activated_at, mentee_name, mentor_name in rows]


def overdue_and_due(now: datetime, states: list[MatchSupport] | None = None,
                    ) -> tuple[list[MatchSupport], list[MatchSupport]]:
    """(overdue matches, latest first; matches due in the coming week, soonest first)."""
    states = active_support(now) if states is None else states
    overdue = sorted((s for s in states if s.state.overdue_since),
                     key=lambda s: (s.state.overdue_since, s.match_id))
    due = sorted((s for s in states if s.state.is_due_soon(now)),
                 key=lambda s: (s.state.next_due_at, s.match_id))
    return overdue, due


def open_follow_ups() -> list[SupportContact]:
    return list(db.session.scalars(
        select(SupportContact).where(SupportContact.needs_follow_up.is_(True),
                                     SupportContact.follow_up_cleared_at.is_(None))
        .order_by(SupportContact.contact_at)))


def contacts_against_due(session: Session | Any, start: datetime, end: datetime,
                         match_ids: list[int] | None = None) -> tuple[int, int]:
    """(done, due) support contacts for the due points that fall in [start, end).

    Exactly: every match that started (activated_at set), or those of `match_ids`, has due points
    as in `mentoring.support.schedule` (window k = [activated_at + k months, + k+1 months); window
    0 requires the schedule's first-month contacts, later windows its monthly contacts; the j-th of
    r is due at j/r of the window; none after a closed match's end). `due` counts the due points
    with start <= due_at < end; `done` counts those that are met (their window holds at least j
    contacts, counting the whole window, so a figure can still rise until the window closes), so
    done <= due. Pass end <= now to leave out points not reached yet. Three statements.
    """
    schedule = current_schedule(session)
    query = select(Match.id, Match.activated_at, Match.ended_at).where(
        Match.activated_at.is_not(None), Match.activated_at < end)
    if match_ids is not None:
        query = query.where(Match.id.in_(match_ids))
    matches = session.execute(query).all()
    times = contact_times(session, [m.id for m in matches] if match_ids is not None else None)
    done = due = 0
    for match_id, activated_at, ended_at in matches:
        assert activated_at is not None  # selected above
        if ended_at is not None and ended_at < start:
            continue
        met, points = count_against_due(activated_at, ended_at, times.get(match_id, []),
                                        schedule, start, end)
        done, due = done + met, due + points
    return done, due
