"""Agreement and goals pages of a match, and the coordinators' agreement editor."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.agreements import goals, services
from mentoring.agreements.forms import (
    AgreementTextForm,
    ConfirmAgreementForm,
    GoalForm,
    NoteForm,
    StatusForm,
)
from mentoring.agreements.models import GoalStatus, MeetingRhythm
from mentoring.clock import now_utc
from mentoring.errors import DomainError, NotFound
from mentoring.extensions import db
from mentoring.i18n import current_locale
from mentoring.notify.delivery import send_committed_notifications
from mentoring.pairing.queries import get_match_for

bp = Blueprint("agreements", __name__)
EVERYONE = (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)
PARTICIPANTS = (Role.MENTEE, Role.MENTOR)


def _match(match_id: int):
    """The match, once both people agreed to it (before that it names nobody); 404 otherwise."""
    match = get_match_for(current_user, match_id)
    if not match.meetings_open_to(current_user):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    return match


def _done(message: str, target: str):
    db.session.commit()
    send_committed_notifications(now_utc())
    flash(message, "success")
    return redirect(target)


def _agreement_page(match, form, status=200):
    text_en, text_fr = services.current_texts()
    return render_template(
        "agreements/agreement.html", match=match, form=form,
        text=text_fr if current_locale() == "fr" else text_en,
        confirmations=services.confirmations_of(match),
        mine=services.confirmation_of(current_user, match)), status


@bp.get("/matches/<int:match_id>/agreement")
@role_required(*EVERYONE)
def agreement_page(match_id: int):
    match = _match(match_id)
    return _agreement_page(match, ConfirmAgreementForm())


@bp.post("/matches/<int:match_id>/agreement")
@role_required(*PARTICIPANTS)
def confirm(match_id: int):
    match = _match(match_id)
    form = ConfirmAgreementForm()
    if not form.validate_on_submit():
        return _agreement_page(match, form, 400)
    services.confirm_agreement(current_user, match, current_locale(), now_utc(),
                               rhythm=MeetingRhythm(form.rhythm.data) if form.rhythm.data else None,
                               minutes=form.minutes.data)
    return _done(_("Thank you: your agreement is recorded."),
                 url_for("pairing.match_page", match_id=match.id))


def _goals_page(match, status=200, problems: Sequence = (), goal_form=None):
    items = goals.goals_of(match)
    if current_user.is_coordinator:  # titles and statuses only: the notes are the pair's
        items = [goal for goal in items if goal.is_accepted]
    return render_template(
        "agreements/goals.html", match=match, goals=items, problems=list(problems),
        goal_form=goal_form or GoalForm(), status_form=StatusForm(), note_form=NoteForm(),
        room=goals.MAX_GOALS - sum(1 for goal in items if goal.counts_toward_limit),
        statuses=list(GoalStatus)), status


@bp.get("/matches/<int:match_id>/goals")
@role_required(*EVERYONE)
def goals_page(match_id: int):
    return _goals_page(_match(match_id))


@bp.post("/matches/<int:match_id>/goals")
@role_required(*PARTICIPANTS)
def add_goal(match_id: int):
    match = _match(match_id)
    form = GoalForm()
    if not form.validate_on_submit():
        return _goals_page(match, 400, goal_form=form)
    try:
        if current_user.id == match.mentee_id:
            goals.add_goal(current_user, match, form.title.data, now_utc())
            message = _("Your goal is added.")
        else:
            goals.suggest_goal(current_user, match, form.title.data, now_utc())
            message = _("Your suggestion is sent: your mentee decides whether to take it.")
    except DomainError as error:
        db.session.rollback()
        return _goals_page(match, error.status_code, [(error.message, "title")], form)
    return _done(message, url_for("agreements.goals_page", match_id=match.id))


def _goal_action(goal_id: int, action, message: str):
    """Run one change on a goal of the current user's match, then go back to its goals."""
    goal = goals.goal_for(current_user, goal_id)
    match = get_match_for(current_user, goal.match_id)
    try:
        action(goal)
    except DomainError as error:
        db.session.rollback()
        return _goals_page(match, error.status_code, [(error.message, f"goal-{goal_id}")])
    return _done(message, url_for("agreements.goals_page", match_id=match.id,
                                  _anchor=f"goal-{goal_id}"))


@bp.post("/goals/<int:goal_id>/decision")
@role_required(Role.MENTEE)
def decide(goal_id: int):
    accept = request.form.get("decision") == "accept"
    return _goal_action(goal_id,
                        lambda goal: goals.decide_suggestion(current_user, goal, accept, now_utc()),
                        _("The goal is added.") if accept else _("The suggestion is declined."))


@bp.post("/goals/<int:goal_id>/status")
@role_required(Role.MENTEE)
def set_status(goal_id: int):
    form = StatusForm()
    if not form.validate_on_submit():
        goal = goals.goal_for(current_user, goal_id)
        return _goals_page(get_match_for(current_user, goal.match_id), 400,
                           [(_("Choose where this goal stands."), f"goal-{goal_id}")])
    status = GoalStatus(form.status.data)
    return _goal_action(goal_id, lambda goal: goals.set_status(current_user, goal, status,
                                                               now_utc()),
                        _("The goal is now: %(status)s.", status=status.label))


@bp.post("/goals/<int:goal_id>/notes")
@role_required(*PARTICIPANTS)
def add_note(goal_id: int):
    form = NoteForm()
    if not form.validate_on_submit():
        goal = goals.goal_for(current_user, goal_id)
        problems: list[tuple[str, str | None]] = [
            (error, f"note-{goal_id}") for error in form.text.errors] or [
            (_("This form has expired: send it again."), None)]
        return _goals_page(get_match_for(current_user, goal.match_id), 400, problems)
    return _goal_action(goal_id, lambda goal: goals.add_note(current_user, goal, form.text.data,
                                                             now_utc()),
                        _("Your note is added."))


@bp.route("/programme/agreement", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_template():
    form = AgreementTextForm()
    if request.method == "GET":
        form.text_en.data, form.text_fr.data = services.current_texts()
    elif form.validate_on_submit():
        version = services.edit_agreement(current_user, form.text_en.data, form.text_fr.data,
                                          now_utc())
        return _done(_("Version %(number)d of the agreement is saved. Agreements already "
                       "confirmed keep the text that was confirmed.", number=version.number),
                     url_for("agreements.edit_template"))
    return render_template("agreements/edit_template.html", form=form,
                           version=services.current_version()), 400 if form.errors else 200
