"""Conversation pages: the list of a person's conversations and one thread."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.conversations import services
from mentoring.conversations.forms import MessageForm
from mentoring.errors import DomainError
from mentoring.extensions import db

bp = Blueprint("conversations", __name__)
PARTICIPANTS = (Role.MENTEE, Role.MENTOR)


@bp.get("/messages")
@role_required(*PARTICIPANTS)
def inbox():
    return render_template("conversations/inbox.html",
                           matches=services.conversations_of(current_user))


def _thread(match, form, status=200):
    before = request.args.get("before", type=int)
    messages = services.page(match, before_id=before)
    if messages and not before:
        services.mark_read(current_user, match, messages[-1].id)
        db.session.commit()
    older = messages[0].id if len(messages) == services.PAGE else None
    return render_template("conversations/thread.html", match=match, form=form,
                           messages=messages, older=older,
                           other=match.other_party(current_user)), status


@bp.get("/matches/<int:match_id>/messages")
@role_required(*PARTICIPANTS)
def thread(match_id: int):
    match = services.conversation_for(current_user, match_id)
    return _thread(match, MessageForm())


@bp.post("/matches/<int:match_id>/messages")
@role_required(*PARTICIPANTS)
def send(match_id: int):
    match = services.conversation_for(current_user, match_id)
    form = MessageForm()
    if not form.validate_on_submit():
        return _thread(match, form, 400)
    try:
        services.send_message(current_user, match, form.body.data, now_utc())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _thread(match, form, error.status_code)
    db.session.commit()
    return redirect(url_for("conversations.thread", match_id=match.id) + "#latest")
