"""The weekly availability editor for mentees and mentors (works without JavaScript)."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.accounts.zones import zone_choices
from mentoring.clock import now_utc
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.i18n import current_locale
from mentoring.profiles import requests, services
from mentoring.profiles.forms import (
    AvailabilityForm,
    MenteeRequestForm,
    MentorApplicationForm,
    MentorSettingsForm,
    weekday_choices,
)
from mentoring.profiles.models import TagKind
from mentoring.profiles.requests import tag_choices

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
    """The editor; after "Add" the form keeps the slot just added (?day=&start=&end=)."""
    return _render(AvailabilityForm(formdata=None, data=_last_slot(request.args)))


def _last_slot(args) -> dict[str, int]:
    """The day and times of the slot just added, when the query holds valid ones."""
    names = {"day": "weekday", "start": "start", "end": "end"}
    form = AvailabilityForm(formdata=None)
    values: dict[str, int] = {}
    for arg, name in names.items():
        raw = args.get(arg, "")
        choices = {value for value, _label in getattr(form, name).choices}
        if raw.isdigit() and int(raw) in choices:
            values[name] = int(raw)
    return values


@bp.post("/availability")
@role_required(*PARTICIPANTS)
def add_availability():
    form = AvailabilityForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    try:
        services.add_availability(current_user, form.weekday.data, form.start.data, form.end.data)
    except DomainError as error:  # shown at the field, linked from the error summary
        form.end.errors = [*form.end.errors, error.message]
        return _render(form, 400)
    db.session.commit()
    flash(_("Time slot added."), "success")
    # Back to the editor (not the top of the page), with the values just used: the next slot is
    # often the same hours on another day.
    return redirect(url_for("profiles.availability", day=form.weekday.data, start=form.start.data,
                            end=form.end.data, _anchor="add-slot"))


@bp.post("/availability/<int:interval_id>/delete")
@role_required(*PARTICIPANTS)
def delete_availability(interval_id: int):
    services.remove_availability(current_user, interval_id)
    db.session.commit()
    flash(_("Time slot removed."), "success")
    return redirect(url_for("profiles.availability"))


def _tag_ids(user, kind: TagKind) -> list[int]:
    return [tag.id for tag in user.tags_of(kind)]


def _fill_choices(form, user) -> None:
    locale = current_locale()
    for name, kind in FIELD_KINDS.items():
        if hasattr(form, name):
            getattr(form, name).choices = tag_choices(kind, locale, _tag_ids(user, kind))
    form.timezone.choices = zone_choices(locale, user.timezone)


FIELD_KINDS = {"goals": TagKind.TOPIC, "topics": TagKind.TOPIC,
               "experiences": TagKind.EXPERIENCE, "languages": TagKind.LANGUAGE}


def _prefill_tags(form, user) -> None:
    for name, kind in FIELD_KINDS.items():
        if hasattr(form, name):
            getattr(form, name).data = _tag_ids(user, kind)


@bp.route("/request", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def request_form():
    profile = current_user.mentee_profile
    form = MenteeRequestForm(obj=profile)
    _fill_choices(form, current_user)
    if request.method == "GET":
        _prefill_tags(form, current_user)
        form.timezone.data = current_user.timezone
        form.mentor_gender_required.data = "required" if profile.mentor_gender_required else "nice"
        form.meeting_format.data = profile.meeting_format or "video"
    if not form.validate_on_submit():
        return render_template("profiles/request.html", form=form), 400 if form.errors else 200
    requests.submit_request(current_user, requests.RequestAnswers(
        goal_ids=form.goals.data, goals_text=form.goals_text.data,
        experience_ids=form.experiences.data, language_ids=form.languages.data,
        meeting_format=form.meeting_format.data, area=form.area.data, age=form.age.data,
        gender=form.gender.data, mentor_gender=form.mentor_gender.data,
        mentor_gender_required=form.mentor_gender_required.data == "required",
        timezone=form.timezone.data,
    ), now_utc(), current_app.config["DIGITAL_CONSENT_AGE"])
    db.session.commit()
    flash(_("Your request is saved."), "success")
    return redirect(url_for("pairing.request_status"))


@bp.route("/application", methods=["GET", "POST"])
@role_required(Role.MENTOR)
def application_form():
    profile = current_user.mentor_profile
    form = MentorApplicationForm(obj=profile)
    _fill_choices(form, current_user)
    if request.method == "GET":
        _prefill_tags(form, current_user)
        form.timezone.data = current_user.timezone
    if not form.validate_on_submit():
        return render_template("profiles/application.html", form=form), (
            400 if form.errors else 200)
    requests.submit_application(current_user, requests.ApplicationAnswers(
        experience_ids=form.experiences.data, story=form.story.data,
        topic_ids=form.topics.data, language_ids=form.languages.data, bio=form.bio.data,
        age=form.age.data, gender=form.gender.data, capacity=form.capacity.data,
        wants_minors=form.wants_minors.data, timezone=form.timezone.data,
    ), now_utc())
    db.session.commit()
    flash(_("Your application is saved. A coordinator will review it."), "success")
    return redirect(url_for("core.home"))


@bp.route("/mentor/settings", methods=["GET", "POST"])
@role_required(Role.MENTOR)
def mentor_settings():
    form = MentorSettingsForm(obj=current_user.mentor_profile)
    if not form.validate_on_submit():
        return render_template("profiles/mentor_settings.html", form=form,
                               profile=current_user.mentor_profile), 400 if form.errors else 200
    requests.update_mentor_settings(current_user, form.capacity.data, form.is_paused.data)
    db.session.commit()
    flash(_("Your mentoring settings are saved."), "success")
    return redirect(url_for("core.home"))
