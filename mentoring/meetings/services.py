"""Booking, confirming, moving and cancelling meetings; every change notifies both people.

Services take the acting user and `now`, flush and never commit. Overlaps are refused under a
lock on both people (see overlaps.py), so two concurrent bookings cannot both win.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from mentoring.accounts.models import User
from mentoring.core.audit import record
from mentoring.errors import Conflict, DomainError, NotAllowed
from mentoring.extensions import db
from mentoring.meetings.models import (
    LIVE_SERIES,
    MeetingSeries,
    Occurrence,
    OccurrenceStatus,
    SeriesStatus,
)
from mentoring.meetings.overlaps import lock_people, refuse_overlaps
from mentoring.meetings.rules import Rule, to_local, to_utc
from mentoring.meetings.slots import Plan, rule_for
from mentoring.notify.services import cancel_pending, notify
from mentoring.pairing.models import Match

MAX_SESSIONS = 52


def rule_of(series: MeetingSeries) -> Rule:
    return Rule(series.timezone, series.first_start_local, series.interval_weeks, series.count,
                series.until_local)


def live_series(match: Match) -> list[MeetingSeries]:
    return list(db.session.scalars(
        select(MeetingSeries).where(MeetingSeries.match_id == match.id,
                                    MeetingSeries.status.in_(LIVE_SERIES))
        .order_by(MeetingSeries.first_start_local)
    ))


def is_ongoing(series: MeetingSeries, now: datetime) -> bool:
    """A booked series that still has a session to come (a finished one blocks nothing)."""
    return series.status is SeriesStatus.CONFIRMED and any(
        o.end_at > now and not o.is_cancelled for o in series.occurrences)


def _people(match: Match) -> tuple[int, int]:
    return match.mentee_id, match.mentor_id


def _check_participant(match: Match, actor: User) -> None:
    if not match.involves(actor):
        raise NotAllowed(_("Only the two people of this match can arrange its meetings."))
    if not match.is_active:
        raise Conflict(_("Meetings can be arranged only while the match is active."))


def _check_plan(plan: Plan, now: datetime) -> None:
    if plan.start_at <= now:
        raise DomainError(_("The first session must be in the future."))
    if plan.interval_weeks not in (1, 2):
        raise DomainError(_("Choose weekly or every two weeks."))
    if plan.until_on is None and not 1 <= (plan.count or 1) <= MAX_SESSIONS:
        raise DomainError(_("Choose between 1 and 52 sessions."))
    if plan.until_on is not None and not (
        plan.start_at.date() <= plan.until_on <= plan.start_at.date() + timedelta(days=366)
    ):
        raise DomainError(_("The end date must be within a year after the first session."))


def _new_series(match: Match, actor: User, now: datetime, plan: Plan,
                status: SeriesStatus) -> MeetingSeries:
    rule = rule_for(plan, match.mentor.timezone, current_app.config["MEETING_SESSIONS"])
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "mentoring.local"
    series = MeetingSeries(
        match_id=match.id, status=status, proposed_by_id=actor.id, timezone=rule.timezone,
        first_start_local=rule.first_start_local, interval_weeks=rule.interval_weeks,
        count=rule.count, until_on=plan.until_on,
        duration_minutes=current_app.config["MEETING_MINUTES"], uid=f"{uuid.uuid4()}@{host}",
        location=plan.location, video_url=plan.video_url, created_at=now, updated_at=now,
        confirmed_at=now if status is SeriesStatus.CONFIRMED else None,
    )
    series.match = match
    _materialise(series)
    refuse_overlaps(_people(match), [(o.start_at, o.end_at) for o in series.occurrences])
    db.session.add(series)
    db.session.flush()
    return series


def _materialise(series: MeetingSeries) -> None:
    """Create the occurrence rows the rule gives (the series is new: no exceptions yet)."""
    for start in rule_of(series).utc_starts():
        series.occurrences.append(Occurrence(
            recurrence_at=start, start_at=start, end_at=start + series.duration,
            status=OccurrenceStatus.SCHEDULED,
        ))


def _audit(series: MeetingSeries, actor: User | None, action: str, now: datetime,
           from_status: str | None = None) -> None:
    record(actor=actor, action=action, subject_type="meeting_series", subject_id=series.id,
           now=now, from_status=from_status, to_status=series.status.value)


def _tell(people: list[User], kind: str, now: datetime, series: MeetingSeries, **params) -> None:
    # The UID and the session's rule time travel with the row: the invite built when it is
    # sent must not depend on row ids, which SQLite reuses after a delete.
    for person in people:
        notify(person, kind, now, topic=f"series:{series.id}", series_id=series.id,
               match_id=series.match_id, uid=series.uid, **params)


def _tell_cancelled(series: MeetingSeries, actor: User | None, kind: str, now: datetime,
                    reason: str | None, **params) -> None:
    """Tell both people; only the other person's notification carries the actor's reason.

    The reason is the person's own words: it is kept in that one notification (shown when the
    other person opens their notifications), never in the audit trail, logs or e-mails.
    """
    reason = (reason or "").strip() or None
    for person in _both(series):
        extra = {"reason": reason} if reason and actor is not None and person.id != actor.id else {}
        notify(person, kind, now, topic=f"series:{series.id}", series_id=series.id,
               match_id=series.match_id, uid=series.uid, **params, **extra)  # type: ignore[arg-type]


def _both(series: MeetingSeries) -> list[User]:
    return [series.match.mentee, series.match.mentor]


def _bump(series: MeetingSeries, now: datetime) -> None:
    series.sequence += 1
    series.updated_at = now


def propose_series(match: Match, actor: User, now: datetime, plan: Plan) -> MeetingSeries:
    """Propose a series to the other person; it replaces a pending proposal of the match."""
    _check_participant(match, actor)
    _check_plan(plan, now)
    lock_people(_people(match))
    for series in live_series(match):
        if series.status is SeriesStatus.CONFIRMED:
            if is_ongoing(series, now):
                raise Conflict(_("This match already has sessions to come: change them instead."))
            continue  # every session of it is over or cancelled: it stays as it was
        series.status = SeriesStatus.REPLACED
        series.occurrences.clear()
        series.updated_at = now
    db.session.flush()
    series = _new_series(match, actor, now, plan, SeriesStatus.PROPOSED)
    _audit(series, actor, "meeting_proposed", now)
    _tell([match.other_party(actor)], "meeting_proposed", now, series)
    return series


def confirm_series(series: MeetingSeries, actor: User, now: datetime) -> MeetingSeries:
    """The other person accepts a proposal: invites go to both, reminders are scheduled."""
    _check_participant(series.match, actor)
    lock_people(_people(series.match))
    db.session.refresh(series)
    if series.status is not SeriesStatus.PROPOSED:
        raise Conflict(_("This proposal is no longer open."))
    if actor.id == series.proposed_by_id:
        raise NotAllowed(_("The other person has to confirm your proposal."))
    if series.occurrences[0].start_at <= now:
        raise Conflict(_("This proposal starts in the past: please propose another time."))
    series.status, series.confirmed_at, series.updated_at = SeriesStatus.CONFIRMED, now, now
    schedule_reminders(series, now)
    _audit(series, actor, "meeting_confirmed", now, SeriesStatus.PROPOSED.value)
    _tell(_both(series), "meeting_booked", now, series)
    return series


def decline_series(series: MeetingSeries, actor: User, now: datetime) -> None:
    """Decline (or withdraw) a pending proposal; its time is free again."""
    _check_participant(series.match, actor)
    if series.status is not SeriesStatus.PROPOSED:
        raise Conflict(_("This proposal is no longer open."))
    series.status, series.cancelled_at, series.updated_at = SeriesStatus.CANCELLED, now, now
    series.occurrences.clear()
    _audit(series, actor, "meeting_declined", now, SeriesStatus.PROPOSED.value)
    _tell([series.match.other_party(actor)], "meeting_declined", now, series)


def schedule_reminders(series: MeetingSeries, now: datetime) -> None:
    """One reminder row per person and future session, due some hours before it."""
    db.session.flush()
    for occurrence in series.occurrences:
        _remind(series, occurrence, now)


def _remind(series: MeetingSeries, occurrence: Occurrence, now: datetime) -> None:
    due = occurrence.start_at - timedelta(hours=current_app.config["MEETING_REMINDER_HOURS"])
    if occurrence.is_cancelled or due <= now:
        return
    for person in _both(series):
        notify(person, "meeting_reminder", now, due_at=due, topic=occurrence.reminder_topic,
               series_id=series.id, occurrence_id=occurrence.id, match_id=series.match_id)


def _check_changeable(occurrence: Occurrence, actor: User, now: datetime) -> MeetingSeries:
    series = occurrence.series
    _check_participant(series.match, actor)
    if series.status is not SeriesStatus.CONFIRMED:
        raise Conflict(_("This series is not booked."))
    if occurrence.is_cancelled or occurrence.start_at <= now:
        raise Conflict(_("This session is already cancelled or has already started."))
    return series


def cancel_occurrence(occurrence: Occurrence, actor: User, now: datetime,
                      reason: str | None = None) -> None:
    """Cancel one session: calendars drop it (EXDATE / a cancelled instance)."""
    series = _check_changeable(occurrence, actor, now)
    occurrence.status = OccurrenceStatus.CANCELLED
    cancel_pending(occurrence.reminder_topic, now)
    _bump(series, now)
    _audit(series, actor, "meeting_session_cancelled", now, series.status.value)
    _tell_cancelled(series, actor, "meeting_session_cancelled", now, reason,
                    occurrence_id=occurrence.id, recurrence_at=occurrence.recurrence_at.isoformat())


def move_occurrence(occurrence: Occurrence, actor: User, now: datetime,
                    start_at: datetime) -> None:
    """Hold one session at another time (an override with RECURRENCE-ID in calendars)."""
    series = _check_changeable(occurrence, actor, now)
    if start_at <= now:
        raise DomainError(_("The new time must be in the future."))
    lock_people(_people(series.match))
    # In UTC first: Python adds a timedelta to a zoned time in wall time, which on a DST
    # night would end a session before it starts.
    start_at = start_at.astimezone(UTC)
    end_at = start_at + series.duration
    refuse_overlaps(_people(series.match), [(start_at, end_at)],
                    except_occurrence=occurrence.id)
    occurrence.start_at, occurrence.end_at = start_at, end_at
    is_back = start_at == occurrence.recurrence_at
    occurrence.status = OccurrenceStatus.SCHEDULED if is_back else OccurrenceStatus.MOVED
    cancel_pending(occurrence.reminder_topic, now)
    _remind(series, occurrence, now)
    _bump(series, now)
    _audit(series, actor, "meeting_session_moved", now, series.status.value)
    _tell(_both(series), "meeting_changed", now, series, occurrence_id=occurrence.id,
          recurrence_at=occurrence.recurrence_at.isoformat())


def change_series_from(occurrence: Occurrence, actor: User, now: datetime,
                       plan: Plan | None) -> MeetingSeries | None:
    """End the series before `occurrence`; with a plan, a new series takes over from that day."""
    series = _check_changeable(occurrence, actor, now)
    match = series.match
    lock_people(_people(match))
    kept = [o for o in series.occurrences if o.recurrence_at < occurrence.recurrence_at]
    for dropped in [o for o in series.occurrences if o.recurrence_at >= occurrence.recurrence_at]:
        cancel_pending(dropped.reminder_topic, now)
        series.occurrences.remove(dropped)
    _bump(series, now)
    if kept:
        series.count, series.until_on = len(kept), None  # COUNT keeps exactly these
        _audit(series, actor, "meeting_series_shortened", now, series.status.value)
        _tell(_both(series), "meeting_changed", now, series)
    else:
        _cancel(series, now)
        _audit(series, actor, "meeting_series_cancelled", now, SeriesStatus.CONFIRMED.value)
        _tell(_both(series), "meeting_cancelled", now, series)
    db.session.flush()
    if plan is None:
        return None
    plan = _from_day(plan, occurrence, series.timezone)
    _check_plan(plan, now)
    successor = _new_series(match, actor, now, plan, SeriesStatus.CONFIRMED)
    schedule_reminders(successor, now)
    _audit(successor, actor, "meeting_series_booked", now)
    _tell(_both(successor), "meeting_booked", now, successor)
    return successor


def _from_day(plan: Plan, occurrence: Occurrence, timezone: str) -> Plan:
    """Move the plan's weekly time to the first such day on or after the changed session."""
    chosen = to_local(plan.start_at, timezone)
    day = to_local(occurrence.recurrence_at, timezone).date()
    day += timedelta(days=(chosen.weekday() - day.weekday()) % 7)
    first = to_utc(datetime.combine(day, chosen.time()), timezone)
    return Plan(first, plan.interval_weeks, plan.count, plan.until_on, plan.location,
                plan.video_url)


def _cancel(series: MeetingSeries, now: datetime) -> None:
    series.status, series.cancelled_at = SeriesStatus.CANCELLED, now
    for occurrence in series.occurrences:
        cancel_pending(occurrence.reminder_topic, now)
        if occurrence.start_at > now and not occurrence.is_cancelled:
            occurrence.status = OccurrenceStatus.CANCELLED


def cancel_series(series: MeetingSeries, actor: User | None, now: datetime,
                  reason: str | None = None) -> None:
    """Cancel every remaining session; calendars receive METHOD:CANCEL for the series' UID."""
    if actor is not None:
        _check_participant(series.match, actor)
    if series.status is not SeriesStatus.CONFIRMED:
        raise Conflict(_("This series is not booked."))
    _bump(series, now)
    _cancel(series, now)
    _audit(series, actor, "meeting_series_cancelled", now, SeriesStatus.CONFIRMED.value)
    _tell_cancelled(series, actor, "meeting_cancelled", now, reason)


def cancel_remaining(match: Match, actor: User, now: datetime, reason: str | None = None) -> int:
    """Cancel every session to come of the match, whichever series it belongs to."""
    _check_participant(match, actor)
    lock_people(_people(match))
    ongoing = [s for s in live_series(match) if is_ongoing(s, now)]
    if not ongoing:
        raise Conflict(_("There is no session to come to cancel."))
    for series in ongoing:
        cancel_series(series, actor, now, reason)
    db.session.flush()
    return len(ongoing)


def cancel_all_for_match(match: Match, actor: User | None, now: datetime) -> int:
    """Cancel a closing match's proposals and series (called by the close-match service).

    Works whatever the match's status, so call it before or after changing it. Returns the
    number of series and proposals cancelled.
    """
    cancelled = 0
    for series in live_series(match):
        if series.status is SeriesStatus.PROPOSED:
            series.status, series.cancelled_at, series.updated_at = (
                SeriesStatus.CANCELLED, now, now)
            series.occurrences.clear()
            _audit(series, actor, "meeting_proposal_cancelled", now, SeriesStatus.PROPOSED.value)
        else:
            _bump(series, now)
            _cancel(series, now)
            _audit(series, actor, "meeting_series_cancelled", now, SeriesStatus.CONFIRMED.value)
            _tell(_both(series), "meeting_cancelled", now, series)
        cancelled += 1
    db.session.flush()
    return cancelled
