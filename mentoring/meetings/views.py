"""Meeting pages: propose and confirm a series, move or cancel sessions, invites and feeds."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.accounts.zones import place_name
from mentoring.clock import now_utc
from mentoring.core.dates import time_in_words
from mentoring.extensions import db
from mentoring.meetings import feeds, moves, queries, services, wording
from mentoring.meetings.forms import (
    CancelForm,
    ChangeSeriesForm,
    MoveForm,
    PlanForm,
    slot_choices,
    slot_value,
)
from mentoring.meetings.invites import invite_bytes, personal_feed
from mentoring.meetings.models import MeetingSeries, Occurrence, SeriesStatus
from mentoring.meetings.slots import best_plan, common_slots
from mentoring.notify.delivery import send_committed_notifications
from mentoring.pairing.models import Match

bp = Blueprint("meetings", __name__)
PARTICIPANTS = (Role.MENTEE, Role.MENTOR)
EVERYONE = (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)


def _match_or_404(match_id: int) -> Match:
    match = db.session.get(Match, match_id)
    if match is None or not match.meetings_open_to(current_user):
        abort(404)
    return match


def _series_or_404(series_id: int) -> MeetingSeries:
    series = db.session.get(MeetingSeries, series_id)
    if series is None or not series.match.meetings_open_to(current_user):
        abort(404)
    return series


def _occurrence_or_404(occurrence_id: int) -> Occurrence:
    occurrence = db.session.get(Occurrence, occurrence_id)
    if occurrence is None or not occurrence.series.match.meetings_open_to(current_user):
        abort(404)
    return occurrence


def _done(match_id: int, message: str):
    db.session.commit()
    send_committed_notifications(now_utc())
    flash(message, "success")
    return redirect(url_for("meetings.match_meetings", match_id=match_id))


def _plan_form(form_class, match: Match, now: datetime):
    slots = common_slots(match, now) if match.is_active and match.involves(current_user) else []
    form = form_class()
    blank = [("", "—")] if form_class is ChangeSeriesForm else []
    form.slot.choices = blank + slot_choices(slots)
    if not form.is_submitted() and form_class is PlanForm:
        best = best_plan(match, now) if slots else None
        form.slot.data = slot_value(best.start_at) if best else None
    return form


def _render(match: Match, form=None, status: int = 200):
    now = now_utc()
    series = services.live_series(match)
    proposal = next((s for s in series if s.status is SeriesStatus.PROPOSED), None)
    booked = [s for s in series if s.status is SeriesStatus.CONFIRMED]
    ongoing = [s for s in booked if services.is_ongoing(s, now)]
    # Every session to come, whichever series it belongs to (a change from a date on starts one).
    upcoming = sorted((o for s in booked for o in s.occurrences if o.end_at > now),
                      key=lambda o: o.start_at)
    if form is None and not ongoing:  # the common slots are only needed to propose a time
        form = _plan_form(PlanForm, match, now)
    return render_template(
        "meetings/match.html", match=match, proposal=proposal, booked=booked, ongoing=ongoing,
        upcoming=upcoming, form=form, now=now,
        zone_notes=[wording.zone_note(s, current_user, now) for s in ongoing],
        shifted=wording.shifted_sessions(ongoing, current_user, now),
    ), status


def _render_session(occurrence: Occurrence, change_form=None, move_form=None, status: int = 200):
    """One session's page: cancel it, move it, or change the sessions from it on."""
    now = now_utc()
    match = occurrence.series.match
    if change_form is None:
        change_form = _plan_form(ChangeSeriesForm, match, now)
        change_form.location.data = occurrence.series.location
        change_form.video_url.data = occurrence.series.video_url
    if move_form is None:
        move_form = _move_form(occurrence, now)
    other = match.mentor if current_user.id == match.mentee_id else match.mentee
    return render_template(
        "meetings/session.html", match=match, session=occurrence, now=now, other=other,
        other_when=time_in_words(occurrence.start_at, "EEEE d MMMM, HH:mm",
                                 tzinfo=ZoneInfo(other.timezone), locale=str(get_locale())),
        move_form=move_form, change_form=change_form,
        shared_times=move_form.time.choices[:-1],
        shift_notes=wording.shifted_sessions([occurrence.series], current_user, now).get(
            occurrence.id, []),
    ), status


def _move_form(occurrence: Occurrence, now: datetime) -> MoveForm:
    """The move form: the shared times of the session's week first, then any day and time,
    prefilled with the session's own day and time in the reader's zone."""
    match = occurrence.series.match
    form = MoveForm()
    form.time.choices = slot_choices(
        moves.shared_starts_near(match, occurrence, now), "EEEE d MMMM, HH:mm") + [
        ("", _("Another day and time (below)"))]
    if not form.is_submitted():
        local = occurrence.start_at.astimezone(ZoneInfo(current_user.timezone))
        form.day.data = local.date()
        form.minute.data = local.hour * 60 + local.minute - local.minute % 15
    return form


@bp.get("/meetings")
@role_required(*PARTICIPANTS)
def my_meetings():
    matches = queries.matches_of(current_user)
    series = queries.live_series_by_match(matches)
    return render_template("meetings/index.html", matches=matches, now=now_utc(),
                           live_series=lambda match: series[match.id])


@bp.get("/matches/<int:match_id>/meetings")
@role_required(*EVERYONE)
def match_meetings(match_id: int):
    return _render(_match_or_404(match_id))


@bp.post("/matches/<int:match_id>/meetings")
@role_required(*PARTICIPANTS)
def propose(match_id: int):
    match = _match_or_404(match_id)
    form = _plan_form(PlanForm, match, now_utc())
    if not form.validate_on_submit():
        return _render(match, form, 400)
    services.propose_series(match, current_user, now_utc(), form.plan())
    return _done(match.id, _("Your proposal is sent. The other person will confirm it."))


@bp.post("/series/<int:series_id>/confirm")
@role_required(*PARTICIPANTS)
def confirm(series_id: int):
    series = _series_or_404(series_id)
    services.confirm_series(series, current_user, now_utc())
    return _done(series.match_id, _("Your sessions are booked. Invites are on their way."))


@bp.post("/series/<int:series_id>/decline")
@role_required(*PARTICIPANTS)
def decline(series_id: int):
    series = _series_or_404(series_id)
    services.decline_series(series, current_user, now_utc())
    return _done(series.match_id, _("The proposal is withdrawn. You can propose another time."))


@bp.get("/matches/<int:match_id>/meetings/cancel")
@role_required(*PARTICIPANTS)
def cancel_remaining_page(match_id: int):
    """Confirmation step (works without JavaScript): what will be cancelled, and a reason."""
    match = _match_or_404(match_id)
    now = now_utc()
    sessions = sorted((o for s in services.live_series(match) if services.is_ongoing(s, now)
                       for o in s.occurrences if o.end_at > now and not o.is_cancelled),
                      key=lambda o: o.start_at)
    if not sessions or not match.involves(current_user):
        abort(404)
    return render_template("meetings/cancel.html", match=match, sessions=sessions,
                           form=CancelForm(),
                           action=url_for("meetings.cancel_remaining", match_id=match.id))


@bp.post("/matches/<int:match_id>/meetings/cancel")
@role_required(*PARTICIPANTS)
def cancel_remaining(match_id: int):
    match = _match_or_404(match_id)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    services.cancel_remaining(match, current_user, now_utc(), form.reason.data)
    return _done(match.id, _("All the remaining sessions are cancelled. The other person is told."))


@bp.post("/series/<int:series_id>/cancel")
@role_required(*PARTICIPANTS)
def cancel_series(series_id: int):
    series = _series_or_404(series_id)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    services.cancel_series(series, current_user, now_utc(), form.reason.data)
    return _done(series.match_id, _("All the remaining sessions are cancelled."))


@bp.get("/sessions/<int:occurrence_id>")
@role_required(*PARTICIPANTS)
def session_page(occurrence_id: int):
    return _render_session(_occurrence_or_404(occurrence_id))


@bp.get("/sessions/<int:occurrence_id>/cancel")
@role_required(*PARTICIPANTS)
def cancel_occurrence_page(occurrence_id: int):
    """Confirmation step for one session, with an optional reason for the other person."""
    occurrence = _occurrence_or_404(occurrence_id)
    match = occurrence.series.match
    if occurrence.is_cancelled or occurrence.start_at <= now_utc() or not match.involves(
            current_user):
        abort(404)
    return render_template(
        "meetings/cancel.html", match=match, sessions=[occurrence], form=CancelForm(),
        session=occurrence,
        action=url_for("meetings.cancel_occurrence", occurrence_id=occurrence.id))


@bp.post("/sessions/<int:occurrence_id>/cancel")
@role_required(*PARTICIPANTS)
def cancel_occurrence(occurrence_id: int):
    occurrence = _occurrence_or_404(occurrence_id)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    services.cancel_occurrence(occurrence, current_user, now_utc(), form.reason.data)
    return _done(occurrence.series.match_id,
                 _("The session is cancelled. The other person is told."))


@bp.post("/sessions/<int:occurrence_id>/move")
@role_required(*PARTICIPANTS)
def move_occurrence(occurrence_id: int):
    """Two steps: the chosen time is shown in both zones (with a warning if it is outside the
    other person's free times); only the second submission, with `confirmed`, moves it."""
    occurrence = _occurrence_or_404(occurrence_id)
    now = now_utc()
    form = _move_form(occurrence, now)
    if not form.validate_on_submit():
        return _render_session(occurrence, move_form=form, status=400)
    start = form.start_at(current_user.timezone)
    if not form.confirmed.data:
        match = occurrence.series.match
        other = match.other_party(current_user)
        return render_template(
            "meetings/move_confirm.html", match=match, session=occurrence, form=form,
            start=start, end=start + occurrence.series.duration, other=other,
            other_when=time_in_words(start, "EEEE d MMMM y, HH:mm",
                                     tzinfo=ZoneInfo(other.timezone), locale=str(get_locale())),
            suits_other=moves.is_free(other, start, start + occurrence.series.duration),
            suits_me=moves.is_free(current_user, start, start + occurrence.series.duration))
    services.move_occurrence(occurrence, current_user, now, start)
    return _done(occurrence.series.match_id, _("The session is moved."))


@bp.post("/sessions/<int:occurrence_id>/change-series")
@role_required(*PARTICIPANTS)
def change_series(occurrence_id: int):
    occurrence = _occurrence_or_404(occurrence_id)
    match = occurrence.series.match
    form = _plan_form(ChangeSeriesForm, match, now_utc())
    if not form.validate_on_submit():
        return _render_session(occurrence, form, status=400)
    plan = form.plan() if form.action.data == "retime" else None
    services.change_series_from(occurrence, current_user, now_utc(), plan)
    return _done(match.id, _("The sessions are changed from that day on."))


@bp.get("/series/<int:series_id>/invite.ics")
@role_required(*EVERYONE)
def download_invite(series_id: int):
    series = _series_or_404(series_id)
    if series.status is not SeriesStatus.CONFIRMED:
        abort(404)
    return _calendar(invite_bytes(series, current_user, now_utc()), "mentoring-sessions.ics",
                     "REQUEST")


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    user = feeds.user_for_token(token)
    if user is None:
        abort(404)
    built = personal_feed(user, now_utc())
    response = _calendar(built.content, "mentoring.ics", "PUBLISH", inline=True)
    response.set_etag(built.etag.strip('"'))
    response.last_modified = built.last_modified
    # Clients poll every few minutes to hours: an unchanged feed is a 304 with no body.
    # Cache-Control stays no-store (core/headers.py): no shared cache keeps a copy.
    return response.make_conditional(request)


def _calendar(content: bytes, filename: str, method: str, inline: bool = False) -> Response:
    response = Response(content, mimetype="text/calendar")
    response.headers["Content-Type"] = f"text/calendar; charset=utf-8; method={method}"
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@bp.post("/account/calendar/regenerate")
@role_required(*PARTICIPANTS)
def regenerate_feed():
    feeds.regenerate_feed(current_user, now_utc())
    db.session.commit()
    flash(_("Your calendar link is ready. Any previous link no longer works."), "success")
    return redirect(url_for("accounts.settings") + "#calendar")


@bp.post("/account/calendar/revoke")
@role_required(*PARTICIPANTS)
def revoke_feed():
    feeds.revoke_feed(current_user)
    db.session.commit()
    flash(_("Your calendar link is switched off."), "success")
    return redirect(url_for("accounts.settings") + "#calendar")


@bp.app_context_processor
def calendar_helpers():
    def feed_url(user) -> str | None:
        feed = feeds.feed_of(user)
        if feed is None:
            return None
        return url_for("meetings.feed", token=feeds.feed_token(feed), _external=True)

    def session_time(occurrence_id: int, user) -> str:
        occurrence = db.session.get_one(Occurrence, occurrence_id)
        zone = ZoneInfo(user.timezone)
        when = time_in_words(occurrence.start_at, "EEEE d MMMM y, HH:mm", tzinfo=zone,
                             locale=user.locale)
        return _("%(when)s, time in %(place)s", when=when,
                 place=place_name(user.timezone, user.locale))

    def session_shift(occurrence_id: int, user) -> str:
        occurrence = db.session.get(Occurrence, occurrence_id)
        return wording.reminder_warning(occurrence, user) if occurrence else ""

    return {"calendar_feed_url": feed_url, "session_time": session_time,
            "session_shift": session_shift}
