"""Coordinators' pages about people: mentor applications and screening, mentees and consent."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.core.audit import AuditEvent, record
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.notify.delivery import send_committed_notifications
from mentoring.pairing.rounds import waiting_mentee_profiles
from mentoring.profiles import review
from mentoring.profiles.models import MenteeProfile, MentorProfile
from mentoring.programme import audit_labels
from mentoring.programme.forms import RejectForm, ScreeningForm

bp = Blueprint("people", __name__, url_prefix="/programme")


def _mentor_or_404(user_id: int) -> MentorProfile:
    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == user_id))
    if profile is None:
        abort(404)
    return profile


@bp.get("/mentors")
@role_required(Role.COORDINATOR)
def mentors():
    profiles = db.session.scalars(db.select(MentorProfile).options(selectinload(MentorProfile.user))
                                  .order_by(MentorProfile.user_id)).all()
    return render_template("programme/mentors.html", profiles=profiles, today=now_utc().date())


@bp.get("/mentors/<int:user_id>")
@role_required(Role.COORDINATOR)
def mentor_review(user_id: int):
    profile = _mentor_or_404(user_id)
    if profile.story:
        record(actor=current_user, action="viewed_application_story", subject_type="mentor",
               subject_id=profile.user_id, now=now_utc())
        db.session.commit()
    form = ScreeningForm(
        checked_on=profile.screening_checked_on, expires_on=profile.screening_expires_on,
        training_completed_on=profile.training_completed_on,
        minors_cleared=profile.minors_cleared)
    return _review_page(profile, form, RejectForm(formdata=None))


def _review_page(profile, form, reject_form, status=200):
    return render_template("programme/mentor_review.html", profile=profile, form=form,
                           reject_form=reject_form), status


@bp.post("/mentors/<int:user_id>/approve")
@role_required(Role.COORDINATOR)
def approve_mentor(user_id: int):
    profile = _mentor_or_404(user_id)
    form = ScreeningForm()
    if not form.validate_on_submit():
        return _review_page(profile, form, RejectForm(formdata=None), 400)
    try:
        review.approve_mentor(current_user, profile, review.Screening(
            checked_on=form.checked_on.data, expires_on=form.expires_on.data,
            training_completed_on=form.training_completed_on.data,
            minors_cleared=form.minors_cleared.data), now_utc())
    except DomainError as error:
        db.session.rollback()
        name = _field_for(error.message)
        if name is None:
            form.form_errors.append(error.message)
        else:
            getattr(form, name).errors = [error.message]
        return _review_page(profile, form, RejectForm(formdata=None), error.status_code)
    name = profile.user.pseudonym  # read before the commit: nothing after it may need the database
    db.session.commit()
    flash(_("%(name)s is approved and can be matched.", name=name), "success")
    return redirect(url_for("people.mentors"))


def _field_for(message: str) -> str | None:
    """The field a review refusal is about, found by its sentence (they are few and fixed)."""
    if message == _("The screening expiry date must be in the future."):
        return "expires_on"
    if message == _("A mentor can be approved only after completing the training."):
        return "training_completed_on"
    if message == _("This mentor did not offer to mentor young people under 18."):
        return "minors_cleared"
    return None


@bp.post("/mentors/<int:user_id>/reject")
@role_required(Role.COORDINATOR)
def reject_mentor(user_id: int):
    profile = _mentor_or_404(user_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _review_page(profile, ScreeningForm(formdata=None), form, 400)
    review.reject_mentor(current_user, profile, now_utc(), form.reason.data or None)
    db.session.commit()
    flash(_("The application is marked as not accepted."), "success")
    return redirect(url_for("people.mentors"))


@bp.get("/mentees")
@role_required(Role.COORDINATOR)
def mentees():
    return render_template("programme/mentees.html", profiles=waiting_mentee_profiles(),
                           now=now_utc())


@bp.post("/mentees/<int:user_id>/guardian-consent")
@role_required(Role.COORDINATOR)
def guardian_consent(user_id: int):
    profile = db.session.scalar(db.select(MenteeProfile).where(MenteeProfile.user_id == user_id))
    if profile is None:
        abort(404)
    review.record_guardian_consent(current_user, profile, now_utc())
    db.session.commit()
    send_committed_notifications(now_utc())
    flash(_("The guardian's consent is recorded."), "success")
    return redirect(url_for("people.mentees"))


@bp.get("/audit")
@role_required(Role.COORDINATOR)
def audit():
    events = db.session.scalars(
        db.select(AuditEvent).options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(300))
    return render_template("programme/audit.html", events=list(events), labels=audit_labels)
