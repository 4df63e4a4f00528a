"""Notification kinds of account security, so that a person notices a change they did not make."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from mentoring.notify.kinds import Kind, register

register(Kind(
    name="two_factor_off",
    title=lambda p: _("Two-factor authentication was turned off on your account. If it was not "
                      "you, change your password now and tell the coordination team."),
    link=lambda p: url_for("security.overview"),
))
register(Kind(
    name="recovery_code_used",
    title=lambda p: _("A recovery code was used to log in to your account. If it was not you, "
                      "change your password now and tell the coordination team."),
    link=lambda p: url_for("security.overview"),
))
register(Kind(
    name="imported_welcome",
    title=lambda p: _("Your account is ready"),
    link=lambda p: url_for("accounts.forgot_password"),
    email_template="email/imported_welcome.txt",
))
