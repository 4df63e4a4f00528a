"""Notification kinds of accounts: security changes a person should notice, and retention."""

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
    name="retention_warning",
    title=lambda p: _("Your account will be deleted in 30 days unless you log in"),
    link=lambda p: url_for("accounts.login"),
    email_template="email/retention_warning.txt",
))
register(Kind(
    name="password_guessing",
    title=lambda p: _("Many wrong passwords were tried for your account. Logins from devices you "
                      "never used are slowed down; yours are not. If it was not you, choose a "
                      "long password that you use nowhere else."),
    link=lambda p: url_for("accounts.change_password"),
))
register(Kind(
    name="signup_attempt",
    title=lambda p: _("Someone tried to create an account with your address. Nothing was created; "
                      "if it was not you, you have nothing to do."),
    send_email=False,  # the sign-up view has already e-mailed the owner
))
register(Kind(
    name="imported_welcome",
    title=lambda p: _("Your account is ready"),
    link=lambda p: url_for("accounts.forgot_password"),
    email_template="email/imported_welcome.txt",
))
