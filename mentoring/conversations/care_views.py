"""Coordinators' side of conversations: risk phrases and flags, held messages, opening a thread."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.conversations import contacts, oversight, risk, services
from mentoring.conversations.forms import PhraseForm, ReasonForm, RemovePhraseForm
from mentoring.conversations.models import RiskCategory
from mentoring.errors import DomainError, NotAllowed
from mentoring.extensions import db
from mentoring.notify.delivery import send_committed_notifications

bp = Blueprint("conversation_care", __name__, url_prefix="/programme")


@bp.get("/risk-phrases")
@role_required(Role.COORDINATOR)
def risk_phrases(form=None, status=200):
    return render_template("conversations/risk_phrases.html", form=form or PhraseForm(),
                           phrases=risk.phrase_list(), remove_form=RemovePhraseForm()), status


@bp.post("/risk-phrases")
@role_required(Role.COORDINATOR)
def add_risk_phrase():
    form = PhraseForm()
    if not form.validate_on_submit():
        return risk_phrases(form, 400)
    risk.add_phrase(current_user, form.phrase.data, RiskCategory(form.category.data), now_utc())
    db.session.commit()
    flash(_("The phrase is added: every new message is checked for it."), "success")
    return redirect(url_for("conversation_care.risk_phrases"))


@bp.post("/risk-phrases/remove")
@role_required(Role.COORDINATOR)
def remove_risk_phrase():
    form = RemovePhraseForm()
    if not form.validate_on_submit():
        return risk_phrases(None, 400)
    risk.remove_phrase(current_user, form.phrase.data, now_utc())
    db.session.commit()
    flash(_("The phrase is removed from the list."), "success")
    return redirect(url_for("conversation_care.risk_phrases"))


@bp.get("/risk-flags")
@role_required(Role.COORDINATOR)
def risk_flags():
    return render_template("conversations/risk_flags.html", flags=risk.open_flags())


@bp.post("/risk-flags/<int:flag_id>/checked")
@role_required(Role.COORDINATOR)
def flag_checked(flag_id: int):
    risk.mark_checked(current_user, flag_id, now_utc())
    db.session.commit()
    flash(_("Marked as checked in."), "success")
    return redirect(url_for("conversation_care.risk_flags"))


@bp.get("/held-messages")
@role_required(Role.COORDINATOR)
def held_messages():
    return render_template("conversations/held_list.html", held=oversight.waiting_held_messages(),
                           describe=contacts.describe)


@bp.get("/held-messages/<int:held_id>")
@role_required(Role.COORDINATOR)
def held_message(held_id: int):
    held = oversight.held_for_review(current_user, held_id, now_utc())
    page = render_template("conversations/held_detail.html", held=held,
                           describe=contacts.describe)
    db.session.commit()  # the audit row of this reading
    return page


@bp.post("/held-messages/<int:held_id>/decide")
@role_required(Role.COORDINATOR)
def decide_held(held_id: int):
    decision = request.form.get("decision")
    if decision not in ("release", "decline"):
        raise DomainError(_("Choose whether to pass the message on or not."))
    oversight.decide_held(current_user, held_id, decision == "release", now_utc())
    db.session.commit()
    send_committed_notifications(now_utc())
    flash(_("The message is passed on.") if decision == "release"
          else _("The message is not passed on; its writer is told."), "success")
    return redirect(url_for("conversation_care.held_messages"))


@bp.get("/matches/<int:match_id>/conversation")
@role_required(Role.COORDINATOR)
def open_conversation(match_id: int):
    match = oversight.match_for_oversight(match_id)
    concern = oversight.open_concern_about(match)
    if concern is None:
        raise NotAllowed(_("A coordinator may open a conversation only while a concern about "
                           "this match is open."))
    return render_template("conversations/open_form.html", match=match, concern=concern,
                           form=ReasonForm())


@bp.post("/matches/<int:match_id>/conversation")
@role_required(Role.COORDINATOR)
def read_conversation(match_id: int):
    """Each reading is a POST with a reason: recorded, audited and shown to both people."""
    match = oversight.match_for_oversight(match_id)
    form = ReasonForm()
    concern = oversight.open_concern_about(match)
    if concern is not None and not form.validate_on_submit():
        return render_template("conversations/open_form.html", match=match, concern=concern,
                               form=form), 400
    try:
        oversight.open_conversation(current_user, match, form.reason.data, now_utc())
    except DomainError:
        db.session.rollback()
        raise
    before = int(form.before.data) if (form.before.data or "").isdigit() else None
    messages = services.page(match, before_id=before)
    page = render_template("conversations/coordinator_read.html", match=match, form=form,
                           messages=messages, concern=concern,
                           older=messages[0].id if len(messages) == services.PAGE else None)
    db.session.commit()
    send_committed_notifications(now_utc())
    return page
