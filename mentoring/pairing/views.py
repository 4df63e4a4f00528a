"""Participants' pairing pages: the mentee's status, a match page, and answers to proposals."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.core.audit import record
from mentoring.core.next_steps import home_steps
from mentoring.extensions import db
from mentoring.i18n import current_locale
from mentoring.notify.delivery import send_committed_notifications
from mentoring.pairing import closing, queries, services
from mentoring.pairing.forms import CloseForm, DeclineForm, SurveyForm
from mentoring.pairing.wording import render_explanation, shared_tags, tag_labels
from mentoring.profiles.services import availability_of
from mentoring.safety.notes import shared_notes

bp = Blueprint("pairing", __name__)
EVERYONE = (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)


def _done(message: str, match_id: int | None = None):
    """Commit the action, then send its e-mails, then show the result."""
    db.session.commit()
    send_committed_notifications(now_utc())
    flash(message, "success")
    target = url_for("pairing.match_page", match_id=match_id) if match_id else url_for("core.home")
    return redirect(target)


@bp.get("/request/status")
@role_required(Role.MENTEE)
def request_status():
    profile = current_user.mentee_profile
    match = queries.latest_match_of(current_user)
    labels = tag_labels(current_locale())
    return render_template(
        "pairing/request_status.html", profile=profile, match=match,
        shared=shared_tags(match.explanation, labels) if match else [],
        has_free_times=bool(availability_of(current_user)),
        **home_steps(current_user, now_utc()),
    )


@bp.post("/request/renew")
@role_required(Role.MENTEE)
def ask_for_new_mentor():
    closing.ask_for_new_mentor(current_user, now_utc())
    return _done(_("You are back on the waiting list. Your previous mentor will not be proposed "
                   "again."))


@bp.post("/request/withdraw")
@role_required(Role.MENTEE)
def withdraw_request():
    services.withdraw_request(current_user, now_utc())
    return _done(_("Your request is withdrawn. You can ask again at any time."))


@bp.get("/matches/<int:match_id>")
@role_required(*EVERYONE)
def match_page(match_id: int):
    match = queries.get_match_for(current_user, match_id)
    labels = tag_labels(current_locale())
    audit = queries.audit_of_match(match) if current_user.is_coordinator else []
    notes = shared_notes(match) if current_user.is_coordinator else []
    if notes:
        record(actor=current_user, action="viewed_shared_notes", subject_type="match",
               subject_id=match.id, now=now_utc())
    request_text = match.mentee.mentee_profile and match.mentee.mentee_profile.goals_text
    if current_user.is_coordinator and request_text:
        # Opening a person's free-text disclosure is itself recorded.
        record(actor=current_user, action="viewed_request_text", subject_type="mentee",
               subject_id=match.mentee_id, now=now_utc())
    page = render_template(
        "pairing/match.html", match=match, audit=audit, labels=labels,
        explanation=render_explanation(match.explanation, labels),
        shared=shared_tags(match.explanation, labels),
        decline_form=DeclineForm(), close_form=CloseForm(), shared_notes=notes,
        survey=closing.survey_of(current_user, match), survey_form=SurveyForm(),
    )
    db.session.commit()  # the access log, in this request's one transaction (after rendering)
    return page


@bp.post("/matches/<int:match_id>/accept")
@role_required(Role.MENTOR)
def accept(match_id: int):
    match = queries.get_match_for(current_user, match_id)
    services.accept(current_user, match, now_utc())
    return _done(_("Thank you! The mentee is now asked to confirm."), match.id)


@bp.post("/matches/<int:match_id>/decline")
@role_required(Role.MENTOR)
def decline(match_id: int):
    match = queries.get_match_for(current_user, match_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return redirect(url_for("pairing.match_page", match_id=match.id))
    services.decline(current_user, match, now_utc(), form.reason.data or None)
    return _done(_("You declined this proposal. Thank you for answering."))


@bp.post("/matches/<int:match_id>/confirm")
@role_required(Role.MENTEE)
def confirm(match_id: int):
    match = queries.get_match_for(current_user, match_id)
    services.confirm(current_user, match, now_utc())
    return _done(_("Your match is confirmed. Next step: choose a time to meet."), match.id)


@bp.post("/matches/<int:match_id>/refuse")
@role_required(Role.MENTEE)
def refuse(match_id: int):
    match = queries.get_match_for(current_user, match_id)
    services.refuse(current_user, match, now_utc())
    return _done(_("Understood. We will look for another mentor for you."))


@bp.post("/matches/<int:match_id>/withdraw")
@role_required(Role.COORDINATOR)
def cancel(match_id: int):
    match = queries.get_match_for(current_user, match_id)
    services.withdraw(current_user, match, now_utc(), reason="cancelled_by_coordinator")
    return _done(_("The proposal is cancelled; the mentee is back in the pool."), match.id)


@bp.post("/matches/<int:match_id>/close")
@role_required(*EVERYONE)
def close(match_id: int):
    match = queries.get_match_for(current_user, match_id)
    form = CloseForm()
    if not form.validate_on_submit():
        return redirect(url_for("pairing.match_page", match_id=match.id))
    services.close(current_user, match, form.reason.data, now_utc())
    return _done(_("The match is closed. Thank you for the time you spent together."))


@bp.post("/matches/<int:match_id>/survey")
@role_required(Role.MENTEE, Role.MENTOR)
def survey(match_id: int):
    match = queries.get_match_for(current_user, match_id)
    form = SurveyForm()
    if not form.validate_on_submit():
        return redirect(url_for("pairing.match_page", match_id=match.id))
    recommend = {"yes": True, "no": False}.get(form.would_recommend.data)
    closing.submit_survey(current_user, match, int(form.rating.data), recommend,
                          form.comment.data, now_utc())
    return _done(_("Thank you for your answers."), match.id)
