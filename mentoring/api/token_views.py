"""Coordinators' API token pages: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.api import tokens
from mentoring.api.models import Scope
from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.profiles.forms import MultiCheckboxField

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens")


class TokenForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    scopes = MultiCheckboxField(_l("Permissions"), choices=[
        (Scope.READ.value, _l("Read: participants, applications, matches, sessions, concerns "
                              "without their text")),
        (Scope.WRITE.value, _l("Write: import participants, run a round as a dry run, approve "
                               "pairs")),
        (Scope.SAFEGUARDING.value, _l("Safeguarding: the text of concerns")),
    ], validators=[DataRequired(message=_l("Choose at least one permission."))])
    days = SelectField(_l("Valid for"), coerce=int, default=90, choices=[
        (7, _l("7 days")), (30, _l("30 days")), (90, _l("90 days")), (365, _l("1 year"))])


class RevokeForm(FlaskForm):
    pass


def scope_labels() -> dict[str, str]:
    return {Scope.READ.value: _("read"), Scope.WRITE.value: _("write"),
            Scope.SAFEGUARDING.value: _("safeguarding")}


def _page(form: TokenForm, secret: str | None = None, status: int = 200):
    return render_template("api/tokens.html", form=form, secret=secret,
                           scope_labels=scope_labels(),
                           tokens=tokens.tokens_of(current_user), now=now_utc(),
                           revoke_form=RevokeForm()), status


@bp.get("")
@role_required(Role.COORDINATOR)
def list_tokens():
    return _page(TokenForm())


@bp.post("")
@role_required(Role.COORDINATOR)
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    _token, secret = tokens.create_token(current_user, form.name.data,
                                         {Scope(value) for value in form.scopes.data},
                                         form.days.data, now_utc())
    db.session.commit()
    # The secret is in this one answer and nowhere else: it is not stored, flashed or logged.
    return _page(TokenForm(formdata=None), secret=secret, status=201)


@bp.post("/<int:token_id>/revoke")
@role_required(Role.COORDINATOR)
def revoke_token(token_id: int):
    form = RevokeForm()
    if not form.validate_on_submit():
        return _page(TokenForm(formdata=None), status=400)
    tokens.revoke_token(current_user, token_id, now_utc())
    db.session.commit()
    flash(_("The token is revoked: calls with it are refused from now on."), "success")
    return redirect(url_for("api_tokens.list_tokens"))
