"""Notification kinds of the pairing journey: proposals, answers, confirmations."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from mentoring.notify.kinds import Kind, register

register(Kind(
    name="proposal_received",
    title=lambda p: _("A mentee has been proposed to you"),
    link=lambda p: url_for("pairing.match_page", match_id=p["match_id"]),
))
register(Kind(
    name="proposal_reminder",
    title=lambda p: _("Reminder: a mentee is waiting for your answer"),
    link=lambda p: url_for("pairing.match_page", match_id=p["match_id"]),
))
register(Kind(
    name="mentor_accepted",
    title=lambda p: _("A mentor has accepted to support you: please confirm"),
    link=lambda p: url_for("pairing.match_page", match_id=p["match_id"]),
))
register(Kind(
    name="match_active",
    title=lambda p: _("Your match is confirmed: choose your meeting time"),
    link=lambda p: url_for("pairing.match_page", match_id=p["match_id"]),
))
register(Kind(
    name="proposal_withdrawn",
    title=lambda p: _("A proposed match will not go ahead"),
    link=lambda p: url_for("core.home"),
))
register(Kind(
    name="proposal_answered",
    title=lambda p: _("A proposal was declined or expired"),
    link=lambda p: url_for("rounds.round_page"),
))
register(Kind(
    name="match_closed",
    title=lambda p: _("A match has ended"),
    link=lambda p: url_for("core.home"),
))
