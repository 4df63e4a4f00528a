"""Notification kinds of the safety features."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from mentoring.notify.kinds import Kind, register

register(Kind(
    name="concern_urgent",
    title=lambda p: _("URGENT: someone may be at immediate risk"),
    link=lambda p: url_for("safety.concern_detail", concern_id=p["concern_id"]),
    email_template="email/concern_urgent.txt",
))
register(Kind(
    name="concern_new",
    title=lambda p: _("A new concern has been reported"),
    link=lambda p: url_for("safety.concern_detail", concern_id=p["concern_id"]),
))
register(Kind(
    name="checkin_due",
    title=lambda p: _("How was your session? Tell us in two minutes"),
    link=lambda p: url_for("safety.checkin", occurrence_id=p["occurrence_id"]),
))
