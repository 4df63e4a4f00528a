"""Conversation pages: a person's conversations, one thread, reporting a message, e-mail choice."""

from __future__ import annotations

import re

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
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.conversations import contacts, notices, oversight, records, services
from mentoring.conversations.forms import MessageForm, MessageSettingsForm
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.notify.delivery import send_committed_notifications
from mentoring.safety.concerns import concern_by_form_token, raise_concern
from mentoring.safety.forms import ConcernForm
from mentoring.safety.models import ConcernCategory

bp = Blueprint("conversations", __name__)
PARTICIPANTS = (Role.MENTEE, Role.MENTOR)
_URL = re.compile(r"https?://[^\s<>\"']+")


@bp.app_template_filter("message_text")
def message_text(body: str, clickable: bool) -> Markup:
    """A message as escaped text; web links clickable only where no minor is in the match."""
    if not clickable:
        return escape(body)
    parts, last = [], 0
    for found in _URL.finditer(body):
        url = found.group(0).rstrip(".,;:!?)")
        parts += [escape(body[last:found.start()]),
                  Markup('<a href="{0}" rel="nofollow noopener noreferrer">{0}</a>').format(url)]
        last = found.start() + len(url)
    parts.append(escape(body[last:]))
    return Markup("").join(parts)


@bp.get("/messages")
@role_required(*PARTICIPANTS)
def inbox():
    return render_template("conversations/inbox.html",
                           matches=services.conversations_of(current_user))


def _thread(match, form, status=200, support=False):
    before = request.args.get("before", type=int)
    messages = services.page(match, before_id=before)
    if messages and not before:
        services.mark_read(current_user, match, messages[-1].id, now_utc())
    older = messages[0].id if len(messages) == services.PAGE else None
    page = render_template(
        "conversations/thread.html", match=match, form=form, messages=messages, older=older,
        other=match.other_party(current_user), links_clickable=not notices.match_has_minor(match),
        held=services.waiting_held(current_user, match), openings=oversight.openings_of(match),
        support=support or request.args.get("support") == "1", describe=contacts.describe)
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
        sent = services.send_message(current_user, match, form.body.data, now_utc())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _thread(match, form, error.status_code)
    if sent.refused_kinds:  # the flags are kept; the message is not
        flash(_("This message was not sent: it contains %(what)s. In this programme, contact "
                "details are not shared with a young person under 18; please keep talking here.",
                what=contacts.describe(sent.refused_kinds)), "error")
        return _thread(match, form, 400, support=bool(sent.risks))
    db.session.commit()
    send_committed_notifications(now_utc())
    _say_what_happened(sent)
    anchor = url_for("conversations.thread", match_id=match.id, support="1" if sent.risks else None)
    return redirect(anchor + ("#support" if sent.risks else "#latest"))


def _say_what_happened(sent: services.Sent) -> None:
    if sent.held is not None:
        flash(_("Your message is held: it contains %(what)s, and in a match with someone under "
                "18 a coordinator reads such messages before they are passed on.",
                what=contacts.describe(sent.held.kinds)), "info")
    elif sent.reminder_kinds:
        flash(_("Sent. A gentle reminder: your message contains %(what)s. The programme "
                "suggests keeping your exchanges here, where you are both protected.",
                what=contacts.describe(sent.reminder_kinds)), "info")


@bp.post("/matches/<int:match_id>/messages/not-safe")
@role_required(*PARTICIPANTS)
def not_safe(match_id: int):
    match = services.conversation_for(current_user, match_id)
    raise_concern(current_user, ConcernCategory.IMMEDIATE_RISK, None, now_utc(), match=match,
                  source="not_safe")
    db.session.commit()
    send_committed_notifications(now_utc())
    return render_template("safety/unsafe.html")


@bp.route("/matches/<int:match_id>/messages/<int:message_id>/report", methods=["GET", "POST"])
@role_required(*PARTICIPANTS)
def report(match_id: int, message_id: int):
    match = services.conversation_for(current_user, match_id)
    message = records.message_for_report(current_user, match, message_id)
    form = ConcernForm()
    if not form.validate_on_submit():
        return render_template("conversations/report.html", form=form, match=match,
                               message=message, other=match.other_party(current_user)), (
            400 if form.errors else 200)
    concern = concern_by_form_token(current_user, form.form_token.data)
    if concern is None:
        concern = records.report_message(current_user, match, message,
                                         ConcernCategory(form.category.data), form.text.data,
                                         now_utc())
        concern.form_token = form.form_token.data or None
    concern_id = concern.id
    db.session.commit()
    send_committed_notifications(now_utc())
    return redirect(url_for("safety.concern_sent", concern_id=concern_id))


@bp.route("/messages/settings", methods=["GET", "POST"])
@role_required(*PARTICIPANTS)
def message_settings():
    form = MessageSettingsForm()
    if form.validate_on_submit():
        notices.set_emails_off(current_user, not form.emails_on.data, now_utc())
        db.session.commit()
        flash(_("Your message settings are saved."), "success")
        return redirect(url_for("conversations.message_settings"))
    if request.method == "GET":
        form.emails_on.data = not notices.emails_off(current_user)
    return render_template("conversations/settings.html", form=form)


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
    messages = services.newer_than(match, after) if latest > after else []
    if messages:
        services.mark_read(current_user, match, messages[-1].id, now_utc())
        response = make_response(render_template(
            "conversations/_messages.html", messages=messages, match=match,
            other=match.other_party(current_user),
            links_clickable=not notices.match_has_minor(match)))
    else:
        response = make_response("")
    unread = services.unread_count(current_user)  # other conversations: the menu's count
    db.session.commit()
    response.set_etag(etag)
    response.headers["X-Last-Message"] = str(messages[-1].id if messages else after)
    response.headers["X-Unread-Total"] = str(unread)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
