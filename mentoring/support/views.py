"""Coordinators' match-support pages: record a contact, clear a follow-up, edit the schedule."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.errors import DomainError, NotFound
from mentoring.extensions import db
from mentoring.pairing.models import Match
from mentoring.support import services
from mentoring.support.forms import ContactForm, ScheduleForm
from mentoring.support.models import ContactChannel, ContactWith

bp = Blueprint("support", __name__, url_prefix="/programme")


def _match_or_404(match_id: int) -> Match:
    match = db.session.get(Match, match_id)
    if match is None:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    return match


def blank_contact_form() -> ContactForm:
    """A new contact, now in the coordinator's zone."""
    local = now_utc().astimezone(ZoneInfo(current_user.timezone))
    return ContactForm(formdata=None, contact_on=local.date(),
                       contact_time=local.time().replace(second=0, microsecond=0))


def panel_for(match: Match, form: ContactForm | None = None) -> dict:
    """What the support section of a coordinator's match page shows."""
    return {"contacts": services.contacts_of(match), "form": form or blank_contact_form()}


@bp.route("/matches/<int:match_id>/support", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def contacts(match_id: int):
    match = _match_or_404(match_id)
    form = ContactForm() if not _is_get() else blank_contact_form()
    status = 200
    if not _is_get():
        if form.validate_on_submit():
            try:
                services.record_contact(
                    current_user, match, _instant(form), ContactChannel(form.channel.data),
                    ContactWith(form.contact_with.data), form.notes.data,
                    bool(form.needs_follow_up.data), now_utc())
            except DomainError as error:
                db.session.rollback()
                form.contact_on.errors = [*form.contact_on.errors, error.message]
                status = error.status_code
            else:
                db.session.commit()
                flash(_("Contact recorded."), "success")
                return redirect(url_for("pairing.match_page", match_id=match.id,
                                        _anchor="support"))
        else:
            status = 400
    return render_template("support/contacts.html", match=match,
                           **panel_for(match, form)), status


def _is_get() -> bool:
    return request.method == "GET"


def _instant(form: ContactForm) -> datetime:
    zone = ZoneInfo(current_user.timezone)
    return datetime.combine(form.contact_on.data, form.contact_time.data, tzinfo=zone)


@bp.post("/support-contacts/<int:contact_id>/follow-up-done")
@role_required(Role.COORDINATOR)
def follow_up_done(contact_id: int):
    contact = services.clear_follow_up(current_user, contact_id, now_utc())
    db.session.commit()
    flash(_("Follow-up marked as done."), "success")
    return redirect(url_for("pairing.match_page", match_id=contact.match_id, _anchor="support"))


@bp.route("/support/schedule", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def schedule():
    current = services.current_schedule()
    form = ScheduleForm(data={"first_month_contacts": current.first_month,
                              "monthly_contacts": current.monthly})
    if form.validate_on_submit():
        services.set_schedule(current_user, form.first_month_contacts.data,
                              form.monthly_contacts.data, now_utc())
        db.session.commit()
        flash(_("Support schedule saved."), "success")
        return redirect(url_for("support.schedule"))
    status = 400 if form.errors else 200
    return render_template("support/schedule.html", form=form, schedule=current), status
