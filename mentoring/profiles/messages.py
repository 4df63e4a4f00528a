"""Notification kinds of mentor review: coordinators hear when a screening runs out."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from mentoring.notify.kinds import Kind, register

register(Kind(
    name="screening_expired",
    title=lambda p: _("A mentor's screening or training has expired"),
    link=lambda p: url_for("programme.dashboard"),
))
