"""Account pages: sign-up, login, logout, password reset and change, settings, language."""

from __future__ import annotations

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
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts import forms, guessing, services, sessions, verification
from mentoring.accounts.access import login_required, redirect_to_next
from mentoring.accounts.models import Role, user_by_email
from mentoring.accounts.zones import SINGLE_ZONE_COUNTRIES, zone_choices
from mentoring.clock import now_utc
from mentoring.errors import DomainError
from mentoring.extensions import db, limiter
from mentoring.i18n import current_locale
from mentoring.mail import send_after_response, send_email
from mentoring.safety.resources import country_from_languages, country_names

bp = Blueprint("accounts", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _signup_limit() -> str:
    return current_app.config["SIGNUP_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


def _with_timezones(form, current: str | None = None):
    form.timezone.choices = zone_choices(current_locale(), current or form.timezone.data)
    if hasattr(form, "country"):
        names = country_names(current_locale())
        form.country.choices = [("", _("From my time zone"))] + sorted(
            ((code, name) for code, name in names.items() if code != "INT"),
            key=lambda choice: choice[1]) + [("INT", names["INT"])]
        form.country.data = form.country.data or ""  # no country set: "from my time zone"
    return form


def _guessed_zone() -> str:
    """A first guess that is not blind: the browser's language region when that country has one
    zone (fr-BE → Brussels); else nothing, and the page's script or the person chooses."""
    country = country_from_languages(request.accept_languages)
    return SINGLE_ZONE_COUNTRIES.get(country or "", "")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def signup():
    form = _with_timezones(forms.SignupForm())
    if request.method == "GET":
        form.language.data = current_locale()
        form.timezone.data = _guessed_zone()
    if form.validate_on_submit():
        try:
            attempt = verification.sign_up(
                email=form.email.data, pseudonym=form.pseudonym.data,
                password=form.password.data, role=Role(form.role.data),
                locale=form.language.data, timezone=form.timezone.data, now=now_utc(),
                consent_version=current_app.config["CONSENT_POLICY_VERSION"])
        except DomainError as error:
            flash(error.message, "error")
            return render_template("accounts/signup.html", form=form), 400
        db.session.commit()
        # The same answer whether or not the address is registered: the e-mail says which.
        flash(_("Check your inbox: we have sent a message to this address. Follow its link to "
                "finish creating your account."), "success")
        return send_after_response(redirect(url_for("accounts.login")),
                                   _signup_email(attempt))
    status = 400 if form.errors else 200
    return render_template("accounts/signup.html", form=form), status


def _signup_email(attempt: verification.SignupAttempt):
    """What to send, prepared now (token, links) and sent later with plain values only."""
    user, base = attempt.user, current_app.config["BASE_URL"].rstrip("/")
    if attempt.needs_confirmation:
        return _confirmation(user)
    to, locale, name = user.email, user.locale, user.pseudonym
    links = {"login": base + url_for("accounts.login"),
             "forgot": base + url_for("accounts.forgot_password")}

    def send() -> None:
        with force_locale(locale):
            body = render_template("email/signup_attempt.txt", name=name, **links)
            send_email(to, _("Someone tried to create an account with your address"), body)

    return send


def _confirmation(user):
    token = verification.make_confirm_token(user, str(current_app.config["SECRET_KEY"]),
                                            current_app.config["SECRET_KEY_FALLBACKS"])
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("accounts.confirm_email",
                                                                token=token)
    to, locale, name = user.email, user.locale, user.pseudonym

    def send() -> None:
        with force_locale(locale):
            body = render_template("email/confirm_email.txt", name=name, link=link)
            send_email(to, _("Confirm your address to finish creating your account"), body)

    return send


@bp.route("/signup/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    try:
        user = verification.user_for_token(
            token, secret_key=str(current_app.config["SECRET_KEY"]),
            max_age=current_app.config["EMAIL_CONFIRM_MAX_AGE"],
            fallbacks=current_app.config["SECRET_KEY_FALLBACKS"])
    except DomainError as error:
        return render_template("errors/error.html", message=error.message), 400
    if user.is_email_verified:
        flash(_("Your address is already confirmed. You can log in."), "success")
        return redirect(url_for("accounts.login"))
    form = forms.ConfirmEmailForm()
    if form.validate_on_submit():
        now = now_utc()
        try:
            verification.confirm_email(user, form.password.data, now)
        except DomainError as error:
            flash(error.message, "error")
            return render_template("accounts/confirm.html", form=form), 400
        db.session.commit()
        sessions.begin(user, now)
        flash(_("Welcome! Your account is ready."), "success")
        return guessing.remember_device(redirect(url_for("core.home")),
                                        guessing.address_key(user.email))
    return render_template("accounts/confirm.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = forms.LoginForm()
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 400 if form.errors else 200
    now = now_utc()
    address = guessing.address_key(form.email.data)
    own_device = guessing.is_known_device(address)
    if not own_device and guessing.is_slowed(address):
        flash(_("Many wrong passwords were tried for this address, so new devices may try only "
                "once a minute. Wait a minute, or choose a new password by e-mail."), "error")
        return render_template("accounts/login.html", form=form), 429
    user = services.authenticate(form.email.data, form.password.data, now)
    if user is None:
        if not own_device and guessing.record_failure(address) and guessing.warn_owner(
                form.email.data, address, now):
            db.session.commit()
        flash(_("Wrong e-mail address or password."), "error")
        return render_template("accounts/login.html", form=form), 401
    db.session.commit()
    if not user.is_email_verified:  # only someone with the password gets here: a new link
        _confirmation(user)()
        flash(_("Confirm your address first: we have sent you a new link."), "error")
        return render_template("accounts/login.html", form=form), 403
    target = request.args.get("next")
    if user.has_two_factor:  # not logged in yet: the code comes first
        sessions.hold_for_second_factor(user, now, target)
        return guessing.remember_device(redirect(url_for("security.second_factor")), address)
    sessions.begin(user, now)
    return guessing.remember_device(redirect_to_next(target), address)


@bp.post("/logout")
@login_required
def logout():
    # The cookie is signed, not stored: a copy taken before now would still open the account.
    # A new session version (checked by the user loader on every request, on every instance)
    # makes every earlier cookie of this account worthless, so logging out ends all its sessions.
    current_user.session_version += 1
    db.session.commit()
    sessions.end()
    flash(_("You are logged out."), "success")
    return redirect(url_for("core.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        user = user_by_email(form.email.data)
        # The same answer, in the same time, whether or not the address is registered.
        flash(_("If this address has an account, a reset link is on its way."), "success")
        response = redirect(url_for("accounts.login"))
        if user is not None and user.is_enabled:
            return send_after_response(response, _reset_email(user))
        return response
    return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200


def _reset_email(user):
    token = services.make_reset_token(
        user, current_app.config["SECRET_KEY"], current_app.config["SECRET_KEY_FALLBACKS"]
    )
    link = current_app.config["BASE_URL"].rstrip("/") + url_for(
        "accounts.reset_password", token=token
    )
    to, locale, name = user.email, user.locale, user.pseudonym

    def send() -> None:
        with force_locale(locale):
            body = render_template("email/reset_password.txt", name=name, link=link)
            send_email(to, _("Reset your password"), body)

    return send


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = forms.ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(
                token,
                form.password.data,
                secret_key=current_app.config["SECRET_KEY"],
                max_age=current_app.config["PASSWORD_RESET_MAX_AGE"],
                fallbacks=current_app.config["SECRET_KEY_FALLBACKS"],
                now=now_utc(),
            )
        except DomainError as error:
            flash(error.message, "error")
            return render_template("accounts/reset.html", form=form), 400
        db.session.commit()
        flash(_("Your password has been changed. You can log in now."), "success")
        # The link came by e-mail: this browser is the owner's, never slowed down at login.
        return guessing.remember_device(redirect(url_for("accounts.login")),
                                        guessing.address_key(user.email))
    return render_template("accounts/reset.html", form=form), 400 if form.errors else 200


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except DomainError as error:
            flash(error.message, "error")
            return render_template("accounts/password.html", form=form), 400
        db.session.commit()
        sessions.renew_cookie(current_user._get_current_object())  # new version, this browser
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/password.html", form=form), 400 if form.errors else 200


@bp.route("/account/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = _with_timezones(forms.SettingsForm(obj=current_user), current_user.timezone)
    if request.method == "GET":
        form.language.data = current_user.locale
        form.country.data = current_user.country or ""
    if form.validate_on_submit():
        try:
            services.update_settings(
                current_user,
                pseudonym=form.pseudonym.data,
                locale=form.language.data,
                timezone=form.timezone.data,
                country=form.country.data or None,
            )
        except DomainError as error:
            flash(error.message, "error")
            return render_template("accounts/settings.html", form=form), 400
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form), 400 if form.errors else 200


@bp.post("/language")
def set_language():
    form = forms.LanguageForm()
    if not form.validate_on_submit():
        return render_template("errors/error.html", message=_("Unknown language.")), 400
    session["language"] = form.language.data
    if current_user.is_authenticated:
        current_user.locale = form.language.data
        db.session.commit()
    target = request.form.get("next")
    return redirect_to_next(target, "core.index")
