"""Safety pages: help, concerns (raise, see, handle), check-ins and mentors' private notes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.core.audit import record
from mentoring.extensions import db
from mentoring.i18n import current_locale
from mentoring.notify.delivery import send_committed_notifications
from mentoring.pairing.models import Match
from mentoring.pairing.queries import get_match_for
from mentoring.safety import checkins, concerns, notes
from mentoring.safety.contact import contact_of
from mentoring.safety.forms import CheckInForm, ConcernForm, NoteForm
from mentoring.safety.models import ConcernCategory

bp = Blueprint("safety", __name__)
PARTICIPANTS = (Role.MENTEE, Role.MENTOR)


@bp.get("/help")
def help_page():
    return render_template("safety/help.html")


def _concern_page(form, match=None, status=200):
    return render_template("safety/concern_form.html", form=form, match=match), status


@bp.route("/concern", methods=["GET", "POST"], defaults={"match_id": None})
@bp.route("/matches/<int:match_id>/concern", methods=["GET", "POST"])
@role_required(*PARTICIPANTS)
def report_concern(match_id: int | None):
    match = get_match_for(current_user, match_id) if match_id else None
    form = ConcernForm()
    if not form.validate_on_submit():
        return _concern_page(form, match, 400 if form.errors else 200)
    already = concerns.concern_by_form_token(current_user, form.form_token.data)
    if already is not None:  # a reload or a retry of a submission that was saved
        return redirect(url_for("safety.concern_sent", concern_id=already.id))
    try:
        concern = concerns.raise_concern(current_user, ConcernCategory(form.category.data),
                                         form.text.data, now_utc(), match=match,
                                         form_token=form.form_token.data)
    except IntegrityError:  # the same submission, posted twice at the same moment
        db.session.rollback()
        already = concerns.concern_by_form_token(current_user, form.form_token.data)
        if already is None:
            raise  # another constraint: a bug, not a double submit
        return redirect(url_for("safety.concern_sent", concern_id=already.id))
    concern_id = concern.id  # read before the commit: nothing after it may need the database
    db.session.commit()
    if not send_committed_notifications(now_utc()):
        flash(_("Your concern is saved. The notifications will follow in a few minutes."))
    return redirect(url_for("safety.concern_sent", concern_id=concern_id))


@bp.get("/concerns/<int:concern_id>/sent")
@role_required(*PARTICIPANTS)
def concern_sent(concern_id: int):
    concern = concerns.concern_for(current_user, concern_id)
    return render_template("safety/concern_sent.html", concern=concern)


@bp.get("/programme/concerns")
@role_required(Role.COORDINATOR)
def concern_list():
    return render_template("safety/concern_list.html", concerns=concerns.open_concerns())


@bp.get("/programme/concerns/<int:concern_id>")
@role_required(Role.COORDINATOR)
def concern_detail(concern_id: int):
    concern = concerns.concern_for(current_user, concern_id)
    if concern.text:  # reading a disclosure is itself recorded
        record(actor=current_user, action="viewed_concern", subject_type="concern",
               subject_id=concern.id, now=now_utc())
        db.session.commit()
    return render_template("safety/concern_detail.html", concern=concern,
                           contact=contact_of(concern.reporter, now_utc(), current_locale()),
                           match=db.session.get(Match, concern.match_id)
                           if concern.match_id else None)


@bp.post("/programme/concerns/<int:concern_id>/acknowledge")
@role_required(Role.COORDINATOR)
def acknowledge_concern(concern_id: int):
    concern = concerns.concern_for(current_user, concern_id)
    concerns.acknowledge(current_user, concern, now_utc())
    db.session.commit()
    flash(_("You have taken this concern in hand; the alerts have stopped."), "success")
    return redirect(url_for("safety.concern_detail", concern_id=concern.id))


@bp.post("/programme/concerns/<int:concern_id>/resolve")
@role_required(Role.COORDINATOR)
def resolve_concern(concern_id: int):
    concern = concerns.concern_for(current_user, concern_id)
    concerns.resolve(current_user, concern, now_utc())
    db.session.commit()
    flash(_("The concern is closed."), "success")
    return redirect(url_for("safety.concern_list"))


@bp.route("/sessions/<int:occurrence_id>/checkin", methods=["GET", "POST"])
@role_required(*PARTICIPANTS)
def checkin(occurrence_id: int):
    occurrence, match = checkins.occurrence_for(current_user, occurrence_id)
    form = CheckInForm()
    if not form.validate_on_submit():
        return render_template("safety/checkin.html", form=form, occurrence=occurrence,
                               match=match), 400 if form.errors else 200
    answers = checkins.CheckInAnswers(
        took_place=form.took_place.data == "yes",
        helpfulness=int(form.helpfulness.data) if form.helpfulness.data else None,
        feeling=int(form.feeling.data) if form.feeling.data else None,
        comment=form.comment.data, feels_unsafe=form.feels_unsafe.data)
    result = checkins.submit_checkin(current_user, occurrence.id, answers, now_utc())
    # Drawn before the commit: a failure after it (sending rolls back) must not need the database.
    feels_unsafe = result.feels_unsafe
    answer = (render_template("safety/unsafe.html") if feels_unsafe else
              redirect(url_for("pairing.match_page", match_id=match.id)))
    db.session.commit()
    send_committed_notifications(now_utc())
    if not feels_unsafe:
        flash(_("Thank you for your check-in."), "success")
    return answer


@bp.route("/matches/<int:match_id>/notes", methods=["GET", "POST"])
@role_required(Role.MENTOR)
def session_notes(match_id: int):
    match = get_match_for(current_user, match_id)
    if match.mentor_id != current_user.id:
        abort(404)
    form = NoteForm()
    if form.validate_on_submit():
        notes.add_note(current_user, match, form.text.data, now_utc())
        db.session.commit()
        flash(_("Note saved. Only you can read it."), "success")
        return redirect(url_for("safety.session_notes", match_id=match.id))
    status = 400 if form.errors else 200
    return render_template("safety/notes.html", match=match, form=form,
                           notes=notes.notes_of(current_user, match)), status


@bp.post("/notes/<int:note_id>/share")
@role_required(Role.MENTOR)
def share_note(note_id: int):
    note = notes.share_note(current_user, note_id, now_utc())
    db.session.commit()
    flash(_("The coordinators can now read this note."), "success")
    return redirect(url_for("safety.session_notes", match_id=note.match_id))
