"""Notification kinds of conversations: never a word of any message, only that something waits."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from mentoring.conversations.notices import KIND, defer_notice
from mentoring.notify.kinds import Kind, register

register(Kind(
    name=KIND,
    title=lambda p: _("A new message is waiting for you"),
    link=lambda p: url_for("conversations.thread", match_id=p["match_id"]),
    email_template="email/message_waiting.txt",
    defer=defer_notice,
))
register(Kind(
    name="risk_flag",
    title=lambda p: _("A message may call for a check-in (prompt, not an accusation)"),
    link=lambda p: url_for("conversation_care.risk_flags"),
))
register(Kind(
    name="message_held",
    title=lambda p: _("A message with contact details is waiting for a coordinator"),
    link=lambda p: url_for("conversation_care.held_messages"),
))
register(Kind(
    name="conversation_opened",
    title=lambda p: _("A coordinator opened your conversation: see when and why"),
    link=lambda p: url_for("conversations.thread", match_id=p["match_id"]),
))
