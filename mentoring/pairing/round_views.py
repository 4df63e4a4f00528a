"""Coordinators' matching round: preview the optimal assignment, approve, adjust, exclude."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

import matching
from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.i18n import current_locale
from mentoring.notify.delivery import send_committed_notifications
from mentoring.pairing import approvals, queries, rounds
from mentoring.pairing.forms import ApproveRoundForm, IncompatibleForm, ManualPairForm, RoundForm
from mentoring.pairing.preview import build_preview
from mentoring.pairing.wording import tag_labels

bp = Blueprint("rounds", __name__, url_prefix="/programme")
WEIGHT_FIELDS = ("experiences", "goals", "age", "availability", "waiting")


def _people_choices(form) -> None:
    today = now_utc().date()
    form.mentees.choices = [(p.user_id, p.user.pseudonym)
                            for p in rounds.waiting_mentee_profiles() if p.has_consent_to_match]
    form.mentors.choices = [(p.user_id, f"{p.user.pseudonym} ({p.free_places})")
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


def _render(form, preview=None, status=200):
    return render_template("pairing/round.html", form=form, preview=preview,
                           manual_form=ManualPairForm()), status


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


@bp.post("/round/approve")
@role_required(Role.COORDINATOR)
def approve_round():
    form = ApproveRoundForm()
    _people_choices(form)
    if not form.validate_on_submit():
        return _render(form, status=400)
    # "Not now" sends an empty value: that pair is left out, not an error.
    pairs = [_parse_pair(value) for value in form.pairs.data if value]
    created = approvals.approve_pairs(current_user, pairs, _settings(form), now_utc(),
                                      current_app.config["PROPOSAL_RESPONSE_DAYS"])
    db.session.commit()
    send_committed_notifications(now_utc())
    flash(ngettext("%(num)d proposal approved and sent to the mentor.",
                   "%(num)d proposals approved and sent to the mentors.", len(created)),
          "success")
    return redirect(url_for("rounds.matches"))


def _parse_pair(value: str) -> tuple[int, int]:
    mentee, _sep, mentor = value.partition(":")
    if not (mentee.isdigit() and mentor.isdigit()):
        raise DomainError(_("A pair in the form is not valid."))
    return int(mentee), int(mentor)


@bp.post("/pairs/manual")
@role_required(Role.COORDINATOR)
def manual_pair():
    form = ManualPairForm()
    if not form.validate_on_submit():
        raise DomainError(_("Choose a mentee and a mentor."))
    settings = rounds.RoundSettings(session_minutes=current_app.config["MEETING_MINUTES"])
    match = approvals.approve_manual_pair(
        current_user, form.mentee_id.data, form.mentor_id.data, form.reason.data, settings,
        now_utc(), current_app.config["PROPOSAL_RESPONSE_DAYS"])
    db.session.commit()
    send_committed_notifications(now_utc())
    flash(_("The pair is approved and sent to the mentor."), "success")
    return redirect(url_for("pairing.match_page", match_id=match.id))


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
    return bool(url) and url.startswith(request.host_url)


@bp.get("/matches")
@role_required(Role.COORDINATOR)
def matches():
    return render_template("pairing/matches.html", matches=queries.recent_matches(),
                           counts=queries.count_by_status())
