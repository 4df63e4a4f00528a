"""Account forms: they check shape and range; services decide the rest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from mentoring.accounts.passwords import MIN_PASSWORD_LENGTH
from mentoring.accounts.pseudonyms import pseudonym_problem
from mentoring.core.fields import KeptSelect

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


def _valid_pseudonym(form, field) -> None:
    problem = pseudonym_problem((field.data or "").strip())
    if problem:
        raise ValidationError(problem)


class PlaceSelect(KeptSelect):
    """A grouped select whose first option asks the person to choose (no silent default)."""

    def render(self, field, **kwargs) -> Markup:
        rendered = super().render(field, **kwargs)
        chosen = "" if field.data else " selected"
        prompt = escape(_l("Choose the place nearest to you"))
        placeholder = Markup(f'<option value=""{chosen}>{prompt}</option>')
        head, _sep, rest = rendered.partition(">")
        return Markup(head + ">" + placeholder + rest)


def timezone_field(label=None):
    return SelectField(
        label or _l("Time zone (the place nearest to you)"), validate_choice=False,
        validators=[DataRequired(message=_l("Choose the place nearest to you."))],
        widget=PlaceSelect(),
    )


def _password_field(label):
    return PasswordField(
        label,
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        render_kw={"autocomplete": "new-password"},
    )


class PseudonymMixin:
    pseudonym = StringField(
        _l("Pseudonym (the only name other participants see)"),
        validators=[
            DataRequired(),
            _valid_pseudonym,
        ],
    )


class SignupForm(PseudonymMixin, FlaskForm):
    role = RadioField(
        _l("I would like to"),
        choices=[
            ("mentee", _l("find a mentor (mentee)")),
            ("mentor", _l("become a mentor (peer supporter)")),
        ],
        validators=[InputRequired()],
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    password = _password_field(_l("Password (at least 10 characters)"))
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    timezone = timezone_field()
    consent = BooleanField(
        _l("I have read the privacy notice and the confidentiality rules above."),
        validators=[DataRequired(message=_l("Please confirm that you have read the rules."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class ConfirmEmailForm(FlaskForm):
    password = PasswordField(
        _l("The password you chose"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )


class ResetPasswordForm(FlaskForm):
    password = _password_field(_l("New password (at least 10 characters)"))
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(ResetPasswordForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class SettingsForm(PseudonymMixin, FlaskForm):
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    timezone = timezone_field()
    country = SelectField(_l("Country for the emergency numbers shown to you"), default="")


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password, to confirm"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        _l("I understand that my account and my personal data will be erased for good."),
        validators=[DataRequired(message=_l("Please tick the box to confirm."))],
    )


def _code_field(label):
    return StringField(
        label,
        validators=[DataRequired(), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"},
    )


class SecondFactorForm(FlaskForm):
    code = _code_field(_l("6-digit code from your app, or a recovery code"))


class StartTwoFactorForm(FlaskForm):
    """Only the CSRF token: the button that makes the key to scan."""


class EnableTwoFactorForm(FlaskForm):
    code = _code_field(_l("6-digit code shown by your app"))


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    code = _code_field(_l("6-digit code from your app, or a recovery code"))


class RecoveryCodesForm(FlaskForm):
    code = _code_field(_l("6-digit code shown by your app"))


class EndSessionsForm(FlaskForm):
    """Only the CSRF token: the button is the whole form."""
