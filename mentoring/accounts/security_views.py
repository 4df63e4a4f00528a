"""Second factor at login, enrolment, recovery codes, log out everywhere, session timeouts."""

from __future__ import annotations

import io

import segno
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user
from markupsafe import Markup

from mentoring.accounts import forms, sessions, two_factor
from mentoring.accounts.access import login_required, redirect_to_next, role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.errors import DomainError
from mentoring.extensions import db, limiter
from mentoring.notify.delivery import send_committed_notifications

bp = Blueprint("security", __name__)
LOGIN_KEY = "_user_id"  # where Flask-Login keeps the logged-in user in the session

# What a coordinator without two-factor authentication may still open: enrolment and the exits.
BEFORE_ENROLMENT = {"static", "security.setup", "security.start_setup", "accounts.logout",
                    "accounts.set_language", "safety.help_page"}


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_code_limit() -> str:
    return current_app.config["TWO_FACTOR_ACCOUNT_LIMIT"]


def _code_attempt_key() -> str:
    """Count wrong codes per account, so that changing address does not give more guesses."""
    user_id = sessions.pending_user_id()
    return f"code-for-user:{user_id}" if user_id else f"code-from:{get_remote_address()}"


@bp.before_app_request
def enforce_session_rules():
    """End sessions past their idle or absolute timeout; send coordinators to enrolment."""
    if request.endpoint == "static" or request.blueprint == "api":
        return None  # the API authenticates by token only: no cookie, no session rules
    if not current_user.is_authenticated:
        if LOGIN_KEY in session:  # refused by the loader (old version, disabled): forget it
            sessions.end()
        return None
    now = now_utc()
    reason = sessions.expiry_reason(current_user, now, current_app.config)
    if reason is not None:
        sessions.end()
        flash(_("You were logged out after a while without activity. Please log in again.")
              if reason == "idle" else _("Your session has ended. Please log in again."), "error")
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("accounts.login", next=target))
    sessions.touch(now)
    if current_user.needs_two_factor_enrolment and request.endpoint not in BEFORE_ENROLMENT:
        return redirect(url_for("security.setup"))
    return None


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_code_limit, key_func=_code_attempt_key, methods=["POST"],
               deduct_when=lambda response: response.status_code == 401)
def second_factor():
    now = now_utc()
    user, target = sessions.pending_user(now, current_app.config["TWO_FACTOR_LOGIN_SECONDS"])
    if user is None:  # no password checked, or too long ago: the page says to start again
        status = 400 if request.method == "POST" else 200
        return render_template("security/second_factor.html", form=None), status
    form = forms.SecondFactorForm()
    if form.validate_on_submit():
        used = two_factor.check_second_factor(user, form.code.data, now)
        if used is not None:
            left = two_factor.unused_recovery_codes(user)
            db.session.commit()
            send_committed_notifications(now)
            sessions.begin(user, now)
            if used == "recovery":
                flash(ngettext("You used a recovery code: %(num)d left.",
                               "You used a recovery code: %(num)d left.", left), "success")
            return redirect_to_next(target)
        flash(_("This code is not valid. Check your device's clock and try again."), "error")
        return render_template("security/second_factor.html", form=form), 401
    return render_template("security/second_factor.html", form=form), 400 if form.errors else 200


@bp.get("/account/security")
@login_required
def overview():
    idle = sessions.idle_limit(current_user, current_app.config)
    return render_template(
        "security/overview.html",
        disable_form=forms.DisableTwoFactorForm(),
        codes_form=forms.RecoveryCodesForm(),
        end_form=forms.EndSessionsForm(),
        codes_left=two_factor.unused_recovery_codes(current_user),
        idle_minutes=int(idle.total_seconds() // 60),
        max_hours=current_app.config["SESSION_MAX_HOURS"],
    )


def _qr_svg(uri: str) -> Markup:
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", xmldecl=False, svgns=True, omitsize=True,
                                     svgclass="qr-code", lineclass="qr-code-modules", border=4,
                                     title=_("QR code for your authenticator app"))
    return Markup(out.getvalue().decode())  # noqa: S704  (segno's own markup, no user input)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def setup():
    user = current_user._get_current_object()
    if user.has_two_factor:
        return redirect(url_for("security.overview"))
    if user.totp_secret is None:  # no key yet: making one is the POST of the start button
        return render_template("security/setup.html", form=None), (
            400 if request.method == "POST" else 200)
    form = forms.EnableTwoFactorForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.enable_two_factor(user, form.code.data, now_utc())
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            sessions.renew_cookie(user)  # new session version: other browsers are logged out
            return render_template("security/recovery_codes.html", codes=codes, enrolled=True)
    uri = two_factor.provisioning_uri(user, current_app.config["PROGRAMME_NAME"])
    status = 400 if request.method == "POST" else 200
    return render_template("security/setup.html", form=form, uri=uri, qr=_qr_svg(uri),
                           key=two_factor.grouped(user.totp_secret)), status


@bp.post("/account/two-factor/start")
@login_required
def start_setup():
    """Make the key to scan (once: a reload of the setup page shows the same key)."""
    user = current_user._get_current_object()
    if not user.has_two_factor and forms.StartTwoFactorForm().validate_on_submit():
        two_factor.start_enrolment(user)
        db.session.commit()
    return redirect(url_for("security.setup"))


@bp.post("/account/two-factor/disable")
@role_required(Role.MENTEE, Role.MENTOR)
def disable():
    form = forms.DisableTwoFactorForm()
    if not form.validate_on_submit():
        flash(_("Please give your password and a code."), "error")
        return redirect(url_for("security.overview"))
    now = now_utc()
    try:
        two_factor.disable_two_factor(current_user, form.password.data, form.code.data, now)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("security.overview"))
    db.session.commit()
    send_committed_notifications(now)
    flash(_("Two-factor authentication is off."), "success")
    return redirect(url_for("security.overview"))


@bp.post("/account/two-factor/recovery-codes")
@login_required
def new_recovery_codes():
    form = forms.RecoveryCodesForm()
    if not form.validate_on_submit():
        flash(_("Please give a code from your app."), "error")
        return redirect(url_for("security.overview"))
    try:
        codes = two_factor.regenerate_recovery_codes(current_user, form.code.data, now_utc())
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("security.overview"))
    db.session.commit()
    return render_template("security/recovery_codes.html", codes=codes, enrolled=False)


@bp.post("/account/sessions/end")
@login_required
def log_out_everywhere():
    if not forms.EndSessionsForm().validate_on_submit():
        return redirect(url_for("security.overview"))
    two_factor.log_out_everywhere(current_user, now_utc())
    db.session.commit()
    sessions.end()
    flash(_("You are logged out on every device, this one included."), "success")
    return redirect(url_for("core.index"))
