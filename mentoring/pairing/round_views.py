"""Coordinators' matching round: preview the optimal assignment, approve, adjust, exclude."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user

import matching
from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.errors import DomainError
from mentoring.extensions import csrf, db
from mentoring.i18n import current_locale
from mentoring.notify.delivery import send_committed_notifications
from mentoring.pairing import approvals, queries, rounds
from mentoring.pairing.forms import (
    ApproveRoundForm,
    IncompatibleForm,
    ManualPairForm,
    RoundForm,
    read_choices,
    read_rows,
)
from mentoring.pairing.preview import build_preview, rebuild_preview
from mentoring.pairing.wording import tag_labels

bp = Blueprint("rounds", __name__, url_prefix="/programme")
WEIGHT_FIELDS = ("experiences", "goals", "age", "availability", "waiting")


def _people_choices(form) -> None:
    today = now_utc().date()
    form.mentees.choices = [(p.user_id, p.user.pseudonym)
                            for p in rounds.waiting_mentee_profiles() if p.has_consent_to_match]
    form.mentors.choices = [(p.user_id, _mentor_label(p))
                            for p in rounds.matchable_mentor_profiles(today)]


def _settings(form) -> rounds.RoundSettings:
    weights = matching.Weights(**{name: getattr(form, f"w_{name}").data for name in WEIGHT_FIELDS})
    return rounds.RoundSettings(
        weights=weights, mode=form.mode.data,
        session_minutes=current_app.config["MEETING_MINUTES"],
        mentee_ids=tuple(form.mentees.data), mentor_ids=tuple(form.mentors.data),
    )


def _defaults(form) -> None:
    defaults = matching.Weights()
    for name in WEIGHT_FIELDS:
        getattr(form, f"w_{name}").data = getattr(defaults, name)
    form.mentees.data = [value for value, _label in form.mentees.choices]
    form.mentors.data = [value for value, _label in form.mentors.choices]


def _manual_choices(form: ManualPairForm) -> None:
    """Waiting mentees and matchable mentors by pseudonym, with what tells two alike apart."""
    form.mentee_id.choices = [("", _("Choose a mentee"))] + [
        (p.user_id, _("%(name)s (waiting since %(date)s)", name=p.user.pseudonym,
                      date=format_date(p.requested_at, "medium")))
        for p in rounds.waiting_mentee_profiles()]
    form.mentor_id.choices = [("", _("Choose a mentor"))] + [
        (p.user_id, _mentor_label(p)) for p in rounds.matchable_mentor_profiles(now_utc().date())]


def _mentor_label(profile) -> str:
    free = profile.free_places
    if free <= 0:
        return _("%(name)s (full: no free place)", name=profile.user.pseudonym)
    return ngettext("%(name)s (%(num)d free place)", "%(name)s (%(num)d free places)", free,
                    name=profile.user.pseudonym)


def _render(form, preview=None, status=200, manual_form=None, problems=None, choices=None,
            row_errors=None):
    if manual_form is None:
        manual_form = ManualPairForm(formdata=None)
    _manual_choices(manual_form)
    return render_template("pairing/round.html", form=form, preview=preview,
                           manual_form=manual_form, problems=problems or [],
                           choices=choices or {}, row_errors=row_errors or {}), status


@bp.get("/round")
@role_required(Role.COORDINATOR)
def round_page():
    form = RoundForm()
    _people_choices(form)
    _defaults(form)
    return _render(form)


@bp.post("/round")
@role_required(Role.COORDINATOR)
def preview_round():
    form = RoundForm()
    _people_choices(form)
    if not form.validate_on_submit():
        return _render(form, status=400)
    cohort, assignment = rounds.run_round(_settings(form), now_utc())
    preview = build_preview(cohort, assignment, tag_labels(current_locale()))
    return _render(form, preview)


# The form checks its own CSRF token (validate_on_submit): an expired one brings the page back
# with the coordinator's choices, instead of the site-wide "form expired" page that loses them.
@csrf.exempt
@bp.post("/round/approve")
@role_required(Role.COORDINATOR)
def approve_round():
    form = ApproveRoundForm()
    _people_choices(form)
    rows = read_rows(request.form.getlist("rows"))
    choices, invalid = read_choices(request.form, rows)
    if not form.validate_on_submit() or invalid:
        message = (_("This form has expired. Your choices are kept below: check them and "
                     "approve again.") if "csrf_token" in form.errors else
                   _("Some values in the form are not valid. Your choices are kept below."))
        return _again(form, rows, choices, dict.fromkeys(invalid, _("This choice is not "
                                                                     "valid.")), message, 400)
    pairs = [(mentee, mentor) for mentee, mentor in choices.items() if mentor]
    try:
        created = approvals.approve_pairs(current_user, pairs, _settings(form), now_utc(),
                                          current_app.config["PROPOSAL_RESPONSE_DAYS"])
    except approvals.PairsRefused as refused:
        db.session.rollback()
        return _again(form, rows, choices, refused.by_mentee, refused.message, 409)
    except DomainError as error:
        db.session.rollback()
        return _again(form, rows, choices, {}, error.message, error.status_code)
    db.session.commit()
    send_committed_notifications(now_utc())
    flash(ngettext("%(num)d proposal approved and sent to the mentor.",
                   "%(num)d proposals approved and sent to the mentors.", len(created)),
          "success")
    return redirect(url_for("rounds.matches"))


def _again(form, rows, choices, row_errors, message, status):
    """The preview as the coordinator left it: the same rows and choices, faulty rows marked."""
    settings = _settings(form) if not _weights_invalid(form) else rounds.RoundSettings(
        session_minutes=current_app.config["MEETING_MINUTES"],
        mentee_ids=tuple(form.mentees.data or ()), mentor_ids=tuple(form.mentors.data or ()))
    cohort, assignment = rounds.run_round(settings, now_utc())
    preview = rebuild_preview(cohort, assignment, rows, choices, tag_labels(current_locale()))
    problems = [(message, "proposals")] + [(error, f"choice-{mentee}")
                                           for mentee, error in row_errors.items()]
    return _render(form, preview, status, problems=problems, choices=choices,
                   row_errors=row_errors)


def _weights_invalid(form) -> bool:
    return any(f"w_{name}" in form.errors for name in WEIGHT_FIELDS) or "mode" in form.errors


@csrf.exempt  # checked by the form, as above
@bp.post("/pairs/manual")
@role_required(Role.COORDINATOR)
def manual_pair():
    form = ManualPairForm()
    _manual_choices(form)
    if not form.validate_on_submit():
        return _manual_refused(form, 400)
    settings = rounds.RoundSettings(session_minutes=current_app.config["MEETING_MINUTES"])
    try:
        match = approvals.approve_manual_pair(
            current_user, form.mentee_id.data, form.mentor_id.data, form.reason.data, settings,
            now_utc(), current_app.config["PROPOSAL_RESPONSE_DAYS"])
    except DomainError as error:
        db.session.rollback()
        getattr(form, getattr(error, "field", "mentor_id")).errors = [error.message]
        return _manual_refused(form, error.status_code)
    db.session.commit()
    send_committed_notifications(now_utc())
    flash(_("The pair is approved and sent to the mentor."), "success")
    return redirect(url_for("pairing.match_page", match_id=match.id))


def _manual_refused(form, status):
    round_form = RoundForm(formdata=None)
    _people_choices(round_form)
    _defaults(round_form)
    problems = [(error, field.id) for field in (form.mentee_id, form.mentor_id, form.reason)
                for error in field.errors]
    if "csrf_token" in form.errors:
        problems.insert(0, (_("This form has expired: choose the pair again."), "manual-pair"))
    return _render(round_form, status=status, manual_form=form, problems=problems)


@bp.post("/pairs/incompatible")
@role_required(Role.COORDINATOR)
def mark_incompatible():
    form = IncompatibleForm()
    if not (form.validate_on_submit() and form.mentee_id.data.isdigit()
            and form.mentor_id.data.isdigit()):
        raise DomainError(_("A pair in the form is not valid."))
    approvals.mark_incompatible(current_user, int(form.mentee_id.data), int(form.mentor_id.data),
                                now_utc())
    db.session.commit()
    flash(_("This pair will not be proposed again."), "success")
    return redirect(request.referrer if _same_site(request.referrer) else
                    url_for("rounds.round_page"))


def _same_site(url: str | None) -> bool:
    return url is not None and url.startswith(request.host_url)


@bp.get("/matches")
@role_required(Role.COORDINATOR)
def matches():
    return render_template("pairing/matches.html", matches=queries.recent_matches(),
                           counts=queries.count_by_status())
