"""Conversation pages: the list of a person's conversations and one thread."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
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
    older = messages[0].id if len(messages) == services.PAGE else None
    page = render_template("conversations/thread.html", match=match, form=form,
                           messages=messages, older=older,
                           other=match.other_party(current_user))
    db.session.commit()  # after rendering: committing first would expire every message shown
    return page, status


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


@bp.get("/matches/<int:match_id>/messages/new")
@role_required(*PARTICIPANTS)
def new_messages(match_id: int):
    """Messages after `after`, as list items; 304 while the conversation has not changed."""
    match = services.conversation_for(current_user, match_id)
    after = request.args.get("after", default=0, type=int)
    latest = services.latest_id(match)
    etag = f"m{match.id}-{after}-{latest}"
    if request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    messages = services.newer_than(match, after)
    if messages:
        services.mark_read(current_user, match, messages[-1].id)
        db.session.commit()
    response = make_response(render_template("conversations/_messages.html", messages=messages,
                                             other=match.other_party(current_user)))
    response.set_etag(etag)
    response.headers["X-Last-Message"] = str(messages[-1].id if messages else after)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
