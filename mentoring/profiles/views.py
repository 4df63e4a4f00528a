"""The weekly availability editor for mentees and mentors (works without JavaScript)."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.profiles import services
from mentoring.profiles.forms import AvailabilityForm, weekday_choices

bp = Blueprint("profiles", __name__)
PARTICIPANTS = (Role.MENTEE, Role.MENTOR)


def _render(form, status=200):
    days = dict(weekday_choices())
    intervals = services.availability_of(current_user)
    return render_template(
        "profiles/availability.html", form=form, intervals=intervals, days=days
    ), status


@bp.get("/availability")
@role_required(*PARTICIPANTS)
def availability():
    return _render(AvailabilityForm())


@bp.post("/availability")
@role_required(*PARTICIPANTS)
def add_availability():
    form = AvailabilityForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    try:
        services.add_availability(current_user, form.weekday.data, form.start.data, form.end.data)
    except DomainError as error:
        flash(error.message, "error")
        return _render(form, 400)
    db.session.commit()
    flash(_("Time slot added."), "success")
    return redirect(url_for("profiles.availability"))


@bp.post("/availability/<int:interval_id>/delete")
@role_required(*PARTICIPANTS)
def delete_availability(interval_id: int):
    services.remove_availability(current_user, interval_id)
    db.session.commit()
    flash(_("Time slot removed."), "success")
    return redirect(url_for("profiles.availability"))
