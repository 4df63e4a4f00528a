"""Notification kinds of match support: the coordinators' weekly digest."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from mentoring.notify.kinds import Kind, register

register(Kind(
    name="support_digest",
    title=lambda p: _("Match support this week: %(overdue)d overdue, %(due)d due, %(risk)d at risk",
                      overdue=p.get("overdue_count", 0), due=p.get("due_count", 0),
                      risk=p.get("at_risk", 0)),
    link=lambda p: url_for("programme.dashboard", _anchor="support"),
    email_template="email/support_digest.txt",
))
